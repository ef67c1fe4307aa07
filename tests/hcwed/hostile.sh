#!/bin/sh
# Text from the server reaches the terminal shown, never obeyed: display
# names, roles, message bodies and error replies holding escape sequences,
# C1 controls and DEL come out of hcwed who, listen and send inert.
. "$top_srcdir/tests/lib.sh"

ESC=$(printf '\033')
CSI=$(printf '\302\233')
DEL=$(printf '\177')
HOSTILE="x${ESC}[2J${ESC}]2;pwned$(printf '\007')${CSI}31m${DEL}y"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add mallory porter "$HOSTILE"

# raw FILE: true when FILE holds a byte a terminal would obey.
raw() { grep -q -e "$ESC" -e "$CSI" -e "$DEL" "$1"; }

as alice who >"$T/who.out" 2>&1 || fail "who"
grep -q '^mallory ' "$T/who.out" || fail "who does not list mallory"
grep -q 'x^\[\[2J^\[\]2;pwned^G' "$T/who.out" ||
    fail "who does not show the escape sequence in caret notation"
raw "$T/who.out" && fail "who printed a raw control sequence"

# Stored first, then fetched by alice's first sync.
as mallory send alice "$HOSTILE" >/dev/null || fail "send with escapes"
as alice listen --count 1 >"$T/alice.out" 2>&1 || fail "listen"
has "$T/alice.out" '"from":"mallory"' 1 || fail "alice did not get mallory's message"
grep -q '"body":"x\\u001b\[2J\\u001b\]2;pwned\\u0007\\u009b31m\\u007fy"' \
    "$T/alice.out" || fail "listen does not escape the controls in JSON"
raw "$T/alice.out" && fail "listen printed a raw control sequence"

# An error quoting what was asked for.
as alice send "$HOSTILE" "hello" >/dev/null 2>"$T/send.err" &&
    fail "a send to a user that cannot exist succeeded"
[ -s "$T/send.err" ] || fail "a refused send printed no error"
grep -q 'x^\[\[2J' "$T/send.err" || fail "the error does not show the name"
raw "$T/send.err" && fail "send printed a raw control sequence"
exit 0
