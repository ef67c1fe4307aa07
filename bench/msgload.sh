#!/bin/sh
# Start hcwedd on a fresh database with PAIRS sender/receiver accounts and
# run bench/msgload against it.  Usage (from a build directory):
#   bench/msgload.sh [-n PAIRS] [-b BODY] [-r RATE] [-d SECONDS] [-i IDLE]
#       [-t] [-c 'key = value']...
# -t serves TLS with a throw-away CA (tests/mkcert.sh); -i IDLE only logs
# IDLE connections in and measures the server's memory; each -c line is
# added to the server's configuration, which "hcwedd user add" reads too
# (so a setting for the password hash applies to the accounts).
# The load comes from one address: its sends are not limited, nor its
# logins throttled (every account logs in from here at once).
# HCWEDD and MSGLOAD may point at other binaries.
set -eu
build=$(pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
hcwedd=${HCWEDD:-$build/hcwedd}
msgload=${MSGLOAD:-$build/bench/msgload}
pairs=100
idle=""
tls=""
args=""
conf=""
usage() {
	echo "usage: msgload.sh [-n PAIRS] [-b BODY] [-r RATE] [-d SECONDS]" \
	    "[-i IDLE] [-t] [-c 'key = value']..." >&2
	exit 2
}
nl='
'
while getopts n:b:r:d:i:c:t o; do
	case $o in
	n|b|r|d|i)
		# Numbers only: $args is split unquoted below.
		case $OPTARG in ''|*[!0-9]*) usage ;; esac
		case $o in
		n) pairs=$OPTARG ;;
		i) idle=$OPTARG; args="$args -i $OPTARG" ;;
		*) args="$args -$o $OPTARG" ;;
		esac ;;
	c) conf=$conf$OPTARG$nl ;;
	t) tls=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

tmp=$(mktemp -d "${TMPDIR:-/tmp}/msgload.XXXXXX")
pids=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || :
	done
	wait
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The load is the point here: no per-connection send rate, and no cap on
# connections per address (every client here is 127.0.0.1).
printf 'send_rate = 0\naddr_conn_max = 0\nthrottle_addr_after = 0\n%s' "$conf" >"$tmp/b.conf"
i=0
while [ "$i" -lt "$pairs" ]; do
	echo bench-Xq7-pw | "$hcwedd" user add "s$i" --role doctor --db "$tmp/b.db" \
	    --config "$tmp/b.conf" >/dev/null &
	apid=$!
	pids=$apid
	echo bench-Xq7-pw | "$hcwedd" user add "r$i" --role nurse --db "$tmp/b.db" \
	    --config "$tmp/b.conf" >/dev/null
	# Forgotten before it is reaped: cleanup never signals a reused pid.
	pids=""
	wait "$apid"
	i=$((i + 1))
done

set -- --listen 127.0.0.1:0 --db "$tmp/b.db" --ready-file "$tmp/ready" \
    --config "$tmp/b.conf" --log-level warn
if [ -n "$tls" ]; then
	sh "$top/tests/mkcert.sh" "$tmp/tls" bench
	set -- "$@" --tls-cert "$tmp/tls/bench-server.pem" \
	    --tls-key "$tmp/tls/bench-server.key"
fi
# One descriptor per connection, for the server and for msgload.  ulimit
# -n and -H are not POSIX, but dash, bash and busybox sh have them.
# shellcheck disable=SC3045
if [ -n "$idle" ]; then
	hard=$(ulimit -Hn)
	[ "$hard" = unlimited ] && hard=65536
	ulimit -n "$hard" 2>/dev/null ||
	    echo "msgload.sh: cannot raise ulimit -n to $hard" >&2
	have=$(ulimit -n)
	[ "$have" -gt $((idle + 64)) ] ||
	    echo "msgload.sh: with ulimit -n $have hcwedd cannot hold" \
	    "$idle connections" >&2
fi
"$hcwedd" "$@" &
spid=$!
pids=$spid
n=0
while [ ! -s "$tmp/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -s "$tmp/ready" ] || { echo "msgload.sh: hcwedd did not start" >&2; exit 1; }
set -- -s "$(cat "$tmp/ready")" -p "$spid" -n "$pairs"
[ -z "$tls" ] || set -- "$@" -t "$tmp/tls/bench-ca.pem"
# In the background so that a signal stops it too, through cleanup.
# shellcheck disable=SC2086
"$msgload" "$@" $args &
pids="$spid $!"
rc=0
wait $! || rc=$?
pids=$spid
exit $rc
