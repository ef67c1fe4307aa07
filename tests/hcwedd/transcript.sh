#!/bin/sh
# Replay the nc session of docs/PROTOCOL.md (section 11) against a real
# hcwedd and compare the replies, timestamps masked, with the document.
# nc speaks no TLS: this server is plaintext, which loopback allows.
. "$top_srcdir/tests/lib.sh"
command -v nc >/dev/null || skip "nc is not installed"

# The code block of section 11: "> " lines are typed, the others replies.
awk '/^## 11\./ { s = 1 } s && /^```/ { n++; next } s && n == 1' \
    "$top_srcdir/docs/PROTOCOL.md" >"$T/block"
grep '^> ' "$T/block" | sed 's/^> //' >"$T/requests"
grep -v -e '^> ' -e '^\$ ' "$T/block" >"$T/expected"
[ -s "$T/requests" ] && [ -s "$T/expected" ] ||
    fail "no transcript found in PROTOCOL.md"

hcwedd_start_plain
printf 'correct horse\n' | "$HCWEDD" user add alice --role doctor \
    --display "Dr Alice Moreau" --db "$T/db" >/dev/null 2>&1 || fail "alice"
printf 'battery staple\n' | "$HCWEDD" user add bob --role nurse \
    --display "Bob Nurse" --db "$T/db" >/dev/null 2>&1 || fail "bob"

mask() {
	sed -e 's/"ts":[0-9]*/"ts":TS/g' \
	    -e 's/"server":"hcwedd\/[^"]*"/"server":"hcwedd\/V"/' "$1"
}

# nc -N half-closes after the last request; the server answers all of
# them before it closes its side.
n=$(wc -l <"$T/expected")
nc -N 127.0.0.1 "$PORT" <"$T/requests" >"$T/replies" 2>"$T/nc.err" &
started $!
wait_until 100 has "$T/replies" '' "$n" ||
    fail "replies: $(cat "$T/replies") $(cat "$T/nc.err")"
mask "$T/expected" >"$T/want"
head -n "$n" "$T/replies" | mask /dev/stdin >"$T/got"
diff -u "$T/want" "$T/got" || fail "the transcript differs from PROTOCOL.md"
exit 0
