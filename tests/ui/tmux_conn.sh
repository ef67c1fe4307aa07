#!/bin/sh
# Being offline is plain to see: OFFLINE and since when on the status bar,
# why (wrapped, with its fix) above the messages, presence greyed out as
# unknown; Alt-R connects at once; and all of it goes when the connection
# is back.  A refused certificate names --ca FILE.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
# pane NAME: NAME's conversation pane, the rows of a message wrapped
# there joined again.
pane() { screen "$1" | sed -n 's/^[^│]*│//p' | sed 's/ *$//' | tr '\n' ' '; }
client alice
expect alice "online" "alice did not log in"
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse) offline" "alice did not open bob"

hcwedd_stop
expect alice "OFFLINE since [0-2][0-9]:[0-5][0-9]" "no OFFLINE since on the status bar"
expect alice "(presence unknown while offline)" "presence is not shown as unknown"
pane alice | grep -q "Not connected: .*Alt-R tries again now." ||
    fail "no reason above the messages: $(screen alice)"
# Wait for a retry far enough off, then Alt-R beats it.
far() { screen alice | tail -n 2 | head -n 1 | grep -q "retry in \([3-9]\|[1-9][0-9]\)s"; }
wait_until 300 far || fail "the retries never backed off: $(screen alice | tail -n 2 | head -n 1)"
hcwedd_start "$PORT"
keys alice M-r
wait_until 15 shows alice "| online" || fail "Alt-R did not connect at once: $(screen alice | tail -n 2 | head -n 1)"
expect alice "Bob Martin (bob, nurse) offline" "presence did not come back"
shows alice "Not connected" && fail "the reason stayed once online"
shows alice "OFFLINE" && fail "OFFLINE stayed once online"
keys alice M-r
expect alice "already connected" "Alt-R online says nothing"

# A CA that did not sign the server's certificate: the fix is named.
$TM new-session -d -s wrongca -x 80 -y 24 \
    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=$(pw alice) \
    HOME=$T $HCWED --server $SERVER --user alice --ca $OTHER_CA; sleep 30"
wait_until 150 sh -c "$TM capture-pane -p -t wrongca | grep -q 'Not connected'" ||
    fail "no reason for the refused certificate: $(screen wrongca)"
pane wrongca | grep -q "give the CA that signs the server's certificate with --ca FILE (or tls_ca in hcwed.conf)" ||
    fail "the refusal does not name --ca FILE: $(pane wrongca)"
exit 0
