#!/bin/sh
# hcwed book: configuration errors, unsafe key files, refused keys, and
# Ctrl-C with and without a pair.
. "$top_srcdir/tests/book/book_lib.sh"

# expect_exit CODE TEXT [BOOK ARGS...]: exit status and a stderr message.
expect_exit() {
	want=$1 text=$2
	shift 2
	rc=0
	timeout 20 "$HCWED" book "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" = "$want" ] || fail "book $*: exit $rc, want $want: $(cat "$tmp/err")"
	grep -qF -- "$text" "$tmp/err" ||
	    fail "book $*: no \"$text\" in: $(cat "$tmp/err")"
}

expect_exit 2 "no hotel URL: set hotel_url"
expect_exit 2 "no hotel API key: set HCWED_HOTEL_KEY or hotel_key_file" \
    --hotel http://127.0.0.1:1/hotel/api --band http://127.0.0.1:1/band/api
HCWED_HOTEL_KEY=x expect_exit 2 "no band API key" \
    --hotel http://127.0.0.1:1/hotel/api --band http://127.0.0.1:1/band/api
expect_exit 2 "usage: hcwed book" --bogus
expect_exit 2 "is not http:// or https://" --hotel ftp://x --band http://y
mkdir -p "$tmp/config/hcwed"
printf 'book_rate = fast\n' >"$tmp/config/hcwed/config"
expect_exit 2 "config:1: book_rate: \"fast\" is not a rate"

book_service none --faults none
# Keys from files named in the config file; a group-readable one is refused.
printf '%s\n' "$ME_HOTEL" >"$tmp/hotel.key"
printf '%s\n' "$ME_BAND" >"$tmp/band.key"
chmod 600 "$tmp/hotel.key"
chmod 640 "$tmp/band.key"
cat >"$tmp/config/hcwed/config" <<CONF
# other parts of hcwed keep their settings here too
server = 127.0.0.1:7000
hotel_url = http://$ADDR/hotel/api
band_url = "http://$ADDR/band/api"
hotel_key_file = $tmp/hotel.key
band_key_file = $tmp/band.key
book_rate = 1
book_bucket = per-service
CONF
expect_exit 2 "band.key: key file is readable by group or others (mode 640)"
chmod 600 "$tmp/band.key"
rc=0
timeout 20 "$HCWED" book >"$tmp/cfg.out" 2>"$tmp/cfg.err" || rc=$?
[ "$rc" = 0 ] || fail "book from the config file: $rc $(cat "$tmp/cfg.err")"
grep -q '^holding slot 1 at the hotel and the band' "$tmp/cfg.out" ||
    fail "config run: $(tail -n 2 "$tmp/cfg.out")"
rm "$tmp/config/hcwed/config"

# A key the service does not know: 401, exit 3.
HCWED_HOTEL_KEY=0000 HCWED_BAND_KEY=0000 expect_exit 3 \
    "the hotel refused the API key (401)" \
    --hotel "http://$ADDR/hotel/api" --band "http://$ADDR/band/api"

# Ctrl-C while holding a pair in --watch: exit 0, the pair printed.
HCWED_HOTEL_KEY=$ME_HOTEL HCWED_BAND_KEY=$ME_BAND "$HCWED" book --watch \
    --hotel "http://$ADDR/hotel/api" --band "http://$ADDR/band/api" \
    >"$tmp/watch.out" 2>&1 &
bpid=$!
pids="$pids $bpid"
i=0
until grep -q 'pair 1; earliest' "$tmp/watch.out"; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "watch never held a pair: $(cat "$tmp/watch.out")"
	sleep 0.1
done
kill -INT "$bpid"
rc=0
wait "$bpid" || rc=$?
[ "$rc" = 0 ] || fail "Ctrl-C with a pair: exit $rc"
tail -n 1 "$tmp/watch.out" | grep -q '^holding slot 1 at the hotel and the band (interrupted' ||
    fail "Ctrl-C output: $(tail -n 1 "$tmp/watch.out")"

# Ctrl-C with the services unreachable (it never gives up): exit 1.
stop_slotd "$PID"
HCWED_HOTEL_KEY=x HCWED_BAND_KEY=y "$HCWED" book \
    --hotel "http://$ADDR/hotel/api" --band "http://$ADDR/band/api" \
    >"$tmp/down.out" 2>&1 &
bpid=$!
pids="$pids $bpid"
i=0
until grep -q 'attempt 2' "$tmp/down.out"; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "no retry while down: $(cat "$tmp/down.out")"
	sleep 0.1
done
kill -INT "$bpid"
rc=0
wait "$bpid" || rc=$?
[ "$rc" = 1 ] || fail "Ctrl-C without a pair: exit $rc"
grep -q '^no matched pair (interrupted' "$tmp/down.out" ||
    fail "Ctrl-C output: $(tail -n 2 "$tmp/down.out")"
grep -q "Couldn't connect to server" "$tmp/down.out" ||
    fail "the connect error is not logged: $(cat "$tmp/down.out")"
echo "ok"
