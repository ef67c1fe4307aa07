#include "config.h"

#include <string.h>

#include "ui/layout.h"

static struct layout_rect
layout_rect(int y, int x, int h, int w)
{
	struct layout_rect	r = { y, x, h < 0 ? 0 : h, w < 0 ? 0 : w };

	return r;
}

void
layout_shell(int rows, int cols, int body_min, struct layout_shell *l)
{
	memset(l, 0, sizeof *l);
	l->too_small = rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS;
	if (rows < 1 || cols < 1) {
		l->too_small = true;
		return;
	}
	/* The key hints, as htop's bottom line, once there is room. */
	l->hints = rows >= LAYOUT_HINTS_ROWS && rows - 2 >= body_min;
	l->status = layout_rect(rows - 1 - l->hints, 0, 1 + l->hints, cols);
	l->body = layout_rect(0, 0, rows - 1 - l->hints, cols);
}

int
layout_contacts_width(int cols)
{
	int	w = cols / 4;

	/* Names need about 14 columns; past 30 the space is better spent
	 * on message text. */
	if (w < 14)
		w = 14;
	if (w > 30)
		w = 30;
	return w;
}

void
layout_chat(const struct layout_rect *body, int input_rows,
    struct layout_chat *l)
{
	int	cw, above;

	memset(l, 0, sizeof *l);
	if (input_rows < 1)
		input_rows = 1;
	if (input_rows > LAYOUT_INPUT_MAX)
		input_rows = LAYOUT_INPUT_MAX;
	/* Keep at least three message rows however tall the input gets. */
	if (body->h - input_rows < 4)
		input_rows = body->h > 4 ? body->h - 4 : 1;
	above = body->h - input_rows;
	cw = layout_contacts_width(body->w);

	l->input = layout_rect(body->y + above, body->x, input_rows, body->w);
	l->contacts = layout_rect(body->y, body->x, above, cw);
	l->rule = layout_rect(body->y, body->x + cw, above, 1);
	l->title = layout_rect(body->y, body->x + cw + 1, 1, body->w - cw - 1);
	l->messages = layout_rect(body->y + 1, body->x + cw + 1, above - 1,
	    body->w - cw - 1);
}

bool
layout_contains(const struct layout_rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}
