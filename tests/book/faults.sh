#!/bin/sh
# hcwed book against hcwed-slotd --faults course --bots 3: every run ends
# holding a matched pair that is the earliest slot free at both services
# (for as long as a client could have seen it), with no 451 and no
# rate-rule violation for our key.  BOOK_SEEDS picks the seeds (make check
# runs seed 3 to stay quick; bench/book-bench.sh runs 1..20).
. "$top_srcdir/tests/book/book_lib.sh"

# A slot counts as available only once it has been free at both for this
# long: the planner's knowledge may be 5 s old, plus service delays.
WINDOW_MS=${BOOK_WINDOW_MS:-10000}

for seed in ${BOOK_SEEDS:-3}; do
	book_service "course$seed" --faults course --bots 3 --seed "$seed"
	book_run "$tmp/course$seed.out" --until-earliest --json
	[ "$RC" = 0 ] || fail "seed $seed: book exited $RC: $(tail -n 3 \
	    "$tmp/course$seed.out" "$tmp/course$seed.out.err")"
	book_check "$WINDOW_MS"
	stop_slotd "$PID"
	[ "$PAIR" -gt 0 ] || fail "seed $seed: no matched pair ($PAIR)"
	[ "$LIMIT" = 0 ] || fail "seed $seed: $LIMIT answers 451"
	[ "$VIOLATIONS" = 0 ] || fail "seed $seed: $VIOLATIONS rate violations"
	[ "$SETTLED" = "$PAIR" ] ||
	    fail "seed $seed: pair $PAIR but $SETTLED was free at both"
	grep -q "\"event\":\"done\",\"reason\":\"earliest\",\"pair\":$PAIR," \
	    "$tmp/course$seed.out" ||
	    fail "seed $seed: output disagrees: $(tail -n 1 "$tmp/course$seed.out")"
	echo "seed $seed: pair $PAIR (earliest at the end $EARLIEST)" \
	    "in $REQUESTS requests, $(json_field "$tmp/course$seed.out" ms) ms"
done
