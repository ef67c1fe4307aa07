#!/bin/sh
# A pasted block of lab results is one draft with its line breaks, and a
# paste of more than paste_confirm_lines lines asks before it goes: it
# was sent line by line, each as its own message, as it was pasted.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
client alice
expect alice "online" "alice did not log in"
expect alice "Bob Martin" "alice's contact list has no Bob"
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"

# Seven lines, a tab in each, the way a lab system's table copies.
printf 'Bed 4 labs 06:00\nNa\t139\nK\t6.1 HIGH\nCl\t101\nHCO3\t22\nUrea\t9.8\nCreat\t142\n' >"$T/labs"
$TM load-buffer -b labs "$T/labs"
$TM paste-buffer -p -b labs -t alice
expect alice "pasted 7 lines" "the paste did not arrive as one block"
shows alice "\[stored\]" && fail "a line of the paste went out on its own"
shows alice "K       6.1 HIGH" || fail "the tab was not expanded: $(screen alice)"

# Enter asks first; Esc goes back with the text kept.
keys alice Enter
expect alice "Send 7 lines to bob?" "a long paste went without asking"
keys alice Escape
expect alice "not sent: the text is still there" "Esc did not go back"
shows alice "Creat   142" || fail "the draft went away: $(screen alice)"
keys alice Enter
expect alice "Send 7 lines to bob?" "Enter did not ask again"
keys alice y
expect alice "\[stored\]" "y did not send the paste"

# bob gets one message holding all seven lines, then the next one.
as alice send bob "after the labs" >/dev/null 2>&1 || fail "alice's send failed"
as bob listen --count 2 >"$T/bob.out" 2>/dev/null || fail "bob's listen failed"
head -n 1 "$T/bob.out" | grep -q 'Bed 4 labs 06:00\\nNa      139\\nK       6.1 HIGH\\n.*Creat   142"' ||
    fail "bob's first message is not the whole paste: $(cat "$T/bob.out")"
sed -n 2p "$T/bob.out" | grep -q '"after the labs"' ||
    fail "the paste went out in pieces: $(cat "$T/bob.out")"

# A short paste needs no question.
printf 'Na 139\nK 4.1\n' >"$T/short"
$TM load-buffer -b short "$T/short"
$TM paste-buffer -p -b short -t alice
expect alice "pasted 2 lines" "the short paste did not arrive"
keys alice Enter
expect alice "K 4.1 \[stored\]" "the short paste did not go at once"
exit 0
