#include "config.h"

#include <stdio.h>
#include <string.h>

#include "src/book/planner_int.h"

static void
pl_reconcile_soon(struct planner *pl, enum book_svc svc, uint64_t at)
{
	if (!pl->reconcile[svc] || at < pl->reconcile_at[svc])
		pl->reconcile_at[svc] = at;
	pl->reconcile[svc] = true;
}

static void
pl_learn(struct planner *pl, enum book_svc svc, unsigned slot,
    enum planner_avail av, uint64_t now)
{
	pl->cell[svc][slot].avail = (uint8_t)av;
	pl->cell[svc][slot].seen_ms = now;
}

static int
pl_available(struct planner *pl, enum book_svc svc,
    const struct book_result *r, uint64_t now)
{
	bool	listed[BOOK_SLOT_MAX + 1];
	int	ev = PLANNER_EV_SLOTS;

	memset(listed, 0, sizeof listed);
	for (size_t i = 0; i < r->nslots; i++) {
		if (r->slots[i] >= BOOK_SLOT_MIN && r->slots[i] <= BOOK_SLOT_MAX)
			listed[r->slots[i]] = true;
	}
	for (unsigned t = BOOK_SLOT_MIN; t <= BOOK_SLOT_MAX; t++) {
		enum planner_hold st = pl_hold_state(pl, svc, t);

		/* A slot we hold offered to all: what we believe is wrong. */
		if (listed[t] && st == PLANNER_HOLD_HELD)
			pl_reconcile_soon(pl, svc, now);
		if (listed[t])
			pl_learn(pl, svc, t, PLANNER_AV_FREE, now);
		else if (pl->cell[svc][t].avail != PLANNER_AV_BLOCKED ||
		    st != PLANNER_HOLD_NONE)
			pl_learn(pl, svc, t, PLANNER_AV_TAKEN, now);
		else
			pl->cell[svc][t].seen_ms = now;
	}
	pl->fetched_ms[svc] = now;
	pl->have_avail[svc] = true;
	return ev;
}

/* GET /reservation: what the service says we hold replaces our belief. */
static int
pl_read_back(struct planner *pl, enum book_svc svc,
    const struct book_result *r, uint64_t now)
{
	struct pl_hold	old[PLANNER_TRACK_MAX];
	size_t		nold = pl->nholds[svc];
	bool		found;

	memcpy(old, pl->holds[svc], sizeof old);
	pl->nholds[svc] = 0;
	for (size_t i = 0; i < r->nslots; i++) {
		if (r->slots[i] >= BOOK_SLOT_MIN && r->slots[i] <= BOOK_SLOT_MAX) {
			pl_hold_add(pl, svc, r->slots[i], PLANNER_HOLD_HELD);
			pl_learn(pl, svc, r->slots[i], PLANNER_AV_TAKEN, now);
		}
	}
	for (size_t i = 0; i < nold; i++) {
		found = pl_hold_find(pl, svc, old[i].slot) != NULL;
		/* A release we were unsure of did happen: the slot is free. */
		if (!found && old[i].st == PLANNER_HOLD_UNKNOWN &&
		    pl->cell[svc][old[i].slot].avail == PLANNER_AV_TAKEN)
			pl_learn(pl, svc, old[i].slot, PLANNER_AV_FREE, now);
	}
	pl->reconcile[svc] = false;
	pl->reconciled[svc] = true;
	return PLANNER_EV_HOLDS | PLANNER_EV_SLOTS;
}

static void
pl_pick_failed(struct planner *pl, const struct book_result *r)
{
	if (pl->pick != r->req.slot)
		return;
	pl_note(pl, "slot %u could not be had at the %s (%s)", r->req.slot,
	    book_svc_name(r->req.svc), book_outcome_name(r->outcome));
	pl->pick = 0;
}

static int
pl_reserved(struct planner *pl, const struct book_result *r, uint64_t now)
{
	enum book_svc	svc = r->req.svc, other;
	unsigned	slot = r->req.slot;

	other = svc == BOOK_HOTEL ? BOOK_BAND : BOOK_HOTEL;
	switch (r->outcome) {
	case BOOK_OUT_OK:
		pl_hold_add(pl, svc, slot, PLANNER_HOLD_HELD);
		pl_learn(pl, svc, slot, PLANNER_AV_TAKEN, now);
		if (pl_held(pl, other, slot)) {
			if (pl->pick == slot) {
				pl->pick = 0;
				pl_note(pl, "slot %u held at both services", slot);
			}
			if (pl->first_pair_ms == 0) {
				pl->first_pair_ms = now - pl->start_ms + 1;
				pl->first_pair_sent = pl->sent;
			}
			return PLANNER_EV_HOLDS | PLANNER_EV_PAIR;
		}
		return PLANNER_EV_HOLDS;
	case BOOK_OUT_UNKNOWN:
		pl_hold_add(pl, svc, slot, PLANNER_HOLD_UNKNOWN);
		pl_reconcile_soon(pl, svc, now + pl->opts.settle_ms);
		return PLANNER_EV_HOLDS;
	case BOOK_OUT_NOT_APPLIED:
	case BOOK_OUT_UNAVAILABLE:
		/* Nothing happened; a pick simply tries again. */
		pl_hold_remove(pl, svc, slot);
		return PLANNER_EV_HOLDS;
	case BOOK_OUT_CONFLICT:
		pl_learn(pl, svc, slot, PLANNER_AV_TAKEN, now);
		break;
	case BOOK_OUT_NO_SUCH_SLOT:
	case BOOK_OUT_BAD_REQUEST:
		pl_learn(pl, svc, slot, PLANNER_AV_BLOCKED, now);
		break;
	case BOOK_OUT_LIMIT:
		/* The service counts more holds than we do: read them back. */
		pl_reconcile_soon(pl, svc, now);
		break;
	case BOOK_OUT_UNAUTHORIZED:
		break;
	}
	pl_hold_remove(pl, svc, slot);
	pl_pick_failed(pl, r);
	return PLANNER_EV_HOLDS | PLANNER_EV_SLOTS | PLANNER_EV_NOTE;
}

static int
pl_cancelled(struct planner *pl, const struct book_result *r, uint64_t now)
{
	enum book_svc	svc = r->req.svc;
	unsigned	slot = r->req.slot;
	struct pl_hold	*h = pl_hold_find(pl, svc, slot);

	switch (r->outcome) {
	case BOOK_OUT_OK:
		pl_hold_remove(pl, svc, slot);
		pl_learn(pl, svc, slot, PLANNER_AV_FREE, now);
		break;
	case BOOK_OUT_UNKNOWN:
		if (h != NULL)
			h->st = PLANNER_HOLD_UNKNOWN;
		pl_reconcile_soon(pl, svc, now + pl->opts.settle_ms);
		break;
	case BOOK_OUT_NOT_APPLIED:
	case BOOK_OUT_UNAVAILABLE:
		if (h != NULL)
			h->st = PLANNER_HOLD_HELD;
		break;
	default:
		/* We believed we held it and the service disagrees. */
		pl_hold_remove(pl, svc, slot);
		pl_reconcile_soon(pl, svc, now);
		break;
	}
	if (pl_hold_find(pl, svc, slot) == NULL &&
	    pl_hold_state(pl, svc == BOOK_HOTEL ? BOOK_BAND : BOOK_HOTEL,
	    slot) == PLANNER_HOLD_NONE)
		pl->drop[slot] = false;
	return PLANNER_EV_HOLDS | PLANNER_EV_PAIR;
}

int
planner_result(struct planner *pl, const struct book_result *r, uint64_t now)
{
	enum planner_state before = planner_state(pl, now);
	unsigned	pair = pl_best_pair(pl);
	int		ev = 0;

	if (!pl->inflight || r->req.id != pl->cur.id)
		return -1;
	pl->inflight = false;
	if ((size_t)r->outcome <= BOOK_OUT_UNKNOWN)
		pl->outcomes[r->outcome]++;
	if (r->outcome == BOOK_OUT_UNAUTHORIZED) {
		snprintf(pl->failure, sizeof pl->failure, "the %s refused the "
		    "API key (401)", book_svc_name(r->req.svc));
		ev |= PLANNER_EV_NOTE;
	}
	switch (r->req.method) {
	case BOOK_GET_AVAILABLE:
		if (r->outcome == BOOK_OUT_OK)
			ev |= pl_available(pl, r->req.svc, r, now);
		break;
	case BOOK_GET_HELD:
		if (r->outcome == BOOK_OUT_OK)
			ev |= pl_read_back(pl, r->req.svc, r, now);
		break;
	case BOOK_RESERVE:
		ev |= pl_reserved(pl, r, now);
		break;
	case BOOK_CANCEL:
		ev |= pl_cancelled(pl, r, now);
		break;
	}
	if (pl_best_pair(pl) != pair)
		ev |= PLANNER_EV_PAIR;
	if (planner_state(pl, now) != before)
		ev |= PLANNER_EV_STATE;
	return ev;
}
