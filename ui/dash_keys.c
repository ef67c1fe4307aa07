#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/dash_int.h"
#include "ui/ring.h"

bool
dash_editing(void *arg)
{
	struct dash	*d = arg;

	return d->prompt;
}

/* The g prompt: digits, Backspace, Enter; any other key cancels it. */
static void
dash_prompt_key(struct dash *d, int key)
{
	enum keys_action	a = keys_lookup(d->keys, KEYS_INPUT, key);
	size_t			len = strlen(d->typed);
	unsigned		slot;

	if (key >= '0' && key <= '9') {
		if (len + 1 < sizeof d->typed) {
			d->typed[len] = (char)key;
			d->typed[len + 1] = '\0';
		}
		return;
	}
	if (a == KA_BACKSPACE) {
		if (len > 0)
			d->typed[len - 1] = '\0';
		return;
	}
	d->prompt = false;
	if (a != KA_SEND)
		return;
	if (dash_slot_parse(d->typed, &slot) == -1)
		dash_set_notice(d, "no slot \"%s\": slots are %d to %d",
		    d->typed, BOOK_SLOT_MIN, BOOK_SLOT_MAX);
	else
		d->cursor = slot;
}

static void
dash_action_result(struct dash *d, int rc, char *cause, const char *done)
{
	if (rc == -1) {
		dash_set_notice(d, "%s", cause);
		free(cause);
	} else
		dash_set_notice(d, "%s", done);
}

static void
dash_reserve(struct dash *d, bool cancel)
{
	char	*cause = NULL, done[96];
	int	 rc;

	if (!d->configured || d->be.pick == NULL) {
		dash_set_notice(d, "the planner is not running");
		return;
	}
	if (cancel) {
		snprintf(done, sizeof done, "releasing slot %u at both "
		    "services", d->cursor);
		rc = d->be.cancel(d->be.arg, d->cursor, &cause);
	} else {
		snprintf(done, sizeof done, "reserving slot %u at both "
		    "services", d->cursor);
		rc = d->be.pick(d->be.arg, d->cursor, &cause);
	}
	dash_action_result(d, rc, cause, done);
}

static void
dash_next_mode(struct dash *d)
{
	enum planner_mode	m;

	if (!d->configured || d->be.mode == NULL) {
		dash_set_notice(d, "the planner is not running");
		return;
	}
	switch (d->snap->mode) {
	case PLANNER_AUTO:
		m = PLANNER_MANUAL;
		break;
	case PLANNER_MANUAL:
		m = PLANNER_ASSIST;
		break;
	default:
		m = PLANNER_AUTO;
		break;
	}
	d->be.mode(d->be.arg, m);
	d->snap->mode = m;
	dash_set_notice(d, "mode %s: %s", planner_mode_name(m),
	    m == PLANNER_AUTO ? "the planner picks and upgrades" :
	    m == PLANNER_MANUAL ? "Enter reserves the cursor slot, Delete "
	    "releases it" : "you pick; the planner keeps the rules and "
	    "upgrades");
}

/* Matching records in the log, to bound scrolling. */
static size_t
dash_log_matching(struct dash *d)
{
	size_t	n = 0;

	for (size_t i = 0; i < ring_len(d->log); i++) {
		if (dash_log_match(ring_get(d->log, i), d->svc_filter,
		    d->status_filter))
			n++;
	}
	return n;
}

static void
dash_log_scroll(struct dash *d, long by)
{
	size_t	page = d->l.log.h > 1 ? (size_t)d->l.log.h - 1 : 1;
	size_t	max = dash_log_matching(d);
	long	back = (long)d->log_back + by * (long)page;

	max = max > page ? max - page : 0;
	if (back < 0)
		back = 0;
	d->log_back = (size_t)back > max ? max : (size_t)back;
}

static void
dash_move(struct dash *d, int dy, int dx)
{
	d->cursor = dash_cursor_move(d->cursor, dy, dx,
	    (unsigned)(d->l.per_row > 0 ? d->l.per_row : 50));
}

int
dash_key(void *arg, int key)
{
	struct dash	*d = arg;
	unsigned	 slot;

	d->notice[0] = '\0';
	if (d->prompt) {
		dash_prompt_key(d, key);
		return SHELL_HANDLED | SHELL_REDRAW;
	}
	switch (keys_lookup(d->keys, KEYS_DASH, key)) {
	case KA_SLOT_LEFT:
		dash_move(d, 0, -1);
		break;
	case KA_SLOT_RIGHT:
		dash_move(d, 0, 1);
		break;
	case KA_SLOT_UP:
		dash_move(d, -1, 0);
		break;
	case KA_SLOT_DOWN:
		dash_move(d, 1, 0);
		break;
	case KA_SLOT_FIRST:
		d->cursor = BOOK_SLOT_MIN;
		break;
	case KA_SLOT_GOTO:
		d->prompt = true;
		d->typed[0] = '\0';
		break;
	case KA_SLOT_COMMON:
		slot = dash_earliest_common(d->snap, d->st.now_ms,
		    DASH_STALE_MS);
		if (slot != 0)
			d->cursor = slot;
		else
			dash_set_notice(d, "no slot is free at both now");
		break;
	case KA_RESERVE:
		dash_reserve(d, false);
		break;
	case KA_CANCEL_PAIR:
		dash_reserve(d, true);
		break;
	case KA_MODE:
		dash_next_mode(d);
		break;
	case KA_LOG_UP:
		dash_log_scroll(d, 1);
		break;
	case KA_LOG_DOWN:
		dash_log_scroll(d, -1);
		break;
	case KA_LOG_END:
		d->log_back = 0;
		break;
	case KA_LOG_SERVICE:
		d->svc_filter = (d->svc_filter + 1) % DASH_NSVC_FILTERS;
		d->log_back = 0;
		break;
	case KA_LOG_STATUS:
		d->status_filter = (d->status_filter + 1) %
		    DASH_NSTATUS_FILTERS;
		d->log_back = 0;
		break;
	default:
		return SHELL_UNHANDLED | SHELL_REDRAW;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

int
dash_mouse(void *arg, int y, int x, int button)
{
	struct dash	*d = arg;
	unsigned	 slot;

	if (button == 4 || button == 5) {
		if (d->l.log.h > 0 && layout_contains(&d->l.log, y, x)) {
			dash_log_scroll(d, button == 4 ? 1 : -1);
			return SHELL_HANDLED | SHELL_REDRAW;
		}
		return SHELL_UNHANDLED;
	}
	if ((slot = dash_layout_slot_at(&d->l, y, x)) == 0)
		return SHELL_UNHANDLED;
	d->cursor = slot;
	return SHELL_HANDLED | SHELL_REDRAW;
}
