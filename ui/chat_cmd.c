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

/* "/msg NAME TEXT": NAME and where TEXT starts (NULL when malformed). */
static struct chat_contact *
chat_msg_args(struct chat *c, const char *arg, const char **text)
{
	const char	*sp = strchr(arg, ' ');
	char		 name[CHAT_NAME_MAX + 1];

	if (sp == NULL || sp == arg || (size_t)(sp - arg) > CHAT_NAME_MAX)
		return NULL;
	snprintf(name, sizeof name, "%.*s", (int)(sp - arg), arg);
	*text = sp + 1;
	return chat_model_find(c->m, name);
}

static bool
chat_cmd_search(struct chat *c, struct chat_contact *cc, const char *arg)
{
	if (cc == NULL)
		chat_set_notice(c, "open a conversation to search it");
	else
		chat_search(c, cc, arg);
	return true;
}

static bool
chat_cmd_urgent(struct chat *c, struct chat_contact *cc, const char *arg)
{
	if (cc == NULL) {
		chat_set_notice(c, "open a conversation first");
		return false;
	}
	return chat_send(c, cc->user, arg, true);
}

static bool
chat_cmd_all(struct chat *c, struct chat_contact *cc, const char *arg)
{
	return chat_send(c, CHAT_BROADCAST, arg, false);
}

static bool
chat_cmd_msg(struct chat *c, struct chat_contact *cc, const char *arg)
{
	struct chat_contact	*to;
	const char		*text;

	if ((to = chat_msg_args(c, arg, &text)) == NULL) {
		chat_set_notice(c, "usage: /msg NAME TEXT, NAME a user in the "
		    "contact list");
		return false;
	}
	return chat_send(c, to->user, text, false);
}

static bool
chat_cmd_query(struct chat *c, struct chat_contact *cc, const char *arg)
{
	if ((cc = chat_model_find(c->m, arg)) == NULL) {
		chat_set_notice(c, "usage: /query NAME, NAME a user in the "
		    "contact list");
		return false;
	}
	chat_open(c, cc->user);
	return true;
}

static bool
chat_cmd_close(struct chat *c, struct chat_contact *cc, const char *arg)
{
	if (cc == NULL) {
		chat_set_notice(c, "no conversation is open");
		return true;
	}
	chat_close(c);
	return true;
}

/* An action, "* alice is on her way", as a message anyone's client shows. */
static bool
chat_cmd_me(struct chat *c, struct chat_contact *cc, const char *arg)
{
	char	*text;
	bool	 done;

	if (cc == NULL) {
		chat_set_notice(c, "open a conversation first");
		return false;
	}
	if (*arg == '\0') {
		chat_set_notice(c, "usage: /me TEXT");
		return false;
	}
	text = xasprintf("* %s %s", chat_model_me(c->m), arg);
	done = chat_send(c, cc->user, text, false);
	free(text);
	return done;
}

static bool
chat_cmd_presence(struct chat *c, struct chat_contact *cc, const char *arg)
{
	chat_presence_cmd(c, arg);
	return true;
}

static bool
chat_cmd_who(struct chat *c, struct chat_contact *cc, const char *arg)
{
	chat_who(c);
	return true;
}

static bool
chat_cmd_reconnect(struct chat *c, struct chat_contact *cc, const char *arg)
{
	chat_reconnect(c);
	return true;
}

static bool	chat_cmd_help(struct chat *, struct chat_contact *,
		    const char *);

static bool
chat_cmd_quit(struct chat *c, struct chat_contact *cc, const char *arg)
{
	if (c->sh != NULL)
		shell_quit_ask(c->sh);
	return true;
}

const struct chat_cmd chat_cmds[] = {
	{ "/msg", "NAME TEXT", "send TEXT to NAME without opening the "
	  "conversation", chat_cmd_msg },
	{ "/query", "NAME", "open the conversation with NAME", chat_cmd_query },
	{ "/close", "", "close the open conversation", chat_cmd_close },
	{ "/urgent", "TEXT", "send TEXT to the open conversation as urgent",
	  chat_cmd_urgent },
	{ "/me", "TEXT", "send an action: \"* NAME TEXT\"", chat_cmd_me },
	{ "/all", "TEXT", "send TEXT to everyone (asks first)", chat_cmd_all },
	{ "/presence", "available|busy|away", "set one's presence",
	  chat_cmd_presence },
	{ "/who", "", "list who is online", chat_cmd_who },
	{ "/", "TEXT", "search the open conversation backwards for TEXT",
	  chat_cmd_search },
	{ "/reconnect", "", "while offline, connect now", chat_cmd_reconnect },
	{ "/help", "[COMMAND]", "the help, or how to use COMMAND",
	  chat_cmd_help },
	{ "/quit", "", "leave hcwed (asks while messages wait)",
	  chat_cmd_quit },
};
const size_t chat_ncmds = sizeof chat_cmds / sizeof chat_cmds[0];

char *
chat_help_text(void)
{
	char	*text = NULL;
	size_t	 size = 0;
	FILE	*f = open_memstream(&text, &size);

	if (f == NULL)
		return NULL;
	fputs("Commands (a line that starts with /; // sends one slash)\n", f);
	for (size_t i = 0; i < chat_ncmds; i++)
		fprintf(f, "  %s%s%s\t%s\n", chat_cmds[i].name,
		    chat_cmds[i].args[0] != '\0' ? " " : "", chat_cmds[i].args,
		    chat_cmds[i].help);
	fputs("Contact list\n"
	    "  +\tavailable\n  #\tbusy\n  ~\taway\n  .\toffline\n"
	    "  grey marks\tpresence unknown: hcwed itself is offline\n"
	    "  3!\tthree unread messages, one of them urgent\n"
	    "Messages\n"
	    "  [pending]\tnot yet stored by the server; kept in the outbox on "
	    "disk until it is\n"
	    "  [stored]\tstored by the server\n"
	    "  [delivered]\treached one of the recipient's sessions\n"
	    "  [read]\tread by the recipient\n"
	    "  URGENT:\tan urgent message; it alerts until read\n"
	    "  ── new ──\twhere unread messages began\n"
	    "  underlined\tnames you, or a word of the highlight setting\n"
	    "Status bar\n"
	    "  Act: 3 dave!\tconversation 3 (dave) has unread messages, one "
	    "urgent\n"
	    "  OFFLINE since\tthe server cannot be reached; Alt-R tries now\n"
	    "  UNENCRYPTED\tthe connection is plaintext (--insecure)\n", f);
	fclose(f);
	return text;
}

static const struct chat_cmd *
chat_cmd_find(const char *name, size_t nlen)
{
	for (size_t i = 0; i < chat_ncmds; i++) {
		if (strlen(chat_cmds[i].name) == nlen &&
		    strncmp(chat_cmds[i].name, name, nlen) == 0)
			return &chat_cmds[i];
	}
	return NULL;
}

static bool
chat_cmd_help(struct chat *c, struct chat_contact *cc, const char *arg)
{
	const struct chat_cmd	*cmd;
	char			 name[32];

	if (*arg == '\0') {
		if (c->sh != NULL)
			shell_help(c->sh);
		return true;
	}
	snprintf(name, sizeof name, "%s%s", arg[0] == '/' ? "" : "/", arg);
	if ((cmd = chat_cmd_find(name, strlen(name))) == NULL)
		chat_set_notice(c, "no command %s (/help lists them)", name);
	else
		chat_set_notice(c, "%s%s%s: %s", cmd->name,
		    cmd->args[0] != '\0' ? " " : "", cmd->args, cmd->help);
	return true;
}

const char *
chat_target(struct chat *c, const char *line)
{
	struct chat_contact	*cc = chat_current(c);
	const struct chat_cmd	*cmd;
	const char		*arg, *text;
	size_t			 nlen;

	if (line[0] != '/' || line[1] == '/')
		return cc != NULL ? cc->user : NULL;
	nlen = chat_cmd_name(line, &arg);
	if ((cmd = chat_cmd_find(line, nlen)) == NULL)
		return NULL;
	if (cmd->run == chat_cmd_all)
		return CHAT_BROADCAST;
	if (cmd->run == chat_cmd_msg)
		return (cc = chat_msg_args(c, arg, &text)) != NULL ?
		    cc->user : NULL;
	if (cmd->run == chat_cmd_urgent || cmd->run == chat_cmd_me)
		return cc != NULL ? cc->user : NULL;
	return NULL;
}

bool
chat_command(struct chat *c, const char *line)
{
	const struct chat_cmd	*cmd;
	const char		*arg;
	char			*copy = xstrdup(line);
	size_t			 nlen, len = strlen(copy);
	bool			 done = false;

	/* Completion leaves a space after a name: blanks at the end of a
	 * command never mean anything. */
	while (len > 0 && (copy[len - 1] == ' ' || copy[len - 1] == '\n'))
		copy[--len] = '\0';
	nlen = chat_cmd_name(copy, &arg);
	if ((cmd = chat_cmd_find(copy, nlen)) == NULL)
		chat_set_notice(c, "unknown command %.*s (/help lists them)",
		    (int)nlen, copy);
	else
		done = cmd->run(c, chat_current(c), arg);
	free(copy);
	return done;
}
