#!/bin/sh
# hcwedd's transport limits over TLS: a connection that does not log in
# in time is sent a bye and dropped (at once if it never finished the TLS
# handshake) while a logged-in one stays; the per-address connection cap
# refuses one more and takes one again after a close; a client that never
# reads gets a bye and is dropped once its unsent output passes the cap,
# while the server keeps answering everyone else.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || skip "openssl is not installed"
command -v nc >/dev/null || skip "nc is not installed"

printf 'login_timeout = 700ms\naddr_conn_max = 4\noutput_max = 65536\n' \
    >"$T/hcwedd.conf"
hcwedd_start 0 --config "$T/hcwedd.conf"
for u in alice bob carol; do user_add "$u" nurse "$u"; done

hello='{"cmd":"hello","version":1}'
login() { printf '{"cmd":"login","user":"%s","password":"%s"}' "$1" "$(pw "$1")"; }

# session NAME [READER]: a TLS session that sends the file $T/NAME and
# then stays open; what it receives goes to $T/NAME.out (through the
# shell command READER when given).  Every process is left to the cleanup.
session() {
	sh -c 'echo $$ >"$1.pid"; cat "$1"; exec sleep 60' sh "$T/$1" |
	    sh -c 'echo $$ >"$1.ssl"; exec openssl s_client -quiet \
		-verify_return_error -CAfile "$2" -connect "$3" 2>/dev/null' \
	    sh "$T/$1" "$CA" "$SERVER" |
	    sh -c "${2:-cat}" >"$T/$1.out" &
	started $!
	wait_until 50 test -s "$T/$1.pid" -a -s "$T/$1.ssl" ||
	    fail "session $1 did not start"
	started "$(cat "$T/$1.pid")"
	started "$(cat "$T/$1.ssl")"
}
gone() { ! kill -0 "$(cat "$T/$1.ssl")" 2>/dev/null; }

# --- the pre-login timeout --------------------------------------------
printf '%s\n' "$hello" >"$T/idle"
printf '%s\n%s\n' "$hello" "$(login alice)" >"$T/in"
session idle
session in
wait_until 50 has "$T/idle.out" '"reply":"hello"' 1 || fail "idle: no hello"
wait_until 50 has "$T/idle.out" '{"event":"bye","reason":"login timeout"}' 1 ||
    fail "idle: no bye: $(cat "$T/idle.out")"
wait_until 50 gone idle || fail "idle: the connection stayed open"
# A TCP connection that never starts TLS is closed without a word.
nc 127.0.0.1 "$PORT" </dev/null >"$T/tcp.out" &
ncpid=$!
started $ncpid
wait_until 50 sh -c "! kill -0 $ncpid 2>/dev/null" ||
    fail "a silent TCP connection was not dropped"
[ -s "$T/tcp.out" ] && fail "the silent TCP connection got: $(cat "$T/tcp.out")"
[ "$(lines "$T/hcwedd.log" 'login timeout peer=')" -eq 2 ] ||
    fail "want two login timeouts: $(cat "$T/hcwedd.log")"
has "$T/hcwedd.log" 'login timeout peer=.* before the TLS handshake' 1 ||
    fail "the timeout before the handshake was not logged"
# The logged-in session outlived the timeout.
has "$T/in.out" '"event":"bye"' 1 && fail "a logged-in session got a bye"
gone in && fail "a logged-in session was dropped"

# --- the per-address cap (4; "in" holds one) --------------------------
for k in 1 2 3; do
	printf '%s\n%s\n' "$hello" "$(login bob)" >"$T/cap$k"
	session "cap$k"
	wait_until 50 has "$T/cap$k.out" '"reply":"login"' 1 ||
	    fail "cap$k did not log in: $(cat "$T/cap$k.out")"
done
as alice who >/dev/null 2>"$T/err" && fail "a fifth connection was served"
grep -q "hcwed who: $SERVER: " "$T/err" || fail "fifth: $(cat "$T/err")"
wait_until 50 has "$T/hcwedd.log" \
    'refused peer=127.0.0.1:[0-9]* reason=.*4 connections from this address already (addr_conn_max)' 1 ||
    fail "the refusal was not logged"
kill "$(cat "$T/cap3.ssl")"
wait_until 50 sh -c "HCWED_PASSWORD=pw-nyvpr-1234 '$HCWED' who --server '$SERVER' \
    --user alice >/dev/null 2>&1" ||
    fail "a connection was not taken again after one closed"
for s in in cap1 cap2; do kill "$(cat "$T/$s.ssl")"; done

# --- the slow reader ----------------------------------------------------
# bob reads nothing until $T/go exists; carol never reads.
printf '%s\n%s\n' "$hello" "$(login bob)" >"$T/bob"
printf '%s\n%s\n' "$hello" "$(login carol)" >"$T/carol"
session bob "while [ ! -e '$T/go' ]; do sleep 0.1; done; exec cat"
session carol "exec sleep 60"
wait_until 50 sh -c "grep -q 'login user=carol' '$T/hcwedd.log' &&
    grep -q 'login user=bob' '$T/hcwedd.log'" ||
    fail "bob and carol did not log in"
body=$(head -c 16000 /dev/zero | tr '\0' x)
# Broadcasts of 16 kB in batches of 100 until both are cut off: the
# kernel's socket buffers take some before hcwedd's own output grows.
batch=0
until [ "$(lines "$T/hcwedd.log" 'slow reader peer=')" -ge 2 ]; do
	batch=$((batch + 1))
	[ "$batch" -le 10 ] || fail "no slow reader after 1000 messages"
	{
		printf '%s\n%s\n' "$hello" "$(login alice)"
		i=1
		while [ "$i" -le 100 ]; do
			printf '{"cmd":"send","to":"*","body":"%s","cid":"b%d-%d"}\n' \
			    "$body" "$batch" "$i"
			i=$((i + 1))
		done
	} >"$T/flood"
	timeout 60 openssl s_client -quiet -CAfile "$CA" -connect "$SERVER" \
	    <"$T/flood" >"$T/flood.out" 2>/dev/null &
	flood=$!
	started $flood
	wait_until 300 has "$T/flood.out" "\"cid\":\"b$batch-100\"" 1 ||
	    fail "batch $batch was not acknowledged"
	kill $flood 2>/dev/null
done
# The server answers others at once while carol is still hanging.
gone carol && fail "carol was dropped before her drain time"
as alice who >"$T/who.out" 2>"$T/err" ||
    fail "who during a slow reader: $(cat "$T/err")"
grep -q '^bob .*offline$' "$T/who.out" ||
    fail "bob's session is not closed: $(cat "$T/who.out")"
# bob reads again: he gets what was queued, then the bye, then the end.
touch "$T/go"
wait_until 100 gone bob || fail "bob's connection did not end"
[ "$(tail -n 1 "$T/bob.out")" = \
    '{"event":"bye","reason":"slow reader: too much unsent output"}' ] ||
    fail "bob's last line is not the bye: $(tail -c 300 "$T/bob.out")"
# carol never reads: dropped when her output cannot drain (5 s).
wait_until 100 has "$T/hcwedd.log" 'drain timeout peer=' 1 ||
    fail "carol was never dropped"
kill -0 "$SERVER_PID" || fail "hcwedd died"
exit 0
