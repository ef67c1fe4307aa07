#!/bin/sh
# Transport security: a client that trusts the server's CA connects; one
# that trusts another CA is refused with the reason; plaintext to the TLS
# port fails cleanly on both sides and the server lives on; plaintext is
# said out loud; and hcwedd will not serve plaintext off loopback unless
# told to, refusing before it binds.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || skip "openssl is not installed"

hcwedd_start
user_add alice doctor "Dr Alice Moreau"
user_add bob nurse "Bob Martin"

# The right CA, from the configuration file (lib.sh) and from --ca; by
# address and by name (the certificate names 127.0.0.1 and localhost).
as alice who >"$T/who.out" 2>"$T/err" || fail "who over TLS: $(cat "$T/err")"
grep -q '^alice ' "$T/who.out" || fail "who over TLS printed no alice"
[ -s "$T/err" ] && fail "a verified TLS connection warned: $(cat "$T/err")"
HCWED_PASSWORD=pw-obo-1234 XDG_CONFIG_HOME=$T/none "$HCWED" send \
    --server "localhost:$PORT" --ca "$CA" --user bob alice "by name" \
    >/dev/null 2>"$T/err" || fail "send to localhost with --ca: $(cat "$T/err")"

# The wrong CA, and no CA at all (the system store does not know ours).
HCWED_PASSWORD=pw-obo-1234 "$HCWED" who --server "$SERVER" --ca "$OTHER_CA" \
    --user bob >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "wrong CA: want exit 4"
grep -q "certificate was refused: unable to get local issuer certificate" \
    "$T/err" || fail "wrong CA: $(cat "$T/err")"
HCWED_PASSWORD=pw-obo-1234 XDG_CONFIG_HOME=$T/none "$HCWED" who \
    --server "$SERVER" --user bob >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "system store: want exit 4"
grep -q "certificate was refused" "$T/err" || fail "system store: $(cat "$T/err")"
wait_until 50 has "$T/hcwedd.log" 'tls error.*alert unknown ca' 1 ||
    fail "the server did not log the refused handshake"

# An address the certificate does not name (it has 127.0.0.1, not .2).
"$HCWEDD" --listen 127.0.0.2:0 --db "$T/db" --ready-file "$T/ready2" \
    --tls-cert "$TLS/test-server.pem" --tls-key "$TLS/test-server.key" \
    2>"$T/two.log" &
started $!
wait_until 100 test -s "$T/ready2" || fail "hcwedd on 127.0.0.2: $(cat "$T/two.log")"
HCWED_PASSWORD=pw-obo-1234 "$HCWED" who --server "$(cat "$T/ready2")" \
    --user bob >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "wrong address: want exit 4"
grep -q "certificate was refused: IP address mismatch" "$T/err" ||
    fail "wrong address: $(cat "$T/err")"

# A CA file that is not there is a usage error, before any connection.
as bob who --ca "$T/missing.pem" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "missing CA file: want exit 2"
grep -q "CA file $T/missing.pem: No such file" "$T/err" ||
    fail "missing CA file: $(cat "$T/err")"

# Plaintext to the TLS port: the client says what is wrong, the server
# logs it and keeps serving.
as bob who --insecure >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "plaintext to TLS: want exit 4"
grep -q "warning: the connection to $SERVER is NOT ENCRYPTED" "$T/err" ||
    fail "plaintext gave no warning: $(cat "$T/err")"
grep -q "if the server speaks TLS, connect with TLS" "$T/err" ||
    fail "plaintext to TLS: $(cat "$T/err")"
printf '{"cmd":"hello","version":1}\n' | nc -N 127.0.0.1 "$PORT" \
    >"$T/nc.out" 2>&1
[ -s "$T/nc.out" ] && fail "the TLS port answered plaintext: $(cat "$T/nc.out")"
wait_until 50 has "$T/hcwedd.log" \
    'tls error.*wrong version number (the peer does not speak TLS)' 1 ||
    fail "the server did not log the plaintext attempt"
kill -0 "$SERVER_PID" || fail "hcwedd died"
as alice who >/dev/null 2>&1 || fail "hcwedd stopped serving after plaintext"

# openssl s_client speaks the protocol over TLS by hand (PROTOCOL.md);
# the server closes after the logout.
printf '%s\n' '{"cmd":"hello","version":1}' \
    '{"cmd":"login","user":"alice","password":"pw-nyvpr-1234"}' \
    '{"cmd":"logout"}' | timeout 10 openssl s_client -quiet \
    -verify_return_error -CAfile "$CA" -connect "$SERVER" \
    >"$T/s_client.out" 2>/dev/null
grep -q '"reply":"hello"' "$T/s_client.out" &&
    grep -q '"reply":"logout"' "$T/s_client.out" ||
    fail "s_client: $(cat "$T/s_client.out")"
# TLS 1.1 is refused.
timeout 10 openssl s_client -tls1_1 -CAfile "$CA" -connect "$SERVER" \
    </dev/null >/dev/null 2>&1 && fail "the server accepted TLS 1.1"

# TLS to a plaintext server: the client says the peer does not speak TLS.
hcwedd_stop
hcwedd_start_plain "$PORT"
as bob who >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "TLS to plaintext: want exit 4"
grep -q "does not speak TLS" "$T/err" || fail "TLS to plaintext: $(cat "$T/err")"
# tls = no in the configuration works, with the warning.
printf 'tls = no\n' >>"$XDG_CONFIG_HOME/hcwed/config"
as bob who >"$T/who.out" 2>"$T/err" || fail "tls = no: $(cat "$T/err")"
grep -q "NOT ENCRYPTED" "$T/err" || fail "tls = no gave no warning"
printf 'tls = maybe\n' >>"$XDG_CONFIG_HOME/hcwed/config"
as bob who >/dev/null 2>"$T/err"
rc=$?; [ $rc -eq 2 ] || fail "tls = maybe: want exit 2, got $rc: $(cat "$T/err")"
grep -q "config:3: tls" "$T/err" || fail "tls = maybe: $(cat "$T/err")"
hcwedd_stop

# Off loopback hcwedd wants TLS or --insecure, and says so before it even
# opens the database (which here would fail), so long before it binds.
for addr in "0.0.0.0:$PORT" "[::]:$PORT"; do
	"$HCWEDD" --listen "$addr" --db "$T/no/such/dir/db" >"$T/out" 2>&1
	[ $? -eq 2 ] || fail "$addr without TLS: want exit 2"
	grep -qF "refusing plaintext on $addr, which is not a loopback address" \
	    "$T/out" || fail "$addr: $(cat "$T/out")"
	grep -q -- "--insecure" "$T/out" || fail "$addr: $(cat "$T/out")"
	[ "$(wc -l <"$T/out")" -eq 1 ] || fail "$addr: more than one line"
done
printf 'listen = 0.0.0.0:0\n' >"$T/open.conf"
"$HCWEDD" --config "$T/open.conf" --db "$T/db" >"$T/out" 2>&1
[ $? -eq 2 ] || fail "listen = 0.0.0.0 in the file: want exit 2"
# With --insecure (or insecure = yes) it serves, and warns in the log.
printf 'listen = 0.0.0.0:0\ninsecure = yes\n' >"$T/open.conf"
rm -f "$T/ready"
"$HCWEDD" --config "$T/open.conf" --db "$T/db" --ready-file "$T/ready" \
    2>"$T/open.log" &
started $!
wait_until 100 test -s "$T/ready" || fail "insecure = yes: $(cat "$T/open.log")"
grep -q "insecure: no TLS off loopback" "$T/open.log" ||
    fail "insecure gave no warning: $(cat "$T/open.log")"
rm -f "$T/ready"
"$HCWEDD" --listen "0.0.0.0:0" --insecure --db "$T/db" \
    --ready-file "$T/ready" 2>"$T/open2.log" &
started $!
wait_until 100 test -s "$T/ready" || fail "--insecure: $(cat "$T/open2.log")"
# With TLS it serves off loopback without further ado.
hcwedd_run_tls_any() {
	rm -f "$T/ready"
	"$HCWEDD" --listen "0.0.0.0:0" --db "$T/db" --ready-file "$T/ready" \
	    --tls-cert "$TLS/test-server.pem" --tls-key "$TLS/test-server.key" \
	    2>"$T/any.log" &
	started $!
	wait_until 100 test -s "$T/ready" || fail "TLS on 0.0.0.0: $(cat "$T/any.log")"
}
hcwedd_run_tls_any

# Certificate and key errors are configuration errors (exit 2).
expect2() {
	"$HCWEDD" --listen 127.0.0.1:0 --db "$T/db" "$@" >"$T/out" 2>&1
	[ $? -eq 2 ] || fail "$*: want exit 2"
}
expect2 --tls-cert "$TLS/test-server.pem"
grep -q "tls_cert and tls_key go together" "$T/out" || fail "$(cat "$T/out")"
expect2 --tls-cert "$TLS/test-ca.pem" --tls-key "$TLS/test-server.key"
grep -q "is it the key of" "$T/out" || fail "mismatch: $(cat "$T/out")"
expect2 --tls-cert "$T/none.pem" --tls-key "$TLS/test-server.key"
grep -q "certificate $T/none.pem: No such file" "$T/out" || fail "$(cat "$T/out")"
cp "$TLS/test-server.key" "$T/open.key"
chmod 644 "$T/open.key"
expect2 --tls-cert "$TLS/test-server.pem" --tls-key "$T/open.key"
grep -q "accessible by others.*chmod 600" "$T/out" || fail "$(cat "$T/out")"
printf 'x\n' >"$T/junk.pem"
expect2 --tls-cert "$T/junk.pem" --tls-key "$TLS/test-server.key"
grep -q "certificate $T/junk.pem: " "$T/out" || fail "junk: $(cat "$T/out")"

# Bad values of the transport keys name the file, line and key.
badconf() {
	printf '%s\n' "$1" >"$T/bad.conf"
	expect2 --config "$T/bad.conf"
	grep -q "bad.conf:1: $2" "$T/out" || fail "$1: $(cat "$T/out")"
}
badconf "login_timeout = 50ms" 'login_timeout: "50ms" is outside 100ms..1h'
badconf "login_timeout = soon" "login_timeout: .*not a duration"
badconf "addr_conn_max = many" "addr_conn_max"
badconf "addr_conn_max = 2000000" "addr_conn_max"
badconf "insecure = perhaps" "insecure"
# A renewed certificate, taken on SIGHUP: new connections get it, an open
# one lives on; one that does not load leaves the old in place.
printf 'tls_ca = %s\n' "$CA" >"$XDG_CONFIG_HOME/hcwed/config"
cp "$TLS/test-server.pem" "$T/cert.pem"
cp "$TLS/test-server.key" "$T/cert.key"
chmod 600 "$T/cert.key"
hcwedd_start_plain 0 --tls-cert "$T/cert.pem" --tls-key "$T/cert.key"
n=$(lines "$T/hcwedd.log" 'login user=alice')
listen_bg alice "$T/alice.listen"
wait_until 100 has "$T/hcwedd.log" 'login user=alice' $((n + 1)) ||
    fail "alice's listener did not log in: $(tail -3 "$T/listen.log")"
cp "$TLS/other-server.pem" "$T/cert.pem"
cp "$TLS/other-server.key" "$T/cert.key"
kill -HUP "$SERVER_PID"
wait_until 100 has "$T/hcwedd.log" 'SIGHUP: certificate reloaded' 1 ||
    fail "no reload: $(tail -3 "$T/hcwedd.log")"
HCWED_PASSWORD=pw-obo-1234 "$HCWED" send --server "$SERVER" --ca "$OTHER_CA" \
    --user bob alice "after the renewal" >/dev/null 2>"$T/err" ||
    fail "the renewed certificate is not served: $(cat "$T/err")"
as bob who >/dev/null 2>"$T/err"
[ $? -eq 4 ] || fail "the old certificate is still served to new connections"
wait_until 100 has "$T/alice.listen" 'after the renewal' 1 ||
    fail "the connection opened before the renewal did not get the message"
printf 'x\n' >"$T/cert.pem"
kill -HUP "$SERVER_PID"
wait_until 100 has "$T/hcwedd.log" 'SIGHUP: keeping the old certificate' 1 ||
    fail "a broken certificate was not refused: $(tail -3 "$T/hcwedd.log")"
HCWED_PASSWORD=pw-obo-1234 "$HCWED" who --server "$SERVER" --ca "$OTHER_CA" \
    --user bob >/dev/null 2>"$T/err" ||
    fail "a broken renewal broke the server: $(cat "$T/err")"
exit 0
