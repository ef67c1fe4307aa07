#!/bin/sh
# The wedding planner against hcwed-slotd --faults course --bots 3, one
# fresh service per seed: requests and time until the first matched pair
# and until the earliest pair (hcwed book --until-earliest), and the slot
# reached against the earliest achievable one, from the service's journal.
# Usage, from a build directory:  sh ../bench/book-bench.sh [SEEDS]
# (default seeds 1..20).  Prints one line per seed, then the summary.
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
export top_builddir top_srcdir
. "$top_srcdir/tests/book/book_lib.sh"

seeds=${1:-$(seq 1 20)}
: >"$tmp/rows"
for seed in $seeds; do
	book_service "b$seed" --faults course --bots 3 --seed "$seed"
	book_run "$tmp/b$seed.out" --until-earliest --json
	[ "$RC" = 0 ] || fail "seed $seed: exit $RC"
	book_check 0
	strict=$EARLIEST
	book_check "${BOOK_WINDOW_MS:-10000}"
	stop_slotd "$PID"
	out=$tmp/b$seed.out
	row="$seed $(json_field "$out" first_pair_requests)"
	row="$row $(json_field "$out" first_pair_ms) $REQUESTS"
	row="$row $(json_field "$out" ms) $PAIR $SETTLED $strict $LIMIT $VIOLATIONS"
	echo "$row" >>"$tmp/rows"
	echo "seed $seed: first pair after $(echo "$row" | cut -d' ' -f2) requests," \
	    "$(echo "$row" | cut -d' ' -f3) ms; pair $PAIR after $REQUESTS" \
	    "requests, $(echo "$row" | cut -d' ' -f5) ms; earliest achievable" \
	    "$SETTLED (free at both at the end: $strict); 451s $LIMIT," \
	    "violations $VIOLATIONS"
done

# stat COLUMN: "median worst" of a column (worst = largest).
stat() {
	cut -d' ' -f"$1" "$tmp/rows" | sort -n | awk '
	    { v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		  print m, v[NR] }'
}
secs() {
	echo "$1" | awk '{ printf "%.1f s / %.1f s", $1 / 1000, $2 / 1000 }'
}
n=$(wc -l <"$tmp/rows")
same=$(awk '$6 == $7' "$tmp/rows" | wc -l)
strict=$(awk '$6 == $8' "$tmp/rows" | wc -l)
bad=$(awk '$9 != 0 || $10 != 0' "$tmp/rows" | wc -l)
echo
echo "| figure ($n seeds) | median / worst |"
echo "| --- | --- |"
echo "| requests until the first matched pair | $(stat 2 | sed 's| | / |') |"
echo "| seconds until the first matched pair | $(secs "$(stat 3)") |"
echo "| requests until the earliest pair | $(stat 4 | sed 's| | / |') |"
echo "| seconds until the earliest pair | $(secs "$(stat 5)") |"
echo "| slot reached | $(stat 6 | sed 's| | / |') |"
echo "| pair = earliest achievable (free at both 10 s) | $same of $n |"
echo "| pair = earliest free at both at the end | $strict of $n |"
echo "| runs with a 451 or a rate-rule violation | $bad |"
