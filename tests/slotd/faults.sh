#!/bin/sh
# hcwed-slotd failures: each kind at about its configured rate under
# --faults course, the same seed gives the same run, delays reorder
# requests, a reservation whose reply was lost is really held, and a
# store that cannot be read answers 500.
. "$top_srcdir/tests/slotd/slotd_lib.sh"

# codes NAME KEY N: N requests, one connection each (curl retries a
# request on a reused connection that closes without a reply).
codes() {
	curl -s -o /dev/null -w '%{http_code}\n' -H 'Connection: close' \
	    -H "Authorization: Bearer $2" \
	    "http://$ADDR/hotel/api/reservation?n=[1-$3]" >"$tmp/$1.codes" || true
}

count() {
	grep -c "^$1\$" "$tmp/$2.codes" || true
}

# within NAME OBSERVED EXPECTED: about the expected count (3 sigma, at
# least 4 either way).
within() {
	awk -v o="$2" -v e="$3" 'BEGIN {
		t = 3 * sqrt(e); if (t < 4) t = 4
		exit !(o >= e - t && o <= e + t)
	}' || fail "$1: $2 of 400, expected about $3"
}

# The course rates, without delays and outages so the run stays short.
fast="--faults course --rate-limit off --delay 0 --reorder 0 --outage-rate 0"
start_slotd course $fast --seed 11
keys erin "$tmp/course.db"
codes course "$HOTEL" 400
stop_slotd "$PID"
# 503 at 0.05; drop 0.05 of the rest; fake 500 0.03 of what is left;
# then a lost reply at 0.05.
within unavailable "$(count 503 course)" 20
within dropped "$(count 404 course)" 19
within fake-500 "$(count 500 course)" 10.8
within reply-lost "$(count 000 course)" 17.1
[ "$(wc -l <"$tmp/course.codes")" -eq 400 ] || fail "not 400 answers"
# The journal saw the same failures as the client.
"$SLOTD" journal --db "$tmp/course.db" >"$tmp/course.journal"
[ "$(awk '$8 == "unavailable"' "$tmp/course.journal" | wc -l)" -eq \
    "$(count 503 course)" ] || fail "journal and 503s differ"
[ "$(awk '$8 == "reply-lost"' "$tmp/course.journal" | wc -l)" -eq \
    "$(count 000 course)" ] || fail "journal and lost replies differ"
[ "$(wc -l <"$tmp/course.journal")" -eq 400 ] || fail "journal is not 400 lines"

# Same seed, same decisions; another seed, other decisions.
start_slotd again $fast --seed 11
keys erin "$tmp/again.db"
codes again "$HOTEL" 400
stop_slotd "$PID"
cmp -s "$tmp/course.codes" "$tmp/again.codes" || fail "seed 11 did not repeat"
start_slotd other $fast --seed 12
keys erin "$tmp/other.db"
codes other "$HOTEL" 400
stop_slotd "$PID"
cmp -s "$tmp/course.codes" "$tmp/other.codes" && fail "seed 12 repeated seed 11"

# Outages: once one starts, every request of the next 2 s is 503 (the
# 100 requests take far less).
start_slotd outage --rate-limit off --outage-rate 0.05 --outage-length 2s --seed 3
keys erin "$tmp/outage.db"
codes outage "$HOTEL" 100
awk 'seen && $1 != 503 { bad = 1 } $1 == 503 { seen = 1 }
    END { exit bad || !seen }' "$tmp/outage.codes" ||
    fail "an outage let requests through: $(tr '\n' ' ' <"$tmp/outage.codes")"

# Delays: a delayed request takes its delay, and is journalled with it.
stop_slotd "$PID"
start_slotd delay --rate-limit off --delay 1 --delay-max 400ms --seed 5
keys erin "$tmp/delay.db"
start=$(date +%s%N)
codes delay "$HOTEL" 10
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(count 200 delay)" -eq 10 ] || fail "delayed requests failed"
stop_slotd "$PID"
total=$("$SLOTD" journal --db "$tmp/delay.db" |
    awk '{ if ($9 > 400) bad = 1; t += $9 } END { print bad ? -1 : t }')
[ "$total" -gt 0 ] || fail "no delays journalled ($total)"
[ "$ms" -ge "$total" ] || fail "10 requests took $ms ms, delays sum to $total"

# Reordering: requests take effect in another order than they arrived.
# The journal has when each took effect and its delay, hence when it
# arrived: the check uses those times, not the order the requests were
# started in (the seed's delays differ by far more than the pacing).
start_slotd reorder --rate-limit off --max-holds 10 --reorder 1 \
    --reorder-max 1500ms --seed 9
keys erin "$tmp/reorder.db"
curls=""
for slot in 1 2 3 4 5 6 7 8; do
	curl -s -o /dev/null -X POST -H "Authorization: Bearer $HOTEL" \
	    "http://$ADDR/hotel/api/reservation/$slot" &
	curls="$curls $!"
	sleep 0.03
done
pids="$pids $curls"
wait_for=0
until [ "$("$SLOTD" journal --db "$tmp/reorder.db" | wc -l)" -eq 8 ]; do
	wait_for=$((wait_for + 1))
	[ $wait_for -le 50 ] || fail "reordered requests were not applied"
	sleep 0.1
done
for p in $curls; do
	wait "$p" || fail "a reordered request failed"
done
"$SLOTD" journal --db "$tmp/reorder.db" >"$tmp/reorder.journal"
awk '$9 <= 0 || $9 > 1500 { bad = 1 } END { exit bad }' \
    "$tmp/reorder.journal" ||
    fail "delays outside 1..1500 ms: $(cat "$tmp/reorder.journal")"
# Journal order is the order of effect; time minus delay is the arrival
# (a timer that fires a few ms late makes it look later, hence the margin).
awk '{ arr[NR] = $2 - $9 }
    END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
	if (arr[i] - arr[j] > 10) found = 1; exit !found }' \
    "$tmp/reorder.journal" ||
    fail "nothing was reordered: $(cat "$tmp/reorder.journal")"
expect "$HOTEL" GET "http://$ADDR/hotel/api/reservation" 200 \
    '[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4"},{"id":"5"},{"id":"6"},{"id":"7"},{"id":"8"}]'
stop_slotd "$PID"

# A lost reply: the connection closes without an answer, yet the
# reservation was made and committed.
start_slotd lost --rate-limit off --reply-lost 0.5 --max-holds 50 --seed 4
keys erin "$tmp/lost.db"
slot=0
lost=""
while [ -z "$lost" ]; do
	slot=$((slot + 1))
	[ $slot -le 40 ] || fail "no reply was lost"
	if ! curl -s -o /dev/null -X POST -H 'Connection: close' \
	    -H "Authorization: Bearer $HOTEL" \
	    "http://$ADDR/hotel/api/reservation/$slot"; then
		lost=$slot
	fi
done
i=0
until req "$HOTEL" GET "http://$ADDR/hotel/api/reservation" -H 'Connection: close' &&
    [ "$CODE" = 200 ]; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "GET /reservation never answered"
done
echo "$BODY" | grep -qF "{\"id\":\"$lost\"}" ||
    fail "lost reservation $lost not held: $BODY"
kill -9 "$PID"
start_slotd lost --rate-limit off
req "$HOTEL" GET "http://$ADDR/hotel/api/reservation/available"
[ "$CODE" = 200 ] || fail "available after restart: $CODE"
echo "$BODY" | grep -qF "{\"id\":\"$lost\"}" && fail "lost reservation $lost not durable"
stop_slotd "$PID"

# A store that cannot be read (its key table renamed away under the
# server) is a 500 and a line in the log, never "the token is invalid".
if command -v sqlite3 >/dev/null 2>&1; then
	start_slotd broken --rate-limit off
	keys frank "$tmp/broken.db"
	"$SLOTD" token add boss --admin --db "$tmp/broken.db" \
	    >"$tmp/boss.keys" || fail "token add boss"
	admin=$(awk '$1 == "admin" { print $2 }' "$tmp/boss.keys")
	sqlite3 -cmd '.timeout 5000' "$tmp/broken.db" \
	    'ALTER TABLE slot_keys RENAME TO gone_keys' || fail "sqlite3"
	expect "$HOTEL" GET "http://$ADDR/hotel/api/reservation" 500 \
	    '{"code":500,"message":"internal server error"}'
	expect "$admin" GET "http://$ADDR/admin/stats" 500 \
	    '{"code":500,"message":"finding a key: no such table: slot_keys"}'
	grep -q 'level=error.*finding a key: no such table: slot_keys' \
	    "$tmp/broken.log" || fail "the store error was not logged"
	sqlite3 -cmd '.timeout 5000' "$tmp/broken.db" \
	    'ALTER TABLE gone_keys RENAME TO slot_keys' || fail "sqlite3"
	expect "$HOTEL" GET "http://$ADDR/hotel/api/reservation" 200 '[]'
	stop_slotd "$PID"
else
	echo "note: sqlite3 is not installed, store read errors not tested"
fi
echo PASS
