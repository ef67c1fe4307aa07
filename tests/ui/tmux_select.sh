#!/bin/sh
# The contact list's selection is a contact, not a row: when a new
# message reorders the list, Enter still opens the contact chosen (it
# opened the broadcast).  Nothing is selected at first, and a broadcast
# says EVERYONE on its prompt and asks before it goes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
user_add carol pharmacist "Carol Diaz"
client alice
expect alice "online" "alice did not log in"
expect alice "Carol Diaz" "alice's contact list has no Carol"

# Nothing is selected: Enter opens nothing, least of all "everyone".
keys alice Enter
expect alice "choose a contact first" "Enter opened a conversation nobody chose"
shows alice "(everyone" && fail "Enter opened the broadcast"

# Down lands on the first row (everyone), again on Bob.  Then Carol
# writes: her conversation moves to the top, above the selection.
keys alice Down Down
as carol send alice "Warfarin dose query, bed 9" >/dev/null || fail "carol's send"
expect alice "Carol Diaz.*1" "no unread count from Carol"
keys alice Enter
expect alice "Bob Martin (bob, nurse)" "the selection moved off Bob: $(screen alice)"

# The broadcast: its own prompt, and a question before it goes.
keys alice Tab
keys alice e v e r y Enter
expect alice "\[EVERYONE\]" "the broadcast prompt does not say EVERYONE"
keys alice -l "Fire drill at 15:00"
keys alice Enter
expect alice "Send 1 line to EVERYONE (2 people)?" "a broadcast went without asking"
keys alice n
expect alice "not sent: the text is still there" "n did not go back"
shows alice "Fire drill at 15:00.*\[" && fail "the broadcast went out after n"
keys alice Enter
expect alice "Send 1 line to EVERYONE" "Enter did not ask again"
keys alice Enter
expect alice "Fire drill at 15:00 \[stored\]" "the broadcast was not sent"
[ "$(as bob listen --count 1 2>/dev/null | grep -c 'Fire drill at 15:00')" -eq 1 ] ||
    fail "bob did not get the broadcast"

# /all asks too, from any conversation.
keys alice Tab
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"
keys alice -l "/all Drill over"
keys alice Enter
expect alice "Send 1 line to EVERYONE" "/all went without asking"
keys alice Escape
expect alice "not sent: the text is still there" "Esc did not go back"
shows alice "Drill over" || fail "/all's text was lost: $(screen alice)"
exit 0
