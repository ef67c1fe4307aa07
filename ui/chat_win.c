#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/chat_int.h"

/*
 * Numbered conversations, as irssi's windows: a conversation takes the
 * lowest free number from 1 to CHAT_WINDOWS when it is opened or a message
 * arrives in it, and keeps it until /close.  The numbers never move when
 * the contact list reorders, so Alt-3 always opens the same person.
 */

int
chat_win_of(const struct chat *c, const char *user)
{
	for (int i = 0; i < CHAT_WINDOWS; i++) {
		if (strcmp(c->win[i], user) == 0)
			return i + 1;
	}
	return 0;
}

int
chat_win_add(struct chat *c, const char *user)
{
	int	n;

	if ((n = chat_win_of(c, user)) != 0)
		return n;
	for (int i = 0; i < CHAT_WINDOWS; i++) {
		if (c->win[i][0] == '\0') {
			snprintf(c->win[i], sizeof c->win[i], "%s", user);
			return i + 1;
		}
	}
	return 0;
}

void
chat_win_del(struct chat *c, const char *user)
{
	int	n = chat_win_of(c, user);

	if (n != 0)
		c->win[n - 1][0] = '\0';
}

void
chat_win_goto(struct chat *c, int n)
{
	if (n < 1 || n > CHAT_WINDOWS || c->win[n - 1][0] == '\0' ||
	    chat_model_find(c->m, c->win[n - 1]) == NULL) {
		chat_set_notice(c, "no conversation %d (open one, and it takes "
		    "the lowest free number)", n);
		return;
	}
	chat_open(c, c->win[n - 1]);
	c->focus = CHAT_FOCUS_INPUT;
}

void
chat_win_step(struct chat *c, int delta)
{
	int	cur = chat_win_of(c, c->open), i = cur > 0 ? cur - 1 : -1;

	for (int k = 0; k < CHAT_WINDOWS; k++) {
		i = (i + delta + CHAT_WINDOWS) % CHAT_WINDOWS;
		if (c->win[i][0] != '\0' && i + 1 != cur) {
			chat_win_goto(c, i + 1);
			return;
		}
	}
	chat_set_notice(c, cur > 0 ? "no other numbered conversation" :
	    "no numbered conversation yet");
}

/* "2 bob, 3 carol!, dave": the conversations with unread messages. */
void
chat_win_activity(struct chat *c, char *buf, size_t size, bool *urgent)
{
	struct chat_contact	*list[512];
	size_t			 n = chat_model_sorted(c->m, NULL, list, 512);
	size_t			 used = 0;
	int			 w;

	buf[0] = '\0';
	*urgent = false;
	for (size_t i = 0; i < n && i < 512 && used < size; i++) {
		if (list[i]->unread == 0)
			continue;
		*urgent |= list[i]->urgent;
		w = chat_win_of(c, list[i]->user);
		used += snprintf(buf + used, size - used, "%s%.0d%s%s%s",
		    used > 0 ? ", " : "", w, w > 0 ? " " : "", list[i]->user,
		    list[i]->urgent ? "!" : "");
	}
}
