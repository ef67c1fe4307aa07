#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "tests/book/fakeresv.h"

void
fake_init(struct fake *f)
{
	memset(f, 0, sizeof *f);
}

unsigned
fake_holds(const struct fake *f, enum book_svc svc)
{
	unsigned	n = 0;

	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++)
		n += f->owner[svc][t] == FAKE_ME;
	return n;
}

unsigned
fake_pair(const struct fake *f)
{
	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++) {
		if (f->owner[BOOK_HOTEL][t] == FAKE_ME &&
		    f->owner[BOOK_BAND][t] == FAKE_ME)
			return t;
	}
	return 0;
}

unsigned
fake_earliest(const struct fake *f)
{
	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++) {
		if ((f->owner[BOOK_HOTEL][t] == FAKE_FREE ||
		    f->owner[BOOK_HOTEL][t] == FAKE_ME) &&
		    (f->owner[BOOK_BAND][t] == FAKE_FREE ||
		    f->owner[BOOK_BAND][t] == FAKE_ME))
			return t;
	}
	return 0;
}

static void
fake_list(struct fake *f, enum book_svc svc, enum fake_owner who,
    struct book_result *out)
{
	out->slots = xcalloc(BOOK_SLOT_MAX, sizeof *out->slots);
	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++) {
		if (f->owner[svc][t] == who)
			out->slots[out->nslots++] = t;
	}
}

/* Apply a change as the real service would; the status it answers. */
static int
fake_apply(struct fake *f, const struct book_req *req)
{
	uint8_t	*o = &f->owner[req->svc][req->slot];

	if (req->method == BOOK_RESERVE) {
		if (*o != FAKE_FREE)
			return 409;
		if (fake_holds(f, req->svc) >= BOOK_MAX_HOLDS) {
			f->n451++;
			return 451;
		}
		*o = FAKE_ME;
		return 200;
	}
	if (*o != FAKE_ME)
		return 409;
	*o = FAKE_FREE;
	return 200;
}

static enum book_outcome
fake_outcome(int status)
{
	switch (status) {
	case 200:
		return BOOK_OUT_OK;
	case 409:
		return BOOK_OUT_CONFLICT;
	case 451:
		return BOOK_OUT_LIMIT;
	default:
		return BOOK_OUT_BAD_REQUEST;
	}
}

static void
fake_due(struct fake *f, uint64_t now)
{
	for (size_t i = 0; i < sizeof f->late / sizeof f->late[0]; i++) {
		if (f->late[i].active && f->late[i].at <= now) {
			fake_apply(f, &f->late[i].req);
			f->late[i].active = false;
		}
	}
	/* Others never touch what I hold. */
	for (size_t i = 0; i < f->nevents; i++) {
		if (f->events[i].before == f->requests &&
		    f->owner[f->events[i].svc][f->events[i].slot] != FAKE_ME)
			f->owner[f->events[i].svc][f->events[i].slot] =
			    (uint8_t)f->events[i].owner;
	}
}

static void
fake_defer(struct fake *f, const struct book_req *req, uint64_t at)
{
	for (size_t i = 0; i < sizeof f->late / sizeof f->late[0]; i++) {
		if (!f->late[i].active) {
			f->late[i].active = true;
			f->late[i].req = *req;
			f->late[i].at = at;
			return;
		}
	}
	abort();
}

void
fake_handle(struct fake *f, const struct book_req *req, uint64_t now,
    struct book_result *out)
{
	enum fake_fault	fault;
	bool		mutates;

	memset(out, 0, sizeof *out);
	out->req = *req;
	out->attempts = 1;
	if (f->requests < sizeof f->log / sizeof f->log[0])
		f->log[f->requests] = *req;
	f->requests++;
	fake_due(f, now);
	fault = f->requests <= f->nfaults ? f->faults[f->requests - 1] : FAKE_OK;
	mutates = req->method == BOOK_RESERVE || req->method == BOOK_CANCEL;
	/* A lost reply to a GET is retried by the worker: it ends as 503s. */
	if (!mutates && fault != FAKE_OK && fault != FAKE_DROP &&
	    fault != FAKE_UNAUTHORIZED)
		fault = FAKE_UNAVAILABLE;
	switch (fault) {
	case FAKE_UNAVAILABLE:
		out->outcome = BOOK_OUT_UNAVAILABLE;
		out->status = 503;
		return;
	case FAKE_DROP:
		out->outcome = BOOK_OUT_NOT_APPLIED;
		out->status = 404;
		return;
	case FAKE_UNAUTHORIZED:
		out->outcome = BOOK_OUT_UNAUTHORIZED;
		out->status = 401;
		return;
	case FAKE_LOST_APPLIED:
		fake_apply(f, req);
		out->outcome = BOOK_OUT_UNKNOWN;
		return;
	case FAKE_LOST_NOT_APPLIED:
		out->outcome = BOOK_OUT_UNKNOWN;
		return;
	case FAKE_LATE:
		fake_defer(f, req, now + 500);
		out->outcome = BOOK_OUT_UNKNOWN;
		return;
	case FAKE_OK:
		break;
	}
	switch (req->method) {
	case BOOK_GET_AVAILABLE:
		fake_list(f, req->svc, FAKE_FREE, out);
		break;
	case BOOK_GET_HELD:
		fake_list(f, req->svc, FAKE_ME, out);
		break;
	case BOOK_RESERVE:
	case BOOK_CANCEL:
		out->status = fake_apply(f, req);
		out->outcome = fake_outcome(out->status);
		return;
	}
	out->status = 200;
	out->outcome = BOOK_OUT_OK;
}
