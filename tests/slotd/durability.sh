#!/bin/sh
# hcwed-slotd durability: every reservation and cancellation answered 200
# survives kill -9, including those committed together in one group.
. "$top_srcdir/tests/slotd/slotd_lib.sh"

start_slotd dur --rate-limit off --max-holds 20
H=http://$ADDR/hotel/api
for u in 1 2 3 4 5 6 7 8; do
	keys "user$u" "$tmp/dur.db"
	echo "$HOTEL" >"$tmp/key$u"
done

# Eight clients at once, so that changes share commits.
clients=""
for u in 1 2 3 4 5 6 7 8; do
	(
		k=$(cat "$tmp/key$u")
		for i in 1 2 3 4 5 6 7 8 9 10; do
			slot=$(( (u - 1) * 10 + i ))
			c=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
			    -H "Authorization: Bearer $k" "$H/reservation/$slot")
			[ "$c" = 200 ] && echo "$slot" >>"$tmp/held$u"
		done
		# Cancel the odd ones again.
		for i in 1 3 5 7 9; do
			slot=$(( (u - 1) * 10 + i ))
			c=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE \
			    -H "Authorization: Bearer $k" "$H/reservation/$slot")
			[ "$c" = 200 ] && echo "$slot" >>"$tmp/cancelled$u"
		done
	) &
	clients="$clients $!"
done
for c in $clients; do
	wait "$c"
done
kill -9 "$PID"
wait "$PID" 2>/dev/null || true

start_slotd dur --rate-limit off --max-holds 20
H=http://$ADDR/hotel/api
for u in 1 2 3 4 5 6 7 8; do
	[ "$(wc -l <"$tmp/held$u")" -eq 10 ] || fail "user$u: not every reserve acknowledged"
	[ "$(wc -l <"$tmp/cancelled$u")" -eq 5 ] || fail "user$u: not every cancel acknowledged"
	want=$(sort -n "$tmp/held$u" | grep -vxF -f "$tmp/cancelled$u" |
	    awk '{ printf "%s{\"id\":\"%s\"}", (NR > 1 ? "," : ""), $1 }')
	expect "$(cat "$tmp/key$u")" GET "$H/reservation" 200 "[$want]"
done
stop_slotd "$PID"

# The journal of the first run survived as well (every request).
n=$("$SLOTD" journal --db "$tmp/dur.db" | awk '$7 == 200' | wc -l)
[ "$n" -ge 120 ] || fail "journal lost acknowledged requests: $n"
echo PASS
