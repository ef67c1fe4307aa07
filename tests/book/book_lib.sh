# Shared by the tests/book_*.sh integration tests and bench/book-bench.sh
# (sourced): hcwed book against a real hcwed-slotd, checked against the
# service's own journal.
. "$top_srcdir/tests/slotd/slotd_lib.sh"

HCWED=$top_builddir/hcwed
CHECK=$top_builddir/tests/book/book_check
[ -x "$HCWED" ] || fail "$HCWED not built"
[ -x "$CHECK" ] || fail "$CHECK not built"

# Nothing from the user's own configuration or state leaks in.
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
unset HCWED_HOTEL_KEY HCWED_BAND_KEY

# book_service NAME [SLOTD OPTIONS...]: a fresh service with keys for
# "me" and an admin; sets ADDR, PID, ME_HOTEL, ME_BAND, ADMIN.
book_service() {
	bs_name=$1
	shift
	rm -f "$tmp/$bs_name.db"*
	keys me "$tmp/$bs_name.db"
	ME_HOTEL=$HOTEL ME_BAND=$BAND
	"$SLOTD" token add root --admin --db "$tmp/$bs_name.db" \
	    >"$tmp/root.keys" || fail "token add root"
	ADMIN=$(awk '$1 == "admin" { print $2 }' "$tmp/root.keys")
	start_slotd "$bs_name" "$@"
}

# book_run OUT [BOOK OPTIONS...]: run hcwed book as "me" (bounded by
# BOOK_LIMIT seconds); sets RC.
book_run() {
	br_out=$1
	shift
	RC=0
	HCWED_HOTEL_KEY=$ME_HOTEL HCWED_BAND_KEY=$ME_BAND \
	    timeout "${BOOK_LIMIT:-120}" "$HCWED" book \
	    --hotel "http://$ADDR/hotel/api" --band "http://$ADDR/band/api" \
	    "$@" >"$br_out" 2>"$br_out.err" || RC=$?
}

# book_check WINDOW_MS: the journal replayed; sets PAIR EARLIEST SETTLED
# REQUESTS LIMIT VIOLATIONS (see tests/book_check.c).
book_check() {
	bc_since=0 bc_pages=""
	while :; do
		bc_page=$tmp/journal.$bc_since.json
		curl -s -H "Authorization: Bearer $ADMIN" \
		    "http://$ADDR/admin/journal?since=$bc_since&limit=1000" \
		    >"$bc_page" || fail "journal"
		bc_pages="$bc_pages $bc_page"
		grep -q '"entries":\[\]' "$bc_page" && break
		bc_since=$(sed -n 's/^{"next":\([0-9]*\).*/\1/p' "$bc_page")
		[ -n "$bc_since" ] || fail "journal page: $(head -c 200 "$bc_page")"
	done
	# shellcheck disable=SC2086
	set -- $("$CHECK" me "$1" $bc_pages) || fail "book_check"
	PAIR=$2 EARLIEST=$4 SETTLED=$6 REQUESTS=$8 LIMIT=${10} VIOLATIONS=${12}
}

# json_field FILE NAME: a number from the last JSON line of FILE.
json_field() {
	tail -n 1 "$1" | sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p"
}
