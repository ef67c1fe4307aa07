#include "config.h"

#include <string.h>

#include "ui/dash_model.h"

static const struct {
	char		 glyph;
	const char	*name;
} dash_cells[DASH_NCELLS] = {
	[DASH_FREE] = { '.', "free" },
	[DASH_COMMON] = { 'o', "free at both" },
	[DASH_TAKEN] = { 'x', "taken" },
	[DASH_MINE] = { '@', "held by me" },
	[DASH_PAIR] = { 'P', "my pair" },
	[DASH_FLIGHT] = { '>', "request in flight" },
	[DASH_UNKNOWN] = { '?', "outcome unknown" },
	[DASH_BLOCKED] = { '#', "blocked" },
	[DASH_STALE] = { '~', "stale" },
};

char
dash_cell_glyph(enum dash_cell c)
{
	return c < DASH_NCELLS ? dash_cells[c].glyph : ' ';
}

const char *
dash_cell_name(enum dash_cell c)
{
	return c < DASH_NCELLS ? dash_cells[c].name : "?";
}

bool
dash_paired(const struct planner_snapshot *sn, unsigned slot)
{
	return sn->cell[BOOK_HOTEL][slot].hold == PLANNER_HOLD_HELD &&
	    sn->cell[BOOK_BAND][slot].hold == PLANNER_HOLD_HELD;
}

static bool
dash_fresh_free(const struct planner_snapshot *sn, enum book_svc svc,
    unsigned slot, uint64_t now, uint64_t stale_ms)
{
	const struct planner_cell	*c = &sn->cell[svc][slot];

	return c->hold == PLANNER_HOLD_NONE && c->avail == PLANNER_AV_FREE &&
	    c->seen_ms + stale_ms >= now;
}

enum dash_cell
dash_cell_state(const struct planner_snapshot *sn, enum book_svc svc,
    unsigned slot, uint64_t now, uint64_t stale_ms)
{
	const struct planner_cell	*c;
	enum book_svc			 other;

	if (slot < BOOK_SLOT_MIN || slot > BOOK_SLOT_MAX)
		return DASH_STALE;
	c = &sn->cell[svc][slot];
	/* What I hold or asked for outranks what the service last said. */
	switch ((enum planner_hold)c->hold) {
	case PLANNER_HOLD_RESERVING:
	case PLANNER_HOLD_CANCELLING:
		return DASH_FLIGHT;
	case PLANNER_HOLD_UNKNOWN:
		return DASH_UNKNOWN;
	case PLANNER_HOLD_HELD:
		return dash_paired(sn, slot) ? DASH_PAIR : DASH_MINE;
	case PLANNER_HOLD_NONE:
		break;
	}
	if (c->avail == PLANNER_AV_BLOCKED)
		return DASH_BLOCKED;
	if (c->avail == PLANNER_AV_UNKNOWN || c->seen_ms + stale_ms < now)
		return DASH_STALE;
	if (c->avail == PLANNER_AV_TAKEN)
		return DASH_TAKEN;
	other = svc == BOOK_HOTEL ? BOOK_BAND : BOOK_HOTEL;
	return dash_fresh_free(sn, other, slot, now, stale_ms) ?
	    DASH_COMMON : DASH_FREE;
}

unsigned
dash_earliest_common(const struct planner_snapshot *sn, uint64_t now,
    uint64_t stale_ms)
{
	for (unsigned slot = BOOK_SLOT_MIN; slot <= BOOK_SLOT_MAX; slot++) {
		if (dash_fresh_free(sn, BOOK_HOTEL, slot, now, stale_ms) &&
		    dash_fresh_free(sn, BOOK_BAND, slot, now, stale_ms))
			return slot;
	}
	return 0;
}

unsigned
dash_cursor_move(unsigned slot, int dy, int dx, unsigned per_row)
{
	long	s = (long)slot + (long)dy * (long)per_row + dx;

	/* Up from the top row or down from the bottom one stays put. */
	if (dy != 0 && (s < BOOK_SLOT_MIN || s > BOOK_SLOT_MAX))
		return slot;
	if (s < BOOK_SLOT_MIN)
		return BOOK_SLOT_MIN;
	if (s > BOOK_SLOT_MAX)
		return BOOK_SLOT_MAX;
	return (unsigned)s;
}

int
dash_slot_parse(const char *s, unsigned *slot)
{
	unsigned	n = 0;

	if (*s == '\0' || strlen(s) > 3)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned)(*s - '0');
	}
	if (n < BOOK_SLOT_MIN || n > BOOK_SLOT_MAX)
		return -1;
	*slot = n;
	return 0;
}

bool
dash_log_match(const struct httpw_log *l, enum dash_svc_filter sf,
    enum dash_status_filter tf)
{
	bool	ok = l->status >= 200 && l->status < 300;

	if ((sf == DASH_LOG_HOTEL && l->svc != BOOK_HOTEL) ||
	    (sf == DASH_LOG_BAND && l->svc != BOOK_BAND))
		return false;
	if ((tf == DASH_LOG_FAILED && ok) || (tf == DASH_LOG_OK && !ok))
		return false;
	return true;
}

const char *
dash_svc_filter_name(enum dash_svc_filter f)
{
	static const char *names[] = { "both", "hotel", "band" };

	return f < DASH_NSVC_FILTERS ? names[f] : "?";
}

const char *
dash_status_filter_name(enum dash_status_filter f)
{
	static const char *names[] = { "all", "failed", "ok" };

	return f < DASH_NSTATUS_FILTERS ? names[f] : "?";
}
