-- wrk script: GET /hotel/api/reservation/available with the key in
-- SLOTD_KEY (set by bench/slotd-bench.sh).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SLOTD_KEY")
