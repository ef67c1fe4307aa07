#include "config.h"

#include <string.h>

#include "src/book/planner_int.h"

/* The side holds or may hold the slot, or it was free when last seen. */
static bool
pl_side_ok(const struct planner *pl, enum book_svc svc, unsigned slot)
{
	switch (pl_hold_state(pl, svc, slot)) {
	case PLANNER_HOLD_RESERVING:
	case PLANNER_HOLD_HELD:
	case PLANNER_HOLD_UNKNOWN:
		return true;
	case PLANNER_HOLD_CANCELLING:
		return false;
	case PLANNER_HOLD_NONE:
		break;
	}
	return pl->cell[svc][slot].avail == PLANNER_AV_FREE;
}

unsigned
pl_best_pair(const struct planner *pl)
{
	unsigned	best = 0;

	for (size_t i = 0; i < pl->nholds[BOOK_HOTEL]; i++) {
		const struct pl_hold *h = &pl->holds[BOOK_HOTEL][i];

		if (h->st == PLANNER_HOLD_HELD && !pl->drop[h->slot] &&
		    pl_held(pl, BOOK_BAND, h->slot) &&
		    (best == 0 || h->slot < best))
			best = h->slot;
	}
	return best;
}

unsigned
pl_target(const struct planner *pl)
{
	unsigned	limit, best;

	if (pl->opts.mode == PLANNER_MANUAL || pl->pick != 0)
		return 0;
	best = pl_best_pair(pl);
	limit = best != 0 ? best - 1 : BOOK_SLOT_MAX;
	for (unsigned t = BOOK_SLOT_MIN; t <= limit; t++) {
		if (!pl->avoid[t] && !pl->drop[t] &&
		    pl_side_ok(pl, BOOK_HOTEL, t) && pl_side_ok(pl, BOOK_BAND, t))
			return t;
	}
	return 0;
}

unsigned
pl_earliest_common(const struct planner *pl)
{
	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++) {
		if (pl_side_ok(pl, BOOK_HOTEL, t) && pl_side_ok(pl, BOOK_BAND, t))
			return t;
	}
	return 0;
}

bool
pl_kept(const struct planner *pl, enum book_svc svc, unsigned slot)
{
	enum planner_hold other;

	if (pl->drop[slot])
		return false;
	if (slot == pl->pick)
		return true;
	if (pl->opts.mode == PLANNER_MANUAL) {
		other = pl_hold_state(pl, svc == BOOK_HOTEL ? BOOK_BAND :
		    BOOK_HOTEL, slot);
		return other == PLANNER_HOLD_HELD ||
		    other == PLANNER_HOLD_RESERVING ||
		    other == PLANNER_HOLD_UNKNOWN;
	}
	return slot == pl_best_pair(pl) || slot == pl_target(pl);
}

/*
 * The side to reserve first: the service with fewer free slots is the
 * busier one, where a free slot is most likely to go next.
 */
static void
pl_side_order(const struct planner *pl, enum book_svc order[BOOK_NSVC])
{
	unsigned	nfree[BOOK_NSVC] = { 0, 0 };

	for (int s = 0; s < BOOK_NSVC; s++) {
		for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++)
			nfree[s] += pl->cell[s][t].avail == PLANNER_AV_FREE;
	}
	order[0] = nfree[BOOK_BAND] < nfree[BOOK_HOTEL] ? BOOK_BAND : BOOK_HOTEL;
	order[1] = order[0] == BOOK_HOTEL ? BOOK_BAND : BOOK_HOTEL;
}

static enum planner_next
pl_send(struct planner *pl, enum book_svc svc, enum book_method m,
    unsigned slot, struct book_req *req)
{
	struct pl_hold	*h;

	memset(req, 0, sizeof *req);
	req->id = ++pl->next_id;
	req->svc = svc;
	req->method = m;
	req->slot = slot;
	if (m == BOOK_RESERVE)
		pl_hold_add(pl, svc, slot, PLANNER_HOLD_RESERVING);
	else if (m == BOOK_CANCEL && (h = pl_hold_find(pl, svc, slot)) != NULL)
		h->st = PLANNER_HOLD_CANCELLING;
	pl->cur = *req;
	pl->inflight = true;
	pl->sent++;
	return PLANNER_SEND;
}

/* Release the first hold nobody wants any more. */
static bool
pl_next_release(struct planner *pl, struct book_req *req)
{
	for (int s = 0; s < BOOK_NSVC; s++) {
		if (pl->reconcile[s])
			continue;
		for (size_t i = 0; i < pl->nholds[s]; i++) {
			const struct pl_hold *h = &pl->holds[s][i];

			if (h->st == PLANNER_HOLD_HELD && !pl_kept(pl, s, h->slot)) {
				pl_send(pl, s, BOOK_CANCEL, h->slot, req);
				return true;
			}
		}
	}
	return false;
}

/*
 * Reserve the missing side(s) of slot, re-reading a service first when
 * what we know of the slot there is stale.  The person's pick is taken
 * as asked, whatever we believe of it.
 */
static bool
pl_next_complete(struct planner *pl, unsigned slot, bool trust_user,
    uint64_t now, struct book_req *req)
{
	enum book_svc	order[BOOK_NSVC];

	pl_side_order(pl, order);
	for (int i = 0; i < BOOK_NSVC; i++) {
		enum book_svc s = order[i];

		if (pl_hold_state(pl, s, slot) != PLANNER_HOLD_NONE ||
		    pl->reconcile[s] || pl->nholds[s] >= BOOK_MAX_HOLDS)
			continue;
		if (!trust_user && now > pl->cell[s][slot].seen_ms +
		    pl->opts.stale_ms) {
			pl_send(pl, s, BOOK_GET_AVAILABLE, 0, req);
			return true;
		}
		pl_send(pl, s, BOOK_RESERVE, slot, req);
		return true;
	}
	return false;
}

/* Release what is not wanted, then complete the pick or the target. */
static bool
pl_next_change(struct planner *pl, uint64_t now, struct book_req *req)
{
	unsigned	t;

	if (pl_next_release(pl, req))
		return true;
	if (pl->pick != 0)
		return pl_next_complete(pl, pl->pick, true, now, req);
	if ((t = pl_target(pl)) != 0)
		return pl_next_complete(pl, t, false, now, req);
	return false;
}

enum planner_next
planner_next(struct planner *pl, uint64_t now, struct book_req *req,
    uint64_t *wake_ms)
{
	uint64_t	wake = UINT64_MAX, due;
	enum book_svc	s;
	bool		doubt = false;

	if (pl->failure[0] != '\0')
		return PLANNER_STOPPED;
	if (pl->inflight)
		return PLANNER_BUSY;
	for (s = 0; s < BOOK_NSVC; s++) {
		if (!pl->reconcile[s])
			continue;
		if (now >= pl->reconcile_at[s])
			return pl_send(pl, s, BOOK_GET_HELD, 0, req);
		if (pl->reconcile_at[s] < wake)
			wake = pl->reconcile_at[s];
		doubt = true;
	}
	/* While a change is in doubt, change nothing else: only look. */
	if (!doubt && pl_next_change(pl, now, req))
		return PLANNER_SEND;
	/* Nothing to do but look again: the service seen longest ago. */
	s = pl->fetched_ms[BOOK_BAND] < pl->fetched_ms[BOOK_HOTEL] ||
	    !pl->have_avail[BOOK_BAND] ? BOOK_BAND : BOOK_HOTEL;
	if (!pl->have_avail[BOOK_HOTEL])
		s = BOOK_HOTEL;
	due = pl->have_avail[s] ? pl->fetched_ms[s] + pl->opts.poll_ms : 0;
	if (now >= due)
		return pl_send(pl, s, BOOK_GET_AVAILABLE, 0, req);
	*wake_ms = due < wake ? due : wake;
	return PLANNER_WAIT;
}
