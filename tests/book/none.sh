#!/bin/sh
# hcwed book with no faults and no competitors: the earliest pair after
# exactly the four requests it needs; a restart reads holdings back and
# keeps them.
. "$top_srcdir/tests/book/book_lib.sh"

book_service none --faults none --seed 1
# Others hold hotel 1-2 and band 3, so the first common slot is 4.
keys other "$tmp/none.db"
for s in 1 2; do
	req "$HOTEL" POST "http://$ADDR/hotel/api/reservation/$s"
	[ "$CODE" = 200 ] || fail "other hotel $s: $CODE"
	sleep 1.1
done
req "$BAND" POST "http://$ADDR/band/api/reservation/3"
[ "$CODE" = 200 ] || fail "other band 3: $CODE"

book_run "$tmp/first.out" --until-earliest --json
[ "$RC" = 0 ] || fail "book exited $RC: $(cat "$tmp/first.out.err")"
grep -q '"event":"done","reason":"earliest","pair":4' "$tmp/first.out" ||
    fail "no earliest pair 4: $(tail -n 1 "$tmp/first.out")"
[ "$(json_field "$tmp/first.out" requests)" = 4 ] ||
    fail "requests: $(tail -n 1 "$tmp/first.out")"
[ "$(grep -c '"event":"request"' "$tmp/first.out")" = 4 ] ||
    fail "not one line per request"
book_check 0
[ "$PAIR" = 4 ] && [ "$REQUESTS" = 4 ] && [ "$LIMIT" = 0 ] &&
    [ "$VIOLATIONS" = 0 ] ||
    fail "journal: pair $PAIR requests $REQUESTS 451s $LIMIT violations $VIOLATIONS"
# Two availability lists, then one reservation at each service.
grep '"event":"request"' "$tmp/first.out" | sed -n 's/.*"method":"\([A-Z]*\)","path":"\([^"]*\)".*/\1 \2/p' \
    >"$tmp/order"
printf '%s\n' "GET /reservation/available" "GET /reservation/available" \
    "POST /reservation/4" "POST /reservation/4" | cmp -s - "$tmp/order" ||
    fail "request order: $(cat "$tmp/order")"

# Slot 2 comes free at both: a restart reads the holdings back, takes 2,
# then lets 4 go; the plain output names the pair.
req "$HOTEL" DELETE "http://$ADDR/hotel/api/reservation/2"
[ "$CODE" = 200 ] || fail "other cancel: $CODE"
book_run "$tmp/second.out" --until-earliest
[ "$RC" = 0 ] || fail "restart exited $RC: $(cat "$tmp/second.out.err")"
head -n 2 "$tmp/second.out" | grep -c 'GET    /reservation ' | grep -qx 2 ||
    fail "restart did not begin with GET /reservation at both"
tail -n 1 "$tmp/second.out" | grep -q '^holding slot 2 at the hotel and the band' ||
    fail "restart: $(tail -n 1 "$tmp/second.out")"
book_check 0
[ "$PAIR" = 2 ] && [ "$LIMIT" = 0 ] && [ "$VIOLATIONS" = 0 ] ||
    fail "after restart: pair $PAIR 451s $LIMIT violations $VIOLATIONS"

# The checker itself takes a journal line without a service (a request
# to an unknown path) next to a rate violation.
cat >"$tmp/page.json" <<'JSON'
{"entries":[{"id":1,"time":1,"key":"me","method":"GET","code":404},
{"id":2,"time":2,"key":"me","method":"GET","code":404,"rate_violation":true}]}
JSON
"$CHECK" me 0 "$tmp/page.json" >"$tmp/check.out" 2>/dev/null ||
    fail "book_check on a line without a service: exit $?"
grep -q '^pair 0 .* requests 2 limit 0 violations 1$' "$tmp/check.out" ||
    fail "book_check: $(cat "$tmp/check.out")"
echo "ok: 4 requests to the earliest pair; restart upgraded 4 -> 2"
