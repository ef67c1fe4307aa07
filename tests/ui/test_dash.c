#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/book/planner.h"
#include "tests/testlib.h"
#include "ui/dash_model.h"

#define NOW	100000

static struct planner_snapshot *
snap_new(void)
{
	return xcalloc(1, sizeof(struct planner_snapshot));
}

static void
cell(struct planner_snapshot *sn, enum book_svc svc, unsigned slot,
    enum planner_avail av, enum planner_hold hold, uint64_t seen)
{
	sn->cell[svc][slot].avail = av;
	sn->cell[svc][slot].hold = hold;
	sn->cell[svc][slot].seen_ms = seen;
}

static enum dash_cell
state(struct planner_snapshot *sn, enum book_svc svc, unsigned slot)
{
	return dash_cell_state(sn, svc, slot, NOW, DASH_STALE_MS);
}

static void
test_cell_states(void)
{
	struct planner_snapshot	*sn = snap_new();

	cell(sn, BOOK_HOTEL, 1, PLANNER_AV_FREE, PLANNER_HOLD_NONE, NOW);
	cell(sn, BOOK_BAND, 1, PLANNER_AV_FREE, PLANNER_HOLD_NONE, NOW - 10);
	cell(sn, BOOK_HOTEL, 2, PLANNER_AV_FREE, PLANNER_HOLD_NONE, NOW);
	cell(sn, BOOK_BAND, 2, PLANNER_AV_TAKEN, PLANNER_HOLD_NONE, NOW);
	cell(sn, BOOK_HOTEL, 3, PLANNER_AV_TAKEN, PLANNER_HOLD_HELD, NOW);
	cell(sn, BOOK_BAND, 3, PLANNER_AV_TAKEN, PLANNER_HOLD_HELD, NOW);
	sn->pair = 3;
	cell(sn, BOOK_HOTEL, 4, PLANNER_AV_TAKEN, PLANNER_HOLD_HELD, NOW);
	cell(sn, BOOK_BAND, 4, PLANNER_AV_FREE, PLANNER_HOLD_NONE, NOW);
	cell(sn, BOOK_HOTEL, 5, PLANNER_AV_FREE, PLANNER_HOLD_RESERVING, NOW);
	cell(sn, BOOK_BAND, 5, PLANNER_AV_TAKEN, PLANNER_HOLD_CANCELLING, NOW);
	cell(sn, BOOK_HOTEL, 6, PLANNER_AV_FREE, PLANNER_HOLD_UNKNOWN, NOW);
	cell(sn, BOOK_HOTEL, 7, PLANNER_AV_BLOCKED, PLANNER_HOLD_NONE, 1);
	cell(sn, BOOK_HOTEL, 8, PLANNER_AV_FREE, PLANNER_HOLD_NONE,
	    NOW - DASH_STALE_MS - 1);
	cell(sn, BOOK_BAND, 8, PLANNER_AV_FREE, PLANNER_HOLD_NONE, NOW);
	cell(sn, BOOK_HOTEL, 10, PLANNER_AV_FREE, PLANNER_HOLD_NONE,
	    NOW - DASH_STALE_MS);

	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 1), DASH_COMMON);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 1), DASH_COMMON);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 2), DASH_FREE);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 2), DASH_TAKEN);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 3), DASH_PAIR);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 3), DASH_PAIR);
	/* Held at one side: mine there, and the other side is no longer
	 * "free at both" since the hotel slot is not free. */
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 4), DASH_MINE);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 4), DASH_FREE);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 5), DASH_FLIGHT);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 5), DASH_FLIGHT);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 6), DASH_UNKNOWN);
	/* Blocked stays blocked however old the news. */
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 7), DASH_BLOCKED);
	/* Old news is stale, and a stale side spoils "free at both". */
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 8), DASH_STALE);
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 8), DASH_FREE);
	/* Never seen is stale too; exactly the limit is still fresh. */
	CU_ASSERT_EQUAL(state(sn, BOOK_BAND, 9), DASH_STALE);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 10), DASH_FREE);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 0), DASH_STALE);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 501), DASH_STALE);
	CU_ASSERT_EQUAL(dash_earliest_common(sn, NOW, DASH_STALE_MS), 1);
	/* Held at both is a pair even when not the one the planner keeps. */
	sn->pair = 0;
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 3), DASH_PAIR);
	cell(sn, BOOK_BAND, 1, PLANNER_AV_TAKEN, PLANNER_HOLD_NONE, NOW);
	CU_ASSERT_EQUAL(dash_earliest_common(sn, NOW, DASH_STALE_MS), 0);
	free(sn);
}

static void
test_glyphs_distinct(void)
{
	for (int a = 0; a < DASH_NCELLS; a++) {
		CU_ASSERT(dash_cell_glyph(a) > ' ' && dash_cell_glyph(a) < 0x7f);
		for (int b = a + 1; b < DASH_NCELLS; b++) {
			CU_ASSERT(dash_cell_glyph(a) != dash_cell_glyph(b));
			CU_ASSERT(strcmp(dash_cell_name(a),
			    dash_cell_name(b)) != 0);
		}
	}
}

/* A fake pair of services for the real planner: free sets per service. */
struct fake {
	bool	free[BOOK_NSVC][BOOK_SLOT_MAX + 1];
};

static void
fake_answer(struct fake *f, const struct book_req *req,
    struct book_result *r)
{
	memset(r, 0, sizeof *r);
	r->req = *req;
	r->outcome = BOOK_OUT_OK;
	r->status = 200;
	r->attempts = 1;
	r->slots = xreallocarray(NULL, BOOK_SLOT_MAX, sizeof *r->slots);
	switch (req->method) {
	case BOOK_GET_AVAILABLE:
		for (unsigned s = 1; s <= BOOK_SLOT_MAX; s++) {
			if (f->free[req->svc][s])
				r->slots[r->nslots++] = s;
		}
		break;
	case BOOK_GET_HELD:
		break;
	case BOOK_RESERVE:
		f->free[req->svc][req->slot] = false;
		break;
	case BOOK_CANCEL:
		f->free[req->svc][req->slot] = true;
		break;
	}
}

/* The states the dashboard derives from the real planner's snapshots. */
static void
test_states_from_planner(void)
{
	struct planner_opts	 po;
	struct planner		*pl;
	struct planner_snapshot	*sn = snap_new();
	struct fake		 f;
	struct book_req		 req;
	struct book_result	 r;
	uint64_t		 now = 1000, wake;
	bool			 saw_flight = false;

	memset(&f, 0, sizeof f);
	for (unsigned s = 3; s <= BOOK_SLOT_MAX; s++)
		f.free[BOOK_HOTEL][s] = f.free[BOOK_BAND][s] = true;
	f.free[BOOK_BAND][3] = false;
	f.free[BOOK_HOTEL][2] = true;
	planner_opts_default(&po);
	pl = planner_new(&po, now);
	planner_snapshot(pl, now, sn);
	CU_ASSERT_EQUAL(state(sn, BOOK_HOTEL, 1), DASH_STALE);
	for (int step = 0; step < 20 && planner_pair(pl) == 0; step++) {
		now += 1000;
		if (planner_next(pl, now, &req, &wake) != PLANNER_SEND)
			continue;
		planner_snapshot(pl, now, sn);
		if (req.method == BOOK_RESERVE) {
			CU_ASSERT_EQUAL(dash_cell_state(sn, req.svc, req.slot,
			    now, DASH_STALE_MS), DASH_FLIGHT);
			saw_flight = true;
		}
		fake_answer(&f, &req, &r);
		planner_result(pl, &r, now);
		book_result_free(&r);
	}
	CU_ASSERT(saw_flight);
	CU_ASSERT_EQUAL_FATAL(planner_pair(pl), 4);
	planner_snapshot(pl, now, sn);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_HOTEL, 4, now,
	    DASH_STALE_MS), DASH_PAIR);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_BAND, 4, now,
	    DASH_STALE_MS), DASH_PAIR);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_HOTEL, 2, now,
	    DASH_STALE_MS), DASH_FREE);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_BAND, 2, now,
	    DASH_STALE_MS), DASH_TAKEN);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_BAND, 3, now,
	    DASH_STALE_MS), DASH_TAKEN);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_HOTEL, 5, now,
	    DASH_STALE_MS), DASH_COMMON);
	CU_ASSERT_EQUAL(dash_earliest_common(sn, now, DASH_STALE_MS), 5);
	/* Nothing heard for a minute: everything not mine goes stale. */
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_HOTEL, 5, now + 60000,
	    DASH_STALE_MS), DASH_STALE);
	CU_ASSERT_EQUAL(dash_cell_state(sn, BOOK_HOTEL, 4, now + 60000,
	    DASH_STALE_MS), DASH_PAIR);
	planner_free(pl);
	free(sn);
}

static void
test_cursor(void)
{
	CU_ASSERT_EQUAL(dash_cursor_move(50, 0, 1, 50), 51);
	CU_ASSERT_EQUAL(dash_cursor_move(51, 0, -1, 50), 50);
	CU_ASSERT_EQUAL(dash_cursor_move(1, 0, -1, 50), 1);
	CU_ASSERT_EQUAL(dash_cursor_move(500, 0, 1, 50), 500);
	CU_ASSERT_EQUAL(dash_cursor_move(30, -1, 0, 50), 30);
	CU_ASSERT_EQUAL(dash_cursor_move(80, -1, 0, 50), 30);
	CU_ASSERT_EQUAL(dash_cursor_move(451, 1, 0, 50), 451);
	CU_ASSERT_EQUAL(dash_cursor_move(450, 1, 0, 50), 500);
	CU_ASSERT_EQUAL(dash_cursor_move(1, 1, 0, 25), 26);
	CU_ASSERT_EQUAL(dash_cursor_move(480, 1, 0, 25), 480);
}

static void
test_slot_parse(void)
{
	unsigned	slot = 0;

	CU_ASSERT_EQUAL(dash_slot_parse("56", &slot), 0);
	CU_ASSERT_EQUAL(slot, 56);
	CU_ASSERT_EQUAL(dash_slot_parse("007", &slot), 0);
	CU_ASSERT_EQUAL(slot, 7);
	CU_ASSERT_EQUAL(dash_slot_parse("500", &slot), 0);
	CU_ASSERT_EQUAL(slot, 500);
	slot = 9;
	CU_ASSERT_EQUAL(dash_slot_parse("0", &slot), -1);
	CU_ASSERT_EQUAL(dash_slot_parse("501", &slot), -1);
	CU_ASSERT_EQUAL(dash_slot_parse("", &slot), -1);
	CU_ASSERT_EQUAL(dash_slot_parse("5a", &slot), -1);
	CU_ASSERT_EQUAL(dash_slot_parse("-1", &slot), -1);
	CU_ASSERT_EQUAL(dash_slot_parse("0056", &slot), -1);
	CU_ASSERT_EQUAL(slot, 9);
}

static bool
rect_in(const struct layout_rect *r, int rows, int cols)
{
	return r->h == 0 || (r->y >= 0 && r->x >= 0 && r->y + r->h <= rows &&
	    r->x + r->w <= cols);
}

static bool
rects_apart(const struct layout_rect *a, const struct layout_rect *b)
{
	return a->h == 0 || b->h == 0 || a->y + a->h <= b->y ||
	    b->y + b->h <= a->y || a->x + a->w <= b->x || b->x + b->w <= a->x;
}

/* Every slot of both grids is drawn inside its grid and clicks back. */
static void
check_cells(const struct dash_layout *l)
{
	int	y, x;

	for (int s = 0; s < BOOK_NSVC; s++) {
		for (unsigned slot = 1; slot <= BOOK_SLOT_MAX; slot++) {
			dash_layout_cell(l, s, slot, &y, &x);
			CU_ASSERT(layout_contains(&l->grid[s], y, x));
			CU_ASSERT_EQUAL(dash_layout_slot_at(l, y, x), slot);
		}
		/* The title row and the labels are no slot. */
		CU_ASSERT_EQUAL(dash_layout_slot_at(l, l->grid[s].y,
		    l->grid[s].x + DASH_LABEL_W), 0);
		CU_ASSERT_EQUAL(dash_layout_slot_at(l, l->grid[s].y + 1,
		    l->grid[s].x), 0);
	}
}

static void
test_layout_80x24(void)
{
	struct dash_layout	l;
	int			y, x;

	/* The shell keeps the bottom row: the body is 23 x 80. */
	dash_layout(23, 80, &l);
	CU_ASSERT_FALSE_FATAL(l.small);
	CU_ASSERT_EQUAL(l.per_row, 50);
	CU_ASSERT_EQUAL(l.grid_rows, 10);
	CU_ASSERT_EQUAL(l.cw, 1);
	CU_ASSERT_EQUAL(l.grid[BOOK_HOTEL].y, 0);
	CU_ASSERT_EQUAL(l.grid[BOOK_BAND].y, 11);
	CU_ASSERT_EQUAL(l.grid[BOOK_BAND].x, l.grid[BOOK_HOTEL].x);
	CU_ASSERT_EQUAL(l.info.x, 55);
	CU_ASSERT_EQUAL(l.info.w, 25);
	CU_ASSERT_EQUAL(l.log.x, 55);
	CU_ASSERT(l.log.h >= 10);
	CU_ASSERT_EQUAL(l.line.y, 22);
	CU_ASSERT_EQUAL(l.line.w, 80);
	/* A pair reads straight down: same column in both grids. */
	dash_layout_cell(&l, BOOK_HOTEL, 56, &y, &x);
	CU_ASSERT_EQUAL(y, 2);
	CU_ASSERT_EQUAL(x, 4 + 5);
	dash_layout_cell(&l, BOOK_BAND, 56, &y, &x);
	CU_ASSERT_EQUAL(y, 13);
	CU_ASSERT_EQUAL(x, 4 + 5);
	check_cells(&l);
}

static void
test_layout_large(void)
{
	struct dash_layout	l;

	dash_layout(59, 200, &l);
	CU_ASSERT_FALSE_FATAL(l.small);
	CU_ASSERT_EQUAL(l.per_row, 25);
	CU_ASSERT_EQUAL(l.grid_rows, 20);
	CU_ASSERT_EQUAL(l.cw, 3);
	CU_ASSERT_EQUAL(l.grid[BOOK_BAND].y, 0);
	CU_ASSERT(l.grid[BOOK_BAND].x > l.grid[BOOK_HOTEL].x);
	/* The rows under the grids go to a full-width log. */
	CU_ASSERT_EQUAL(l.log.x, 0);
	CU_ASSERT_EQUAL(l.log.w, 200);
	CU_ASSERT_EQUAL(l.log.h, 59 - 21 - 1);
	CU_ASSERT(l.info.w >= 25);
	check_cells(&l);

	dash_layout(39, 120, &l);
	CU_ASSERT_FALSE_FATAL(l.small);
	CU_ASSERT_EQUAL(l.per_row, 50);
	CU_ASSERT_EQUAL(l.log.w, 120);
	check_cells(&l);

	dash_layout(35, 140, &l);
	CU_ASSERT_FALSE_FATAL(l.small);
	CU_ASSERT_EQUAL(l.per_row, 25);
	CU_ASSERT_EQUAL(l.cw, 2);
	check_cells(&l);
}

static void
test_layout_small(void)
{
	struct dash_layout	l;

	dash_layout(9, 40, &l);
	CU_ASSERT_TRUE(l.small);
	CU_ASSERT_EQUAL(dash_layout_slot_at(&l, 1, 5), 0);
	dash_layout(22, 80, &l);
	CU_ASSERT_TRUE(l.small);
	dash_layout(23, 79, &l);
	CU_ASSERT_TRUE(l.small);
}

/* Every size the shell draws: panes inside the body and apart. */
static void
test_layout_every_size(void)
{
	struct dash_layout	l;

	for (int rows = 9; rows <= 80; rows++) {
		for (int cols = 40; cols <= 240; cols++) {
			const struct layout_rect *r[5];

			dash_layout(rows, cols, &l);
			r[0] = &l.info;
			r[1] = &l.log;
			r[2] = &l.line;
			r[3] = &l.grid[BOOK_HOTEL];
			r[4] = &l.grid[BOOK_BAND];
			for (int i = 0; i < (l.small ? 3 : 5); i++) {
				CU_ASSERT(rect_in(r[i], rows, cols));
				for (int j = i + 1; j < (l.small ? 3 : 5); j++)
					CU_ASSERT(rects_apart(r[i], r[j]));
			}
			if (rows >= 23 && cols >= 80)
				CU_ASSERT_FALSE(l.small);
			if (!l.small)
				CU_ASSERT(l.info.h >= DASH_INFO_H);
		}
	}
}

static void
test_log_filter(void)
{
	struct httpw_log	ok = { .svc = BOOK_HOTEL, .status = 200 };
	struct httpw_log	busy = { .svc = BOOK_BAND, .status = 503 };
	struct httpw_log	lost = { .svc = BOOK_BAND, .status = 0 };

	CU_ASSERT_TRUE(dash_log_match(&ok, DASH_LOG_BOTH, DASH_LOG_ANY));
	CU_ASSERT_TRUE(dash_log_match(&ok, DASH_LOG_HOTEL, DASH_LOG_OK));
	CU_ASSERT_FALSE(dash_log_match(&ok, DASH_LOG_BAND, DASH_LOG_ANY));
	CU_ASSERT_FALSE(dash_log_match(&ok, DASH_LOG_BOTH, DASH_LOG_FAILED));
	CU_ASSERT_TRUE(dash_log_match(&busy, DASH_LOG_BAND, DASH_LOG_FAILED));
	CU_ASSERT_FALSE(dash_log_match(&busy, DASH_LOG_HOTEL, DASH_LOG_ANY));
	CU_ASSERT_TRUE(dash_log_match(&lost, DASH_LOG_BOTH, DASH_LOG_FAILED));
	CU_ASSERT_FALSE(dash_log_match(&lost, DASH_LOG_BOTH, DASH_LOG_OK));
	CU_ASSERT_STRING_EQUAL(dash_svc_filter_name(DASH_LOG_BAND), "band");
	CU_ASSERT_STRING_EQUAL(dash_status_filter_name(DASH_LOG_FAILED),
	    "failed");
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "cell states by priority", test_cell_states },
		{ "every state has its own glyph and name",
		  test_glyphs_distinct },
		{ "cell states from the real planner", test_states_from_planner },
		{ "cursor moves and stays on the grid", test_cursor },
		{ "slot numbers typed after g", test_slot_parse },
		{ "layout at 80x24", test_layout_80x24 },
		{ "layout of larger terminals", test_layout_large },
		{ "layout too small for the grids", test_layout_small },
		{ "layout at every size", test_layout_every_size },
		{ "request log filters", test_log_filter },
		{ NULL, NULL }
	};

	return testlib_run("dash", NULL, NULL, cases);
}
