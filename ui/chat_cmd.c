#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/chat_int.h"
#include "ui/ring.h"

/* The input line's /commands and sending. */

bool
chat_send(struct chat *c, const char *to, const char *text, bool urgent)
{
	const struct chat_backend	*be = chat_model_backend(c->m);
	int64_t				 now = c->opts.now_ms();
	char				 cid[CHAT_CID_MAX + 1];

	if (*text == '\0') {
		chat_set_notice(c, "nothing to send");
		return false;
	}
	chat_model_cid(c->m, now, cid);
	/* Refused at once (too long, say): the backend said why. */
	if (be->send != NULL && be->send(be->arg, to, text, urgent, cid) == -1)
		return false;
	chat_model_add_own(c->m, to, text, urgent, now, cid);
	if (strcmp(to, c->open) == 0)
		c->offset = 0;
	return true;
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

/* The command's name: the line up to its first space. */
static size_t
chat_cmd_name(const char *line, const char **arg)
{
	const char	*sp = strchr(line, ' ');

	*arg = sp != NULL ? sp + 1 : "";
	return sp != NULL ? (size_t)(sp - line) : strlen(line);
}

void
chat_reconnect(struct chat *c)
{
	const struct chat_backend	*be = chat_model_backend(c->m);

	if (be->reconnect != NULL)
		be->reconnect(be->arg);
}

#define IS(name) (nlen == strlen(name) && strncmp(line, name, nlen) == 0)

const char *
chat_target(struct chat *c, const char *line)
{
	struct chat_contact	*cc = chat_current(c);
	const char		*arg;
	size_t			 nlen;

	if (line[0] != '/' || line[1] == '/')
		return cc != NULL ? cc->user : NULL;
	nlen = chat_cmd_name(line, &arg);
	if (IS("/all"))
		return CHAT_BROADCAST;
	if (IS("/urgent"))
		return cc != NULL ? cc->user : NULL;
	return NULL;
}

bool
chat_command(struct chat *c, const char *line)
{
	struct chat_contact	*cc = chat_current(c);
	const char		*arg;
	size_t			 nlen = chat_cmd_name(line, &arg);

	if (IS("/")) {
		if (cc == NULL)
			chat_set_notice(c, "open a conversation to search it");
		else
			chat_search(c, cc, arg);
	} else if (IS("/urgent")) {
		if (cc == NULL) {
			chat_set_notice(c, "open a conversation first");
			return false;
		}
		return chat_send(c, cc->user, arg, true);
	} else if (IS("/all"))
		return chat_send(c, CHAT_BROADCAST, arg, false);
	else if (IS("/presence"))
		chat_presence_cmd(c, arg);
	else if (IS("/who"))
		chat_who(c);
	else if (IS("/reconnect"))
		chat_reconnect(c);
	else if (IS("/help")) {
		if (c->sh != NULL)
			shell_help(c->sh);
	} else if (IS("/quit")) {
		if (c->sh != NULL)
			shell_quit_ask(c->sh);
	} else {
		chat_set_notice(c, "unknown command %.*s (try /help)",
		    (int)nlen, line);
		return false;
	}
	return true;
}

#undef IS
