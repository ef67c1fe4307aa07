/*
 * The booking rules of one reservation service, kept in memory: slots
 * 1..n, each free, held by one holder, and/or blocked by staff; a holder
 * may hold at most max_holds slots.  Pure: no I/O, no clock.
 *
 * Holders are positive integers (key ids); 0 means free.  The caller owns
 * the book and frees it with slotbook_free(); the lists are written into
 * caller-provided arrays.
 */
#ifndef HC_SLOTBOOK_H
#define HC_SLOTBOOK_H

#include <stddef.h>
#include <stdint.h>

/* Outcomes are the HTTP status codes of the reservation API. */
#define SLOTBOOK_OK		200
#define SLOTBOOK_NO_SLOT	403	/* outside 1..n */
#define SLOTBOOK_TAKEN		409	/* reserve: held or blocked */
#define SLOTBOOK_NOT_YOURS	409	/* cancel: not held by the caller */
#define SLOTBOOK_LIMIT		451	/* reserve: holder at max_holds */

struct slotbook;

struct slotbook	*slotbook_new(unsigned nslots, unsigned max_holds);
void		 slotbook_free(struct slotbook *);

unsigned	 slotbook_size(const struct slotbook *);
void		 slotbook_set_max_holds(struct slotbook *, unsigned);
unsigned	 slotbook_max_holds(const struct slotbook *);
/* Bumped by every change, so callers can cache what they derive. */
uint64_t	 slotbook_version(const struct slotbook *);
/* Count on from v: a book loaded in place of another must not repeat one
 * of its versions. */
void		 slotbook_version_from(struct slotbook *, uint64_t v);

int		 slotbook_reserve(struct slotbook *, unsigned slot,
		     int64_t holder);
int		 slotbook_cancel(struct slotbook *, unsigned slot,
		     int64_t holder);
/* Staff blocks; both return SLOTBOOK_OK or SLOTBOOK_NO_SLOT. */
int		 slotbook_block(struct slotbook *, unsigned slot);
int		 slotbook_unblock(struct slotbook *, unsigned slot);
/* Clear every block (before reloading them). */
void		 slotbook_unblock_all(struct slotbook *);

/* Holder of slot, 0 if free or out of range. */
int64_t		 slotbook_holder(const struct slotbook *, unsigned slot);
int		 slotbook_blocked(const struct slotbook *, unsigned slot);
unsigned	 slotbook_holds(const struct slotbook *, int64_t holder);

/*
 * Fill out[] (room for max entries) with slot numbers in ascending order
 * and return how many there are in total (possibly more than max).
 */
size_t		 slotbook_available(const struct slotbook *, unsigned *out,
		     size_t max);
size_t		 slotbook_held(const struct slotbook *, int64_t holder,
		     unsigned *out, size_t max);

/*
 * Parse "N" or "FROM-TO" (1 <= FROM <= TO <= max); -1 with a malloc'd
 * *cause otherwise.
 */
int		 slotbook_range_parse(const char *, unsigned max,
		     unsigned *from, unsigned *to, char **cause);

#endif
