#!/bin/sh
# The full-screen client says plainly when its connection is not
# encrypted: UNENCRYPTED on the status bar over plaintext (loopback, by
# --insecure), and not over TLS; and why a TLS connection is refused.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

start() {
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=pw-nyvpr-1234 \
	    HOME=$T $HCWED --server $SERVER --user alice $2; sleep 30"
}

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
start tls ""
expect tls "alice (available) | online" "no login over TLS"
shows tls "UNENCRYPTED" && fail "a TLS session shows UNENCRYPTED"

# A CA that did not sign the server's certificate: no login, and the
# reason on the screen, not only a countdown.
start wrongca "--ca $OTHER_CA"
expect wrongca "certificate was refused" \
    "the refused certificate is not explained on the screen"
shows wrongca "| online" && fail "logged in with the wrong CA"
hcwedd_stop

hcwedd_start_plain "$PORT"
start plain "--insecure"
expect plain "alice (available) | online UNENCRYPTED" \
    "a plaintext session does not show UNENCRYPTED"
exit 0
