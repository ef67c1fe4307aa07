#!/bin/sh
# hcwedd's command line: options, configuration errors, the admin user
# commands, and a real server on loopback: TCP framing (413), SIGHUP log
# reopening, and SIGTERM draining with bye, exit 0 and nothing lost.
. "$top_srcdir/tests/hcwedd/admin_lib.sh"

db=$tmp/h.db
expect 0 "usage: hcwedd" "$hcwedd" --help
expect 0 "^hcwedd [0-9]" "$hcwedd" --version
expect 0 "usage: hcwedd user add NAME" "$hcwedd" user --help
expect 0 "usage: hcwedd audit" "$hcwedd" audit -h
expect 2 "unknown option --bogus" "$hcwedd" --bogus
expect 2 "--db needs a value" "$hcwedd" --db
expect 2 "unexpected argument" "$hcwedd" extra
expect 2 "log level \"loud\"" "$hcwedd" --log-level loud --db "$db"
printf 'listen = 127.0.0.1:0\ncolour = blue\n' > "$tmp/bad.conf"
expect 2 "bad.conf:2: colour: unknown setting" "$hcwedd" --config "$tmp/bad.conf"
printf 'line_max = 12\n' > "$tmp/small.conf"
expect 2 "small.conf:1: line_max" "$hcwedd" --config "$tmp/small.conf"
expect 2 "no such file\|No such file" "$hcwedd" --config "$tmp/none.conf"
expect 1 "expected HOST:PORT" "$hcwedd" --listen nowhere --db "$db"

# Admin commands.
expect 2 "which of add" "$hcwedd" user
expect 2 "unknown action" "$hcwedd" user fly
expect 2 "--role is required" "$hcwedd" user add zed --db "$db"
# A refused command line leaves no database behind.
expect 2 "--role is required" "$hcwedd" user add zed --db "$tmp/fresh.db"
[ -e "$tmp/fresh.db" ] && bad "user add without --role made a database" ||
    ok "no database made"
expect 2 "one NAME expected" "$hcwedd" user add --role nurse --db "$db"
expect 2 "NAME must be" "$hcwedd" user add Zed --role nurse --db "$db"
expect 1 "no password given" "$hcwedd" user add zed --role nurse --db "$db"
# The password policy: 8 bytes at least, no dictionary word, common
# pattern or the name itself (libpwquality), passphrases up to 256 bytes.
pwtry() { printf '%s\n' "$2" | "$hcwedd" user add "$1" --role nurse --db "$db" ${3:+--config "$3"} 2>&1; }
out=$(pwtry zed x); [ $? -eq 1 ] && echo "$out" | grep -q "shorter than 8 bytes" &&
    ok "a one-character password is refused" || bad "one character: $out"
out=$(pwtry zed password1); [ $? -eq 1 ] && echo "$out" | grep -q "dictionary" &&
    ok "a dictionary password is refused" || bad "dictionary: $out"
out=$(pwtry zedekiah zedekiah-4711); [ $? -eq 1 ] && echo "$out" | grep -q "user name" &&
    ok "a password with the name in it is refused" || bad "name: $out"
long=$(printf '%s' "Bed 4 needs review before the night round, potassium 6.1 and rising; \
call the registrar on 2231 if the ECG shows peaked T waves, then repeat the \
bloods at 02:00 and hand over to the day team with the fluid chart, the \
drug kardex and a note on the family's questions about discharge plans" | cut -c1-256)
out=$(pwtry yann "$long"); [ $? -eq 0 ] && [ ${#long} -eq 256 ] &&
    ok "a 256-byte passphrase is taken" || bad "256 bytes: $out"
out=$(pwtry yves "${long}x"); [ $? -eq 1 ] && echo "$out" | grep -q "longer than 256" &&
    ok "257 bytes are refused" || bad "257 bytes: $out"
printf 'password_min_length = 12\n' > "$tmp/pw12.conf"
out=$(pwtry zed 'Tr0ub4dor&3' "$tmp/pw12.conf"); [ $? -eq 1 ] && echo "$out" | grep -q "shorter than 12" &&
    ok "password_min_length is honoured" || bad "min 12: $out"
printf 'password_check = no\n' > "$tmp/nocheck.conf"
out=$(pwtry xavier password1 "$tmp/nocheck.conf"); [ $? -eq 0 ] &&
    ok "password_check = no leaves the length only" || bad "no check: $out"
out=$(echo pw-nyvpr-1234 | "$hcwedd" user add alice --role doctor --display "Dr Alice Moreau" --db "$db" 2>&1)
[ $? -eq 0 ] && [ "$out" = "added alice (doctor)" ] && ok "user add alice" || bad "user add alice: $out"
# Password hashes and messages: the file is its owner's alone.
[ "$(stat -c %a "$db")" = 600 ] && ok "database mode 600" ||
    bad "database mode $(stat -c %a "$db")"
# Whatever the umask: the directories of the default database are made
# 0700, the file and its -wal and -shm 0600; and a file others may read
# is refused.  A --db in a missing directory is an error, not a tree.
expect 1 "$tmp/no/such/h.db: No such file" "$hcwedd" user list --db "$tmp/no/such/h.db"
[ -e "$tmp/no" ] && bad "a missing path was made" || ok "no tree made"
deep=$tmp/state/hcwed/hcwedd.db
(umask 000; echo pw-zed-1 | XDG_STATE_HOME=$tmp/state "$hcwedd" user add zed --role nurse >/dev/null) ||
    bad "user add into the default database"
[ "$(stat -c %a "$tmp/state" "$tmp/state/hcwed" "$deep" | tr '\n' ' ')" = "700 700 600 " ] &&
    ok "default directories 700, database 600 under umask 000" ||
    bad "modes: $(stat -c '%n %a' "$tmp/state" "$tmp/state/hcwed" "$deep")"
(umask 000; "$hcwedd" --listen 127.0.0.1:0 --db "$deep" --ready-file "$tmp/deep.ready" \
    --log-file "$tmp/deep.log" & echo $! > "$tmp/deep.pid"; wait) &
wait_for "$tmp/deep.ready" ":" || bad "server on the deep database not ready"
[ "$(stat -c %a "$deep-wal" "$deep-shm" | tr '\n' ' ')" = "600 600 " ] &&
    ok "-wal and -shm 600" || bad "wal/shm: $(stat -c '%n %a' "$deep-wal" "$deep-shm")"
kill "$(cat "$tmp/deep.pid")"
wait
chmod 644 "$deep"
expect 1 "others may read or write it (mode 0644).*run: chmod 600 $deep" \
    "$hcwedd" --listen 127.0.0.1:0 --db "$deep"
expect 1 "run: chmod 600 $deep" "$hcwedd" user list --db "$deep"
chmod 600 "$deep"
: > "$deep-wal"
chmod 640 "$deep-wal"
expect 1 "run: chmod 600 $deep-wal" "$hcwedd" user list --db "$deep"
echo pw-obo-1234 | "$hcwedd" user add bob --role nurse --db "$db" >/dev/null || bad "user add bob"
echo pw-pneby-1234 | "$hcwedd" user add carol --role pharmacist --db "$db" >/dev/null || bad "user add carol"
out=$(echo again-bob-pw9 | "$hcwedd" user add bob --role nurse --db "$db" 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q "user bob already exists" && ok "duplicate add" || bad "duplicate add: $out"
list=$("$hcwedd" user list --db "$db")
echo "$list" | grep -q '^alice  *doctor  *active  *Dr Alice Moreau$' && ok "list shows alice" || bad "list: $list"
[ "$(echo "$list" | sed -n '2p;3p;4p' | cut -d' ' -f1 | tr '\n' ' ')" = "alice bob carol " ] && ok "list sorted" || bad "list order: $list"
expect 0 "deleted carol" "$hcwedd" user del carol --db "$db"
expect 1 "no such user: carol" "$hcwedd" user del carol --db "$db"
# A display name with a terminal escape is listed, not obeyed.
printf 'pw-rir-1234\n' | "$hcwedd" user add eve --role nurse \
    --display "$(printf 'Eve\033[2J')" --db "$db" >/dev/null || bad "user add eve"
esc=$(printf '\033')
"$hcwedd" user list --db "$db" | grep '^eve ' | grep -q "$esc" &&
    bad "user list wrote the escape raw" || ok "user list shows escapes"
expect 0 "deleted eve" "$hcwedd" user del eve --db "$db"
expect 1 "no such user: carol" "$hcwedd" user passwd carol --db "$db"
out=$(echo new-bob-pw9 | "$hcwedd" user passwd bob --db "$db" 2>&1)
[ $? -eq 0 ] && ok "passwd bob" || bad "passwd bob: $out"
# Two admins adding accounts to a new file at the same moment both succeed
# (the switch to WAL would otherwise answer "database is locked").
races=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	(echo pw-race-1234 | "$hcwedd" user add a --role nurse --db "$tmp/race$i.db" >/dev/null 2>>"$tmp/race.err") &
	pa=$!
	(echo pw-race-1234 | "$hcwedd" user add b --role nurse --db "$tmp/race$i.db" >/dev/null 2>>"$tmp/race.err") &
	wait "$pa" $!
	[ "$("$hcwedd" user list --db "$tmp/race$i.db" | wc -l)" -eq 3 ] || races=$((races + 1))
done
[ "$races" -eq 0 ] && [ ! -s "$tmp/race.err" ] && ok "parallel user add on a new file" ||
    bad "parallel user add lost $races of 10: $(head -1 "$tmp/race.err")"
printf 'db = %s\n' "$db" > "$tmp/h.conf"
"$hcwedd" user list --config "$tmp/h.conf" | grep -q '^bob ' && ok "user list --config" || bad "user list --config"

# conn_open NAME FD: a connection fed through the FIFO $tmp/NAME.in, which
# this shell holds open on FD, so that it stays open with no writer process
# to leave behind; what the server says goes to $tmp/NAME.out.
conn_open() {
	rm -f "$tmp/$1.in" "$tmp/$1.out"
	mkfifo "$tmp/$1.in"
	nc "$host" "$port" <"$tmp/$1.in" >"$tmp/$1.out" &
	eval "nc_$1=\$!"
	pids="$pids $!"
	eval "exec $2>\"\$tmp/\$1.in\""
}

# conn_close NAME FD: end the input and stop that nc.
conn_close() {
	eval "exec $2>&-"
	eval "p=\$nc_$1"
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$tmp/$1.in"
}

# conn_gone NAME FD: end the input, then a bounded wait for nc to exit,
# which it does only once the server has closed the connection.
conn_gone() {
	eval "exec $2>&-"
	eval "p=\$nc_$1"
	i=0
	while kill -0 "$p" 2>/dev/null; do
		[ $i -lt 100 ] || return 1
		sleep 0.1; i=$((i + 1))
	done
	return 0
}

# A real server.
start_server() {
	rm -f "$tmp/ready"
	"$hcwedd" --listen 127.0.0.1:0 --db "$db" --ready-file "$tmp/ready" \
	    --log-file "$tmp/log" --log-level debug &
	spid=$!
	pids="$pids $spid"
	wait_for "$tmp/ready" ":" || { bad "server not ready"; exit 1; }
	addr=$(cat "$tmp/ready")
	host=${addr%:*} port=${addr##*:}
}
start_server

# A connection that stays open until the server says bye.
hello='{"cmd":"hello","version":1}'
conn_open bob 3
printf '%s\n{"cmd":"login","user":"bob","password":"new-bob-pw9"}\n' "$hello" >&3
wait_for "$tmp/bob.out" '"reply":"login"' && ok "bob logged in with the new password" ||
    bad "bob login: $(cat "$tmp/bob.out")"

conn_open alice 4
printf '%s\n{"cmd":"login","user":"alice","password":"pw-nyvpr-1234"}\n{"cmd":"send","to":"bob","body":"Bed 4","cid":"c1"}\n{"cmd":"ping"}\n' "$hello" >&4
wait_for "$tmp/alice.out" '"reply":"pong"' || bad "no pong: $(cat "$tmp/alice.out")"
conn_close alice 4
grep -q '"reply":"ack","cid":"c1","mid":1' "$tmp/alice.out" && ok "ack over TCP" || bad "ack: $(cat "$tmp/alice.out")"
[ "$(sed -n 4p "$tmp/alice.out")" = '{"reply":"pong"}' ] && ok "pong after the ack" || bad "order: $(cat "$tmp/alice.out")"
wait_for "$tmp/bob.out" '"event":"message","mid":1' && ok "bob got the message" || bad "bob: $(cat "$tmp/bob.out")"

# An over-long line: 413, then the server closes.
long=$(head -c 70000 /dev/zero | tr '\0' x)
conn_open long 4
printf '%s\n%s\n{"cmd":"ping"}\n' "$hello" "$long" >&4
wait_for "$tmp/long.out" '"error":413' || bad "no 413: $(cat "$tmp/long.out")"
conn_gone long 4 || bad "the server kept the connection open after 413"
conn_close long 4
grep -q '"error":413' "$tmp/long.out" && ! grep -q pong "$tmp/long.out" &&
    ok "over-long line: 413 and closed" || bad "long line: $(cat "$tmp/long.out")"
# CRLF and an empty line are tolerated.
conn_open crlf 4
printf '%s\r\n\n{"cmd":"ping"}\r\n' "$hello" >&4
wait_for "$tmp/crlf.out" '"reply":"pong"' || bad "no pong: $(cat "$tmp/crlf.out")"
conn_close crlf 4
grep -q '"error":400' "$tmp/crlf.out" && grep -q pong "$tmp/crlf.out" &&
    ok "CRLF accepted, empty line is 400" || bad "crlf: $(cat "$tmp/crlf.out")"

# SIGHUP reopens the log file (after rotation).
mv "$tmp/log" "$tmp/log.1"
kill -HUP "$spid"
wait_for "$tmp/log" "log file reopened" && ok "SIGHUP reopened the log" || bad "no new log after SIGHUP"

# SIGTERM: bob gets bye, the server exits 0 and its commits are kept.
kill -TERM "$spid"
wait "$spid"; rc=$?
[ $rc -eq 0 ] && ok "SIGTERM exit 0" || bad "SIGTERM exit $rc"
grep -q '"event":"bye","reason":"server shutting down"' "$tmp/bob.out" && ok "bye on shutdown" ||
    bad "no bye: $(cat "$tmp/bob.out")"
conn_close bob 3
grep -q 'level=info msg="stopped"' "$tmp/log" && ok "logged the stop" || bad "log: $(cat "$tmp/log")"
start_server
conn_open sync 4
printf '%s\n{"cmd":"login","user":"bob","password":"new-bob-pw9"}\n{"cmd":"sync","after":0}\n' "$hello" >&4
wait_for "$tmp/sync.out" '"body":"Bed 4"' && ok "message kept across restart" || bad "sync: $(cat "$tmp/sync.out")"
conn_close sync 4
kill -INT "$spid"
wait "$spid"; rc=$?
[ $rc -eq 0 ] && ok "SIGINT exit 0" || bad "SIGINT exit $rc"

# Out of file descriptors, the listener rests a second at a time instead
# of spinning on accept(), and serves again once descriptors are free.
(ulimit -n 48 && exec "$hcwedd" --listen 127.0.0.1:0 --db "$tmp/fd.db" \
    --ready-file "$tmp/fd.ready" --log-file "$tmp/fd.log") &
fdpid=$!; pids="$pids $fdpid"
wait_for "$tmp/fd.ready" ":" || { bad "fd-limited server not ready"; exit 1; }
fdport=$(sed 's/.*://' "$tmp/fd.ready")
i=0
while [ $i -lt 60 ]; do
	sleep 6 | nc -N 127.0.0.1 "$fdport" >/dev/null 2>&1 &
	pids="$pids $!"; i=$((i + 1))
done
sleep 1
t1=$(awk '{ print $14 + $15 }' "/proc/$fdpid/stat")
sleep 2
t2=$(awk '{ print $14 + $15 }' "/proc/$fdpid/stat")
# A spinning listener burns about 200 ticks in 2 s; resting, almost none.
[ $((t2 - t1)) -lt 50 ] && ok "no spin at EMFILE ($((t2 - t1)) ticks in 2 s)" ||
    bad "hcwedd spins at EMFILE: $((t2 - t1)) ticks in 2 s"
n=$(grep -c "not accepting" "$tmp/fd.log")
[ "$n" -ge 1 ] && [ "$n" -le 10 ] && ok "EMFILE logged $n times" ||
    bad "EMFILE logged $n times: $(tail -3 "$tmp/fd.log")"
sleep 5
out=$(printf '{"cmd":"hello","version":1}\n' | nc -N -w 5 127.0.0.1 "$fdport")
echo "$out" | grep -q '"reply":"hello"' && ok "accepting again after EMFILE" ||
    bad "no hello after EMFILE: $out"
kill "$fdpid"

exit $fail
