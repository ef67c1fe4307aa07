#!/bin/sh
# The quick start's first command in a real terminal: scripts/demo opens
# the full-screen client logged in as the demo clinician, with both
# screens; closing the terminal stops everything the demo started.
set -u
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
TM="tmux -L hcwed-demo-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; pkill -f "$top_builddir/demo/" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; $TM capture-pane -p -t demo 2>/dev/null; exit 1; }
shows() { $TM capture-pane -p -t demo | grep -q -- "$1"; }
expect() {
	n=150
	until shows "$1"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "$2"
		sleep 0.1
	done
}

$TM new-session -d -s demo -x 80 -y 24 "env TERM=screen-256color \
    LANG=C.UTF-8 HCWED_BUILD=$top_builddir HCWED_SKIP_BUILD=1 \
    sh $top_srcdir/scripts/demo"
expect "alice (available) | online" "the demo did not log alice in"
expect "Bob Okafor" "the demo colleague is not in the contact list"
shows "UNENCRYPTED" && fail "the demo connection is not encrypted"
$TM send-keys -t demo F3
expect "hotel" "F3 does not show the wedding screen"
echo "ok: the demo opens both screens over TLS"

# The bracket keeps pgrep from matching the shell that runs it.
mine="[$(printf %s "$top_builddir" | cut -c1)]$(printf %s "$top_builddir" | cut -c2-)/demo/"
pgrep -f -- "$mine" >/dev/null || fail "no demo servers are running"
$TM kill-server
n=50
while pgrep -f -- "$mine" >/dev/null; do
	n=$((n - 1))
	[ "$n" -gt 0 ] || fail "closing the terminal left: $(pgrep -af -- "$mine")"
	sleep 0.1
done
echo "ok: closing the terminal stops the demo"
