#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "src/base/xmalloc.h"
#include "ui/dash_int.h"
#include "ui/ring.h"

/* The clock, "next request in" and the spinner move this often while the
 * dashboard is on screen; hidden, it draws only when something happens. */
#define DASH_TICK_MS	250

static void
dash_dirty(struct dash *d)
{
	if (d->sh != NULL && d->visible)
		shell_dirty(d->sh);
}

void
dash_set_notice(struct dash *d, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(d->notice, sizeof d->notice, fmt, ap);
	va_end(ap);
	dash_dirty(d);
}

static void
dash_arm_tick(struct dash *d)
{
	struct timeval	tv = { 0, DASH_TICK_MS * 1000 };

	if (d->ev_tick != NULL && d->visible && d->configured)
		evtimer_add(d->ev_tick, &tv);
}

static void
dash_on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct dash	*d = arg;

	if (d->be.tick != NULL)
		d->be.tick(d->be.arg);
	dash_dirty(d);
	dash_arm_tick(d);
}

/*
 * The same pairs held (slots held at both services).  A hold at one
 * service alone is a step on the way to a pair and changes every few
 * seconds while the planner works, so it does not ring the bell.
 */
static bool
dash_pairs_same(const struct planner_snapshot *a,
    const struct planner_snapshot *b)
{
	if (a->pair != b->pair)
		return false;
	for (size_t i = 0; i < a->nholds[BOOK_HOTEL]; i++) {
		if (dash_paired(a, a->holds[BOOK_HOTEL][i]) !=
		    dash_paired(b, a->holds[BOOK_HOTEL][i]))
			return false;
	}
	for (size_t i = 0; i < b->nholds[BOOK_HOTEL]; i++) {
		if (dash_paired(a, b->holds[BOOK_HOTEL][i]) !=
		    dash_paired(b, b->holds[BOOK_HOTEL][i]))
			return false;
	}
	return true;
}

static void
dash_alert(struct dash *d, const struct planner_snapshot *sn)
{
	char	title[64];

	if (sn->pair != 0) {
		snprintf(title, sizeof title, "hcwed: wedding pair at slot %u",
		    sn->pair);
		dash_set_notice(d, "holdings changed: the pair is slot %u",
		    sn->pair);
	} else {
		snprintf(title, sizeof title, "hcwed: wedding pair lost");
		dash_set_notice(d, "holdings changed: no matched pair now");
	}
	/* Like a message: only when the person is not looking. */
	if (d->sh != NULL && !d->visible)
		shell_alert(d->sh, SHELL_ALERT_WEDDING, title, title + 7);
}

void
dash_update(struct dash *d, const struct planner_snapshot *sn,
    const struct dash_status *st)
{
	d->configured = true;
	if (d->have_snap) {
		if (!dash_pairs_same(d->snap, sn))
			dash_alert(d, sn);
		if (sn->failure[0] != '\0' &&
		    strcmp(sn->failure, d->snap->failure) != 0)
			dash_set_notice(d, "%s", sn->failure);
		else if (sn->note[0] != '\0' &&
		    strcmp(sn->note, d->snap->note) != 0)
			dash_set_notice(d, "%s", sn->note);
	}
	memcpy(d->snap, sn, sizeof *d->snap);
	d->st = *st;
	if (!d->have_snap) {
		d->have_snap = true;
		dash_arm_tick(d);
	}
	dash_dirty(d);
}

void
dash_log(struct dash *d, const struct httpw_log *l)
{
	struct httpw_log	*copy = xmalloc(sizeof *copy);

	*copy = *l;
	d->attempts++;
	/* A reader scrolled back keeps seeing the same records. */
	if (d->log_back > 0 && dash_log_match(l, d->svc_filter,
	    d->status_filter))
		d->log_back++;
	ring_push(d->log, copy);
	dash_dirty(d);
}

void
dash_unconfigured(struct dash *d, const char *cause)
{
	d->configured = false;
	snprintf(d->cause, sizeof d->cause, "%s", cause);
	dash_dirty(d);
}

static void
dash_resize(void *arg, int rows, int cols)
{
	struct dash	*d = arg;

	d->rows = rows;
	d->cols = cols;
	dash_layout(rows, cols, &d->l);
}

static void
dash_event(void *arg, enum shell_event ev)
{
	struct dash	*d = arg;

	if (ev == SHELL_SHOW || ev == SHELL_HIDE)
		d->shown = ev == SHELL_SHOW;
	d->visible = d->shown && d->sh != NULL && !shell_locked(d->sh);
	if (d->visible && d->configured) {
		if (d->be.tick != NULL)
			d->be.tick(d->be.arg);
		dash_arm_tick(d);
	} else if (d->ev_tick != NULL)
		evtimer_del(d->ev_tick);
}

/* The glyph legend for the help overlay, from the cell table itself. */
static char *
dash_help_text(void)
{
	char	*text = NULL;
	size_t	 size = 0;
	FILE	*f = open_memstream(&text, &size);

	if (f == NULL)
		return NULL;
	fputs("Wedding grids (one cell a slot, hotel above band)\n", f);
	for (int c = 0; c < DASH_NCELLS; c++)
		fprintf(f, "  %c\t%s\n", dash_cell_glyph(c), dash_cell_name(c));
	fclose(f);
	return text;
}

struct dash *
dash_create(struct shell *sh, const struct keys *keys,
    const struct dash_backend *be)
{
	struct dash		*d = xcalloc(1, sizeof *d);
	struct shell_screen	 screen;

	d->sh = sh;
	d->keys = keys;
	d->be = *be;
	d->snap = xcalloc(1, sizeof *d->snap);
	d->log = ring_create(DASH_LOG_MAX, free);
	d->cursor = BOOK_SLOT_MIN;
	d->help = dash_help_text();
	snprintf(d->cause, sizeof d->cause, "the planner has not started");
	if (sh != NULL) {
		d->ev_tick = evtimer_new(shell_base(sh), dash_on_tick, d);
		dash_screen(d, &screen);
		shell_add_screen(sh, &screen);
	}
	return d;
}

void
dash_free(struct dash *d)
{
	if (d == NULL)
		return;
	if (d->ev_tick != NULL)
		event_free(d->ev_tick);
	ring_free(d->log);
	free(d->help);
	free(d->snap);
	free(d);
}

void
dash_screen(struct dash *d, struct shell_screen *out)
{
	memset(out, 0, sizeof *out);
	out->name = "wedding";
	out->arg = d;
	out->draw = dash_draw;
	out->key = dash_key;
	out->resize = dash_resize;
	out->event = dash_event;
	out->editing = dash_editing;
	out->mouse = dash_mouse;
	/* Two grids of 11 rows and the line under them: 80x24 fits them
	 * only without the hint row. */
	out->help = d->help;
	out->rows_wanted = 2 * (1 + BOOK_SLOT_MAX / 50) + 1;
}
