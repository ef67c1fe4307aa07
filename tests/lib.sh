# Shared by the integration tests: a throw-away hcwedd on an ephemeral
# loopback port with its own database in a temporary directory, serving
# TLS with a throw-away CA (tests/mkcert.sh) that the clients trust
# through their configuration file.  Source it; the EXIT trap kills every
# process started through it.
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

# One CA per build, made on first use: openssl takes a while to start.
# Another test may be making it too: the first rename wins.  Remade when
# it is 20 days old; it is valid for 30.
TLS=$top_builddir/tests/tls
find "$TLS" -name test-ca.pem -mtime +20 -exec rm -rf "$TLS" \; 2>/dev/null
if [ ! -s "$TLS/other-server.key" ]; then
	tls_tmp=$(mktemp -d "$top_builddir/tests/tls.XXXXXX") || exit 99
	sh "$top_srcdir/tests/mkcert.sh" "$tls_tmp" test &&
	    sh "$top_srcdir/tests/mkcert.sh" "$tls_tmp" other ||
	    { rm -rf "$tls_tmp"; skip "cannot make a test certificate"; }
	mv -T "$tls_tmp" "$TLS" 2>/dev/null || rm -rf "$tls_tmp"
fi
CA=$TLS/test-ca.pem
OTHER_CA=$TLS/other-ca.pem
mkdir -p "$XDG_CONFIG_HOME/hcwed"
printf 'tls_ca = %s\n' "$CA" >"$XDG_CONFIG_HOME/hcwed/config"

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

# hcwedd_start [PORT [ARGS...]]: start hcwedd serving TLS (port 0:
# ephemeral); sets SERVER.
hcwedd_start() {
	port=${1:-0}
	[ $# -eq 0 ] || shift
	hcwedd_start_plain "$port" --tls-cert "$TLS/test-server.pem" \
	    --tls-key "$TLS/test-server.key" "$@"
}

# hcwedd_start_plain [PORT [ARGS...]]: the same without TLS.
hcwedd_start_plain() {
	port=${1:-0}
	[ $# -eq 0 ] || shift
	rm -f "$T/ready"
	"$HCWEDD" --listen "127.0.0.1:$port" --db "$T/db" \
	    --ready-file "$T/ready" "$@" 2>>"$T/hcwedd.log" &
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

# pw NAME: NAME's password, which the password check must accept: not a
# dictionary word, and not the name in any form (so rot13 of it).
pw() { printf 'pw-%s-1234' "$(printf '%s' "$1" | tr a-z n-za-m)"; }

# user_add NAME ROLE DISPLAY: the password is $(pw NAME).
user_add() {
	printf '%s\n' "$(pw "$1")" | "$HCWEDD" user add "$1" --role "$2" \
	    --display "$3" --db "$T/db" >/dev/null 2>>"$T/hcwedd.log" ||
	    fail "hcwedd user add $1"
}

# as NAME hcwed ARGS...: run hcwed as NAME against SERVER.
as() {
	who=$1
	sub=$2
	shift 2
	HCWED_PASSWORD=$(pw "$who") "$HCWED" "$sub" --server "$SERVER" \
	    --user "$who" "$@"
}

# listen_bg NAME OUT [ARGS]: hcwed listen in the background into OUT.
listen_bg() {
	who=$1
	out=$2
	shift 2
	HCWED_PASSWORD=$(pw "$who") "$HCWED" listen --server "$SERVER" \
	    --user "$who" "$@" >"$out" 2>>"$T/listen.log" &
	started $!
	LISTEN_PID=$!
}

# lines FILE PATTERN: how many lines of FILE contain PATTERN.
lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }
# has FILE PATTERN N: FILE has at least N lines with PATTERN.
has() { [ "$(lines "$1" "$2")" -ge "$3" ]; }
