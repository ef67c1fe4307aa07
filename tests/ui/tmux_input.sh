#!/bin/sh
# What a terminal sends as an escape sequence is never typed as text: a
# key the TERM does not describe (Ctrl-Left under screen-256color) is
# the key without its modifier, an unknown sequence is dropped, and
# mouse reports come in the SGR encoding, so the wheel works past column
# 223 (the old encoding cannot say 224).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
i=1
while [ $i -le 40 ]; do
	as bob send alice "observation round $i" >/dev/null 2>&1 || fail "bob's send $i"
	i=$((i + 1))
done
mkdir -p "$T/cfg-alice/hcwed"
printf 'mouse = yes\n' >"$T/cfg-alice/hcwed/config"
client alice
$TM resize-window -t alice -x 240 -y 30
expect alice "online" "alice did not log in"
keys alice b o b Enter
expect alice "observation round 40" "alice did not open bob"

# Ctrl-Left, an unknown CSI and an unknown SS3 between typed letters.
keys alice -l "ab"
keys alice -l "$(printf '\033[1;5D')"
keys alice -l "X$(printf '\033[99;3z')$(printf '\033O5')"
expect alice "\[bob\] aXb *$" "an escape sequence was typed: $(screen alice | tail -n 3)"

# The wheel at column 230 scrolls back (three rows).
keys alice -l "$(printf '\033[<64;230;10M')"
expect alice "more below: End" "the wheel past column 223 did nothing"
shows alice "<64;" && fail "the mouse report was typed"

# A draft longer than the input rows scrolls, and the prompt naming the
# recipient stays in sight on its first row.
keys alice End C-u
keys alice -l "$(i=0; while [ $i -lt 160 ]; do printf 'word%03d ' $i; i=$((i + 1)); done)"
expect alice "word159" "the long draft was not typed"
shows alice "word000" && fail "the draft did not scroll"
shows alice "^\[bob\] " || fail "the prompt scrolled away: $(screen alice | tail -n 6)"
exit 0
