#!/bin/sh
# One user in two sessions, and accounts that come while logged in: what
# bob reads on the ward stops alerting at his desk; a session started
# later counts what the others received and nobody read; an account added
# appears under its display name at once; one's own account never joins
# one's contact list.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
# session NAME USER: another terminal logged in as USER.
session() {
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=$(pw "$2") \
	    XDG_CONFIG_HOME=$T/cfg-$2 HOME=$T $HCWED --server $SERVER \
	    --ca $CA --user $2; sleep 30"
}
mkdir -p "$T/cfg-bob/hcwed"
printf 'urgent_alert_interval = 1s\n' >"$T/cfg-bob/hcwed/config"
client alice
session ward bob
session desk bob
expect alice "online" "alice did not log in"
expect ward "online" "the ward session did not log in"
expect desk "online" "the desk session did not log in"

as alice send --urgent bob "K 6.1, repeat now" >/dev/null || fail "alice's send"
expect ward "1 URGENT" "the ward has no urgent alert"
expect desk "1 URGENT" "the desk has no urgent alert"
keys ward a l i c e Enter
expect ward "K 6.1, repeat now" "the ward did not open alice"
expect desk "online  *[0-9][0-9]:[0-9][0-9] *$" \
    "the desk still counts what the ward read: $(screen desk | tail -n 2 | head -n 1)"
shows desk "URGENT" && fail "the desk still alerts"

# Delivered to both, read by neither (the ward is locked): a new
# session counts it.
keys ward M-l
expect ward "Password for bob" "the ward did not lock"
as alice send bob "Bed 9 obs due" >/dev/null || fail "alice's second send"
expect desk "Act: .*alice" "the desk did not get the second message"
session late bob
expect late "online" "the late session did not log in"
expect late "Act: .*alice" "a new session does not count what others left unread"

# An account added now appears by its display name, at once.
user_add carol pharmacist "Carol Diaz"
expect alice "Carol Diaz" "carol's display name did not reach alice"

# Alice's own presence change does not list her as a contact.
keys alice Tab
keys alice -l "/presence away"
keys alice Enter
expect alice "alice (away)" "alice's presence did not change"
sleep 1
shows alice "Dr Alice Moreau" && fail "alice's own account joined her list"
exit 0
