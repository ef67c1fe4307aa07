#!/bin/sh
# Text typed and sent with no conversation open stays as the draft, and
# goes to the conversation opened next (it was thrown away); what was
# typed comes back with Up after a restart.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
client alice
expect alice "online" "alice did not log in"
expect alice "Bob Martin" "alice's contact list has no Bob"

# Tab to the input line with no conversation open, type, Enter.
keys alice Tab
keys alice -l "K+ 6.1, repeat at 02:00"
keys alice Enter
expect alice "open a conversation first" "no notice that nothing was sent"
shows alice "K+ 6.1, repeat at 02:00" ||
    fail "the draft was thrown away: $(screen alice)"
# Open bob's conversation: the draft is still there, and goes to him.
# (Tab would complete "02:00"; Esc moves to the list, and a pause keeps
# it from reading as Alt-b.)
keys alice Escape
sleep 0.2
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"
shows alice "K+ 6.1, repeat at 02:00" || fail "the draft is gone: $(screen alice)"
keys alice Enter
expect alice "\[stored\]" "the draft was not sent to bob"
[ "$(as bob listen --count 1 2>/dev/null | grep -c 'K+ 6.1, repeat at 02:00')" -eq 1 ] ||
    fail "bob did not get the draft"

# The line typed comes back with Up after a restart, from a file only
# alice can read.
keys alice C-q
wait_until 50 sh -c "$TM capture-pane -p -t alice | grep -q 'Quit?'" &&
    keys alice y
$TM kill-session -t alice
hist="$T/.local/state/hcwed/history/alice@$SERVER"
[ "$(stat -c %a "$hist")" = 600 ] || fail "the history file is not 0600"
client alice
expect alice "online" "alice did not log in again"
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob again"
keys alice Up
expect alice "\[bob\] K+ 6.1, repeat at 02:00" "Up did not bring back the line typed before the restart"
exit 0
