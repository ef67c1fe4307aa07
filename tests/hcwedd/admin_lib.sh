# Sourced by the hcwedd command-line tests: a scratch directory, the
# processes to stop on exit, and checks that count failures instead of
# stopping at the first (the test ends with: exit "$fail").
set -u
: "${top_builddir:=.}"
hcwedd=$top_builddir/hcwedd
command -v nc >/dev/null 2>&1 || { echo "SKIP: nc not installed"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$(basename "$0" .sh).XXXXXX")
pids=""
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# expect STATUS PATTERN CMD...: exit status and a stderr+stdout match.
expect() {
	want=$1 pat=$2; shift 2
	out=$("$@" 2>&1 </dev/null); got=$?
	if [ "$got" -eq "$want" ] && printf '%s\n' "$out" | grep -q -- "$pat"; then
		ok "$* -> $got"
	else
		bad "$* -> $got (wanted $want and /$pat/): $out"
	fi
}

# serve CONF: start hcwedd on a loopback port with CONF, logging to
# $tmp/log; sets spid, host and port (and stops the test if it fails).
serve() {
	rm -f "$tmp/ready"
	"$hcwedd" --listen 127.0.0.1:0 --config "$1" --ready-file "$tmp/ready" \
	    --log-file "$tmp/log" &
	spid=$!
	pids="$pids $spid"
	wait_for "$tmp/ready" ":" || { bad "server not ready"; exit 1; }
	addr=$(cat "$tmp/ready")
	host=${addr%:*} port=${addr##*:}
}

# wait_for FILE PATTERN: bounded wait for a line in a file.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
