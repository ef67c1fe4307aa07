#!/bin/sh
# A broadcast reaches every other account exactly once.
. "$top_srcdir/tests/lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
user_add carol pharmacist "Carol Li"

listen_bg bob "$T/bob.out"
listen_bg carol "$T/carol.out"
up() {
	has "$T/bob.out" '"user":"carol","presence":"available"' 1 ||
	    has "$T/carol.out" '"user":"bob","presence":"available"' 1
}
wait_until 100 up || fail "the listeners did not both log in"

mid=$(as alice send "*" "Fire drill at 3pm") || fail "broadcast"
for u in bob carol; do
	wait_until 100 has "$T/$u.out" "\"mid\":$mid,.*\"to\":\"\\*\",\"body\":\"Fire drill at 3pm\"" 1 ||
	    fail "$u did not get the broadcast"
done
# A marker sent afterwards proves the broadcast was not repeated.
m2=$(as alice send bob "marker") || fail "marker"
wait_until 100 has "$T/bob.out" "\"mid\":$m2," 1 || fail "no marker"
[ "$(lines "$T/bob.out" "\"event\":\"message\"")" -eq 2 ] ||
    fail "bob: $(cat "$T/bob.out")"
[ "$(lines "$T/carol.out" "\"event\":\"message\"")" -eq 1 ] ||
    fail "carol got a message not addressed to her: $(cat "$T/carol.out")"
exit 0
