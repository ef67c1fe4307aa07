/*
 * libFuzzer target: the reservation API bodies the planner's worker reads
 * from the hotel and band services (net/resv.h).  The first byte picks the
 * kind of body expected, the rest is the body.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "src/book/booking.h"
#include "src/book/resv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum resv_kind fuzz_kinds[] = {
	RESV_ID, RESV_IDS, RESV_ERROR, RESV_MESSAGE,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resv_body	 b;
	enum resv_kind		 kind;
	char			*cause = NULL;
	unsigned		 slot;

	if (size == 0)
		return 0;
	kind = fuzz_kinds[data[0] % 4];
	if (resv_parse((const char *)data + 1, size - 1, kind, &b,
	    &cause) != 0) {
		if (cause == NULL)
			abort();
		free(cause);
	} else {
		if (b.kind != kind || cause != NULL)
			abort();
		if (kind == RESV_ID &&
		    (b.id < BOOK_SLOT_MIN || b.id > BOOK_SLOT_MAX))
			abort();
		for (size_t i = 0; i < b.nids; i++) {
			if (b.ids[i] < BOOK_SLOT_MIN || b.ids[i] > BOOK_SLOT_MAX)
				abort();
		}
		if (kind == RESV_ERROR && (b.code < 100 || b.code > 599))
			abort();
		resv_body_free(&b);
	}
	/* The same bytes as a bare slot id, as a path segment would be. */
	if (resv_slot_parse((const char *)data + 1, size - 1, &slot,
	    &cause) != 0)
		free(cause);
	else if (slot < BOOK_SLOT_MIN || slot > BOOK_SLOT_MAX)
		abort();
	return 0;
}
