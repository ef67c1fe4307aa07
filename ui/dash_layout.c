#include "config.h"

#include <string.h>

#include "ui/dash_model.h"

/*
 * Two grids of 500 slots.  At 80x24 the only shape that leaves room for
 * the status and the log is one character per slot, 50 slots a row,
 * hotel above band: the same slot then sits in the same column of both
 * grids, so a pair reads straight down.  Wider terminals get roomier
 * cells, then the grids side by side at 25 a row (20 rows, closer to the
 * square the slots are usually drawn in); spare rows go to the log.
 */
static const struct {
	bool	side;		/* grids side by side */
	int	cw;
} dash_shapes[] = {
	{ true, 3 }, { true, 2 }, { false, 2 }, { false, 1 },
};

/* Fewest log rows worth a pane of their own below the grids. */
#define DASH_LOG_BELOW_MIN	6
/* Fewest log rows under the status in the side column. */
#define DASH_LOG_SIDE_MIN	4

static struct layout_rect
dash_rect(int y, int x, int h, int w)
{
	struct layout_rect	r = { y, x, h < 0 ? 0 : h, w < 0 ? 0 : w };

	return r;
}

static bool
dash_try(int rows, int cols, bool side, int cw, struct dash_layout *l)
{
	int	per_row = side ? 25 : 50, grid_rows = BOOK_SLOT_MAX / per_row;
	int	gw = DASH_LABEL_W + per_row * cw, gh = 1 + grid_rows;
	int	top = side ? gh : 2 * gh, grids_w = side ? 2 * gw + 1 : gw;
	int	side_x = grids_w + 1, side_w = cols - side_x;
	int	below = rows - top - 1;

	if (side_w < DASH_SIDE_MIN_W || rows < top + 1)
		return false;
	if (below < DASH_LOG_BELOW_MIN &&
	    top - DASH_INFO_H - 1 < DASH_LOG_SIDE_MIN)
		return false;
	l->cw = cw;
	l->per_row = per_row;
	l->grid_rows = grid_rows;
	l->grid[BOOK_HOTEL] = dash_rect(0, 0, gh, gw);
	l->grid[BOOK_BAND] = side ? dash_rect(0, gw + 1, gh, gw) :
	    dash_rect(gh, 0, gh, gw);
	l->line = dash_rect(top, 0, 1, cols);
	if (below >= DASH_LOG_BELOW_MIN) {
		l->info = dash_rect(0, side_x, top, side_w);
		l->log = dash_rect(top + 1, 0, below, cols);
	} else {
		l->info = dash_rect(0, side_x, DASH_INFO_H, side_w);
		l->log = dash_rect(DASH_INFO_H + 1, side_x,
		    top - DASH_INFO_H - 1, side_w);
	}
	return true;
}

void
dash_layout(int rows, int cols, struct dash_layout *l)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < sizeof dash_shapes / sizeof dash_shapes[0];
	    i++) {
		if (dash_try(rows, cols, dash_shapes[i].side, dash_shapes[i].cw,
		    l))
			return;
	}
	/* Too small for the grids: status, holdings and log as text. */
	l->small = true;
	l->info = dash_rect(0, 0, DASH_INFO_H + 1, cols);
	l->line = dash_rect(rows - 1, 0, 1, cols);
	l->log = dash_rect(DASH_INFO_H + 2, 0, rows - DASH_INFO_H - 3, cols);
}

void
dash_layout_cell(const struct dash_layout *l, enum book_svc svc,
    unsigned slot, int *y, int *x)
{
	const struct layout_rect	*g = &l->grid[svc];
	int				 i = (int)slot - 1;

	*y = g->y + 1 + i / l->per_row;
	*x = g->x + DASH_LABEL_W + (i % l->per_row) * l->cw + (l->cw - 1) / 2;
}

unsigned
dash_layout_slot_at(const struct dash_layout *l, int y, int x)
{
	if (l->small)
		return 0;
	for (int s = 0; s < BOOK_NSVC; s++) {
		const struct layout_rect *g = &l->grid[s];
		int	row = y - g->y - 1, col = x - g->x - DASH_LABEL_W;

		if (row < 0 || row >= l->grid_rows || col < 0 ||
		    col >= l->per_row * l->cw)
			continue;
		return (unsigned)(row * l->per_row + col / l->cw + 1);
	}
	return 0;
}
