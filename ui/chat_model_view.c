#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "ui/chat_model.h"
#include "ui/ring.h"

/*
 * The model's queries for the screen.  chat_model.c holds the feed; the
 * contact array is reached through chat_model_find/_sorted only.
 */

static int
chat_contact_cmp(const void *a, const void *b)
{
	const struct chat_contact	*x = *(struct chat_contact *const *)a;
	const struct chat_contact	*y = *(struct chat_contact *const *)b;
	int				 bx, by;

	/* Urgent, then unread, then "everyone", then by name. */
	if (x->urgent != y->urgent)
		return y->urgent - x->urgent;
	if ((x->unread > 0) != (y->unread > 0))
		return (y->unread > 0) - (x->unread > 0);
	bx = strcmp(x->user, CHAT_BROADCAST) == 0;
	by = strcmp(y->user, CHAT_BROADCAST) == 0;
	if (bx != by)
		return by - bx;
	return strcasecmp(x->display, y->display);
}

static bool
chat_contact_match(const struct chat_contact *c, const char *filter)
{
	if (filter == NULL || *filter == '\0')
		return true;
	return strcasestr(c->user, filter) != NULL ||
	    strcasestr(c->display, filter) != NULL ||
	    strcasestr(c->role, filter) != NULL;
}

size_t
chat_model_sorted(struct chat_model *m, const char *filter,
    struct chat_contact **out, size_t max)
{
	size_t			 n = chat_model_ncontacts(m), k = 0;
	struct chat_contact	**all = xreallocarray(NULL, n, sizeof *all);

	n = chat_model_contacts(m, all, n);
	qsort(all, n, sizeof *all, chat_contact_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!chat_contact_match(all[i], filter))
			continue;
		if (k < max)
			out[k] = all[i];
		k++;
	}
	free(all);
	return k;
}

void
chat_model_cid(struct chat_model *m, int64_t now_ms,
    char out[CHAT_CID_MAX + 1])
{
	static unsigned	seq;

	/* Unique per user, across runs too (a message kept in the outbox
	 * is sent again under its cid after a restart): the server drops
	 * a repeated cid. */
	snprintf(out, CHAT_CID_MAX + 1, "%s-%lld-%u", chat_model_me(m),
	    (long long)now_ms, ++seq);
}

struct chat_msg *
chat_model_add_own(struct chat_model *m, const char *to, const char *text,
    bool urgent, int64_t ts, const char *cid)
{
	struct chat_contact	*c;
	struct chat_msg		*msg = xcalloc(1, sizeof *msg);

	chat_model_contact_ensure(m, to);
	c = chat_model_find(m, to);
	msg->ts = ts;
	snprintf(msg->from, sizeof msg->from, "%s", chat_model_me(m));
	snprintf(msg->cid, sizeof msg->cid, "%s", cid);
	msg->text = sanitize_text(text, strlen(text), SANITIZE_NEWLINES);
	msg->own = true;
	msg->urgent = urgent;
	msg->state = CHAT_PENDING;
	ring_push(c->msgs, msg);
	return msg;
}

int64_t
chat_model_mark_read(struct chat_model *m, struct chat_contact *c)
{
	const struct chat_backend	*be = chat_model_backend(m);
	struct chat_msg			*msg;
	int64_t				*mids, oldest = 0;
	size_t				 n = 0;

	/*
	 * Every message that came to this session and is not read yet is
	 * read now (one read in another session, marked read here too, may
	 * sit among them).  The server's count can also name messages this
	 * session never received: of those loaded as history, the newest
	 * are read until that many are, and while history is on its way the rest
	 * stays counted, to be marked when it comes.
	 */
	mids = xreallocarray(NULL, ring_len(c->msgs) + 1, sizeof *mids);
	for (size_t i = ring_len(c->msgs); i-- > 0;) {
		msg = ring_get(c->msgs, i);
		if (msg->own || msg->mid == 0 || msg->state == CHAT_READ)
			continue;
		if (!msg->fresh && n >= c->unread)
			continue;
		msg->state = CHAT_READ;
		mids[n++] = msg->mid;
		oldest = msg->mid;
	}
	if (n > 0 && be->read != NULL)
		be->read(be->arg, mids, n);
	free(mids);
	if (n == 0 && c->unread == 0 && !c->urgent)
		return 0;
	c->unread = c->history_pending && c->unread > n ? c->unread - n : 0;
	c->urgent = c->unread > 0 && c->urgent;
	return oldest;
}

const char *
chat_state_name(enum chat_state s)
{
	switch (s) {
	case CHAT_PENDING:
		return "pending";
	case CHAT_STORED:
		return "stored";
	case CHAT_DELIVERED:
		return "delivered";
	case CHAT_READ:
		return "read";
	}
	return "?";
}

const char *
chat_presence_name(enum chat_presence p)
{
	switch (p) {
	case CHAT_OFFLINE:
		return "offline";
	case CHAT_AVAILABLE:
		return "available";
	case CHAT_BUSY:
		return "busy";
	case CHAT_AWAY:
		return "away";
	}
	return "?";
}
