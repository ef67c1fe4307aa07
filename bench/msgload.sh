#!/bin/sh
# Start hcwedd on a fresh database with PAIRS sender/receiver accounts and
# run bench/msgload against it.  Usage (from a build directory):
#   bench/msgload.sh [-n PAIRS] [-b BODY] [-r RATE] [-d SECONDS]
# HCWEDD and MSGLOAD may point at other binaries.
set -eu
build=$(pwd)
hcwedd=${HCWEDD:-$build/hcwedd}
msgload=${MSGLOAD:-$build/bench/msgload}
pairs=100
while getopts n:b:r:d: o; do
	[ "$o" = n ] && pairs=$OPTARG
	[ "$o" = "?" ] && exit 2
done
OPTIND=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/msgload.XXXXXX")
spid=""
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$pairs" ]; do
	echo bench | "$hcwedd" user add "s$i" --role doctor --db "$tmp/b.db" >/dev/null &
	echo bench | "$hcwedd" user add "r$i" --role nurse --db "$tmp/b.db" >/dev/null
	wait
	i=$((i + 1))
done
# The load is the point here: no per-connection send rate, and no cap on
# connections per address (every client here is 127.0.0.1).
printf 'send_rate = 0\naddr_conn_max = 0\n' > "$tmp/b.conf"
"$hcwedd" --listen 127.0.0.1:0 --db "$tmp/b.db" --ready-file "$tmp/ready" \
    --config "$tmp/b.conf" --log-level warn &
spid=$!
n=0
while [ ! -s "$tmp/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
"$msgload" -s "$(cat "$tmp/ready")" -p "$spid" "$@"
