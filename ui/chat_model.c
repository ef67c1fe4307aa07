#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "ui/chat_model.h"
#include "ui/ring.h"

struct chat_model {
	char			 me[CHAT_NAME_MAX + 1];
	size_t			 scrollback;
	struct chat_backend	 be;
	struct chat_model_hooks	 hooks;
	struct chat_contact	**contacts;
	size_t			 n, size;
	enum chat_conn		 conn;
	unsigned		 retry_s;
	unsigned		 next_cid;
	int64_t			 unread_floor;	/* counted by the server */
	int64_t			 offline_since;
	char			 conn_why[320];
};

static void
chat_msg_free(void *p)
{
	struct chat_msg	*m = p;

	free(m->text);
	free(m);
}

struct chat_model *
chat_model_create(const char *me, size_t scrollback,
    const struct chat_backend *be)
{
	struct chat_model	*m = xcalloc(1, sizeof *m);

	snprintf(m->me, sizeof m->me, "%s", me);
	m->scrollback = scrollback;
	if (be != NULL)
		m->be = *be;
	/* Broadcasts have a conversation of their own, always listed. */
	chat_model_contact(m, CHAT_BROADCAST, "everyone", "broadcast",
	    CHAT_AVAILABLE);
	return m;
}

void
chat_model_free(struct chat_model *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		ring_free(m->contacts[i]->msgs);
		free(m->contacts[i]->display);
		free(m->contacts[i]->role);
		free(m->contacts[i]);
	}
	free(m->contacts);
	free(m);
}

void
chat_model_set_hooks(struct chat_model *m, const struct chat_model_hooks *h)
{
	m->hooks = *h;
}

const char *
chat_model_me(const struct chat_model *m)
{
	return m->me;
}

const struct chat_backend *
chat_model_backend(const struct chat_model *m)
{
	return &m->be;
}

static void
chat_model_changed(struct chat_model *m)
{
	if (m->hooks.changed != NULL)
		m->hooks.changed(m->hooks.arg);
}

struct chat_contact *
chat_model_find(struct chat_model *m, const char *user)
{
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->contacts[i]->user, user) == 0)
			return m->contacts[i];
	}
	return NULL;
}

static struct chat_contact *
chat_model_get(struct chat_model *m, const char *user)
{
	struct chat_contact	*c;

	if ((c = chat_model_find(m, user)) != NULL)
		return c;
	if (m->n == m->size) {
		m->size = m->size == 0 ? 16 : m->size * 2;
		m->contacts = xreallocarray(m->contacts, m->size,
		    sizeof *m->contacts);
	}
	c = xcalloc(1, sizeof *c);
	snprintf(c->user, sizeof c->user, "%s", user);
	c->display = sanitize_text(user, strlen(user), 0);
	c->role = xstrdup("");
	c->msgs = ring_create(m->scrollback, chat_msg_free);
	m->contacts[m->n++] = c;
	return c;
}

void
chat_model_contact(struct chat_model *m, const char *user,
    const char *display, const char *role, enum chat_presence p)
{
	struct chat_contact	*c = chat_model_get(m, user);

	if (display != NULL && *display != '\0') {
		free(c->display);
		c->display = sanitize_text(display, strlen(display), 0);
	}
	if (role != NULL) {
		free(c->role);
		c->role = sanitize_text(role, strlen(role), 0);
	}
	c->presence = p;
	chat_model_changed(m);
}

void
chat_model_presence(struct chat_model *m, const char *user,
    enum chat_presence p)
{
	chat_model_get(m, user)->presence = p;
	chat_model_changed(m);
}

static struct chat_msg *
chat_msg_new(const struct chat_msg_in *in, const char *me)
{
	struct chat_msg	*msg = xcalloc(1, sizeof *msg);

	msg->mid = in->mid;
	msg->ts = in->ts;
	snprintf(msg->from, sizeof msg->from, "%s", in->from);
	if (in->cid != NULL)
		snprintf(msg->cid, sizeof msg->cid, "%s", in->cid);
	msg->text = sanitize_text(in->text, in->len, SANITIZE_NEWLINES);
	msg->urgent = in->urgent;
	msg->own = strcmp(in->from, me) == 0;
	msg->state = in->has_state ? in->state :
	    (msg->own ? CHAT_STORED : CHAT_DELIVERED);
	return msg;
}

/* The conversation a message belongs in, from this user's side. */
static struct chat_contact *
chat_model_conv(struct chat_model *m, const struct chat_msg_in *in)
{
	if (strcmp(in->to, CHAT_BROADCAST) == 0)
		return chat_model_get(m, CHAT_BROADCAST);
	return chat_model_get(m, strcmp(in->from, m->me) == 0 ? in->to :
	    in->from);
}

/* Newest first: receipts and acknowledgements are for recent messages. */
static struct chat_msg *
chat_model_lookup(struct chat_contact *c, const char *cid, int64_t mid)
{
	struct chat_msg	*msg;

	for (size_t i = ring_len(c->msgs); i-- > 0;) {
		msg = ring_get(c->msgs, i);
		if (mid != 0 && msg->mid == mid)
			return msg;
		if (cid != NULL && *cid != '\0' && msg->own &&
		    strcmp(msg->cid, cid) == 0)
			return msg;
	}
	return NULL;
}

static struct chat_msg *
chat_model_lookup_all(struct chat_model *m, const char *cid, int64_t mid)
{
	struct chat_msg	*msg;

	for (size_t i = 0; i < m->n; i++) {
		if ((msg = chat_model_lookup(m->contacts[i], cid, mid)) != NULL)
			return msg;
	}
	return NULL;
}

static void
chat_model_advance(struct chat_msg *msg, int64_t mid, enum chat_state s)
{
	if (mid != 0)
		msg->mid = mid;
	/* States only move forward, whatever order receipts arrive in. */
	if (s > msg->state)
		msg->state = s;
}

void
chat_model_message(struct chat_model *m, const struct chat_msg_in *in)
{
	struct chat_contact	*c = chat_model_conv(m, in);
	struct chat_msg		*msg;

	if ((msg = chat_model_lookup(c, in->cid, in->mid)) != NULL) {
		chat_model_advance(msg, in->mid, in->has_state ? in->state :
		    CHAT_STORED);
		chat_model_changed(m);
		return;
	}
	msg = chat_msg_new(in, m->me);
	msg->fresh = !msg->own;
	ring_push(c->msgs, msg);
	if (!msg->own && msg->mid > m->unread_floor) {
		c->unread++;
		if (msg->urgent)
			c->urgent = true;
		if (m->hooks.incoming != NULL)
			m->hooks.incoming(m->hooks.arg, c, msg);
	}
	chat_model_changed(m);
}

void
chat_model_state(struct chat_model *m, const char *cid, int64_t mid,
    enum chat_state s)
{
	struct chat_msg	*msg;

	if ((msg = chat_model_lookup_all(m, cid, mid)) == NULL)
		return;
	chat_model_advance(msg, mid, s);
	chat_model_changed(m);
}

static int
chat_in_cmp_newest_first(const void *a, const void *b)
{
	const struct chat_msg_in	*x = a, *y = b;

	return x->mid < y->mid ? 1 : x->mid > y->mid ? -1 : 0;
}

void
chat_model_history(struct chat_model *m, const char *peer,
    const struct chat_msg_in *msgs, size_t n, bool more)
{
	struct chat_contact	*c = chat_model_get(m, peer);
	struct chat_msg_in	*sorted;
	struct chat_msg		*oldest;

	sorted = xreallocarray(NULL, n == 0 ? 1 : n, sizeof *sorted);
	/* An empty page may come as NULL, which memcpy may not be given. */
	if (n > 0)
		memcpy(sorted, msgs, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, chat_in_cmp_newest_first);
	for (size_t i = 0; i < n; i++) {
		oldest = ring_get(c->msgs, 0);
		if (chat_model_lookup(c, sorted[i].cid, sorted[i].mid) != NULL)
			continue;
		/* Pending messages have no mid yet and sort as newest. */
		if (oldest != NULL && oldest->mid != 0 &&
		    sorted[i].mid > oldest->mid)
			continue;
		if (!ring_unshift(c->msgs, chat_msg_new(&sorted[i], m->me))) {
			more = false;
			break;
		}
	}
	free(sorted);
	c->history_done = !more;
	c->history_pending = false;
	chat_model_changed(m);
}

void
chat_model_unread(struct chat_model *m, const struct chat_unread_in *in,
    size_t n, int64_t last)
{
	struct chat_contact	*c;

	for (size_t i = 0; i < m->n; i++) {
		m->contacts[i]->unread = 0;
		m->contacts[i]->urgent = false;
	}
	for (size_t i = 0; i < n; i++) {
		c = chat_model_get(m, in[i].with);
		c->unread = in[i].unread;
		c->urgent = in[i].urgent > 0;
	}
	if (last > m->unread_floor)
		m->unread_floor = last;
	chat_model_changed(m);
}

bool
chat_model_read_elsewhere(struct chat_model *m, int64_t mid)
{
	struct chat_contact	*c;
	struct chat_msg		*msg, *other;

	for (size_t i = 0; i < m->n; i++) {
		c = m->contacts[i];
		if ((msg = chat_model_lookup(c, NULL, mid)) == NULL)
			continue;
		if (msg->own || msg->state == CHAT_READ)
			return true;
		msg->state = CHAT_READ;
		if (c->unread > 0)
			c->unread--;
		/* Urgent while another unread urgent message is loaded. */
		c->urgent = false;
		for (size_t k = 0; c->unread > 0 && k < ring_len(c->msgs); k++) {
			other = ring_get(c->msgs, k);
			if (!other->own && other->urgent &&
			    other->state != CHAT_READ)
				c->urgent = true;
		}
		chat_model_changed(m);
		return true;
	}
	return false;
}

void
chat_model_connection(struct chat_model *m, enum chat_conn conn,
    unsigned retry_s)
{
	m->conn = conn;
	m->retry_s = retry_s;
	chat_model_changed(m);
}

void
chat_model_conn_error(struct chat_model *m, int64_t since_ms, const char *why)
{
	char	*safe;

	m->offline_since = since_ms;
	m->conn_why[0] = '\0';
	if (why != NULL) {
		/* The server's words, shown and never obeyed. */
		safe = sanitize_text(why, strlen(why), 0);
		snprintf(m->conn_why, sizeof m->conn_why, "%s", safe);
		free(safe);
	}
	chat_model_changed(m);
}

const char *
chat_model_conn_why(const struct chat_model *m, int64_t *since)
{
	if (since != NULL)
		*since = m->offline_since;
	return m->conn_why;
}

void
chat_model_notice(struct chat_model *m, const char *text)
{
	char	*safe = sanitize_text(text, strlen(text), SANITIZE_NEWLINES);

	if (m->hooks.notice != NULL)
		m->hooks.notice(m->hooks.arg, safe);
	free(safe);
	chat_model_changed(m);
}

enum chat_conn
chat_model_conn(const struct chat_model *m, unsigned *retry_s)
{
	if (retry_s != NULL)
		*retry_s = m->retry_s;
	return m->conn;
}

size_t
chat_model_ncontacts(const struct chat_model *m)
{
	return m->n;
}

size_t
chat_model_contacts(struct chat_model *m, struct chat_contact **out,
    size_t max)
{
	for (size_t i = 0; i < m->n && i < max; i++)
		out[i] = m->contacts[i];
	return m->n < max ? m->n : max;
}

void
chat_model_contact_ensure(struct chat_model *m, const char *user)
{
	chat_model_get(m, user);
}

void
chat_model_totals(const struct chat_model *m, unsigned *unread,
    unsigned *urgent)
{
	*unread = 0;
	*urgent = 0;
	for (size_t i = 0; i < m->n; i++) {
		*unread += m->contacts[i]->unread;
		*urgent += m->contacts[i]->urgent;
	}
}
