/*
 * A scripted stand-in for the hotel and band services, for driving the
 * planner in tests: the true owner of every slot, a fault per request
 * number, events by others (take, free, block) before given requests,
 * and applications that land later than their unknown reply.
 */
#ifndef HC_FAKERESV_H
#define HC_FAKERESV_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/booking.h"

enum fake_fault {
	FAKE_OK,
	FAKE_UNAVAILABLE,	/* retries used up: nothing applied */
	FAKE_DROP,		/* 404 */
	FAKE_LOST_APPLIED,	/* applied, reply lost */
	FAKE_LOST_NOT_APPLIED,	/* reply lost, never applied */
	FAKE_LATE,		/* reply lost, applied 500 ms later */
	FAKE_UNAUTHORIZED,	/* 401 */
};

enum fake_owner {
	FAKE_FREE,
	FAKE_ME,
	FAKE_OTHER,
	FAKE_BLOCKED,
};

struct fake_event {
	unsigned	before;		/* request number, from 1 */
	enum book_svc	svc;
	unsigned	slot;
	enum fake_owner	owner;
};

struct fake_late {
	bool		active;
	struct book_req	req;
	uint64_t	at;
};

struct fake {
	uint8_t			 owner[BOOK_NSVC][BOOK_SLOT_MAX + 1];
	const enum fake_fault	*faults;	/* indexed by request - 1 */
	size_t			 nfaults;
	const struct fake_event	*events;
	size_t			 nevents;
	struct fake_late	 late[8];
	unsigned		 requests;
	unsigned		 n451;
	struct book_req		 log[1024];	/* the first requests seen */
};

void		fake_init(struct fake *);
/* Answer req at time now into *out (book_result_free() it). */
void		fake_handle(struct fake *, const struct book_req *, uint64_t now,
		    struct book_result *out);
unsigned	fake_holds(const struct fake *, enum book_svc);
/* My lowest slot held at both, 0 none. */
unsigned	fake_pair(const struct fake *);
/* The lowest slot free or mine at both, 0 none. */
unsigned	fake_earliest(const struct fake *);

#endif
