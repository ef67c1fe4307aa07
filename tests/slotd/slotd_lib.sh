# Shared by the tests/slotd_*.sh integration tests (sourced, not run):
# start hcwed-slotd on a loopback port, issue keys, assert replies.
set -eu

SLOTD=$top_builddir/hcwed-slotd
for tool in curl bash; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done
[ -x "$SLOTD" ] || { echo "FAIL: $SLOTD not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/slotd_test.XXXXXX")
pids=""
cleanup() {
	for p in $pids; do
		kill -9 "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	for log in "$tmp"/*.log; do
		[ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
	done
	exit 1
}

# start_slotd NAME [OPTIONS...]: serve $tmp/NAME.db; sets ADDR and PID.
start_slotd() {
	name=$1
	shift
	rm -f "$tmp/$name.ready"
	"$SLOTD" --listen 127.0.0.1:0 --db "$tmp/$name.db" \
	    --ready-file "$tmp/$name.ready" "$@" 2>>"$tmp/$name.log" &
	PID=$!
	pids="$pids $PID"
	i=0
	while [ ! -s "$tmp/$name.ready" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "$name did not start"
		kill -0 "$PID" 2>/dev/null || fail "$name exited at start"
		sleep 0.1
	done
	ADDR=$(cat "$tmp/$name.ready")
}

# stop_slotd PID: SIGTERM and wait for a clean exit.
stop_slotd() {
	kill -TERM "$1"
	wait "$1" || fail "hcwed-slotd exited with $? after SIGTERM"
}

# keys NAME DB: issue keys; sets HOTEL and BAND.
keys() {
	"$SLOTD" token add "$1" --db "$2" >"$tmp/$1.keys" ||
	    fail "token add $1"
	HOTEL=$(awk '$1 == "hotel" { print $2 }' "$tmp/$1.keys")
	BAND=$(awk '$1 == "band" { print $2 }' "$tmp/$1.keys")
}

# req KEY METHOD URL [CURL ARGS]: sets CODE and BODY.
req() {
	key=$1 method=$2 url=$3
	shift 3
	if [ -n "$key" ]; then
		CODE=$(curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" \
		    -H "Authorization: Bearer $key" "$@" "$url" || true)
	else
		CODE=$(curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" \
		    "$@" "$url" || true)
	fi
	BODY=$(cat "$tmp/body" 2>/dev/null || true)
	rm -f "$tmp/body"
}

# expect KEY METHOD URL CODE BODY [CURL ARGS]
expect() {
	k=$1 m=$2 u=$3 want_code=$4 want_body=$5
	shift 5
	req "$k" "$m" "$u" "$@"
	[ "$CODE" = "$want_code" ] && [ "$BODY" = "$want_body" ] ||
	    fail "$m $u: got $CODE $BODY, want $want_code $want_body"
}
