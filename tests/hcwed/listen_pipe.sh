#!/bin/sh
# hcwed listen --read | head -c1: once its reader is gone the listener
# exits at once with status 1 and marks nothing read that it could not
# write out, so no colleague is told a message was seen when it was not.
. "$top_srcdir/tests/lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"

listen_bg alice "$T/alice.out"
alice_up() { as bob who 2>/dev/null | grep -q '^alice .* available$'; }
wait_until 100 alice_up || fail "alice's listener did not log in"
# head takes the first byte of the first message and goes; the
# listener's next write meets a closed pipe.
(
	HCWED_PASSWORD=pw-obo-1234 "$HCWED" listen --server "$SERVER" --user bob \
	    --read 2>"$T/bob.err" &
	echo $! >"$T/bob.pid"
	wait $!
	echo $? >"$T/bob.rc"
) | head -c1 >"$T/bob.first" &
started $!
wait_until 100 test -s "$T/bob.pid" || fail "bob's listener did not start"
started "$(cat "$T/bob.pid")"
# Presence is coalesced, so the listener's login is seen in who, not
# counted in events.
bob_up() { as alice who 2>/dev/null | grep -q '^bob .* available$'; }
wait_until 100 bob_up || fail "bob did not log in"
as alice send bob "first" >/dev/null || fail "send the first message"
wait_until 100 test -s "$T/bob.first" || fail "bob's listener printed nothing"

mid=$(as alice send bob "K+ 6.1, please review") || fail "send alice -> bob"
wait_until 50 test -s "$T/bob.rc" ||
    fail "the listener ran on after its reader had gone"
[ "$(cat "$T/bob.rc")" -eq 1 ] || fail "listener exit $(cat "$T/bob.rc"), want 1"
[ -s "$T/bob.err" ] && fail "a closed pipe is not an error to report: $(cat "$T/bob.err")"
# The listener is gone; anything it sent has reached alice by now.
wait_until 100 has "$T/alice.out" '"user":"bob","presence":"offline"' 1 ||
    fail "bob's session did not end"
has "$T/alice.out" "\"mid\":$mid,\"by\":\"bob\",\"state\":\"read\"" 1 &&
    fail "message $mid was marked read but never written out"
echo "PASS: the listener stopped at the closed pipe, nothing marked read"
