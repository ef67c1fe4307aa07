#!/bin/sh
# Never lose what was typed: a message typed while the server is down
# shows as pending with a reconnect countdown, goes out with its client id
# when the server is back, and appears exactly once on both screens.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"

start() {
	mkdir -p "$T/cfg-$1"
	$TM new-session -d -s "$1" -x 80 -y 24 \
	    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=$(pw "$1") \
	    XDG_CONFIG_HOME=$T/cfg-$1 HOME=$T $HCWED --server $SERVER \
	    --ca $CA --user $1; sleep 30"
}

start alice
start bob
expect alice "online" "alice did not log in"
expect bob "online" "bob did not log in"
$TM send-keys -t alice b o b Enter
expect alice "Bob Martin (bob" "alice did not open bob"
$TM send-keys -t bob a l i c e Enter
expect bob "Dr Alice Moreau (alice" "bob did not open alice"

hcwedd_kill9
expect alice "OFFLINE since" "no reconnect countdown"
$TM send-keys -t alice -l "typed while offline"
$TM send-keys -t alice Enter
expect alice "typed while offline \[pending\]" "not shown as pending"

hcwedd_start "$PORT"
expect alice "online" "alice did not reconnect"
expect bob "typed while offline" "bob never got the message"
expect alice "typed while offline \[read\]" "no read receipt after reconnect"
[ "$(screen bob | grep -c 'typed while offline')" -eq 1 ] ||
    fail "bob sees the message more than once"
[ "$(screen alice | grep -c 'typed while offline')" -eq 1 ] ||
    fail "alice sees the message more than once"
exit 0
