#!/bin/sh
# hcwed-slotd: every row of the API table, every status code with its
# body, the hold limit, the rate rule and each bad input.
. "$top_srcdir/tests/slotd/slotd_lib.sh"

db=$tmp/api.db
keys alice "$db"
aH=$HOTEL aB=$BAND
keys bob "$db"
bH=$HOTEL
"$SLOTD" token add root --admin --db "$db" >"$tmp/root.keys"
[ "$(stat -c %a "$db")" = 600 ] || fail "database mode $(stat -c %a "$db")"
admin=$(awk '$1 == "admin" { print $2 }' "$tmp/root.keys")
[ "$(wc -l <"$tmp/alice.keys")" -eq 2 ] || fail "token add prints two lines"
echo "$aH" | grep -Eq '^[0-9a-f]{64}$' || fail "key is not 64 hex: $aH"
grep -q "$aH" "$db" && fail "the database holds a raw key"

start_slotd api --rate-limit off --slots 500 --timeout 1s
H=http://$ADDR/hotel/api
D=http://$ADDR/band/api

# The four operations, both services.
expect "$aH" POST "$H/reservation/56" 200 '{"id":"56"}'
expect "$aH" POST "$H/reservation/22" 200 '{"id":"22"}'
expect "$aH" GET "$H/reservation" 200 '[{"id":"22"},{"id":"56"}]'
expect "$aH" POST "$H/reservation/9" 451 \
    '{"code":451,"message":"you already hold the maximum number of reservations"}'
expect "$bH" POST "$H/reservation/56" 409 \
    '{"code":409,"message":"slot is not available"}'
expect "$aH" POST "$H/reservation/56" 409 \
    '{"code":409,"message":"slot is not available"}'
expect "$bH" DELETE "$H/reservation/56" 409 \
    '{"code":409,"message":"slot 56 is not reserved by you"}'
expect "$aH" DELETE "$H/reservation/56" 200 \
    '{"message":"reservation 56 cancelled"}'
expect "$aH" DELETE "$H/reservation/56" 409 \
    '{"code":409,"message":"slot 56 is not reserved by you"}'
expect "$aH" GET "$H/reservation" 200 '[{"id":"22"}]'
expect "$aB" GET "$D/reservation" 200 '[]'
expect "$aB" POST "$D/reservation/100" 200 '{"id":"100"}'
expect "$aB" POST "$D/reservation/9" 200 '{"id":"9"}'
expect "$aB" GET "$D/reservation" 200 '[{"id":"9"},{"id":"100"}]'
req "$aH" GET "$H/reservation/available"
[ "$CODE" = 200 ] || fail "available: $CODE"
case $BODY in
'[{"id":"1"},{"id":"2"},'*'{"id":"21"},{"id":"23"},'*'{"id":"500"}]') ;;
*) fail "available list: $BODY" ;;
esac
[ "$(echo "$BODY" | grep -o '"id"' | wc -l)" -eq 499 ] ||
    fail "499 hotel slots should be free"

# Keys: missing, malformed, unknown, the other service's, revoked.
expect "" GET "$H/reservation" 401 \
    '{"code":401,"message":"missing Authorization header"}'
for bad in "Basic $aH" "Bearer" "Bearer " "$aH" "Bearer $aH extra"; do
	CODE=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Authorization: $bad" \
	    "$H/reservation")
	[ "$CODE" = 401 ] && [ "$(cat "$tmp/b")" = \
	    '{"code":401,"message":"malformed Authorization header, expected \"Bearer KEY\""}' ] ||
	    fail "Authorization \"$bad\": $CODE $(cat "$tmp/b")"
done
expect "bearer-is-case-insensitive-but-this-key-is-wrong" GET "$H/reservation" \
    401 '{"code":401,"message":"the API token is invalid"}'
expect "$aB" GET "$H/reservation" 401 \
    '{"code":401,"message":"the API token is invalid"}'
expect "$admin" POST "$H/reservation/3" 401 \
    '{"code":401,"message":"the API token is invalid"}'
CODE=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: bEaReR $aH" \
    "$H/reservation")
[ "$CODE" = 200 ] || fail "scheme and header name are case-insensitive: $CODE"

# Slot ids: missing, not a number, zero, negative, huge, beyond --slots.
expect "$bH" POST "$H/reservation" 400 '{"code":400,"message":"missing slot id"}'
expect "$bH" DELETE "$H/reservation/" 400 '{"code":400,"message":"missing slot id"}'
expect "$bH" POST "$H/reservation/abc" 400 \
    '{"code":400,"message":"slot id \"abc\" is not a number"}'
expect "$bH" POST "$H/reservation/12abc" 400 \
    '{"code":400,"message":"slot id \"12abc\" is not a number"}'
expect "$bH" POST "$H/reservation/1.5" 400 \
    '{"code":400,"message":"slot id \"1.5\" is not a number"}'
expect "$bH" POST "$H/reservation/0" 403 '{"code":403,"message":"slot 0 does not exist"}'
expect "$bH" POST "$H/reservation/-5" 403 '{"code":403,"message":"slot -5 does not exist"}'
expect "$bH" DELETE "$H/reservation/501" 403 \
    '{"code":403,"message":"slot 501 does not exist"}'
expect "$bH" POST "$H/reservation/99999999999999999999999" 403 \
    '{"code":403,"message":"slot 99999999999999999999999 does not exist"}'
# A number is a number: leading zeros, however many, name the same slot.
z40=0000000000000000000000000000000000000000
expect "$bH" POST "$H/reservation/${z40}7" 200 '{"id":"7"}'
expect "$bH" GET "$H/reservation" 200 '[{"id":"7"}]'
expect "$bH" DELETE "$H/reservation/0007" 200 \
    '{"message":"reservation 7 cancelled"}'
# The reply names at most 32 characters of what was sent.
expect "$bH" POST "$H/reservation/$z40" 403 \
    "{\"code\":403,\"message\":\"slot ${z40%????????}... does not exist\"}"
expect "$bH" POST "$H/reservation/${z40}501" 403 \
    "{\"code\":403,\"message\":\"slot ${z40%????????}... does not exist\"}"
expect "$bH" POST "$H/reservation/${z40}7x" 400 \
    "{\"code\":400,\"message\":\"slot id \\\"${z40%????????}...\\\" is not a number\"}"
"$SLOTD" journal --db "$db" | grep -q " POST 7 200 " ||
    fail "the journal keeps the slot as a number"
"$SLOTD" journal --db "$db" | grep -q "$z40" &&
    fail "the journal keeps a client's text at any length"
expect "$bH" GET "$H/reservation" 200 '[]'

# Paths and methods.
expect "$bH" GET "http://$ADDR/hotel/api/rooms" 404 \
    '{"code":404,"message":"no such endpoint: /hotel/api/rooms"}'
expect "$bH" GET "http://$ADDR/" 404 '{"code":404,"message":"no such endpoint: /"}'
expect "$bH" GET "http://$ADDR/spa/api/reservation" 404 \
    '{"code":404,"message":"no such endpoint: /spa/api/reservation"}'
expect "$bH" GET "$H/reservation/5/x" 404 \
    '{"code":404,"message":"no such endpoint: /hotel/api/reservation/5/x"}'
expect "$bH" PUT "$H/reservation/5" 405 '{"code":405,"message":"method not allowed"}'
expect "$bH" GET "$H/reservation/5" 405 '{"code":405,"message":"method not allowed"}'
expect "$bH" POST "$H/reservation/available" 405 \
    '{"code":405,"message":"method not allowed"}'
curl -s -D "$tmp/h" -o /dev/null -X PATCH "$H/reservation/available"
grep -qi '^Allow: GET' "$tmp/h" || fail "405 without Allow"

# Oversized headers and bodies get their code and JSON; beyond the hard
# limits evhttp refuses them itself.
big=$(head -c 9000 /dev/zero | tr '\0' a)
expect "$bH" GET "$H/reservation" 431 \
    '{"code":431,"message":"request headers larger than 8192 bytes"}' \
    -H "X-Big: $big"
head -c 5000 /dev/zero | tr '\0' a >"$tmp/5k"
expect "$bH" POST "$H/reservation/7" 413 \
    '{"code":413,"message":"request body larger than 4096 bytes"}' \
    --data-binary "@$tmp/5k"
head -c 70000 /dev/zero | tr '\0' a >"$tmp/70k"
req "$bH" POST "$H/reservation/7" --data-binary "@$tmp/70k"
[ "$CODE" = 413 ] || fail "a 70 KB body: $CODE"
req "$bH" GET "$H/reservation" -H "X-Big: $(cat "$tmp/70k")"
[ "$CODE" = 400 ] || fail "70 KB of headers: $CODE"
expect "$bH" GET "$H/reservation" 200 '[]'

# A client that stops in the middle of a request, or idles, is cut off
# after --timeout (1 s here), not after the 5 s read deadline.
port=${ADDR##*:}
ms=$(bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$port"'
printf "POST /hotel/api/reservation/5 HTTP/1.1\r\nHost: x\r\n" >&3
s=$(date +%s%N); read -t 5 line <&3; rc=$?
[ $rc -gt 128 ] && { echo timeout; exit; }
echo $(( ($(date +%s%N) - s) / 1000000 ))')
[ "$ms" != timeout ] && [ "$ms" -ge 800 ] && [ "$ms" -le 3000 ] ||
    fail "stalled client: $ms"
kill -0 "$PID" || fail "hcwed-slotd died"

# Keep-alive: several requests over one connection.
n=$(curl -s -H "Authorization: Bearer $bH" -w '%{num_connects}\n' \
    -o /dev/null -o /dev/null -o /dev/null \
    "$H/reservation" "$H/reservation" "$H/reservation" |
    awk '{ n += $1 } END { print n }')
[ "$n" = 1 ] || fail "keep-alive: $n connections for 3 requests"

# Admin API.
expect "$aH" GET "http://$ADDR/admin/stats" 401 \
    '{"code":401,"message":"an admin key is required"}'
expect "$admin" GET "http://$ADDR/admin/nothing" 404 \
    '{"code":404,"message":"no such endpoint: /admin/nothing"}'
expect "$admin" POST "http://$ADDR/admin/stats" 405 \
    '{"code":405,"message":"method not allowed"}'
expect "$admin" POST "http://$ADDR/admin/block" 200 \
    '{"message":"blocked 11 slots of hotel"}' \
    --data '{"service":"hotel","slots":"10-20"}'
expect "$bH" POST "$H/reservation/15" 409 '{"code":409,"message":"slot is not available"}'
req "$bH" GET "$H/reservation/available"
echo "$BODY" | grep -q '"id":"15"' && fail "blocked slot 15 listed"
echo "$BODY" | grep -qF '{"id":"9"},{"id":"21"}' || fail "blocked range listed"
expect "$admin" POST "http://$ADDR/admin/release" 200 \
    '{"message":"released 11 slots of hotel"}' \
    --data '{"service":"hotel","slots":"10-20"}'
expect "$bH" POST "$H/reservation/15" 200 '{"id":"15"}'
expect "$admin" POST "http://$ADDR/admin/block" 400 \
    '{"code":400,"message":"expected a body {\"service\":\"hotel|band|both\",\"slots\":\"FROM-TO\"}"}' \
    --data 'not json'
expect "$admin" POST "http://$ADDR/admin/block" 400 \
    '{"code":400,"message":"unknown service \"spa\""}' \
    --data '{"service":"spa","slots":"1"}'
expect "$admin" POST "http://$ADDR/admin/block" 400 \
    '{"code":400,"message":"slots \"9-600\" are outside 1..500 or reversed"}' \
    --data '{"service":"both","slots":"9-600"}'
req "$admin" GET "http://$ADDR/admin/stats"
[ "$CODE" = 200 ] || fail "stats: $CODE"
for part in '"requests_by_key":{"alice":' '"bob":' '"holds_by_key":{"hotel":{"alice":1,"bob":1},"band":{"alice":2}}' \
    '"slots_free":{"hotel":498,"band":498}' '"rate_violations_by_key":{}' '"429"' ; do
	case $part in
	'"429"') echo "$BODY" | grep -q "$part" && fail "429 without rate rule" ;;
	*) echo "$BODY" | grep -qF "$part" || fail "stats lack $part: $BODY" ;;
	esac
done
req "$admin" GET "http://$ADDR/admin/journal?since=0&limit=2"
echo "$BODY" | grep -q '^{"next":2,"entries":\[{"id":1,"time":[0-9]*,"key":"alice","service":"hotel","method":"POST","slot":"56","code":200,"fault":"none","delay_ms":0,"rate_violation":false},{"id":2,' ||
    fail "journal: $BODY"
expect "$admin" GET "http://$ADDR/admin/journal?since=x" 400 \
    '{"code":400,"message":"since must be a journal id and limit a number up to 1000"}'

# Staff commands against the running service.
"$SLOTD" block 30-31 --service band --db "$db" || fail "block command"
i=0
until req "$aB" GET "$D/reservation/available" &&
    echo "$BODY" | grep -qF '{"id":"29"},{"id":"32"}'; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "a block from the command line was not seen"
	sleep 0.1
done
"$SLOTD" release 30-31 --service band --db "$db" || fail "release command"
"$SLOTD" block 0-3 --db "$db" 2>/dev/null && fail "block 0-3 accepted"
"$SLOTD" block 1 --service spa --db "$db" 2>/dev/null && fail "unknown service accepted"
"$SLOTD" token list --db "$db" >"$tmp/list"
grep -q '^alice hotel active ' "$tmp/list" || fail "token list: $(cat "$tmp/list")"
"$SLOTD" token add alice --db "$db" 2>"$tmp/err" && fail "second token add"
grep -q 'alice already has an active hotel key' "$tmp/err" || fail "$(cat "$tmp/err")"
# A name cannot forge a line of token list or the journal.
rc=0
"$SLOTD" token add "$(printf 'evil\nboss admin active')" --db "$db" \
    2>"$tmp/name.err" >/dev/null || rc=$?
[ $rc -eq 2 ] && grep -q 'printable ASCII without spaces' "$tmp/name.err" ||
    fail "a name with a newline: exit $rc, $(cat "$tmp/name.err")"
rc=0
"$SLOTD" token add "bad name" --db "$tmp/fresh.db" 2>/dev/null >/dev/null ||
    rc=$?
[ $rc -eq 2 ] || fail "a name with a space: exit $rc"
[ -e "$tmp/fresh.db" ] && fail "a refused name made a database"
# Two staff issuing keys into a new file at the same moment both succeed
# (the switch to WAL would otherwise answer "database is locked").
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$SLOTD" token add a --db "$tmp/race$i.db" >/dev/null 2>>"$tmp/race.err" &
	pa=$!
	"$SLOTD" token add b --db "$tmp/race$i.db" >/dev/null 2>>"$tmp/race.err" &
	wait "$pa" $!
	[ "$("$SLOTD" token list --db "$tmp/race$i.db" | wc -l)" -eq 4 ] ||
	    fail "parallel token add lost a key: $(head -1 "$tmp/race.err")"
done
[ ! -s "$tmp/race.err" ] || fail "parallel token add: $(head -1 "$tmp/race.err")"
"$SLOTD" token revoke bob --db "$db" || fail "revoke"
i=0
until req "$bH" GET "$H/reservation" && [ "$CODE" = 401 ]; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "a revoked key still works"
	sleep 0.1
done
"$SLOTD" token revoke nobody --db "$db" 2>/dev/null && fail "revoking nobody"
"$SLOTD" token --db "$db" 2>/dev/null && fail "token without a verb"
"$SLOTD" journal --db "$db" --since 1 | head -n 1 |
    grep -q '^2 [0-9]* alice hotel POST 22 200 none 0$' || fail "journal command"
"$SLOTD" journal --db "$db" --json | grep -q '^{"next":' || fail "journal --json"
"$SLOTD" --slots 0 2>/dev/null && fail "--slots 0 accepted"
"$SLOTD" --faults mild 2>/dev/null && fail "--faults mild accepted"
"$SLOTD" --drop 2 2>/dev/null && fail "--drop 2 accepted"
"$SLOTD" --nonsense 1 2>/dev/null && fail "--nonsense accepted"
"$SLOTD" --version | grep -q '^hcwed-slotd ' || fail "--version"
stop_slotd "$PID"

# The rate rule, enforced: a second request within a second is 429.
start_slotd rate --rate-limit enforce
H=http://$ADDR/hotel/api
keys carol "$tmp/rate.db"
expect "$HOTEL" GET "$H/reservation" 200 '[]'
curl -s -D "$tmp/h" -o "$tmp/b" -H "Authorization: Bearer $HOTEL" "$H/reservation"
head -n 1 "$tmp/h" | grep -q ' 429 ' || fail "no 429: $(head -n 1 "$tmp/h")"
grep -qi '^Retry-After: 1' "$tmp/h" || fail "429 without Retry-After"
[ "$(cat "$tmp/b")" = '{"code":429,"message":"more than one request per second"}' ] ||
    fail "429 body $(cat "$tmp/b")"
# The band key has its own clock.
expect "$BAND" GET "http://$ADDR/band/api/reservation" 200 '[]'
sleep 1.1
expect "$HOTEL" POST "$H/reservation/3" 200 '{"id":"3"}'
stop_slotd "$PID"

# A configuration file, with the command line winning over it.
cat >"$tmp/slotd.conf" <<'CONF'
# a small class
slots = 20
rate-limit = "off"
max-holds = 1
faults = course
drop = 0
CONF
start_slotd conf --config "$tmp/slotd.conf" --max-holds 3 --faults none
keys erin "$tmp/conf.db"
req "$HOTEL" GET "http://$ADDR/hotel/api/reservation/available"
[ "$(echo "$BODY" | grep -o '"id"' | wc -l)" -eq 20 ] || fail "--config slots: $BODY"
for s in 1 2 3; do
	expect "$HOTEL" POST "http://$ADDR/hotel/api/reservation/$s" 200 "{\"id\":\"$s\"}"
done
expect "$HOTEL" POST "http://$ADDR/hotel/api/reservation/21" 403 \
    '{"code":403,"message":"slot 21 does not exist"}'
stop_slotd "$PID"
echo "bogus = 1" >"$tmp/bad.conf"
"$SLOTD" --config "$tmp/bad.conf" 2>"$tmp/err" && fail "bad config accepted"
grep -q 'bad.conf:1: bogus: unknown option "bogus"' "$tmp/err" || fail "$(cat "$tmp/err")"
"$SLOTD" --config "$tmp/none.conf" 2>/dev/null && fail "missing config accepted"
"$SLOTD" --help | grep -q '^usage: hcwed-slotd' || fail "--help"
# Every program answers COMMAND --help on stdout with exit 0.
"$SLOTD" token --help | grep -q '^usage: hcwed-slotd token' ||
    fail "token --help"
rc=0
"$SLOTD" token list 2>/dev/null || rc=$?
[ $rc -eq 2 ] || fail "token list without --db: exit $rc"
rc=0
"$SLOTD" journal --db "$tmp/conf.db" --since x 2>/dev/null || rc=$?
[ $rc -eq 2 ] || fail "journal --since x: exit $rc"

# --service hotel serves only the hotel.
start_slotd one --service hotel --rate-limit off
keys dave "$tmp/one.db"
expect "$BAND" GET "http://$ADDR/band/api/reservation" 404 \
    '{"code":404,"message":"no such endpoint: /band/api/reservation"}'
expect "$HOTEL" GET "http://$ADDR/hotel/api/reservation" 200 '[]'
stop_slotd "$PID"
echo "PASS"
