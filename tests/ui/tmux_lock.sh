#!/bin/sh
# Guessing at a locked screen: after a wrong password the next waits 1 s,
# then 2, 4, 8; after the fifth wrong one the password typed next logs in
# to the server again (with the server's own limits): a wrong one there
# is refused by the server, the right one brings the screen back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
client bob
expect bob "online" "bob did not log in"
keys bob M-l
expect bob "Password for bob" "Alt-L did not lock the screen"
for wait in 0 1.1 2.1 4.1 8.1; do
	sleep "$wait"
	keys bob -l "guess-$wait"
	keys bob Enter
done
expect bob "Too many wrong passwords" "no hand-over after five wrong"
keys bob -l "still-guessing"
keys bob Enter
expect bob "login refused" "the server was not asked: $(screen bob)"
shows bob "Dr Alice Moreau" && fail "a wrong login unlocked the screen"
keys bob -l "pw-obo-1234"
keys bob Enter
expect bob "Dr Alice Moreau" "the right password did not log in again"
exit 0
