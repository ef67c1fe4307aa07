#!/bin/sh
# Where unread starts: a "new" line above the first message read on
# coming back to a conversation (none for what arrives while one
# watches), and, scrolled up, a row of its own saying how many came
# below, never drawn over message text.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
client alice
expect alice "online" "alice did not log in"

as bob send alice "obs bed 4 stable" >/dev/null || fail "bob's first send"
expect alice "Bob Martin.*1" "no unread count from bob"
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"
keys alice -l "thanks"
keys alice Enter
expect alice "thanks \[stored\]" "alice's reply was not stored"
# Away on the wedding screen, two arrive; back, the line sits above them.
keys alice F3
as bob send alice "bed 6 temp 38.9" >/dev/null || fail "bob's second send"
as bob send alice "bed 6 cultures sent" >/dev/null || fail "bob's third send"
keys alice F2
expect alice "─ new ─" "no new marker on coming back"
above=$(screen alice | grep -A 1 -- "─ new ─" | tail -n 1)
case $above in
*"bed 6 temp 38.9"*) ;;
*) fail "the marker is not above the first new message: $(screen alice)" ;;
esac
# Watching, a message comes in: the marker stays where it was.
as bob send alice "bed 6 paracetamol given" >/dev/null || fail "bob's fourth send"
expect alice "bed 6 paracetamol given" "the live message did not show"
above=$(screen alice | grep -A 1 -- "─ new ─" | tail -n 1)
case $above in
*"bed 6 temp 38.9"*) ;;
*) fail "the marker moved to a message read as it came: $(screen alice)" ;;
esac

# Enough to scroll, then PgUp: the row below the messages says so.
i=1
while [ $i -le 25 ]; do
	as bob send alice "round note $i" >/dev/null || fail "bob's send $i"
	i=$((i + 1))
done
expect alice "round note 25" "the notes did not arrive"
keys alice PgUp
expect alice "── more below: End ─" "no row saying there is more below"
row=$(screen alice | grep -- "more below: End")
case $row in
*"round note"*|*"bed "*) fail "the indicator shares its row with text: $row" ;;
esac
as bob send alice "late note A" >/dev/null || fail "bob's late send A"
as bob send alice "late note B" >/dev/null || fail "bob's late send B"
expect alice "── 2 new below: End ─" "the indicator does not count what came"
shows alice "late note" && fail "the view moved while scrolled up"
keys alice End
expect alice "late note B" "End did not return to the newest"
shows alice "new below" && fail "the indicator stayed at the bottom"
above=$(screen alice | grep -A 1 -- "─ new ─" | tail -n 1)
case $above in
*"late note A"*) ;;
*) fail "the marker is not above what came while scrolled up: $(screen alice)" ;;
esac
exit 0
