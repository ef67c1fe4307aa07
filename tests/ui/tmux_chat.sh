#!/bin/sh
# The full-screen client in a real terminal: hcwedd on loopback, alice and
# bob in tmux.  A message typed by alice shows on bob's screen, and "read"
# shows on alice's once bob opens the conversation; urgent, CJK, emoji
# and escape sequences display safely; resizes keep the screen whole;
# the idle lock hides every message.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
user_add carol pharmacist "Carol Diaz"

mkdir -p "$XDG_CONFIG_HOME/hcwed"
# Bob's screen locks after 5 s without input.
printf 'lock_timeout = 5s\nurgent_alert_interval = 1s\nmouse = yes\n' \
    >"$T/bob.conf"

# start NAME: a 80x24 tmux session running hcwed as NAME.
start() {
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=$(pw "$1") \
	    XDG_CONFIG_HOME=$T/cfg-$1 HOME=$T $HCWED --server $SERVER \
	    --ca $CA --user $1; sleep 30"
}
# click NAME COL ROW [PREFIX]: a left press and release at 1-based COL, ROW,
# in the X10 mouse encoding the terminal would send; PREFIX goes in the same
# write as the press.
click() {
	pos=$(printf "\\$(printf %03o $((32 + $2)))\\$(printf %03o $((32 + $3)))")
	keys "$1" -l "${4-}$(printf '\033[M ')$pos"
	keys "$1" -l "$(printf '\033[M#')$pos"
}

mkdir -p "$T/cfg-alice/hcwed" "$T/cfg-bob/hcwed"
cp "$T/bob.conf" "$T/cfg-bob/hcwed/config"
start alice
expect alice "online" "alice did not log in"
expect alice "Bob Martin" "alice's contact list has no Bob"
expect alice "\[chat\]" "no status bar"

# Alice filters the contact list to bob, opens and types.
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"
keys alice -l "Bed 4 needs review"
keys alice Enter
expect alice "Bed 4 needs review" "alice's message is not on her screen"
expect alice "\[stored\]" "alice's message was not stored"

start bob
expect bob "online" "bob did not log in"
# Unread first, with a count, before bob opens anything.
expect bob "Dr Alice Moreau.*1" "bob sees no unread count from alice"
shows alice "\[read\]" && fail "read before bob opened the conversation"
keys bob Down Enter
expect bob "Bed 4 needs review" "bob cannot read alice's message"
expect alice "\[read\]" "alice never sees read"

# Hostile and wide text from bob: escape sequences are shown, not obeyed.
# (Sent with hcwed send: typed into the client, ESC is a key, not text.)
as bob send alice "$(printf 'bold \033[1mX\033[0m and \033]2;pwned\007 title')" \
    >/dev/null || fail "hcwed send with escapes"
keys bob -l "病院 ward 💉 ok"
keys bob Enter
keys bob -l "/urgent crash call bay 2"
keys bob Enter
expect alice "\^\[\[1mX\^\[\[0m" "the escape sequence was not neutralised"
expect alice "病院 ward 💉 ok" "CJK/emoji text is missing"
expect alice "URGENT: crash call bay 2" "urgent message not marked"
screen alice | grep -q "pwned" || fail "OSC text vanished instead of showing"
title=$($TM display-message -p -t alice '#{pane_title}')
[ "$title" != "pwned" ] || fail "a message set the terminal title"

# Resizes: tiny says so, then 200x60 and 80x24 draw everything again.
$TM resize-window -t alice -x 30 -y 8
expect alice "too small" "no too-small notice at 30x8"
$TM resize-window -t alice -x 200 -y 60
expect alice "Bed 4 needs review" "200x60 lost the conversation"
expect alice "\[chat\]" "200x60 lost the status bar"
[ "$(screen alice | wc -l)" -eq 60 ] || fail "200x60 is not 60 rows"
$TM resize-window -t alice -x 80 -y 24
expect alice "病院 ward 💉 ok" "80x24 lost the wide text"
expect alice "URGENT: crash call bay 2" "80x24 lost the urgent message"

# The help overlay lists the key table.
keys alice F1
expect alice "hcwed help" "F1 shows no help"
expect alice "show the wedding screen" "help lacks a binding"
keys alice q
wait_until 50 sh -c "! $TM capture-pane -p -t alice | grep -q 'hcwed help'" ||
    fail "help does not close"

# Bob's idle lock: no message text, then the password brings it back.
expect bob "Password for bob" "bob's screen did not lock"
shows bob "Bed 4" && fail "the lock view shows message text"
shows bob "ward" && fail "the lock view shows message text"
# Nobody has seen what arrives while locked, clicks or not: no "read".
keys alice -l "Lab results back"
keys alice Enter
expect alice "Lab results back.*\[delivered\]" "no delivery to a locked screen"
for row in 2 3 4 5 6; do click bob 4 "$row"; done
sleep 1.5
shows alice "Lab results back.*\[read\]" &&
    fail "a click on the lock view marked a message read"
keys bob -l "not-it"
keys bob Enter
expect bob "Wrong password" "a wrong unlock password is accepted"
# A guess straight after a wrong one is not even checked (1 s, doubling).
keys bob -l "pw-obo-1234"
keys bob Enter
expect bob "Too soon after a wrong password" "no delay after a wrong unlock"
shows bob "Bed 4" && fail "an unlock too soon after a wrong one was checked"
sleep 1.2
keys bob -l "pw-obo-1234"
keys bob Enter
expect bob "Bed 4 needs review" "unlocking does not bring the screen back"
expect alice "Lab results back.*\[read\]" "unlocked, the message is read"
# The click itself works once unlocked: it opens the broadcast view.  An
# Esc in the same read just before it is a key of its own (focus to the
# contact list, whose filter line moves the rows down one), not lost with
# the click.
row=$(screen bob | grep -n 'everyone' | head -1 | cut -d: -f1)
[ -n "$row" ] || fail "bob's contact list has no everyone row"
click bob 4 $((row + 1)) "$(printf '\033')"
expect bob "everyone (everyone: " "a click on the contact list does not open it"

keys alice -l "/quit"
keys alice Enter
wait_until 50 sh -c "! $TM capture-pane -p -t alice | grep -q 'chat\]'" ||
    fail "/quit does not leave the screen"

# A client whose terminal goes away (ssh dropped, tmux killed) must exit,
# not spin on a hung-up terminal.
# The bracket keeps pgrep from matching the shell that runs it; the
# server's port keeps it from matching another test's bob.
bob_client="[-]-server $SERVER --ca $CA --user bob"
pgrep -f -- "$bob_client" >/dev/null || fail "bob's client is not running"
$TM kill-session -t bob
wait_until 50 sh -c "! pgrep -f -- '$bob_client' >/dev/null" ||
    fail "the client outlives its terminal"
exit 0
