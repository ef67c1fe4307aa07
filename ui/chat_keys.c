#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/chat_int.h"
#include "ui/ring.h"

/* Printable keys belong to the input line whenever it has the focus. */
bool
chat_editing(void *arg)
{
	struct chat	*c = arg;

	if (c->focus == CHAT_FOCUS_CONTACTS)
		return c->filter[0] != '\0';
	return true;
}

/*
 * A broadcast, or a draft holding a long paste, is sent only once the
 * user says so: true when the question is now up.
 */
static bool
chat_ask(struct chat *c, const char *text)
{
	const char	*to = chat_target(c, text);
	unsigned	 lines = 1;

	if (to == NULL)
		return false;
	for (const char *p = text; *p != '\0'; p++)
		lines += *p == '\n';
	if (strcmp(to, CHAT_BROADCAST) == 0)
		snprintf(c->ask, sizeof c->ask, "Send %u line%s to EVERYONE "
		    "(%zu people)? Enter or y sends, Esc or n goes back",
		    lines, lines == 1 ? "" : "s",
		    chat_model_ncontacts(c->m) - 1);
	else if (c->opts.paste_confirm_lines > 0 &&
	    c->paste_lines > c->opts.paste_confirm_lines)
		snprintf(c->ask, sizeof c->ask, "Send %u lines to %s? Enter "
		    "or y sends, Esc or n goes back", lines, to);
	else
		return false;
	return true;
}

static void
chat_enter(struct chat *c, bool confirmed)
{
	struct chat_contact	*cc = chat_current(c);
	const char		*text = input_text(c->in);
	bool			 command = text[0] == '/' && text[1] != '/';
	bool			 done = true;
	char			*line;

	c->notice[0] = '\0';
	c->ask[0] = '\0';
	/* Nowhere to send it yet: the draft stays for the conversation. */
	if (cc == NULL && !command) {
		chat_set_notice(c, "open a conversation first (Tab, then Enter "
		    "on a contact); the text stays");
		chat_relayout(c);
		return;
	}
	if (!confirmed && chat_ask(c, text))
		return;
	line = input_take(c->in);
	if (c->opts.typed != NULL && line[0] != '\0')
		c->opts.typed(c->opts.typed_arg, line);
	if (command)
		done = chat_command(c, line);
	else if (line[0] != '\0')
		/* "//x" sends "/x". */
		done = chat_send(c, cc->user, line[0] == '/' ? line + 1 : line,
		    false);
	/* Not sent: the text comes back, to be fixed and sent again. */
	if (done)
		c->paste_lines = 0;
	else
		input_insert(c->in, line, strlen(line));
	free(line);
	chat_relayout(c);
}

int
chat_sel_index(struct chat *c, struct chat_contact **list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i]->user, c->sel) == 0)
			return (int)i;
	}
	/* Typing a filter selects its first match. */
	return c->filter[0] != '\0' && n > 0 ? 0 : -1;
}

/* Move the selection by delta rows (from none, down lands on the first). */
static void
chat_sel_move(struct chat *c, int delta)
{
	struct chat_contact	*list[512];
	size_t			 n = chat_model_sorted(c->m, c->filter, list, 512);
	int			 i;

	if (n > 512)
		n = 512;
	if (n == 0)
		return;
	i = chat_sel_index(c, list, n);
	i = i < 0 ? 0 : i + delta;
	if (i < 0)
		i = 0;
	if (i >= (int)n)
		i = (int)n - 1;
	snprintf(c->sel, sizeof c->sel, "%s", list[i]->user);
}

static struct chat_contact *
chat_selected(struct chat *c)
{
	struct chat_contact	*list[512];
	size_t			 n = chat_model_sorted(c->m, c->filter, list, 512);
	int			 i = chat_sel_index(c, list, n > 512 ? 512 : n);

	return i < 0 ? NULL : list[i];
}

static void
chat_next_unread(struct chat *c)
{
	struct chat_contact	*list[512];
	size_t			 n = chat_model_sorted(c->m, NULL, list, 512);

	/* The sort puts urgent, then unread conversations first. */
	for (size_t i = 0; i < n && i < 512; i++) {
		if (list[i]->unread > 0) {
			chat_open(c, list[i]->user);
			c->focus = CHAT_FOCUS_INPUT;
			return;
		}
	}
	chat_set_notice(c, "no unread messages");
}

static int
chat_key_chat(struct chat *c, int key)
{
	long			page = c->l.messages.h > 2 ?
				    c->l.messages.h - 1 : 1;
	int			nth = 0;
	enum keys_action	a = keys_lookup_nth(c->keys, KEYS_CHAT, key,
				    &nth);

	switch (a) {
	case KA_GOTO:
		chat_win_goto(c, nth + 1);
		break;
	case KA_CONV_NEXT:
	case KA_CONV_PREV:
		chat_win_step(c, a == KA_CONV_NEXT ? 1 : -1);
		break;
	case KA_FOCUS:
		c->focus = c->focus == CHAT_FOCUS_INPUT ?
		    CHAT_FOCUS_CONTACTS : CHAT_FOCUS_INPUT;
		break;
	case KA_SCROLL_UP:
		chat_scroll(c, page);
		break;
	case KA_SCROLL_DOWN:
		chat_scroll(c, -page);
		break;
	case KA_SCROLL_TOP:
		chat_scroll(c, (long)(((size_t)-1) >> 2));
		break;
	case KA_SCROLL_BOTTOM:
		c->hit = NULL;
		c->notice[0] = '\0';
		chat_scroll(c, -(long)(((size_t)-1) >> 2));
		break;
	case KA_NEXT_UNREAD:
		chat_next_unread(c);
		break;
	case KA_RECONNECT:
		chat_reconnect(c);
		break;
	default:
		return SHELL_UNHANDLED;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

static const enum input_edit chat_edits[KA_COUNT] = {
	[KA_LEFT] = INPUT_LEFT, [KA_RIGHT] = INPUT_RIGHT,
	[KA_HOME] = INPUT_HOME, [KA_END] = INPUT_END,
	[KA_BACKSPACE] = INPUT_BACKSPACE, [KA_DELETE] = INPUT_DELETE,
	[KA_KILL_START] = INPUT_KILL_START, [KA_KILL_END] = INPUT_KILL_END,
	[KA_KILL_WORD] = INPUT_KILL_WORD, [KA_NEWLINE] = INPUT_NEWLINE,
	[KA_HISTORY_PREV] = INPUT_HISTORY_PREV,
	[KA_HISTORY_NEXT] = INPUT_HISTORY_NEXT,
};

static int
chat_key_input(struct chat *c, int key)
{
	enum keys_action	a = keys_lookup(c->keys, KEYS_INPUT, key);
	char			buf[4];

	if (a != KA_COMPLETE)
		c->comp_active = false;
	if (a == KA_COMPLETE) {
		/* A blank word: Tab moves the focus, as before. */
		if (!chat_complete(c))
			c->focus = CHAT_FOCUS_CONTACTS;
	} else if (a == KA_SEND)
		chat_enter(c, false);
	else if (a != KA_NONE)
		input_edit(c->in, chat_edits[a]);
	else if (key >= 0x20 && key < KEYS_NONE && key != 0x7f)
		input_insert(c->in, buf, utf8_encode(key, buf));
	else
		return chat_key_chat(c, key);
	chat_relayout(c);
	return SHELL_HANDLED | SHELL_REDRAW;
}

static int
chat_key_contacts(struct chat *c, int key)
{
	enum keys_action	 a = keys_lookup(c->keys, KEYS_CONTACTS, key);
	struct chat_contact	*cc;
	size_t			 len = strlen(c->filter);
	char			 buf[4];
	int			 n;

	switch (a) {
	case KA_CONTACT_UP:
		chat_sel_move(c, -1);
		break;
	case KA_CONTACT_DOWN:
		chat_sel_move(c, 1);
		break;
	case KA_CONTACT_OPEN:
		if ((cc = chat_selected(c)) == NULL) {
			chat_set_notice(c, "choose a contact first: Up and Down, "
			    "or type part of a name");
			break;
		}
		chat_open(c, cc->user);
		c->focus = CHAT_FOCUS_INPUT;
		c->filter[0] = '\0';
		break;
	case KA_FILTER_CLEAR:
		c->filter[0] = '\0';
		c->sel[0] = '\0';
		break;
	default:
		if (keys_lookup(c->keys, KEYS_INPUT, key) == KA_BACKSPACE) {
			c->filter[utf8_prev(c->filter, len)] = '\0';
			c->sel[0] = '\0';
			break;
		}
		if (key < 0x20 || key >= KEYS_NONE || key == 0x7f)
			return chat_key_chat(c, key);
		n = utf8_encode(key, buf);
		if (len + n < sizeof c->filter) {
			memcpy(c->filter + len, buf, n);
			c->filter[len + n] = '\0';
		}
		c->sel[0] = '\0';
		break;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

/* While a question is up, Enter or y answers yes and any other key no. */
static int
chat_key_ask(struct chat *c, int key)
{
	if (keys_lookup(c->keys, KEYS_INPUT, key) == KA_SEND || key == 'y' ||
	    key == 'Y') {
		chat_enter(c, true);
		return SHELL_HANDLED | SHELL_REDRAW;
	}
	c->ask[0] = '\0';
	chat_set_notice(c, "not sent: the text is still there");
	return SHELL_HANDLED | SHELL_REDRAW;
}

int
chat_key(void *arg, int key)
{
	struct chat	*c = arg;

	if (c->ask[0] != '\0')
		return chat_key_ask(c, key);
	if (c->focus == CHAT_FOCUS_CONTACTS)
		return chat_key_contacts(c, key);
	return chat_key_input(c, key);
}

int
chat_mouse(void *arg, int y, int x, int button)
{
	struct chat		*c = arg;
	struct chat_contact	*cc, *list[512];
	size_t			 n;
	int			 y0, i;

	if (button == 4 || button == 5) {
		chat_scroll(c, button == 4 ? 3 : -3);
		return SHELL_HANDLED | SHELL_REDRAW;
	}
	if (!layout_contains(&c->l.contacts, y, x))
		return SHELL_UNHANDLED;
	y0 = (c->filter[0] != '\0' || c->focus == CHAT_FOCUS_CONTACTS) ? 1 : 0;
	if (y - c->l.contacts.y < y0)
		return SHELL_UNHANDLED;
	n = chat_model_sorted(c->m, c->filter, list, 512);
	i = c->contacts_top + y - c->l.contacts.y - y0;
	if (i >= (int)n || i >= 512)
		return SHELL_UNHANDLED;
	cc = list[i];
	/* A click is an answer too: no to a question still up. */
	c->ask[0] = '\0';
	snprintf(c->sel, sizeof c->sel, "%s", cc->user);
	chat_open(c, cc->user);
	c->focus = CHAT_FOCUS_INPUT;
	c->filter[0] = '\0';
	return SHELL_HANDLED | SHELL_REDRAW;
}

int
chat_paste(void *arg, const char *text, size_t len, bool cut)
{
	struct chat	*c = arg;
	unsigned	 lines;

	c->ask[0] = '\0';
	c->focus = CHAT_FOCUS_INPUT;
	lines = input_paste(c->in, text, len);
	if (lines > c->paste_lines)
		c->paste_lines = lines;
	if (cut)
		chat_set_notice(c, "the paste was cut at %u KiB: check the end "
		    "of the text", SHELL_PASTE_MAX / 1024);
	else if (lines > 1)
		chat_set_notice(c, "pasted %u lines: Enter sends them as one "
		    "message", lines);
	chat_relayout(c);
	return SHELL_HANDLED | SHELL_REDRAW;
}
