#!/bin/sh
# The wedding dashboard in a real terminal: hcwedd and hcwed-slotd (no
# faults, no bots) on loopback, hcwed in tmux with the booking settings.
# Both grids and the request log fill; in manual mode the cursor goes to
# a slot and Enter reserves it, which curl then reads back from both
# services.  A client without the settings says which ones it needs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
SLOTD=$top_builddir/hcwed-slotd
[ -x "$SLOTD" ] || skip "hcwed-slotd is not built"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"

"$SLOTD" token add alice --db "$T/slots.db" >"$T/keys" || fail "token add"
HOTEL_KEY=$(awk '$1 == "hotel" { print $2 }' "$T/keys")
BAND_KEY=$(awk '$1 == "band" { print $2 }' "$T/keys")
# curl reads with the client's own keys while the client polls: the rate
# rule is only counted, so that a read never turns into a 429.
"$SLOTD" --listen 127.0.0.1:0 --db "$T/slots.db" --faults none \
    --rate-limit count --ready-file "$T/slotd.addr" 2>"$T/slotd.log" &
started $!
wait_until 100 test -s "$T/slotd.addr" || fail "hcwed-slotd did not start"
SLOTS=$(cat "$T/slotd.addr")

mkdir -p "$T/cfg-alice/hcwed" "$T/cfg-bare/hcwed"
(umask 077
 echo "$HOTEL_KEY" >"$T/hotel.key"
 echo "$BAND_KEY" >"$T/band.key")
cat >"$T/cfg-alice/hcwed/config" <<EOF
hotel_url = http://$SLOTS/hotel/api
band_url = http://$SLOTS/band/api
hotel_key_file = $T/hotel.key
band_key_file = $T/band.key
EOF

# start NAME CONFIG: an 80x24 tmux session running hcwed as alice.
start() {
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=pw-nyvpr-1234 \
	    XDG_CONFIG_HOME=$T/$2 XDG_STATE_HOME=$T/state HOME=$T \
	    $HCWED --server $SERVER --ca $CA --user alice; sleep 30"
}
# held KEY SERVICE SLOT: GET /reservation at SERVICE lists SLOT.
held() {
	curl -s -H "Authorization: Bearer $1" \
	    "http://$SLOTS/$2/api/reservation" | grep -q "\"id\":\"$3\""
}

start alice cfg-alice
expect alice "online" "alice did not log in"
# The planner works while the chat screen is shown, and the pair it
# takes rings and sets the title as a message would.
title() { [ "$($TM display-message -p -t alice '#{pane_title}')" = "$1" ]; }
wait_until 150 title "hcwed: wedding pair at slot 1" ||
    fail "no title for the pair taken behind the chat screen"
# Its own sound: the visual bell, so that a ringing bell always means a
# clinical message.
[ "$($TM display-message -p -t alice '#{window_bell_flag}')" = 0 ] ||
    fail "the wedding alert rang the clinical bell"
shows alice "\[chat\]" || fail "the chat screen did not stay"
keys alice F3
expect alice "\[wedding\]" "F3 does not show the dashboard"
expect alice "^hotel  slot 1: " "no hotel grid"
expect alice "^band  slot 1: " "no band grid"
expect alice "^451 " "the grid rows are not labelled"
expect alice "requests (both, all)" "no request log"
expect alice "GET  avail 200" "the log shows no availability query"
# Auto mode takes the earliest pair, slot 1.
expect alice "pair  1" "auto mode did not take slot 1"
held "$HOTEL_KEY" hotel 1 || fail "the hotel does not list slot 1"
held "$BAND_KEY" band 1 || fail "the band does not list slot 1"
expect alice "^  1 P" "slot 1 is not drawn as the pair"

# Manual mode: g 137 Enter, then Right moves to 138; Enter reserves it.
keys alice m
expect alice "mode manual" "m does not switch to manual"
keys alice g 1 3 7 Enter
expect alice "hotel  slot 137: " "g 137 did not move the cursor"
keys alice Right
expect alice "band  slot 138: free" "the cursor is not on slot 138 in both"
keys alice Enter
i=0
until held "$HOTEL_KEY" hotel 138 && held "$BAND_KEY" band 138; do
	i=$((i + 1))
	[ "$i" -le 150 ] || { screen alice >&2; fail "138 is not held at both"; }
	sleep 0.1
done
expect alice "hotel 1 138" "holdings do not list 1 and 138 at the hotel"
# Manual mode keeps both pairs: slot 1 is still held at both.
held "$HOTEL_KEY" hotel 1 && held "$BAND_KEY" band 1 ||
    fail "the manual pick released slot 1"

# A bad slot number is refused in words.
keys alice g 9 9 9 Enter
expect alice "no slot \"999\"" "g 999 is not refused"

# The log filters: the hotel only, then its failures only.
keys alice s
expect alice "requests (hotel, all)" "s does not filter the log"
expect alice " H GET  avail 200" "the hotel filter hides hotel requests"
shows alice " B GET " && fail "the hotel filter shows band requests"
keys alice f
expect alice "requests (hotel, failed)" "f does not filter by status"
shows alice " 200$" && fail "the failures filter shows successes"
keys alice f f s s

# The help overlay lists the dashboard's keys.
keys alice F1
expect alice "wedding screen" "help lacks the wedding screen keys"
keys alice q

# Resizes: 200x60 uses the room, 80x24 again keeps everything.
$TM resize-window -t alice -x 200 -y 60
expect alice "hotel    slot 138: my pair\|hotel  slot 138: my pair" \
    "200x60 lost the grids"
[ "$(screen alice | wc -l)" -eq 60 ] || fail "200x60 is not 60 rows"
$TM resize-window -t alice -x 80 -y 24
expect alice "^band  slot 138: my pair" "80x24 lost the band grid"

# Without the settings the dashboard names them.
start bare cfg-bare
expect bare "online" "the bare client did not log in"
keys bare F3
expect bare "no hotel URL" "no missing-setting message"
expect bare "hotel_key_file = PATH" "the settings are not listed"
exit 0
