#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/chat_int.h"
#include "ui/ring.h"

bool
chat_editing(void *arg)
{
	struct chat	*c = arg;

	if (c->focus == CHAT_FOCUS_CONTACTS)
		return c->filter[0] != '\0';
	return input_len(c->in) > 0;
}

static void
chat_send(struct chat *c, const char *to, const char *text, bool urgent)
{
	const struct chat_backend	*be = chat_model_backend(c->m);
	struct chat_msg			*msg;

	if (*text == '\0') {
		chat_set_notice(c, "nothing to send");
		return;
	}
	msg = chat_model_add_own(c->m, to, text, urgent, c->opts.now_ms());
	if (be->send != NULL)
		be->send(be->arg, to, text, urgent, msg->cid);
	if (strcmp(to, c->open) == 0)
		c->offset = 0;
}

/* "/ TEXT": the newest message older than the last hit holding TEXT. */
static void
chat_search(struct chat *c, struct chat_contact *cc, const char *text)
{
	struct chat_msg	*msg;
	size_t		 n = ring_len(cc->msgs), from = 0;

	if (*text == '\0' && c->search[0] == '\0') {
		chat_set_notice(c, "usage: / TEXT (searches this conversation)");
		return;
	}
	if (*text != '\0' && strcmp(text, c->search) != 0) {
		snprintf(c->search, sizeof c->search, "%s", text);
		c->hit = NULL;
	} else if (c->hit != NULL)
		from = c->hit_from_end + 1;
	for (size_t k = from; k < n; k++) {
		msg = ring_get(cc->msgs, n - 1 - k);
		if (strcasestr(msg->text, c->search) == NULL)
			continue;
		c->hit = msg;
		c->hit_from_end = k;
		/* Put the hit at the bottom of the view. */
		c->offset = 0;
		for (size_t j = 0; j < k; j++)
			c->offset += chat_msg_rows(c,
			    ring_get(cc->msgs, n - 1 - j),
			    ring_get(cc->msgs, n - 2 - j), c->l.messages.w);
		chat_set_notice(c, "found \"%s\" (/ again for older, End to "
		    "return)", c->search);
		return;
	}
	chat_set_notice(c, "\"%s\" not found in the %zu messages loaded",
	    c->search, n);
	c->hit = NULL;
}

static void
chat_who(struct chat *c)
{
	const struct chat_backend	*be = chat_model_backend(c->m);
	struct chat_contact		*list[256];
	size_t				 n, used = 0, online = 0;
	char				 buf[256];

	n = chat_model_sorted(c->m, NULL, list, 256);
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < 256; i++) {
		if (list[i]->presence == CHAT_OFFLINE ||
		    strcmp(list[i]->user, CHAT_BROADCAST) == 0)
			continue;
		online++;
		if (used < sizeof buf)
			used += snprintf(buf + used, sizeof buf - used,
			    "%s%s (%s)", used > 0 ? ", " : "", list[i]->user,
			    chat_presence_name(list[i]->presence));
	}
	chat_set_notice(c, "%zu online: %s", online, buf);
	if (be->who != NULL)
		be->who(be->arg);
}

static void
chat_presence_cmd(struct chat *c, const char *arg)
{
	const struct chat_backend	*be = chat_model_backend(c->m);
	static const enum chat_presence	 ps[] = {
		CHAT_AVAILABLE, CHAT_BUSY, CHAT_AWAY
	};

	for (size_t i = 0; i < 3; i++) {
		if (strcmp(arg, chat_presence_name(ps[i])) != 0)
			continue;
		if (be->presence != NULL)
			be->presence(be->arg, ps[i]);
		if (c->sh != NULL)
			snprintf(shell_status(c->sh)->presence,
			    sizeof shell_status(c->sh)->presence, "%s", arg);
		chat_set_notice(c, "presence: %s", arg);
		return;
	}
	chat_set_notice(c, "usage: /presence available|busy|away");
}

static void
chat_command(struct chat *c, const char *line)
{
	struct chat_contact	*cc = chat_current(c);
	const char		*arg = strchr(line, ' ');
	size_t			 nlen = arg != NULL ? (size_t)(arg - line) :
				    strlen(line);

	arg = arg != NULL ? arg + 1 : "";
#define IS(name) (nlen == strlen(name) && strncmp(line, name, nlen) == 0)
	if (IS("/")) {
		if (cc == NULL)
			chat_set_notice(c, "open a conversation to search it");
		else
			chat_search(c, cc, arg);
	} else if (IS("/urgent")) {
		if (cc == NULL)
			chat_set_notice(c, "open a conversation first");
		else
			chat_send(c, cc->user, arg, true);
	} else if (IS("/all"))
		chat_send(c, CHAT_BROADCAST, arg, false);
	else if (IS("/presence"))
		chat_presence_cmd(c, arg);
	else if (IS("/who"))
		chat_who(c);
	else if (IS("/help")) {
		if (c->sh != NULL)
			shell_help(c->sh);
	} else if (IS("/quit")) {
		if (c->sh != NULL)
			shell_quit(c->sh);
	} else
		chat_set_notice(c, "unknown command %.*s (try /help)",
		    (int)nlen, line);
#undef IS
}

static void
chat_enter(struct chat *c)
{
	struct chat_contact	*cc = chat_current(c);
	const char		*text = input_text(c->in);
	char			*line;

	c->notice[0] = '\0';
	/* Nowhere to send it yet: the draft stays for the conversation. */
	if (cc == NULL && !(text[0] == '/' && text[1] != '/')) {
		chat_set_notice(c, "open a conversation first (Tab, then Enter "
		    "on a contact); the text stays");
		chat_relayout(c);
		return;
	}
	line = input_take(c->in);
	if (line[0] == '/' && line[1] != '/')
		chat_command(c, line);
	else if (line[0] != '\0')
		/* "//x" sends "/x". */
		chat_send(c, cc->user, line[0] == '/' ? line + 1 : line, false);
	free(line);
	chat_relayout(c);
}

static struct chat_contact *
chat_selected(struct chat *c)
{
	struct chat_contact	*list[512];
	size_t			 n = chat_model_sorted(c->m, c->filter, list, 512);

	if (n == 0 || c->sel < 0 || (size_t)c->sel >= n || c->sel >= 512)
		return NULL;
	return list[c->sel];
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
chat_key_chat(struct chat *c, enum keys_action a)
{
	long	page = c->l.messages.h > 2 ? c->l.messages.h - 1 : 1;

	switch (a) {
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

	if (a == KA_SEND)
		chat_enter(c);
	else if (a != KA_NONE)
		input_edit(c->in, chat_edits[a]);
	else if (key >= 0x20 && key < KEYS_NONE && key != 0x7f)
		input_insert(c->in, buf, utf8_encode(key, buf));
	else
		return chat_key_chat(c, keys_lookup(c->keys, KEYS_CHAT, key));
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
		if (c->sel > 0)
			c->sel--;
		break;
	case KA_CONTACT_DOWN:
		c->sel++;
		break;
	case KA_CONTACT_OPEN:
		if ((cc = chat_selected(c)) != NULL) {
			chat_open(c, cc->user);
			c->focus = CHAT_FOCUS_INPUT;
			c->filter[0] = '\0';
		}
		break;
	case KA_FILTER_CLEAR:
		c->filter[0] = '\0';
		c->sel = 0;
		break;
	default:
		if (keys_lookup(c->keys, KEYS_INPUT, key) == KA_BACKSPACE) {
			c->filter[utf8_prev(c->filter, len)] = '\0';
			c->sel = 0;
			break;
		}
		if (key < 0x20 || key >= KEYS_NONE || key == 0x7f)
			return chat_key_chat(c, keys_lookup(c->keys, KEYS_CHAT,
			    key));
		n = utf8_encode(key, buf);
		if (len + n < sizeof c->filter) {
			memcpy(c->filter + len, buf, n);
			c->filter[len + n] = '\0';
		}
		c->sel = 0;
		break;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

int
chat_key(void *arg, int key)
{
	struct chat	*c = arg;

	if (c->focus == CHAT_FOCUS_CONTACTS)
		return chat_key_contacts(c, key);
	return chat_key_input(c, key);
}

int
chat_mouse(void *arg, int y, int x, int button)
{
	struct chat		*c = arg;
	struct chat_contact	*cc;
	int			 y0;

	if (button == 4 || button == 5) {
		chat_scroll(c, button == 4 ? 3 : -3);
		return SHELL_HANDLED | SHELL_REDRAW;
	}
	if (!layout_contains(&c->l.contacts, y, x))
		return SHELL_UNHANDLED;
	y0 = (c->filter[0] != '\0' || c->focus == CHAT_FOCUS_CONTACTS) ? 1 : 0;
	if (y - c->l.contacts.y < y0)
		return SHELL_UNHANDLED;
	c->sel = c->contacts_top + y - c->l.contacts.y - y0;
	if ((cc = chat_selected(c)) != NULL) {
		chat_open(c, cc->user);
		c->focus = CHAT_FOCUS_INPUT;
		c->filter[0] = '\0';
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}
