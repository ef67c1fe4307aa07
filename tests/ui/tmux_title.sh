#!/bin/sh
# The terminal title follows the unread counts down as well as up, and
# the terminal's own title comes back when hcwed ends ("hcwed: 1 URGENT"
# stayed on after reading, and after exit).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
client alice "printf '\\033]2;ward-4 shell\\007'"
title() { $TM display-message -p -t alice '#{pane_title}'; }
titled() { [ "$(title)" = "$1" ]; }
expect alice "online" "alice did not log in"

as bob send --urgent alice "Crash call bay 2" >/dev/null || fail "bob's send"
wait_until 50 titled "hcwed: 1 URGENT, 1 unread" ||
    fail "no urgent title: $(title)"
# Alice opens the conversation (unread first): read, the title calms down.
keys alice Down Enter
expect alice "Crash call bay 2" "alice cannot read bob's message"
wait_until 50 titled "hcwed" || fail "the title stayed: $(title)"
# Ctrl-Q: the terminal has its own title back.
keys alice C-q
wait_until 50 titled "ward-4 shell" || fail "the title after exit: $(title)"
exit 0
