#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/dash_int.h"

/* Columns of the widest grid row: 25 cells of 3. */
#define DASH_ROW_MAX	80

static const enum theme_role dash_roles[DASH_NCELLS] = {
	[DASH_FREE] = ROLE_SLOT_FREE,
	[DASH_COMMON] = ROLE_SLOT_COMMON,
	[DASH_TAKEN] = ROLE_SLOT_TAKEN,
	[DASH_MINE] = ROLE_SLOT_MINE,
	[DASH_PAIR] = ROLE_SLOT_PAIR,
	[DASH_FLIGHT] = ROLE_SLOT_FLIGHT,
	[DASH_UNKNOWN] = ROLE_SLOT_UNKNOWN,
	[DASH_BLOCKED] = ROLE_SLOT_BLOCKED,
	[DASH_STALE] = ROLE_SLOT_STALE,
};

/* The legend's words, short enough for one 80-column row. */
static const char *const dash_legend[DASH_NCELLS] = {
	[DASH_FREE] = "free",
	[DASH_COMMON] = "both free",
	[DASH_TAKEN] = "taken",
	[DASH_MINE] = "mine",
	[DASH_PAIR] = "pair",
	[DASH_FLIGHT] = "sending",
	[DASH_UNKNOWN] = "unknown",
	[DASH_BLOCKED] = "blocked",
	[DASH_STALE] = "stale",
};

static enum dash_cell
dash_state(struct dash *d, enum book_svc svc, unsigned slot)
{
	return dash_cell_state(d->snap, svc, slot, d->st.now_ms, DASH_STALE_MS);
}

/* A cell as curses stores it: glyph, attribute and colour pair. */
static chtype
dash_chtype(enum dash_cell c, bool cursor)
{
	attr_t	attr;
	short	pair;

	theme_get(dash_roles[c], &attr, &pair);
	/* The cursor is reverse video on top of the state. */
	if (cursor)
		attr ^= A_REVERSE;
	return (chtype)dash_cell_glyph(c) | attr | COLOR_PAIR(pair);
}

static void
dash_draw_grid(struct dash *d, WINDOW *w, enum book_svc svc)
{
	const struct layout_rect	*g = &d->l.grid[svc];
	chtype				 row[DASH_ROW_MAX];
	int				 per_row = d->l.per_row, cw = d->l.cw;
	int				 off = (cw - 1) / 2, used, len;
	enum dash_cell			 c;
	unsigned			 nfree = 0, slot;
	char				 buf[96];

	/* A grid row goes out in one call: the redraw budget is 2 ms. */
	for (int r = 0; r < d->l.grid_rows; r++) {
		for (int i = 0; i < per_row * cw; i++)
			row[i] = ' ';
		for (int i = 0; i < per_row; i++) {
			slot = (unsigned)(r * per_row + i + 1);
			c = dash_state(d, svc, slot);
			if (c == DASH_FREE || c == DASH_COMMON)
				nfree++;
			row[i * cw + off] = dash_chtype(c, slot == d->cursor);
		}
		snprintf(buf, sizeof buf, "%3d", r * per_row + 1);
		theme_put(w, g->y + 1 + r, g->x, DASH_LABEL_W - 1, buf,
		    (size_t)-1, ROLE_TIME);
		mvwaddchnstr(w, g->y + 1 + r, g->x + DASH_LABEL_W, row,
		    per_row * cw);
	}
	used = theme_put(w, g->y, g->x, g->w, book_svc_name(svc), (size_t)-1,
	    ROLE_TITLE);
	c = dash_state(d, svc, d->cursor);
	snprintf(buf, sizeof buf, "  slot %u: ", d->cursor);
	used += theme_put(w, g->y, g->x + used, g->w - used, buf, (size_t)-1,
	    ROLE_NORMAL);
	used += theme_put(w, g->y, g->x + used, g->w - used, dash_cell_name(c),
	    (size_t)-1, dash_roles[c]);
	len = snprintf(buf, sizeof buf, "%u free", nfree);
	if (used + 2 + len <= g->w)
		theme_put(w, g->y, g->x + g->w - len, len, buf, (size_t)-1,
		    ROLE_TIME);
}

static void
dash_draw_legend(struct dash *d, WINDOW *w)
{
	const struct layout_rect	*r = &d->l.line;
	int				 total = 0, gap, x = r->x;
	char				 glyph[2] = { 0, 0 };

	for (int c = 0; c < DASH_NCELLS; c++)
		total += 2 + (int)strlen(dash_legend[c]);
	gap = total + 2 * (DASH_NCELLS - 1) <= r->w ? 2 : 1;
	for (int c = 0; c < DASH_NCELLS; c++) {
		glyph[0] = dash_cell_glyph(c);
		x += theme_put(w, r->y, x, r->x + r->w - x, glyph, 1,
		    dash_roles[c]);
		x += theme_put(w, r->y, x, r->x + r->w - x, " ", 1, ROLE_NORMAL);
		x += theme_put(w, r->y, x, r->x + r->w - x, dash_legend[c],
		    (size_t)-1, ROLE_NORMAL) + gap;
	}
}

/* The bottom line: the slot prompt, else a notice, else the legend. */
static bool
dash_draw_line(struct dash *d, WINDOW *w)
{
	const struct layout_rect	*r = &d->l.line;
	char				 buf[64];
	int				 used;

	if (d->prompt) {
		snprintf(buf, sizeof buf, "go to slot (1-%d, Enter): %s",
		    BOOK_SLOT_MAX, d->typed);
		used = theme_put(w, r->y, r->x, r->w, buf, (size_t)-1,
		    ROLE_TITLE);
		wmove(w, r->y, r->x + used);
		return true;
	}
	if (d->notice[0] != '\0')
		theme_put(w, r->y, r->x, r->w, d->notice, (size_t)-1,
		    ROLE_PENDING);
	else if (!d->l.small)
		dash_draw_legend(d, w);
	return false;
}

bool
dash_draw(void *arg, WINDOW *w)
{
	struct dash	*d = arg;

	if (!d->configured) {
		dash_draw_unconfigured(d, w);
		return false;
	}
	if (!d->l.small) {
		dash_draw_grid(d, w, BOOK_HOTEL);
		dash_draw_grid(d, w, BOOK_BAND);
	}
	dash_draw_info(d, w);
	dash_draw_log(d, w);
	return dash_draw_line(d, w);
}
