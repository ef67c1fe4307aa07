#!/bin/sh
# A message not yet stored survives a quit, a crash and a second session:
# it is kept on disk (0600) and sent exactly once, under its cid, at the
# next start.  Ctrl-Q asks first while anything is unsent (it quit at
# once, exit 0, and the message was gone).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/tmux_lib.sh"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"
box="$T/.local/state/hcwed/outbox/alice@$SERVER"
running() { pgrep -f "^$HCWED --server $SERVER --ca $CA --user alice" >/dev/null; }
stopped() { ! running; }
kept() { ls "$box"/*.msg >/dev/null 2>&1; }
empty() { ! kept; }
bob_got() { as bob listen --count "$1" 2>/dev/null; }

client alice
expect alice "online" "alice did not log in"
keys alice b o b Enter
expect alice "Bob Martin (bob, nurse)" "alice did not open bob"

# Offline: the message is pending.  Ctrl-Q asks; n stays; y quits.
hcwedd_stop
expect alice "OFFLINE since" "alice did not notice the server went"
keys alice -l "K 6.1 on the repeat, bed 4"
keys alice Enter
expect alice "bed 4 \[pending\]" "the message is not pending"
keys alice C-q
expect alice "1 message not yet stored: kept, sent at the next start. Quit? y/n" \
    "Ctrl-Q quit without asking"
keys alice n
sleep 0.3
running || fail "n quit all the same"
shows alice "Quit? y/n" && fail "the question stayed after n"
keys alice C-q
expect alice "Quit? y/n" "Ctrl-Q did not ask again"
keys alice y
wait_until 50 stopped || fail "y did not quit"
kept || fail "nothing kept in $box"
[ "$(stat -c %a "$box"/*.msg)" = 600 ] || fail "the outbox file is not 0600"
[ "$(stat -c %a "$box")" = 700 ] || fail "the outbox directory is not 0700"
grep -q '"body":"K 6.1 on the repeat, bed 4"' "$box"/*.msg ||
    fail "the outbox file does not hold the message"

# The next start sends it, and the file goes.
hcwedd_start "$PORT"
$TM kill-session -t alice
client alice
expect alice "online" "alice did not log in again"
keys alice b o b Enter
expect alice "bed 4 \[stored\]" "the kept message was not sent: $(screen alice)"
wait_until 50 empty || fail "the stored message stayed in the outbox"

# A crash: kill -9 with a message pending, then two sessions at once
# find it; bob gets it once.
hcwedd_stop
expect alice "OFFLINE since" "alice did not notice the server went again"
keys alice -l "Crash cart checked"
keys alice Enter
expect alice "Crash cart checked \[pending\]" "the second message is not pending"
wait_until 50 kept || fail "not on disk before the crash"
pkill -9 -f "^$HCWED --server $SERVER --ca $CA --user alice"
hcwedd_start "$PORT"
$TM kill-session -t alice
client alice
$TM new-session -d -s alice2 -x 80 -y 24 \
    "env TERM=screen-256color LANG=C.UTF-8 HCWED_PASSWORD=$(pw alice) \
    XDG_CONFIG_HOME=$T/cfg-alice HOME=$T $HCWED --server $SERVER --ca $CA \
    --user alice; sleep 30"
expect alice "online" "alice did not log in after the crash"
expect alice2 "online" "alice's second session did not log in"
wait_until 50 empty || fail "the message stayed in the outbox after the crash"
as alice send bob "the end" >/dev/null 2>&1 || fail "alice's last send"
bob_got 3 >"$T/bob.out" || fail "bob's listen failed"
[ "$(grep -c '"K 6.1 on the repeat, bed 4"' "$T/bob.out")" -eq 1 ] ||
    fail "bob did not get the first message once: $(cat "$T/bob.out")"
[ "$(grep -c '"Crash cart checked"' "$T/bob.out")" -eq 1 ] ||
    fail "bob did not get the second message once: $(cat "$T/bob.out")"
sed -n 3p "$T/bob.out" | grep -q '"the end"' ||
    fail "a message arrived twice: $(cat "$T/bob.out")"
exit 0
