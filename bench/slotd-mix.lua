-- wrk script: reserve and cancel random hotel slots (half each) with the
-- keys in SLOTD_KEYS, so that many requests change something and share
-- group commits.
local keys = {}
for k in string.gmatch(os.getenv("SLOTD_KEYS"), "%S+") do
	keys[#keys + 1] = "Bearer " .. k
end

function init(args)
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
	local method = math.random() < 0.5 and "POST" or "DELETE"
	local path = "/hotel/api/reservation/" .. math.random(1, 500)
	return wrk.format(method, path,
	    { ["Authorization"] = keys[math.random(#keys)] })
end
