#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/book/planner_int.h"

void
planner_opts_default(struct planner_opts *o)
{
	memset(o, 0, sizeof *o);
	o->mode = PLANNER_AUTO;
	o->poll_ms = 1000;
	o->stale_ms = 5000;
	o->settle_ms = 1000;
}

struct planner *
planner_new(const struct planner_opts *opts, uint64_t now)
{
	struct planner	*pl = xcalloc(1, sizeof *pl);

	pl->opts = *opts;
	pl->start_ms = now;
	if (opts->resume) {
		for (int s = 0; s < BOOK_NSVC; s++) {
			pl->reconcile[s] = true;
			pl->reconcile_at[s] = now;
		}
	} else {
		pl->reconciled[BOOK_HOTEL] = pl->reconciled[BOOK_BAND] = true;
	}
	return pl;
}

void
planner_free(struct planner *pl)
{
	free(pl);
}

void
pl_note(struct planner *pl, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(pl->note, sizeof pl->note, fmt, ap);
	va_end(ap);
}

struct pl_hold *
pl_hold_find(struct planner *pl, enum book_svc svc, unsigned slot)
{
	for (size_t i = 0; i < pl->nholds[svc]; i++) {
		if (pl->holds[svc][i].slot == slot)
			return &pl->holds[svc][i];
	}
	return NULL;
}

enum planner_hold
pl_hold_state(const struct planner *pl, enum book_svc svc, unsigned slot)
{
	for (size_t i = 0; i < pl->nholds[svc]; i++) {
		if (pl->holds[svc][i].slot == slot)
			return pl->holds[svc][i].st;
	}
	return PLANNER_HOLD_NONE;
}

bool
pl_held(const struct planner *pl, enum book_svc svc, unsigned slot)
{
	return pl_hold_state(pl, svc, slot) == PLANNER_HOLD_HELD;
}

struct pl_hold *
pl_hold_add(struct planner *pl, enum book_svc svc, unsigned slot,
    enum planner_hold st)
{
	struct pl_hold	*h;

	if ((h = pl_hold_find(pl, svc, slot)) == NULL) {
		/* Only a read-back can list more than we track; keep the first. */
		if (pl->nholds[svc] == PLANNER_TRACK_MAX)
			return NULL;
		h = &pl->holds[svc][pl->nholds[svc]++];
		h->slot = slot;
	}
	h->st = st;
	return h;
}

void
pl_hold_remove(struct planner *pl, enum book_svc svc, unsigned slot)
{
	struct pl_hold	*h;
	size_t		 i;

	if ((h = pl_hold_find(pl, svc, slot)) == NULL)
		return;
	i = (size_t)(h - pl->holds[svc]);
	memmove(h, h + 1, (pl->nholds[svc] - i - 1) * sizeof *h);
	pl->nholds[svc]--;
}

int
planner_pick(struct planner *pl, unsigned slot, char **cause)
{
	unsigned	best = pl_best_pair(pl);
	size_t		kept;

	if (slot < BOOK_SLOT_MIN || slot > BOOK_SLOT_MAX) {
		*cause = xasprintf("slot %u is outside %d..%d", slot,
		    BOOK_SLOT_MIN, BOOK_SLOT_MAX);
		return -1;
	}
	if (pl->opts.mode == PLANNER_AUTO) {
		*cause = xstrdup("picking needs manual or assist mode");
		return -1;
	}
	if (pl->pick != 0) {
		*cause = xasprintf("slot %u is still being reserved", pl->pick);
		return -1;
	}
	if (pl_held(pl, BOOK_HOTEL, slot) && pl_held(pl, BOOK_BAND, slot)) {
		*cause = xasprintf("slot %u is already held at both", slot);
		return -1;
	}
	if (pl->opts.mode == PLANNER_ASSIST && best != 0 && slot > best) {
		*cause = xasprintf("the pair at slot %u is earlier", best);
		return -1;
	}
	for (int s = 0; s < BOOK_NSVC; s++) {
		kept = 0;
		for (size_t i = 0; i < pl->nholds[s]; i++) {
			if (pl->holds[s][i].slot != slot &&
			    pl_kept(pl, s, pl->holds[s][i].slot))
				kept++;
		}
		if (pl_hold_state(pl, s, slot) == PLANNER_HOLD_NONE &&
		    kept >= BOOK_MAX_HOLDS) {
			*cause = xasprintf("already two holds at the %s: cancel "
			    "a pair first", book_svc_name(s));
			return -1;
		}
	}
	pl->pick = slot;
	pl->drop[slot] = false;
	pl->avoid[slot] = false;
	pl_note(pl, "reserving slot %u at both services", slot);
	return 0;
}

int
planner_cancel_pair(struct planner *pl, unsigned slot, char **cause)
{
	if (slot < BOOK_SLOT_MIN || slot > BOOK_SLOT_MAX) {
		*cause = xasprintf("slot %u is outside %d..%d", slot,
		    BOOK_SLOT_MIN, BOOK_SLOT_MAX);
		return -1;
	}
	if (pl->opts.mode == PLANNER_AUTO) {
		*cause = xstrdup("cancelling needs manual or assist mode");
		return -1;
	}
	if (pl_hold_state(pl, BOOK_HOTEL, slot) == PLANNER_HOLD_NONE &&
	    pl_hold_state(pl, BOOK_BAND, slot) == PLANNER_HOLD_NONE) {
		*cause = xasprintf("nothing is held at slot %u", slot);
		return -1;
	}
	if (pl->pick == slot)
		pl->pick = 0;
	pl->drop[slot] = true;
	/* Assist mode would otherwise take the slot straight back. */
	pl->avoid[slot] = pl->opts.mode == PLANNER_ASSIST;
	pl_note(pl, "cancelling slot %u at both services", slot);
	return 0;
}

void
planner_set_mode(struct planner *pl, enum planner_mode mode)
{
	pl->opts.mode = mode;
	if (mode == PLANNER_AUTO) {
		pl->pick = 0;
		memset(pl->avoid, 0, sizeof pl->avoid);
	}
}

enum planner_state
planner_state(const struct planner *pl, uint64_t now)
{
	unsigned	best, better;

	if (pl->failure[0] != '\0')
		return PLANNER_FAILED;
	if (!pl->reconciled[BOOK_HOTEL] || !pl->reconciled[BOOK_BAND])
		return PLANNER_STARTING;
	if ((best = pl_best_pair(pl)) == 0)
		return PLANNER_SEARCHING;
	for (int s = 0; s < BOOK_NSVC; s++) {
		if (!pl->have_avail[s] || pl->reconcile[s] ||
		    now > pl->fetched_ms[s] + pl->opts.stale_ms)
			return PLANNER_HOLDING;
		for (size_t i = 0; i < pl->nholds[s]; i++) {
			if (pl->holds[s][i].st == PLANNER_HOLD_UNKNOWN)
				return PLANNER_HOLDING;
		}
	}
	better = pl_earliest_common(pl);
	return better != 0 && better < best ? PLANNER_HOLDING : PLANNER_EARLIEST;
}

unsigned
planner_pair(const struct planner *pl)
{
	return pl_best_pair(pl);
}

void
planner_snapshot(const struct planner *pl, uint64_t now,
    struct planner_snapshot *sn)
{
	memset(sn, 0, sizeof *sn);
	sn->mode = pl->opts.mode;
	sn->state = planner_state(pl, now);
	memcpy(sn->cell, pl->cell, sizeof sn->cell);
	for (int s = 0; s < BOOK_NSVC; s++) {
		for (size_t i = 0; i < pl->nholds[s]; i++) {
			sn->holds[s][i] = pl->holds[s][i].slot;
			sn->cell[s][pl->holds[s][i].slot].hold =
			    (uint8_t)pl->holds[s][i].st;
		}
		sn->nholds[s] = pl->nholds[s];
		sn->reconciling[s] = pl->reconcile[s];
		sn->age_ms[s] = pl->have_avail[s] ?
		    now - pl->fetched_ms[s] : UINT64_MAX;
	}
	sn->pair = pl_best_pair(pl);
	sn->target = pl_target(pl);
	sn->pick = pl->pick;
	sn->earliest_common = pl_earliest_common(pl);
	sn->inflight = pl->inflight;
	sn->current = pl->cur;
	sn->sent = pl->sent;
	memcpy(sn->outcomes, pl->outcomes, sizeof sn->outcomes);
	sn->first_pair_ms = pl->first_pair_ms;
	sn->first_pair_sent = pl->first_pair_sent;
	memcpy(sn->note, pl->note, sizeof sn->note);
	memcpy(sn->failure, pl->failure, sizeof sn->failure);
}

int
planner_check(const struct planner *pl, char **cause)
{
	for (int s = 0; s < BOOK_NSVC; s++) {
		if (pl->nholds[s] > BOOK_MAX_HOLDS) {
			*cause = xasprintf("%zu holds at the %s", pl->nholds[s],
			    book_svc_name(s));
			return -1;
		}
		for (size_t i = 0; i < pl->nholds[s]; i++) {
			enum planner_hold st = pl->holds[s][i].st;

			if (!pl->inflight && (st == PLANNER_HOLD_RESERVING ||
			    st == PLANNER_HOLD_CANCELLING)) {
				*cause = xasprintf("%s slot %u in flight with no "
				    "request", book_svc_name(s),
				    pl->holds[s][i].slot);
				return -1;
			}
			if (st == PLANNER_HOLD_UNKNOWN && !pl->reconcile[s]) {
				*cause = xasprintf("%s slot %u unknown with no "
				    "read-back due", book_svc_name(s),
				    pl->holds[s][i].slot);
				return -1;
			}
		}
	}
	return 0;
}

const char *
planner_mode_name(enum planner_mode m)
{
	switch (m) {
	case PLANNER_AUTO:
		return "auto";
	case PLANNER_MANUAL:
		return "manual";
	case PLANNER_ASSIST:
		return "assist";
	}
	return "?";
}

const char *
planner_state_name(enum planner_state st)
{
	static const char *names[] = {
		[PLANNER_STARTING] = "starting",
		[PLANNER_SEARCHING] = "searching",
		[PLANNER_HOLDING] = "holding",
		[PLANNER_EARLIEST] = "earliest",
		[PLANNER_FAILED] = "failed",
	};

	return (size_t)st < sizeof names / sizeof names[0] ? names[st] : "?";
}
