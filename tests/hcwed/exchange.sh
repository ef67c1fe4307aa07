#!/bin/sh
# Two users exchange messages both ways through hcwed send and listen,
# with delivered and read receipts; who; and the CLI's error exits.
. "$top_srcdir/tests/lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"

listen_bg alice "$T/alice.out" --read
listen_bg bob "$T/bob.out" --read
# The first listener in sees the second log in: both sessions are up.
up() {
	has "$T/alice.out" '"user":"bob","presence":"available"' 1 ||
	    has "$T/bob.out" '"user":"alice","presence":"available"' 1
}
wait_until 100 up || fail "the listeners did not both log in"

mid=$(as alice send bob "Bed 4 needs review") || fail "send alice -> bob"
[ -n "$mid" ] || fail "send printed no mid"
wait_until 100 has "$T/bob.out" "\"mid\":$mid,.*\"from\":\"alice\",\"to\":\"bob\",\"body\":\"Bed 4 needs review\",\"priority\":\"normal\"" 1 ||
    fail "bob did not get message $mid"
wait_until 100 has "$T/alice.out" "\"mid\":$mid,\"by\":\"bob\",\"state\":\"delivered\"" 1 ||
    fail "no delivered receipt for $mid"
wait_until 100 has "$T/alice.out" "\"mid\":$mid,\"by\":\"bob\",\"state\":\"read\"" 1 ||
    fail "no read receipt for $mid"

mid2=$(as bob send --urgent alice "On my way") || fail "send bob -> alice"
[ "$mid2" -gt "$mid" ] || fail "mids do not increase: $mid then $mid2"
wait_until 100 has "$T/alice.out" "\"mid\":$mid2,.*\"from\":\"bob\",\"to\":\"alice\",\"body\":\"On my way\",\"priority\":\"urgent\"" 1 ||
    fail "alice did not get message $mid2"
wait_until 100 has "$T/bob.out" "\"mid\":$mid2,\"by\":\"alice\",\"state\":\"read\"" 1 ||
    fail "no read receipt for $mid2"
[ "$(lines "$T/bob.out" "\"event\":\"message\",\"mid\":$mid,")" -eq 1 ] ||
    fail "bob saw $mid more than once"

as alice who >"$T/who.out" || fail "who"
grep -q '^USER  *DISPLAY  *ROLE  *PRESENCE$' "$T/who.out" || fail "who header"
grep -q '^alice  *Dr Alice Moreau  *doctor  *available$' "$T/who.out" ||
    fail "who: alice"
grep -q '^bob  *Bob Martin  *nurse  *available$' "$T/who.out" || fail "who: bob"

# Errors a user can reach, each with its exit status (src/cmd.h).
HCWED_PASSWORD=wrong "$HCWED" send --server "$SERVER" --user alice bob x \
    2>"$T/err"
[ $? -eq 3 ] || fail "wrong password: want exit 3"
grep -q "hcwed send:" "$T/err" || fail "wrong password: no message"
as alice send carol "hello" 2>"$T/err"
[ $? -eq 1 ] || fail "unknown recipient: want exit 1"
grep -q "404" "$T/err" || fail "unknown recipient: $(cat "$T/err")"
as alice send bob "$(head -c 16385 /dev/zero | tr '\0' x)" 2>"$T/err"
[ $? -eq 2 ] || fail "body over the limit: want exit 2"
grep -q "too long" "$T/err" || fail "long body: $(cat "$T/err")"
as alice send bob 2>/dev/null
[ $? -eq 2 ] || fail "missing text: want exit 2"
# Asked for, the usage is an answer (stdout, 0), not an error; a "--help"
# after "--" is text to send.
"$HCWED" send --server "$SERVER" --help >"$T/help" 2>"$T/err" ||
    fail "send --help: want exit 0"
grep -q "^usage: hcwed send " "$T/help" || fail "send --help: $(cat "$T/help")"
[ -s "$T/err" ] && fail "send --help wrote to stderr: $(cat "$T/err")"
"$HCWED" book -h | grep -q "^usage: hcwed book " || fail "book -h"
"$HCWED" send --server "$SERVER" -- --help 2>"$T/err"
[ $? -eq 2 ] || fail "send -- --help: want a usage error (no recipient)"
"$HCWED" send --server "$SERVER" --user alice bob x </dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "no password: want exit 2"
printf 'pw-nyvpr-1234\n' >"$T/pw"
chmod 644 "$T/pw"
"$HCWED" send --server "$SERVER" --user alice --password-file "$T/pw" bob x \
    2>"$T/err"
[ $? -eq 2 ] || fail "shared password file: want exit 2"
grep -q "chmod 600" "$T/err" || fail "shared password file: $(cat "$T/err")"
chmod 600 "$T/pw"
"$HCWED" send --server "$SERVER" --user alice --password-file "$T/pw" bob \
    "via file" >/dev/null || fail "private password file refused"
# Bare, with no server in the configuration: the usage, the client's form
# first.
"$HCWED" </dev/null >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "bare hcwed without a configuration: want exit 2"
head -n 1 "$T/err" | grep -q "^usage: hcwed \[--server HOST:PORT\]" ||
    fail "bare hcwed: $(cat "$T/err")"
"$HCWED" --help | grep -q "^       hcwed COMMAND" || fail "--help lacks the commands"
# getopt's messages name the command, never the path it was run by.
"$HCWED" send --bogus bob x 2>"$T/err"
[ $? -eq 2 ] || fail "unknown option: want exit 2"
grep -q "^hcwed send: unknown option --bogus$" "$T/err" ||
    fail "unknown option: $(cat "$T/err")"
"$HCWED" --ca 2>"$T/err"
grep -q "^hcwed: --ca needs a value$" "$T/err" || fail "--ca: $(cat "$T/err")"
# --timeout is a duration like every other.
as alice send --timeout 1ms bob x 2>"$T/err"
[ $? -eq 2 ] || fail "--timeout 1ms: want exit 2"
grep -q "between 100ms and 1d" "$T/err" || fail "--timeout 1ms: $(cat "$T/err")"
as alice send --timeout 2500ms bob "with a timeout" >/dev/null ||
    fail "--timeout 2500ms refused"
HCWED_PASSWORD=x "$HCWED" who --server "127.0.0.1:1" --user alice 2>/dev/null
[ $? -eq 4 ] || fail "unreachable: want exit 4"
exit 0
