#!/bin/sh
# Messages to a user who is logged out reach them at their next login,
# across a restart of the server, and only once.
. "$top_srcdir/tests/lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"

for i in 1 2 3; do
	as alice send bob "offline $i" >>"$T/mids" || fail "send $i"
done
hcwedd_stop
hcwedd_start "$PORT"

as bob listen --count 3 >"$T/bob.out" 2>>"$T/listen.log" ||
    fail "listen after the restart"
i=1
for mid in $(cat "$T/mids"); do
	sed -n "${i}p" "$T/bob.out" | grep -q "\"mid\":$mid,.*\"body\":\"offline $i\"" ||
	    fail "message $i: $(cat "$T/bob.out")"
	i=$((i + 1))
done
# Delivered now: the next login starts with the next new message.
m4=$(as alice send bob "after") || fail "send after"
as bob listen --count 1 >"$T/bob2.out" 2>>"$T/listen.log" || fail "listen 2"
grep -q "\"mid\":$m4,.*\"body\":\"after\"" "$T/bob2.out" ||
    fail "offline messages delivered twice: $(cat "$T/bob2.out")"

# Two waiting, --count 1: one printed and marked read, the other neither.
listen_bg alice "$T/alice.out"
alice_up() { as bob who 2>/dev/null | grep -q '^alice .* available$'; }
wait_until 100 alice_up || fail "alice's listener did not log in"
m5=$(as alice send bob "queued 1") || fail "send queued 1"
m6=$(as alice send bob "queued 2") || fail "send queued 2"
as bob listen --read --count 1 >"$T/bob3.out" 2>>"$T/listen.log" ||
    fail "listen --count 1"
[ "$(lines "$T/bob3.out" '"event":"message"')" -eq 1 ] ||
    fail "--count 1 printed: $(cat "$T/bob3.out")"
wait_until 100 has "$T/alice.out" "\"mid\":$m5,\"by\":\"bob\",\"state\":\"read\"" 1 ||
    fail "no read receipt for the message printed"
has "$T/alice.out" "\"mid\":$m6,\"by\":\"bob\",\"state\":\"read\"" 1 &&
    fail "message $m6 was marked read but never printed"
exit 0
