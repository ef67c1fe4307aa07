#!/bin/sh
# hcwed-slotd --bots: simulated classmates take early slots at both
# services, keep to the hold limit and never break the rate rule.
. "$top_srcdir/tests/slotd/slotd_lib.sh"

start_slotd bots --bots 6 --seed 21
"$SLOTD" token add staff --admin --db "$tmp/bots.db" >"$tmp/staff.keys"
admin=$(awk '{ print $2 }' "$tmp/staff.keys")
i=0
while :; do
	req "$admin" GET "http://$ADDR/admin/stats"
	pairs=$(echo "$BODY" | grep -o '"bot-[0-9]*":2' | wc -l)
	[ "$pairs" -ge 6 ] && break
	i=$((i + 1))
	[ $i -le 80 ] || fail "bots did not take slots: $BODY"
	sleep 0.1
done
stop_slotd "$PID"

"$SLOTD" journal --db "$tmp/bots.db" >"$tmp/journal"
grep -q ' bot-1 hotel POST ' "$tmp/journal" || fail "no bot reservations"
grep -q ' 451 ' "$tmp/journal" && fail "a bot went over the hold limit"
# Per key, requests at least a second apart.
sort -k3,3 -k4,4 -k2,2n "$tmp/journal" | awk '
	$3 == k && $4 == s && $2 - t < 1000 { print; bad = 1 }
	{ k = $3; s = $4; t = $2 }
	END { exit bad }' || fail "a bot broke the rate rule"
# Bots want early slots.
awk '$7 == 200 && $5 == "POST" && $6 > 30 { bad = 1 } END { exit bad }' \
    "$tmp/journal" || fail "bots reserved late slots"
echo PASS
