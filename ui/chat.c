#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <event2/event.h>

#include "src/base/clock.h"
#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/chat_int.h"
#include "ui/ring.h"
#include "ui/wrap.h"

static void	chat_resize(void *, int, int);
static void	chat_layout_error(struct chat *);

static void
chat_dirty(struct chat *c)
{
	if (c->sh != NULL)
		shell_dirty(c->sh);
}

void
chat_set_notice(struct chat *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(c->notice, sizeof c->notice, fmt, ap);
	va_end(ap);
	chat_dirty(c);
}

struct chat_contact *
chat_current(struct chat *c)
{
	return c->open[0] == '\0' ? NULL : chat_model_find(c->m, c->open);
}

/* The title the counts call for: never any message text. */
static void
chat_title(struct chat *c, char *title, size_t size)
{
	unsigned	unread, urgent;

	chat_model_totals(c->m, &unread, &urgent);
	if (urgent > 0)
		snprintf(title, size, "hcwed: %u URGENT, %u unread", urgent,
		    unread);
	else if (unread > 0)
		snprintf(title, size, "hcwed: %u unread", unread);
	else
		snprintf(title, size, "hcwed");
}

static void
chat_update_status(struct chat *c)
{
	struct shell_status	*st;
	enum chat_conn		 conn;
	unsigned		 retry;
	int64_t			 since;
	time_t			 t;
	struct tm		 tm;
	char			 title[64], when[32];

	if (c->sh == NULL)
		return;
	st = shell_status(c->sh);
	chat_model_totals(c->m, &st->unread, &st->urgent);
	chat_win_activity(c, st->act, sizeof st->act, &st->act_urgent);
	/* The title follows the counts down as well as up. */
	chat_title(c, title, sizeof title);
	shell_title(c->sh, title);
	chat_model_conn_why(c->m, &since);
	t = since / 1000;
	localtime_r(&t, &tm);
	/* Since when, once a connection was lost (or never made). */
	if (since != 0)
		snprintf(when, sizeof when, "OFFLINE since %02d:%02d, ",
		    tm.tm_hour, tm.tm_min);
	else
		when[0] = '\0';
	conn = chat_model_conn(c->m, &retry);
	st->conn_bad = conn != CHAT_CONN_ONLINE && since != 0;
	switch (conn) {
	case CHAT_CONN_OFFLINE:
		snprintf(st->conn, sizeof st->conn, "%s", since != 0 ?
		    "OFFLINE" : "offline");
		break;
	case CHAT_CONN_CONNECTING:
		snprintf(st->conn, sizeof st->conn, "%sconnecting", when);
		break;
	case CHAT_CONN_ONLINE:
		snprintf(st->conn, sizeof st->conn, "online");
		break;
	case CHAT_CONN_RETRY:
		snprintf(st->conn, sizeof st->conn, "%sretry in %us", when,
		    retry);
		break;
	}
}

/*
 * Reading is only real when the conversation is on screen.  What was read
 * on coming back to it (opened, shown again, unlocked, scrolled down to)
 * gets the "new" marker above it; what arrives while one watches does not.
 */
static void
chat_read_current(struct chat *c)
{
	struct chat_contact	*cur = chat_current(c);
	int64_t			 first;

	if (cur == NULL || !c->visible || c->offset > 0)
		return;
	if ((first = chat_model_mark_read(c->m, cur)) != 0 && c->marker_pending)
		c->marker_mid = first;
	if (first != 0 || (cur->unread == 0 && !cur->history_pending))
		c->marker_pending = false;
}

static void
chat_read_back(struct chat *c)
{
	c->marker_pending = true;
	chat_read_current(c);
}

static void	chat_arm_urgent(struct chat *);

static void
chat_on_changed(void *arg)
{
	struct chat	*c = arg;
	unsigned	 unread, urgent;

	if (c->rows > 0)
		chat_relayout(c);
	chat_read_current(c);
	chat_update_status(c);
	/* Urgent messages counted by the server alert as if they came now. */
	chat_model_totals(c->m, &unread, &urgent);
	if (urgent > 0 && c->ev_urgent != NULL &&
	    !evtimer_pending(c->ev_urgent, NULL))
		chat_arm_urgent(c);
	chat_dirty(c);
}

/* body names who wrote, never what. */
static void
chat_alert(struct chat *c, const char *body)
{
	char	title[64];

	if (c->sh == NULL)
		return;
	chat_title(c, title, sizeof title);
	shell_alert(c->sh, SHELL_ALERT_CLINICAL, title, body);
}

static void
chat_arm_urgent(struct chat *c)
{
	struct timeval	tv;

	if (c->ev_urgent == NULL || c->opts.urgent_alert_ms == 0)
		return;
	tv.tv_sec = c->opts.urgent_alert_ms / 1000;
	tv.tv_usec = (c->opts.urgent_alert_ms % 1000) * 1000;
	evtimer_add(c->ev_urgent, &tv);
}

/* Urgent messages keep alerting until someone reads them. */
static void
chat_on_urgent(evutil_socket_t fd, short what, void *arg)
{
	struct chat	*c = arg;
	unsigned	 unread, urgent;
	char		 body[64];

	chat_model_totals(c->m, &unread, &urgent);
	if (urgent == 0)
		return;
	snprintf(body, sizeof body, "%u urgent message%s unread", urgent,
	    urgent == 1 ? "" : "s");
	chat_alert(c, body);
	chat_arm_urgent(c);
}

static void
chat_on_incoming(void *arg, struct chat_contact *cc,
    const struct chat_msg *msg)
{
	struct chat	*c = arg;
	bool		 here = c->visible && strcmp(cc->user, c->open) == 0;
	char		*body;

	chat_win_add(c, cc->user);
	/* Keep the view still while the user reads older messages. */
	if (here && c->offset > 0) {
		c->offset += chat_msg_rows(c, msg, NULL, c->l.messages.w);
		c->new_below++;
	}
	if (here && c->offset == 0)
		return;
	body = xasprintf("%s from %s", msg->urgent ? "URGENT message" :
	    strcmp(cc->user, CHAT_BROADCAST) == 0 ? "message to everyone" :
	    "message", strcmp(cc->user, CHAT_BROADCAST) == 0 ? msg->from :
	    cc->display);
	chat_alert(c, body);
	free(body);
	if (msg->urgent && c->ev_urgent != NULL &&
	    !evtimer_pending(c->ev_urgent, NULL))
		chat_arm_urgent(c);
}

static void
chat_on_notice(void *arg, const char *text)
{
	chat_set_notice(arg, "%s", text);
}

/*
 * While the client is offline, why (wrapped, and carrying its fix) takes
 * the top rows of the conversation pane: above the messages, never over
 * them.
 */
static void
chat_layout_error(struct chat *c)
{
	struct layout_rect	*r = &c->l.messages;
	struct wrap_line	 lines[CHAT_ERR_ROWS + 1];
	const char		*why = chat_model_conn_why(c->m, NULL);
	char			*text;
	size_t			 n;

	memset(&c->err, 0, sizeof c->err);
	if (*why == '\0' || chat_model_conn(c->m, NULL) == CHAT_CONN_ONLINE ||
	    r->h < CHAT_ERR_ROWS + 2 || r->w < 10)
		return;
	text = xasprintf(CHAT_ERR_FORMAT, why);
	n = wrap_text(text, strlen(text), r->w, lines, CHAT_ERR_ROWS + 1);
	free(text);
	c->err = (struct layout_rect){ r->y, r->x, n < CHAT_ERR_ROWS ?
	    (int)n : CHAT_ERR_ROWS, r->w };
	r->y += c->err.h;
	r->h -= c->err.h;
}

void
chat_relayout(struct chat *c)
{
	chat_resize(c, c->rows, c->cols);
}

static void
chat_resize(void *arg, int rows, int cols)
{
	struct chat		*c = arg;
	struct layout_rect	 body = { 0, 0, rows, cols };
	char			 prompt[CHAT_PROMPT_MAX + 1];
	int			 lines, tw;

	c->rows = rows;
	c->cols = cols;
	/* The input line grows with its text, right of the prompt. */
	chat_prompt(c, chat_current(c), prompt, sizeof prompt);
	tw = cols - utf8_width(prompt, strlen(prompt));
	lines = 1 + utf8_width(input_text(c->in), input_len(c->in)) /
	    (tw > 1 ? tw : 1);
	layout_chat(&body, lines, &c->l);
	chat_layout_error(c);
}

static void
chat_event(void *arg, enum shell_event ev)
{
	struct chat	*c = arg;

	switch (ev) {
	case SHELL_SHOW:
	case SHELL_UNLOCKED:
		c->visible = !shell_locked(c->sh);
		chat_read_back(c);
		chat_update_status(c);
		break;
	case SHELL_HIDE:
	case SHELL_LOCKED:
		c->visible = false;
		break;
	}
}

void
chat_open(struct chat *c, const char *user)
{
	struct chat_contact		*cc = chat_model_find(c->m, user);
	const struct chat_backend	*be = chat_model_backend(c->m);

	if (cc == NULL)
		return;
	snprintf(c->open, sizeof c->open, "%s", user);
	chat_win_add(c, user);
	c->offset = 0;
	c->new_below = 0;
	c->marker_mid = 0;
	c->hit = NULL;
	c->search[0] = '\0';
	c->notice[0] = '\0';
	if (ring_len(cc->msgs) == 0 && !cc->history_done &&
	    !cc->history_pending && be->history != NULL) {
		cc->history_pending = true;
		be->history(be->arg, user, 0, CHAT_HISTORY_PAGE);
	}
	chat_read_back(c);
	chat_update_status(c);
	/* The prompt names the contact: its width moves the input rows. */
	if (c->rows > 0)
		chat_relayout(c);
	chat_dirty(c);
}

void
chat_history_load(struct chat *c, char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		input_history_add(c->in, lines[i]);
}

void
chat_close(struct chat *c)
{
	snprintf(c->sel, sizeof c->sel, "%s", c->open);
	chat_win_del(c, c->open);
	c->open[0] = '\0';
	c->offset = 0;
	c->hit = NULL;
	c->focus = CHAT_FOCUS_CONTACTS;
	chat_update_status(c);
	chat_dirty(c);
}

void
chat_scroll(struct chat *c, long rows)
{
	struct chat_contact		*cc = chat_current(c);
	const struct chat_backend	*be = chat_model_backend(c->m);
	struct chat_msg			*oldest;
	size_t				 max;
	long				 h = c->l.messages.h;

	if (cc == NULL)
		return;
	max = chat_total_rows(c, cc);
	/* Scrolled up, the bottom row says what is below: one row less. */
	max = max > (size_t)h ? max - (h - 1) : 0;
	if (rows < 0 && (size_t)-rows >= c->offset)
		c->offset = 0;
	else if (rows < 0)
		c->offset -= -rows;
	else if (c->offset + rows >= max) {
		c->offset = max;
		/* At the top of what is loaded: ask for older history. */
		oldest = ring_get(cc->msgs, 0);
		if (!cc->history_done && !cc->history_pending &&
		    be->history != NULL) {
			cc->history_pending = true;
			be->history(be->arg, cc->user,
			    oldest != NULL ? oldest->mid : 0, CHAT_HISTORY_PAGE);
			chat_set_notice(c, "loading older messages");
		}
	} else
		c->offset += rows;
	if (c->offset == 0 && c->new_below > 0) {
		c->new_below = 0;
		chat_read_back(c);
	} else if (c->offset == 0)
		chat_read_current(c);
	chat_update_status(c);
}

struct chat *
chat_create(struct shell *sh, struct chat_model *model,
    const struct keys *keys, const struct chat_options *opts)
{
	struct chat		*c = xcalloc(1, sizeof *c);
	struct shell_screen	 screen;
	struct chat_model_hooks	 hooks = {
		.arg = c,
		.changed = chat_on_changed,
		.incoming = chat_on_incoming,
		.notice = chat_on_notice,
	};

	c->sh = sh;
	c->m = model;
	c->keys = keys;
	c->opts = *opts;
	if (c->opts.now_ms == NULL)
		c->opts.now_ms = clock_wall_ms;
	c->in = input_create(200);
	c->help = chat_help_text();
	c->focus = CHAT_FOCUS_CONTACTS;
	chat_model_set_hooks(model, &hooks);
	if (sh != NULL) {
		c->ev_urgent = evtimer_new(shell_base(sh), chat_on_urgent, c);
		chat_screen(c, &screen);
		shell_add_screen(sh, &screen);
	}
	return c;
}

void
chat_free(struct chat *c)
{
	if (c == NULL)
		return;
	if (c->ev_urgent != NULL)
		event_free(c->ev_urgent);
	input_free(c->in);
	free(c->help);
	free(c);
}

void
chat_screen(struct chat *c, struct shell_screen *s)
{
	memset(s, 0, sizeof *s);
	s->name = "chat";
	s->arg = c;
	s->draw = chat_draw;
	s->key = chat_key;
	s->resize = chat_resize;
	s->event = chat_event;
	s->editing = chat_editing;
	s->mouse = chat_mouse;
	s->paste = chat_paste;
	s->help = c->help;
}
