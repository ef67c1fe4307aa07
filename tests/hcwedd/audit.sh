#!/bin/sh
# The access-control settings and the audit trail from the command line:
# lockout after failed logins on a real server, "hcwedd user unlock", and
# "hcwedd audit" with its filters, as a table and as JSON lines.
. "$top_srcdir/tests/hcwedd/admin_lib.sh"

db=$tmp/h.db

# Settings out of range are refused before anything starts.
for bad_setting in "send_rate = 5000" "lockout_window = 0" \
    "lockout_time = 8d" "lockout_failures = x" "lockout_colour = 1"; do
	printf '%s\n' "$bad_setting" > "$tmp/bad.conf"
	expect 2 "bad.conf:1: ${bad_setting%% *}" "$hcwedd" --config "$tmp/bad.conf" --db "$db"
done

# The example configuration that ships is one the server takes.
"$hcwedd" --config "$top_srcdir/docs/hcwedd.conf.example" --listen 127.0.0.1:0 \
    --db "$tmp/example.db" --ready-file "$tmp/example.ready" 2>"$tmp/example.log" &
xpid=$!
pids="$pids $xpid"
wait_for "$tmp/example.ready" ":" && ok "docs/hcwedd.conf.example is taken" ||
    bad "docs/hcwedd.conf.example: $(cat "$tmp/example.log")"
kill "$xpid" 2>/dev/null

# Account changes, each audited.
echo pw-nyvpr-1234 | "$hcwedd" user add alice --role doctor --db "$db" >/dev/null || bad "add alice"
echo pw-obo-1234 | "$hcwedd" user add bob --role nurse --db "$db" >/dev/null || bad "add bob"
echo pw-pneby-1234 | "$hcwedd" user add carol --role nurse --db "$db" >/dev/null || bad "add carol"
expect 0 "changed the password of carol" sh -c "echo pw-c2-strong | '$hcwedd' user passwd carol --db '$db'"
expect 0 "deleted carol" "$hcwedd" user del carol --db "$db"
# A name with no account may be locked (failures count alike) and unlocked.
expect 0 "unlocked carol" "$hcwedd" user unlock carol --db "$db"
expect 2 "one NAME expected" "$hcwedd" user unlock --db "$db"

# Two failed checks lock alice for a minute; the right password then gets
# 423.  (No throttle, so that the cap alone is seen.)
cat > "$tmp/h.conf" <<EOF
db = $db
throttle_after = 0
lockout_failures = 2
lockout_window = 1m
lockout_time = 1m
EOF
serve "$tmp/h.conf"
hello='{"cmd":"hello","version":1}'
login() { printf '{"cmd":"login","user":"%s","password":"%s"}\n' "$1" "$2"; }

{ echo "$hello"; login alice bad; login alice bad; login alice pw-nyvpr-1234; } |
    nc -q 2 "$host" "$port" > "$tmp/lock.out"
[ "$(grep -c '"error":403' "$tmp/lock.out")" -eq 2 ] &&
    grep -q '"error":423.*try again in 60 s' "$tmp/lock.out" &&
    ok "two failures, then 423" || bad "lockout: $(cat "$tmp/lock.out")"
grep -q 'login locked user=alice' "$tmp/log" && ok "the lock is logged" ||
    bad "log: $(cat "$tmp/log")"
# hcwed says a lock apart from a wrong password: exit 5, not 3.
out=$(HCWED_PASSWORD=pw-nyvpr-1234 "$top_builddir/hcwed" send --insecure \
    --server "$host:$port" --user alice bob x 2>&1 </dev/null); got=$?
[ "$got" -eq 5 ] && printf '%s\n' "$out" | grep -q "try again in" &&
    ok "hcwed send exits 5 on a locked account" ||
    bad "locked: hcwed send -> $got: $out"

# The administrator unlocks alice while the server runs.
expect 0 "unlocked alice" "$hcwedd" user unlock alice --db "$db"
{ echo "$hello"; login alice pw-nyvpr-1234
  echo '{"cmd":"send","to":"bob","body":"SECRET-BODY-4711","cid":"c1"}'
  echo '{"cmd":"logout"}'; } | nc -q 2 "$host" "$port" > "$tmp/alice.out"
grep -q '"reply":"ack","cid":"c1","mid":1' "$tmp/alice.out" &&
    ok "alice logs in after the unlock and sends" || bad "alice: $(cat "$tmp/alice.out")"
{ echo "$hello"; login bob pw-obo-1234
  echo '{"cmd":"receipt","state":"read","mids":[1]}'; echo '{"cmd":"ping"}'; } |
    nc -q 2 "$host" "$port" > "$tmp/bob.out"
grep -q '"reply":"receipt"' "$tmp/bob.out" && ok "bob reads it" || bad "bob: $(cat "$tmp/bob.out")"
kill -TERM "$spid"; wait "$spid"; pids=""

# The table: a header and a row for every kind of event.
"$hcwedd" audit --db "$db" > "$tmp/all.txt" 2>&1 || bad "audit: $(cat "$tmp/all.txt")"
head -n 1 "$tmp/all.txt" | grep -q '^TIME  *EVENT  *USER  *ADDRESS  *PEER  *MID  *DETAIL' &&
    ok "table header" || bad "header: $(head -n 1 "$tmp/all.txt")"
for ev in user_add user_passwd user_del login_failed lockout user_unlock \
    login send delivered read logout; do
	grep -q "^[0-9T:.-]*Z  *$ev " "$tmp/all.txt" && ok "audit has $ev" ||
	    bad "no $ev in: $(cat "$tmp/all.txt")"
done
grep -q "lockout  *alice  *127.0.0.1:[0-9]* .*locked after 2 failed logins" "$tmp/all.txt" &&
    ok "lockout row names the address" || bad "lockout row: $(grep lockout "$tmp/all.txt")"
grep -q "user_unlock  *alice  *local .*by " "$tmp/all.txt" &&
    ok "unlock row names the operator" || bad "unlock row: $(grep unlock "$tmp/all.txt")"
grep -q "send  *alice  *127.0.0.1:[0-9]*  *bob  *1 " "$tmp/all.txt" &&
    ok "send row: who, from where, to whom, which message" || bad "send row"
grep -q "logout  *alice .*logout" "$tmp/all.txt" && ok "logout row" || bad "logout row"
grep -q "logout  *bob .*connection closed" "$tmp/all.txt" && ok "disconnect row" ||
    bad "disconnect row: $(grep logout "$tmp/all.txt")"

# JSON lines; never the body.
"$hcwedd" audit --json --db "$db" > "$tmp/all.json" || bad "audit --json"
[ "$(wc -l < "$tmp/all.json")" -eq "$(($(wc -l < "$tmp/all.txt") - 1))" ] &&
    ok "one JSON line a row" || bad "json lines: $(cat "$tmp/all.json")"
grep -q '"event":"send","user":"alice","addr":"127.0.0.1:[0-9]*","peer":"bob","mid":1,' "$tmp/all.json" &&
    ok "send as JSON" || bad "json send: $(grep send "$tmp/all.json")"
grep -q '"event":"login","user":"alice",.*"mid":null' "$tmp/all.json" &&
    ok "no mid is null" || bad "json login"
cat "$tmp/all.txt" "$tmp/all.json" | grep -q SECRET-BODY && bad "the body is in the audit" ||
    ok "no body in the audit"

# Filters.
"$hcwedd" audit --user bob --db "$db" > "$tmp/bob.txt"
grep -q "send  *alice .* bob " "$tmp/bob.txt" && ! grep -q "login_failed" "$tmp/bob.txt" &&
    ok "--user: rows by or about bob" || bad "--user bob: $(cat "$tmp/bob.txt")"
n=$("$hcwedd" audit --since 1h --json --db "$db" | wc -l)
[ "$n" -eq "$(wc -l < "$tmp/all.json")" ] && ok "--since 1h has everything" || bad "--since 1h: $n"
expect 0 "no audit rows match" "$hcwedd" audit --since 2099-01-01 --db "$db"
expect 0 "no audit rows match" "$hcwedd" audit --since 2099-01-01T10:00:00Z --db "$db"
n=$("$hcwedd" audit --since 2000-01-01T00:00+01:00 --json --db "$db" | wc -l)
[ "$n" -eq "$(wc -l < "$tmp/all.json")" ] && ok "--since with a zone" || bad "--since zone: $n"
expect 2 "--since: expected a time" "$hcwedd" audit --since yesterday --db "$db"
expect 2 "--since: expected a time" "$hcwedd" audit --since 2026-13-40 --db "$db"
expect 2 "--user NAME must be" "$hcwedd" audit --user 'Bad Name' --db "$db"
expect 2 "unexpected argument" "$hcwedd" audit extra --db "$db"
expect 1 "/nonexistent/x.db" "$hcwedd" audit --db /nonexistent/x.db

exit $fail
