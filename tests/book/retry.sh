#!/bin/sh
# hcwed book's retries against a real service: with its rate limit set
# above the service's rule it meets 429s, waits at least the Retry-After
# the service asks for, and still ends holding the pair; with 503s and
# fake 500s on every other request it retries them and gets there too;
# with every reply lost, no request is resent behind its back.
. "$top_srcdir/tests/book/book_lib.sh"

mkdir -p "$tmp/config/hcwed"
printf 'book_rate = 10\nbook_attempts = 6\n' >"$tmp/config/hcwed/config"
book_service fast --faults none --rate-limit enforce
book_run "$tmp/fast.out"
[ "$RC" = 0 ] || fail "rate 10: exit $RC: $(cat "$tmp/fast.out.err")"
grep -q ' 429: ' "$tmp/fast.out" || fail "no 429 met: $(cat "$tmp/fast.out")"
# Each retry after a 429 leaves at least a second later (Retry-After: 1).
awk '/ 429: / { t = $1 + 0; path = $4; next }
    t && $4 == path && / attempt [2-9]\)/ {
	if ($1 - t < 0.95) { print "retry after " $1 - t " s"; bad = 1 }
	t = 0 }
    END { exit bad }' "$tmp/fast.out" ||
    fail "Retry-After not honoured: $(cat "$tmp/fast.out")"
tail -n 1 "$tmp/fast.out" | grep -q '^holding slot 1 at the hotel and the band' ||
    fail "rate 10: $(tail -n 1 "$tmp/fast.out")"
stop_slotd "$PID"

rm "$tmp/config/hcwed/config"
book_service flaky --faults none --unavailable 0.3 --fake-500 0.2 --seed 7
book_run "$tmp/flaky.out" --until-earliest
[ "$RC" = 0 ] || fail "flaky: exit $RC: $(cat "$tmp/flaky.out.err")"
grep -Eq ' (503|500): ' "$tmp/flaky.out" || fail "no 503 or 500 met"
book_check 0
[ "$PAIR" = 1 ] && [ "$LIMIT" = 0 ] && [ "$VIOLATIONS" = 0 ] ||
    fail "flaky: pair $PAIR 451s $LIMIT violations $VIOLATIONS"
stop_slotd "$PID"

# Half the replies lost: libcurl must not resend behind our back, so the
# service sees exactly the attempts we logged, none inside a second.
book_service lost --faults none --reply-lost 0.5 --seed 11
HCWED_HOTEL_KEY=$ME_HOTEL HCWED_BAND_KEY=$ME_BAND "$HCWED" book --watch \
    --hotel "http://$ADDR/hotel/api" --band "http://$ADDR/band/api" \
    >"$tmp/lost.out" 2>&1 &
bpid=$!
pids="$pids $bpid"
i=0
until [ "$(grep -c ' attempt ' "$tmp/lost.out")" -ge 10 ]; do
	i=$((i + 1))
	[ $i -le 300 ] || fail "lost: too few attempts: $(cat "$tmp/lost.out")"
	sleep 0.1
done
kill -INT "$bpid"
wait "$bpid" || true
book_check 0
attempts=$(grep -c ' attempt ' "$tmp/lost.out")
[ "$REQUESTS" = "$attempts" ] ||
    fail "lost: the service saw $REQUESTS requests, we sent $attempts"
[ "$VIOLATIONS" = 0 ] || fail "lost: $VIOLATIONS rate violations"
echo "ok"
