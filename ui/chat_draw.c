#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/chat_int.h"
#include "ui/ring.h"
#include "ui/theme.h"
#include "ui/wrap.h"

#define CHAT_NAME_COLS	12	/* sender column: longer names are cut */
#define CHAT_WRAP_STACK	64

/* How one message is laid out at a width; see chat_msg_layout. */
struct chat_ml {
	bool			 day;		/* a day separator above it */
	struct tm		 tm;
	char			 prefix[CHAT_NAME_MAX + 16];
	int			 time_w, prefix_w;
	const char		*text;
	size_t			 len;
	char			*owned;		/* text when built here */
	struct wrap_line	 stack[CHAT_WRAP_STACK], *lines;
	size_t			 nlines;
	char			 tag[16];	/* "[read]" on own messages */
	bool			 tag_own_row;
	int			 rows;
};

static const char presence_mark[] = {
	[CHAT_OFFLINE] = '.', [CHAT_AVAILABLE] = '+', [CHAT_BUSY] = '#',
	[CHAT_AWAY] = '~',
};

static void
chat_ml_free(struct chat_ml *ml)
{
	if (ml->lines != ml->stack)
		free(ml->lines);
	free(ml->owned);
}

/* "* alice waves" from alice is an action (/me): no name column. */
static bool
chat_msg_action(const struct chat_msg *msg)
{
	size_t	n = strlen(msg->from);

	return strncmp(msg->text, "* ", 2) == 0 &&
	    strncmp(msg->text + 2, msg->from, n) == 0 && msg->text[2 + n] == ' ';
}

static void
chat_msg_layout(const struct chat_msg *msg, const struct chat_msg *prev,
    int width, struct chat_ml *ml)
{
	time_t		t = msg->ts / 1000, pt;
	struct tm	ptm;
	int		tw, name_w;
	char		name[CHAT_NAME_MAX + 1];

	memset(ml, 0, sizeof *ml);
	localtime_r(&t, &ml->tm);
	if (prev == NULL)
		ml->day = true;
	else {
		pt = prev->ts / 1000;
		localtime_r(&pt, &ptm);
		ml->day = ptm.tm_yday != ml->tm.tm_yday ||
		    ptm.tm_year != ml->tm.tm_year;
	}
	/*
	 * The sender in at most CHAT_NAME_COLS columns, and with the time and
	 * ": " in no more than half the pane; a cut name ends in "…".
	 * User names are ASCII, a column a byte.
	 */
	name_w = width / 2 - 8;
	if (name_w > CHAT_NAME_COLS)
		name_w = CHAT_NAME_COLS;
	if (name_w < 2)
		name_w = 2;
	if ((int)strlen(msg->from) > name_w)
		snprintf(name, sizeof name, "%.*s\xe2\x80\xa6", name_w - 1,
		    msg->from);
	else
		snprintf(name, sizeof name, "%s", msg->from);
	snprintf(ml->prefix, sizeof ml->prefix, "%02d:%02d %s%s ",
	    ml->tm.tm_hour, ml->tm.tm_min, chat_msg_action(msg) ? "*" : name,
	    chat_msg_action(msg) ? "" : ":");
	ml->time_w = 6;
	ml->prefix_w = utf8_width(ml->prefix, strlen(ml->prefix));
	if (msg->urgent) {
		ml->owned = xasprintf("URGENT: %s", msg->text);
		ml->text = ml->owned;
	} else
		ml->text = msg->text + (chat_msg_action(msg) ? 2 : 0);
	ml->len = strlen(ml->text);
	tw = width - ml->prefix_w;
	ml->lines = ml->stack;
	ml->nlines = wrap_text(ml->text, ml->len, tw, ml->lines,
	    CHAT_WRAP_STACK);
	if (ml->nlines > CHAT_WRAP_STACK) {
		ml->lines = xreallocarray(NULL, ml->nlines, sizeof *ml->lines);
		wrap_text(ml->text, ml->len, tw, ml->lines, ml->nlines);
	}
	ml->rows = ml->day + ml->nlines;
	if (msg->own) {
		snprintf(ml->tag, sizeof ml->tag, "[%s]",
		    chat_state_name(msg->state));
		ml->tag_own_row = ml->lines[ml->nlines - 1].width + 1 +
		    (int)strlen(ml->tag) > tw;
		ml->rows += ml->tag_own_row;
	}
}

/* The "--- new ---" row goes above msg. */
static bool
chat_marked(const struct chat *c, const struct chat_msg *msg)
{
	return c->marker_mid != 0 && msg->mid == c->marker_mid;
}

static int
chat_msg_day(const struct chat_msg *cmsg)
{
	struct chat_msg	*msg = (struct chat_msg *)cmsg;
	time_t		 t = msg->ts / 1000;
	struct tm	 tm;

	if (msg->day == 0) {
		localtime_r(&t, &tm);
		msg->day = (tm.tm_year + 1900) * 1000 + tm.tm_yday + 1;
	}
	return msg->day;
}

/*
 * Scrolling far back lays out every message below the view, so the row
 * count is cached, keyed by width and state (the state tag can need a
 * row of its own).
 */
int
chat_msg_rows(struct chat *c, const struct chat_msg *cmsg,
    const struct chat_msg *prev, int width)
{
	struct chat_msg	*msg = (struct chat_msg *)cmsg;
	struct chat_ml	 ml;
	int		 day, key = width * 8 + (int)msg->state + 1;

	day = prev == NULL || chat_msg_day(prev) != chat_msg_day(msg);
	day += chat_marked(c, msg);
	if (msg->cache_w != key) {
		chat_msg_layout(msg, prev, width, &ml);
		msg->cache_rows = ml.rows - ml.day;
		msg->cache_w = key;
		chat_ml_free(&ml);
	}
	return msg->cache_rows + day;
}

size_t
chat_total_rows(struct chat *c, struct chat_contact *cc)
{
	size_t	n = ring_len(cc->msgs), rows = 0;

	for (size_t i = 0; i < n; i++)
		rows += chat_msg_rows(c, ring_get(cc->msgs, i),
		    i > 0 ? ring_get(cc->msgs, i - 1) : NULL,
		    c->l.messages.w);
	return rows;
}

/* Draw one laid-out message in r with its first row at top (may be < 0). */
static void
chat_msg_draw(struct chat *c, WINDOW *w, const struct layout_rect *r,
    const struct chat_msg *msg, struct chat_ml *ml, int top)
{
	enum theme_role			 text_role = ROLE_NORMAL;
	char				 day[64];
	int				 y = top, x;

	if (chat_highlighted(c, msg))
		text_role = ROLE_HIGHLIGHT;
	if (msg->urgent)
		text_role = ROLE_URGENT;
	if (msg == c->hit)
		text_role = ROLE_SELECTED;
	if (ml->day) {
		if (y >= 0 && y < r->h) {
			strftime(day, sizeof day, "-- %A %d %B %Y --", &ml->tm);
			theme_put(w, r->y + y, r->x, r->w, day, (size_t)-1,
			    ROLE_DAY);
		}
		y++;
	}
	for (size_t i = 0; i < ml->nlines; i++, y++) {
		if (y < 0 || y >= r->h)
			continue;
		if (i == 0) {
			theme_put(w, r->y + y, r->x, ml->time_w, ml->prefix, 5,
			    ROLE_TIME);
			theme_put(w, r->y + y, r->x + ml->time_w,
			    ml->prefix_w - ml->time_w, ml->prefix + 6,
			    (size_t)-1, msg->own ? ROLE_OWN : ROLE_PEER);
		}
		x = r->x + ml->prefix_w;
		x += theme_put(w, r->y + y, x, r->w - ml->prefix_w,
		    ml->text + ml->lines[i].off, ml->lines[i].len, text_role);
		if (msg->own && i + 1 == ml->nlines && !ml->tag_own_row)
			theme_put(w, r->y + y, x + 1, r->x + r->w - x - 1,
			    ml->tag, (size_t)-1,
			    msg->state == CHAT_PENDING ? ROLE_PENDING : ROLE_TIME);
	}
	if (msg->own && ml->tag_own_row && y >= 0 && y < r->h)
		theme_put(w, r->y + y, r->x + ml->prefix_w, r->w - ml->prefix_w,
		    ml->tag, (size_t)-1,
		    msg->state == CHAT_PENDING ? ROLE_PENDING : ROLE_TIME);
}

void
chat_prompt(struct chat *c, struct chat_contact *cc, char *buf, size_t size)
{
	bool	all = cc != NULL && strcmp(cc->user, CHAT_BROADCAST) == 0;

	snprintf(buf, size, "[%.*s] ", CHAT_PROMPT_MAX - 4,
	    all ? "EVERYONE" : cc != NULL ? cc->user : "-");
}

/* No conversation open: what to do, wrapped to the pane. */
static void
chat_draw_hint(WINDOW *w, const struct layout_rect *r)
{
	static const char	 hint[] = "Pick a contact and press Enter to "
				    "open the conversation, or type /query NAME.";
	struct wrap_line	 lines[8];
	size_t			 n = wrap_text(hint, strlen(hint), r->w - 4, lines,
				    8);

	for (size_t i = 0; i < n && i < 8; i++)
		theme_put(w, r->y + r->h / 2 + (int)i, r->x + 2, r->w - 4,
		    hint + lines[i].off, lines[i].len, ROLE_TIME);
}

/* Scrolled up, the bottom row says so, and how much came since. */
static void
chat_draw_below(struct chat *c, WINDOW *w, const struct layout_rect *r)
{
	char	buf[96];

	if (c->new_below > 0)
		snprintf(buf, sizeof buf, " %u new below: End ",
		    c->new_below);
	else
		snprintf(buf, sizeof buf, " more below: End ");
	wattr_set(w, theme_attr(ROLE_TIME), 0, NULL);
	mvwhline(w, r->y + r->h, r->x, ACS_HLINE, r->w);
	wattr_set(w, A_NORMAL, 0, NULL);
	theme_put(w, r->y + r->h, r->x + 2, r->w - 2, buf, (size_t)-1,
	    c->new_below > 0 ? ROLE_UNREAD : ROLE_TIME);
}

static void
chat_draw_messages(struct chat *c, WINDOW *w, struct chat_contact *cc)
{
	struct layout_rect		 view = c->l.messages;
	const struct layout_rect	*r = &view;
	struct chat_ml			 ml;
	struct chat_msg			*msg, *prev;
	long				 bottom;
	bool				 mark;

	if (cc == NULL) {
		chat_draw_hint(w, r);
		return;
	}
	/* Never over message text: the view is a row shorter. */
	if (c->offset > 0 && view.h > 1)
		view.h--;
	bottom = r->h + (long)c->offset;
	for (size_t i = ring_len(cc->msgs); i-- > 0 && bottom > 0;) {
		msg = ring_get(cc->msgs, i);
		prev = i > 0 ? ring_get(cc->msgs, i - 1) : NULL;
		if (bottom - chat_msg_rows(c, msg, prev, r->w) >= r->h) {
			bottom -= chat_msg_rows(c, msg, prev, r->w);
			continue;
		}
		chat_msg_layout(msg, prev, r->w, &ml);
		mark = chat_marked(c, msg);
		bottom -= ml.rows + mark;
		if (mark && bottom >= 0 && bottom < r->h) {
			wattr_set(w, theme_attr(ROLE_UNREAD), 0, NULL);
			mvwhline(w, r->y + (int)bottom, r->x, ACS_HLINE, r->w);
			wattr_set(w, A_NORMAL, 0, NULL);
			theme_put(w, r->y + (int)bottom, r->x + 2, r->w - 2,
			    " new ", (size_t)-1, ROLE_UNREAD);
		}
		chat_msg_draw(c, w, r, msg, &ml, (int)bottom + mark);
		chat_ml_free(&ml);
	}
	if (c->offset > 0 && view.h < c->l.messages.h)
		chat_draw_below(c, w, r);
}

static void
chat_draw_contacts(struct chat *c, WINDOW *w)
{
	const struct layout_rect	*r = &c->l.contacts;
	struct chat_contact		*list[512], *cc;
	size_t				 n;
	bool				 online = chat_model_conn(c->m, NULL) ==
					    CHAT_CONN_ONLINE;
	int				 y0 = 0, x, isel;
	char				 count[16];
	bool				 sel;
	enum theme_role			 role;

	if (c->filter[0] != '\0' || c->focus == CHAT_FOCUS_CONTACTS) {
		x = r->x + theme_put(w, r->y, r->x, r->w, "filter: ", (size_t)-1,
		    ROLE_TIME);
		theme_put(w, r->y, x, r->x + r->w - x, c->filter[0] != '\0' ?
		    c->filter : "type a name", (size_t)-1, c->filter[0] != '\0' ?
		    ROLE_TITLE : ROLE_TIME);
		y0 = 1;
	}
	n = chat_model_sorted(c->m, c->filter, list, 512);
	if (n > 512)
		n = 512;
	isel = chat_sel_index(c, list, n);
	if (c->contacts_top > 0 && c->contacts_top >= (int)n)
		c->contacts_top = n > 0 ? (int)n - 1 : 0;
	if (isel >= 0 && isel < c->contacts_top)
		c->contacts_top = isel;
	if (isel >= c->contacts_top + r->h - y0)
		c->contacts_top = isel - (r->h - y0) + 1;
	for (int y = y0; y < r->h; y++) {
		size_t	i = c->contacts_top + y - y0;

		if (i >= n)
			break;
		cc = list[i];
		sel = c->focus == CHAT_FOCUS_CONTACTS && (int)i == isel;
		if (sel) {
			wattr_set(w, theme_attr(ROLE_SELECTED), 0, NULL);
			mvwhline(w, r->y + y, r->x, ' ', r->w);
			wattr_set(w, A_NORMAL, 0, NULL);
		}
		role = sel ? ROLE_SELECTED : strcmp(cc->user, c->open) == 0 ?
		    ROLE_TITLE : ROLE_NORMAL;
		count[0] = presence_mark[cc->presence];
		count[1] = '\0';
		/* Offline, presence is only what it was: greyed. */
		theme_put(w, r->y + y, r->x, 1, count, (size_t)-1, sel ? role :
		    !online ? ROLE_TIME :
		    cc->presence == CHAT_AVAILABLE ? ROLE_AVAILABLE :
		    cc->presence == CHAT_BUSY ? ROLE_BUSY : ROLE_AWAY);
		count[0] = '\0';
		if (cc->unread > 0)
			snprintf(count, sizeof count, "%u%s", cc->unread,
			    cc->urgent ? "!" : "");
		x = r->x + 2;
		x += theme_put_cut(w, r->y + y, x, r->w - 3 -
		    (int)strlen(count), cc->display, (size_t)-1,
		    cc->unread > 0 && !sel ? ROLE_UNREAD : role);
		/* A role in fewer than three columns says nothing. */
		if (cc->role[0] != '\0' && x + 4 < r->x + r->w -
		    (int)strlen(count) - 1)
			theme_put_cut(w, r->y + y, x + 1, r->x + r->w - x - 2 -
			    (int)strlen(count), cc->role, (size_t)-1,
			    sel ? role : ROLE_TIME);
		if (count[0] != '\0')
			theme_put(w, r->y + y, r->x + r->w - (int)strlen(count),
			    (int)strlen(count), count, (size_t)-1,
			    sel ? role : cc->urgent ? ROLE_URGENT : ROLE_UNREAD);
	}
	wattr_set(w, theme_attr(ROLE_TIME), 0, NULL);
	mvwvline(w, c->l.rule.y, c->l.rule.x, ACS_VLINE, c->l.rule.h);
	wattr_set(w, A_NORMAL, 0, NULL);
}

static void
chat_draw_title(struct chat *c, WINDOW *w, struct chat_contact *cc)
{
	const struct layout_rect	*r = &c->l.title;
	char				 buf[256];
	int				 x = r->x;

	if (c->notice[0] != '\0') {
		theme_put_cut(w, r->y, r->x, r->w, c->notice, (size_t)-1,
		    ROLE_PENDING);
		return;
	}
	if (cc == NULL)
		return;
	x += theme_put_cut(w, r->y, x, r->w, cc->display, (size_t)-1,
	    ROLE_TITLE);
	if (strcmp(cc->user, CHAT_BROADCAST) == 0)
		snprintf(buf, sizeof buf, " (everyone: /all or type here)");
	else
		snprintf(buf, sizeof buf, " (%s%s%s) %s", cc->user,
		    cc->role[0] != '\0' ? ", " : "", cc->role,
		    chat_model_conn(c->m, NULL) == CHAT_CONN_ONLINE ?
		    chat_presence_name(cc->presence) :
		    "(presence unknown while offline)");
	theme_put_cut(w, r->y, x, r->x + r->w - x, buf, (size_t)-1, ROLE_TIME);
}

/*
 * The input line: "[bob] " then the text, wrapped by character in the
 * columns right of the prompt, newlines shown as U+21B5.  The prompt
 * stays on the first row shown however far the text scrolls, so whom it
 * goes to is always in sight.  Leaves w's cursor at the editing point and
 * returns true when the cursor should show.
 */
static bool
chat_draw_input(struct chat *c, WINDOW *w, struct chat_contact *cc)
{
	const struct layout_rect	*r = &c->l.input;
	const char			*t = input_text(c->in);
	size_t				 len = input_len(c->in), off;
	size_t				 cur = input_cursor(c->in);
	char				 prompt[CHAT_PROMPT_MAX + 1];
	int				 col, row, cy = 0, cx = 0, n, cw, pw;
	int				 first = 0, tw;
	uint32_t			 cp;
	bool				 all = cc != NULL &&
					    strcmp(cc->user, CHAT_BROADCAST) == 0;

	if (c->ask[0] != '\0') {
		theme_put_cut(w, r->y, r->x, r->w, c->ask, (size_t)-1,
		    ROLE_URGENT);
		return false;
	}
	/* A broadcast reaches everyone: its prompt says so, in its own
	 * colour. */
	chat_prompt(c, cc, prompt, sizeof prompt);
	pw = utf8_width(prompt, strlen(prompt));
	tw = r->w - pw > 1 ? r->w - pw : 1;
	theme_put(w, r->y, r->x, pw, prompt, (size_t)-1,
	    all ? ROLE_URGENT : ROLE_TITLE);
	/* First pass finds the cursor row, so the rows shown contain it. */
	for (int pass = 0; pass < 2; pass++) {
		off = 0;
		row = 0;
		col = 0;
		for (;;) {
			if (off == cur) {
				cy = row;
				cx = col;
			}
			if (off >= len)
				break;
			n = utf8_decode(t + off, len - off, &cp);
			cw = cp == '\n' ? 1 : utf8_cpwidth(cp);
			if (col + cw > tw) {
				row++;
				col = 0;
			}
			if (pass == 1 && row >= first && row < first + r->h)
				theme_put(w, r->y + row - first, r->x + pw + col,
				    cw, cp == '\n' ? "\xe2\x86\xb5" : t + off,
				    cp == '\n' ? 3 : (size_t)n, cp == '\n' ?
				    ROLE_TIME : ROLE_NORMAL);
			col += cw;
			off += n;
		}
		if (cy >= r->h)
			first = cy - r->h + 1;
	}
	wmove(w, r->y + cy - first, r->x + pw + (cx >= tw ? tw - 1 : cx));
	return c->focus == CHAT_FOCUS_INPUT;
}

static void
chat_draw_error(struct chat *c, WINDOW *w)
{
	struct wrap_line	 lines[CHAT_ERR_ROWS];
	char			*text;
	size_t			 n;

	if (c->err.h == 0)
		return;
	text = xasprintf(CHAT_ERR_FORMAT, chat_model_conn_why(c->m, NULL));
	n = wrap_text(text, strlen(text), c->err.w, lines, CHAT_ERR_ROWS);
	for (size_t i = 0; i < n && i < (size_t)c->err.h; i++)
		theme_put(w, c->err.y + (int)i, c->err.x, c->err.w,
		    text + lines[i].off, lines[i].len, ROLE_ERROR);
	free(text);
}

bool
chat_draw(void *arg, WINDOW *w)
{
	struct chat		*c = arg;
	struct chat_contact	*cc = chat_current(c);
	bool			 cursor;

	chat_draw_error(c, w);
	chat_draw_contacts(c, w);
	chat_draw_title(c, w, cc);
	chat_draw_messages(c, w, cc);
	cursor = chat_draw_input(c, w, cc);
	if (c->focus == CHAT_FOCUS_CONTACTS)
		wmove(w, c->l.contacts.y, c->l.contacts.x);
	return cursor;
}
