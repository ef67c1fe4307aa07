#!/bin/sh
# Benchmark hcwed-slotd: wrk (2 threads, 64 connections, 10 s) on
# GET /hotel/api/reservation/available and on a reserve/cancel mix, with
# --faults none --rate-limit off --conn-max 0 (the load is from one
# address).  Prints requests/s, p99 and the peak
# RSS of the service.  SLOTD=path picks the binary (build it without
# --enable-debug for real figures); DURATION=10s the length of each run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
slotd=${SLOTD:-$top/build/hcwed-slotd}
duration=${DURATION:-10s}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
[ -x "$slotd" ] || { echo "$slotd not built" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/slotd-bench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

keys=""
for i in $(seq 1 16); do
	"$slotd" token add "bench$i" --db "$tmp/bench.db" >"$tmp/keys"
	keys="$keys $(awk '$1 == "hotel" { print $2 }' "$tmp/keys")"
done
SLOTD_KEY=$(echo $keys | cut -d' ' -f1)
export SLOTD_KEY
SLOTD_KEYS=$keys
export SLOTD_KEYS

# Holds are not limited here, so that the mix keeps changing slots.
"$slotd" --listen 127.0.0.1:0 --db "$tmp/bench.db" --ready-file "$tmp/ready" \
    --faults none --rate-limit off --max-holds 100000 --conn-max 0 \
    --log-level warn &
pid=$!
i=0
while [ ! -s "$tmp/ready" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || { echo "hcwed-slotd did not start" >&2; exit 1; }
	sleep 0.1
done
addr=$(cat "$tmp/ready")

# CPU time of the service (user + system) in clock ticks: on a shared
# machine, CPU per request says more than requests per second.
ticks() {
	awk '{ print $14 + $15 }' "/proc/$pid/stat"
}

run() {
	echo "== $1"
	before=$(ticks)
	wrk -t2 -c64 -d"$duration" --latency -s "$top/bench/$2" \
	    "http://$addr/hotel/api/reservation/available" | tee "$tmp/out"
	used=$(( $(ticks) - before ))
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$tmp/out")
	p99=$(awk '$1 == "99%" { print $2 }' "$tmp/out")
	n=$(awk '/requests in/ { print $1 }' "$tmp/out")
	us=$(awk -v t="$used" -v n="$n" -v hz="$(getconf CLK_TCK)" \
	    'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
	echo "RESULT $1: $rps req/s, p99 $p99, service CPU $us us/request"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run available slotd-get.lua
run reserve-cancel slotd-mix.lua
echo "RESULT peak RSS: $(awk '/^VmHWM/ { print $2, $3 }' /proc/$pid/status)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
