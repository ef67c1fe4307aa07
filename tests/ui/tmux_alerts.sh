#!/bin/sh
# Alerts: another's message naming me, or a word from "highlight", stands
# out (as a word: "heparinised" is not "heparin"); "notify = osc777" sends
# a desktop notification through the terminal that says who wrote, never
# what; and a clinical message rings the bell.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
mkdir -p "$T/cfg-alice/hcwed"
printf 'highlight = crash heparin\nnotify = osc777\n' \
    >"$T/cfg-alice/hcwed/config"
client alice
$TM pipe-pane -O -t alice "cat >>$T/alice.out"
expect alice "online" "alice did not log in"

as bob send alice "alice, bed 4 needs you" >/dev/null || fail "bob's send"
expect alice "Bob Martin.*1" "no unread count from bob"
wait_until 50 has "$T/alice.out" "777;notify;hcwed;message from Bob Martin" 1 ||
    fail "no desktop notification: $(od -c "$T/alice.out" | tail -n 5)"
grep -q "bed 4" "$T/alice.out" && fail "the notification carried the text"
[ "$($TM display-message -p -t alice '#{window_bell_flag}')" = 1 ] ||
    fail "a clinical message did not ring the bell"

as bob send alice "heparin due at 14:00" >/dev/null || fail "bob's second send"
as bob send alice "heparinised line flushed, ask malice" >/dev/null ||
    fail "bob's third send"
as bob send alice "crash trolley checked" >/dev/null || fail "bob's fourth send"
keys alice b o b Enter
expect alice "crash trolley checked" "alice did not open bob"
# SGR underline (4) is the highlight's mark, with or without colour.
lit() {
	$TM capture-pane -p -e -t alice | grep -- "$1" |
	    grep -q "$(printf '\033')\[\([0-9]*;\)*4\(;[0-9]*\)*m"
}
lit "alice, bed 4 needs you" || fail "my name did not highlight the message"
lit "heparin due at 14:00" || fail "a highlight word did not"
lit "crash trolley checked" || fail "the second highlight word did not"
lit "heparinised line" && fail "a word inside a longer one highlighted"
exit 0
