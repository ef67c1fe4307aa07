#!/bin/sh
# Habits of irssi and WeeChat hands: a bare "hcwed" opens the client,
# the key hints at the bottom, Tab completing /commands and names,
# /query, /msg, /me, /help COMMAND and /close, numbered conversations (Alt-1..9, Alt-Right and Alt-Left), the
# activity list in the status bar, and help that fits the terminal.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
user_add carol pharmacist "Carol Diaz"
user_add dave porter "Dave Kim"
client alice
expect alice "online" "alice did not log in"
expect alice "Dave Kim" "alice's contact list has no Dave"
# A bare "hcwed" opens the client when the configuration names the
# server and the user.
mkdir -p "$T/cfg-dave/hcwed"
printf 'server = %s\nuser = dave\ntls_ca = %s\n' "$SERVER" "$CA" \
    >"$T/cfg-dave/hcwed/config"
$TM new-session -d -s dave -x 80 -y 24 "env TERM=screen-256color \
    LANG=C.UTF-8 HCWED_PASSWORD=$(pw dave) XDG_CONFIG_HOME=$T/cfg-dave \
    HOME=$T $HCWED; sleep 30"
expect dave "dave (available) | online" "a bare hcwed did not open the client"
expect alice "^F1 Help  F2 Chat  F3 Wedding  Alt-1..9 Go to" \
    "no key hints on the bottom row"

# Tab to the input line; "/q" Tab "b" Tab is "/query bob ".
keys alice Tab
keys alice / q Tab
expect alice "\[-\] /query$" "Tab did not complete /query"
keys alice b Tab
expect alice "\[-\] /query bob$" "Tab did not complete bob"
keys alice Enter
expect alice "Bob Martin (bob, nurse)" "/query did not open bob"
expect alice "^\[bob\]$" "no prompt for bob"

# /msg goes to carol while bob's conversation stays open.
keys alice -l "/msg car"
keys alice Tab
expect alice "\[bob\] /msg carol$" "Tab did not complete carol"
keys alice -l "Is the heparin ready?"
keys alice Enter
[ "$(as carol listen --count 1 2>/dev/null | grep -c '"from":"alice","to":"carol","body":"Is the heparin ready?"')" -eq 1 ] ||
    fail "/msg did not reach carol"
shows alice "Bob Martin (bob, nurse)" || fail "/msg moved off bob's conversation"

# /me is an action: "* alice ..." to bob, drawn without a name column.
keys alice -l "/me is on her way"
keys alice Enter
expect alice "[0-9][0-9]:[0-9][0-9] \* alice is on her way" "/me is not drawn as an action"
[ "$(as bob listen --count 1 2>/dev/null | grep -c '"body":"\* alice is on her way"')" -eq 1 ] ||
    fail "/me did not reach bob as an action"

# /help COMMAND says how to use it; an unknown one says so.
keys alice -l "/help msg"
keys alice Enter
expect alice "/msg NAME TEXT: send TEXT to NAME" "/help msg did not explain /msg"
keys alice -l "/help frob"
keys alice Enter
expect alice "no command /frob" "/help frob did not say there is none"

# Carol and dave write: their conversations take numbers 2 and 3, and the
# activity list names them, dave's urgent one marked.
as carol send alice "Heparin is ready" >/dev/null || fail "carol's send"
expect alice "Act: 2 carol" "no activity for carol: $(screen alice | tail -n 2)"
as dave send --urgent alice "Lift out of order" >/dev/null || fail "dave's send"
expect alice "!1 URGENT | Act: 3 dave!, 2 carol" "no urgent activity for dave"

# Alt-2 opens carol and clears her from the list; Alt-Right goes on to
# dave, Alt-Left back to carol, Alt-1 to bob.
keys alice M-2
expect alice "Carol Diaz (carol, pharmacist)" "Alt-2 did not open carol"
expect alice "Act: 3 dave!" "carol stayed in the activity list"
shows alice "Act: .*carol" && fail "carol is still active after reading"
keys alice M-Right
expect alice "Dave Kim (dave, porter)" "Alt-Right did not open dave"
wait_until 50 sh -c "! $TM capture-pane -p -t alice | grep -q 'Act:'" ||
    fail "the activity list stayed after everything was read"
keys alice M-Left
expect alice "Carol Diaz (carol, pharmacist)" "Alt-Left did not go back to carol"

# /close frees number 2; Alt-2 then says there is none, Alt-1 is bob.
keys alice -l "/close"
keys alice Enter
wait_until 50 sh -c "! $TM capture-pane -p -t alice | grep -q 'Carol Diaz (carol'" ||
    fail "/close left carol's conversation open"
keys alice Tab
keys alice M-2
expect alice "no conversation 2" "Alt-2 opened a closed conversation"
keys alice M-1
expect alice "Bob Martin (bob, nurse)" "Alt-1 did not open bob"

# Help, wrapped to a 45-column terminal: it says where one is in it,
# and ends with the /commands, the marks and the wedding glyphs.
$TM resize-window -t alice -x 45 -y 15
keys alice F1
expect alice "lines 1-[0-9]* of [0-9]*" "the help does not say where one is"
shows alice "F1, ?  *show or hide" || fail "the help is not in two columns"
keys alice End
expect alice "outcome unknown" "the help has no wedding glyphs"
i=0
while [ $i -lt 30 ] && ! shows alice "/query NAME"; do
	keys alice PgUp
	i=$((i + 1))
done
expect alice "/query NAME\|/msg NAME TEXT\|/close\|/help" \
    "the help does not list the /commands: $(screen alice)"
keys alice q
keys alice -l "/close"
keys alice Enter
expect alice "/query NAME\.$" "no hint with no conversation open"
exit 0
