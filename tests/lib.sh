# Shared by the integration tests: a throw-away hcwedd on an ephemeral
# loopback port with its own database in a temporary directory.  Source
# it; the EXIT trap kills every process started through it.
# shellcheck shell=sh

: "${top_builddir:=..}"
HCWEDD=$top_builddir/hcwedd
HCWED=$top_builddir/hcwed
PIDS=""

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -x "$HCWEDD" ] || skip "hcwedd is not built"
[ -x "$HCWED" ] || skip "hcwed is not built"

T=$(mktemp -d "${TMPDIR:-/tmp}/hcwed-test.XXXXXX") || exit 99
# No user configuration may leak into a test.
XDG_CONFIG_HOME=$T/config
HOME=$T
export XDG_CONFIG_HOME HOME
unset HCWED_PASSWORD

lib_cleanup() {
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Remember a background process for the cleanup.
started() { PIDS="$PIDS $1"; }

# wait_until TENTHS COMMAND...: poll COMMAND, at most TENTHS tenths of a s.
wait_until() {
	n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# hcwedd_start [PORT]: start hcwedd (port 0: ephemeral); sets SERVER.
hcwedd_start() {
	rm -f "$T/ready"
	"$HCWEDD" --listen "127.0.0.1:${1:-0}" --db "$T/db" \
	    --ready-file "$T/ready" 2>>"$T/hcwedd.log" &
	SERVER_PID=$!
	started "$SERVER_PID"
	if ! wait_until 100 test -s "$T/ready"; then
		cat "$T/hcwedd.log" >&2
		fail "hcwedd did not become ready"
	fi
	SERVER=$(cat "$T/ready")
	PORT=${SERVER##*:}
}

hcwedd_kill9() {
	kill -9 "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
}

hcwedd_stop() {
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null
}

# user_add NAME ROLE DISPLAY: the password is pw-NAME.
user_add() {
	printf 'pw-%s\n' "$1" | "$HCWEDD" user add "$1" --role "$2" \
	    --display "$3" --db "$T/db" >/dev/null 2>>"$T/hcwedd.log" ||
	    fail "hcwedd user add $1"
}

# as NAME hcwed ARGS...: run hcwed as NAME against SERVER.
as() {
	who=$1
	sub=$2
	shift 2
	HCWED_PASSWORD=pw-$who "$HCWED" "$sub" --server "$SERVER" \
	    --user "$who" "$@"
}

# listen_bg NAME OUT [ARGS]: hcwed listen in the background into OUT.
listen_bg() {
	who=$1
	out=$2
	shift 2
	HCWED_PASSWORD=pw-$who "$HCWED" listen --server "$SERVER" \
	    --user "$who" "$@" >"$out" 2>>"$T/listen.log" &
	started $!
	LISTEN_PID=$!
}

# lines FILE PATTERN: how many lines of FILE contain PATTERN.
lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }
# has FILE PATTERN N: FILE has at least N lines with PATTERN.
has() { [ "$(lines "$1" "$2")" -ge "$3" ]; }
