/*
 * Parsing of the reservation API bodies (hotel and band services):
 *
 *   {"id":"56"}                     a reservation made
 *   [{"id":"10"},{"id":"15"}]       slots available, or slots I hold
 *   {"code":409,"message":"..."}    an error
 *   {"message":"..."}               a cancellation
 *
 * Pure and bounds-checked: the input is untrusted bytes of a given length
 * (not NUL-terminated, may contain anything), the entry point is a fuzz
 * target.  Slot ids travel as JSON strings of decimal digits (integers are
 * accepted too) and come out as numbers in BOOK_SLOT_MIN..BOOK_SLOT_MAX;
 * anything else is an error naming what was wrong.  Unknown members are
 * ignored.
 */
#ifndef HC_RESV_H
#define HC_RESV_H

#include <stddef.h>

#define RESV_LIST_MAX	1024	/* entries in one list body */
#define RESV_MESSAGE_MAX 1024	/* bytes of a message we keep */

enum resv_kind {
	RESV_ID,	/* {"id":"N"} */
	RESV_IDS,	/* [{"id":"N"}, ...] */
	RESV_ERROR,	/* {"code":N,"message":"..."} */
	RESV_MESSAGE,	/* {"message":"..."} */
};

/* Owns ids and message; resv_body_free() releases them and zeroes it. */
struct resv_body {
	enum resv_kind	 kind;
	unsigned	 id;		/* RESV_ID */
	unsigned	*ids;		/* RESV_IDS, in the order received */
	size_t		 nids;
	int		 code;		/* RESV_ERROR: 100..599 */
	char		*message;	/* RESV_ERROR, RESV_MESSAGE */
};

/*
 * Parse buf[0..len) as a body of the given kind into *out.  0 on success;
 * -1 with a malloc'd *cause (caller frees) and *out zeroed otherwise.
 */
int	resv_parse(const char *buf, size_t len, enum resv_kind,
	    struct resv_body *out, char **cause);
void	resv_body_free(struct resv_body *);

/*
 * A slot id as text ("56", "056") into *slot.  -1 with a malloc'd *cause
 * for an empty, signed, non-decimal or out-of-range id.
 */
int	resv_slot_parse(const char *s, size_t len, unsigned *slot, char **cause);

#endif
