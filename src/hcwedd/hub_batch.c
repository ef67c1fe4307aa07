#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

static struct hub_op *
hub_op_new(struct hub_session *s, struct proto_request *req)
{
	struct hub	*hub = s->hub;
	struct hub_op	*op;

	if (hub->nops == hub->opscap) {
		hub->opscap = hub->opscap == 0 ? 64 : hub->opscap * 2;
		hub->ops = xreallocarray(hub->ops, hub->opscap,
		    sizeof *hub->ops);
	}
	op = &hub->ops[hub->nops++];
	memset(op, 0, sizeof *op);
	op->session = s;
	op->out = hub_reserve(s);
	op->from = s->user;
	memcpy(op->tag, req->tag, sizeof op->tag);
	/* The audit row names the address even if the session goes first. */
	snprintf(op->addr, sizeof op->addr, "%s", s->peer[0] != '\0' ?
	    s->peer : "local");
	s->pending++;
	return op;
}

/*
 * A full batch is committed at once on the loop; with a commit thread the
 * loop goes on reading, and hub_batch_take() takes batch_max at a time.
 */
static void
hub_op_added(struct hub_session *s, int64_t now)
{
	if (s->hub->wait == NULL && s->hub->nops >= s->hub->config.batch_max)
		hub_flush(s->hub, now);
}

void
hub_queue_send(struct hub_session *s, struct proto_request *req, int64_t now)
{
	struct hub_op	*op = hub_op_new(s, req);

	op->is_send = true;
	op->accounts_seen = s->hub->changes_seen;
	memcpy(op->to, req->send.to, sizeof op->to);
	memcpy(op->cid, req->send.cid, sizeof op->cid);
	op->body = req->send.body;	/* taken from the request */
	op->body_len = req->send.body_len;
	req->send.body = NULL;
	op->priority = req->send.priority;
	hub_op_added(s, now);
}

void
hub_queue_receipt(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	struct hub_op	*op = hub_op_new(s, req);

	op->state = req->receipt.state;
	op->mids = req->receipt.mids;
	op->nmids = req->receipt.n;
	req->receipt.mids = NULL;
	hub_op_added(s, now);
}

static void
hub_seen_store(struct store *store, struct hub_seen *r)
{
	if (r->hash != NULL &&
	    store_user_set_hash(store, r->user, r->hash, &r->cause) == -1)
		return;
	if (r->source[0] != '\0')
		(void)store_source_seen(store, r->user, r->source, r->ts,
		    &r->cause);
}

static void
hub_seen_log(const struct hub_seen *r)
{
	if (r->cause != NULL)
		log_warn("login: storing user=%s: %s", r->user, r->cause);
}

/* Without a commit thread the loop is the one that stores. */
void
hub_seen(struct hub *hub, const char *user, const char *source, char *hash,
    int64_t now)
{
	struct hub_seen	*r, one;

	if (hub->wait == NULL)
		r = &one;
	else {
		hub->seen = xreallocarray(hub->seen, hub->nseen + 1,
		    sizeof *hub->seen);
		r = &hub->seen[hub->nseen++];
	}
	memset(r, 0, sizeof *r);
	snprintf(r->user, sizeof r->user, "%s", user);
	snprintf(r->source, sizeof r->source, "%s", source);
	r->ts = now;
	r->hash = hash;
	if (r != &one)
		return;
	hub_seen_store(hub->store, r);
	hub_seen_log(r);
	free(r->hash);
	free(r->cause);
}

/* The session has gone: its ops still commit, but nobody hears of it. */
void
hub_batch_forget(struct hub *hub, struct hub_session *s)
{
	struct hub_batch	*b = hub->inflight;

	for (size_t i = 0; i < hub->nops; i++) {
		if (hub->ops[i].session == s)
			hub->ops[i].session = NULL;
	}
	for (size_t i = 0; b != NULL && i < b->nops; i++) {
		if (b->ops[i].session == s)
			b->ops[i].session = NULL;
	}
}

/*
 * A stored message goes to every session of the recipient (every session
 * for a broadcast) and to the sender's other sessions; never elsewhere.
 */
static void
hub_route_message(struct hub *hub, const struct hub_op *op,
    const struct store_put_msg *pm)
{
	struct proto_message	 m;
	struct hub_session	*s;
	struct hub_user		*to;
	char			*line;
	size_t			 len;

	memset(&m, 0, sizeof m);
	m.mid = pm->mid;
	m.ts = pm->ts;
	memcpy(m.from, op->from->name, sizeof m.from);
	memcpy(m.to, op->to, sizeof m.to);
	m.body = op->body;
	m.body_len = op->body_len;
	m.priority = op->priority;
	memcpy(m.cid, op->cid, sizeof m.cid);
	line = proto_encode_message(&m, &len);
	if (strcmp(op->to, PROTO_BROADCAST) == 0) {
		TAILQ_FOREACH(s, &hub->sessions, entry) {
			if (s != op->session)
				hub_event(s, line, len);
		}
	} else {
		if ((to = hub_user_find(hub, op->to)) != NULL) {
			TAILQ_FOREACH(s, &to->sessions, user_entry) {
				if (s != op->session)
					hub_event(s, line, len);
			}
		}
		if (to != op->from) {
			TAILQ_FOREACH(s, &op->from->sessions, user_entry) {
				if (s != op->session)
					hub_event(s, line, len);
			}
		}
	}
	free(line);
}

/* The session whose receipt request made the batch's receipt i. */
static const struct hub_session *
hub_receipt_origin(const struct hub_batch *b, size_t i)
{
	for (size_t k = 0; k < b->nops; k++) {
		if (b->ops[k].is_send)
			continue;
		if (i < b->ops[k].nmids)
			return b->ops[k].session;
		i -= b->ops[k].nmids;
	}
	return NULL;
}

static void
hub_route_receipt(struct hub *hub, const struct hub_batch *b,
    const struct store_new_receipt *nr)
{
	const struct hub_session *from;
	struct hub_user		*sender, *reader;
	struct hub_session	*s;
	char			*line;
	size_t			 len;

	line = proto_encode_receipt(&nr->r, &len);
	if ((sender = hub_user_find(hub, nr->sender)) != NULL)
		TAILQ_FOREACH(s, &sender->sessions, user_entry)
			hub_event(s, line, len);
	/* What one session has read, the reader's others stop counting
	 * as unread (and stop alerting for). */
	if (nr->r.state == PROTO_STATE_READ &&
	    strcmp(nr->r.by, nr->sender) != 0 &&
	    (reader = hub_user_find(hub, nr->r.by)) != NULL &&
	    reader->nsessions > 1) {
		/* The session that sent it needs no echo. */
		from = hub_receipt_origin(b, nr->index);
		TAILQ_FOREACH(s, &reader->sessions, user_entry) {
			if (s != from)
				hub_event(s, line, len);
		}
	}
	free(line);
}

static void
hub_answer(struct hub_op *op, const struct store_put_msg *pm, bool failed)
{
	char	*line;
	size_t	 len;

	if (op->session == NULL)
		return;
	op->session->pending--;
	if (failed)
		line = proto_encode_error(PROTO_E_INTERNAL, "the server could "
		    "not store; nothing was stored; retry",
		    op->is_send ? "send" : "receipt", op->tag, &len);
	else if (op->is_send && pm->unknown)
		line = proto_encode_error(PROTO_E_NO_SUCH_USER, "no such user: "
		    "the account has been deleted; nothing was stored", "send",
		    op->tag, &len);
	else if (op->is_send)
		line = proto_encode_ack(op->tag, op->cid, pm->mid, pm->ts,
		    pm->duplicate, &len);
	else
		line = proto_encode_ok("receipt", op->tag, &len);
	hub_fill(op->session, op->out, line, len);
}

/*
 * Take what is pending, messages, receipts and audit rows, as one batch,
 * so that the next one can start collecting while this one is stored.
 */
struct hub_batch *
hub_batch_take(struct hub *hub, int64_t now)
{
	struct hub_batch	*b;
	struct hub_op		*op;

	hub_time(hub, now);
	if (hub->inflight != NULL)
		log_fatalx("hub: a batch is already being stored");
	if (!hub_pending(hub))
		return NULL;
	b = xcalloc(1, sizeof *b);
	b->ops = hub->ops;
	b->nops = hub->nops;
	b->audit = hub->audit;
	b->naudit = hub->naudit;
	hub->ops = NULL;
	hub->nops = hub->opscap = 0;
	if (b->nops > hub->config.batch_max) {
		/* The rest waits for the next batch, in order. */
		hub->nops = hub->opscap = b->nops - hub->config.batch_max;
		hub->ops = xreallocarray(NULL, hub->nops, sizeof *hub->ops);
		memcpy(hub->ops, b->ops + hub->config.batch_max,
		    hub->nops * sizeof *hub->ops);
		b->nops = hub->config.batch_max;
	}
	hub->audit = NULL;
	hub->naudit = hub->auditcap = 0;
	b->seen = hub->seen;
	b->nseen = hub->nseen;
	hub->seen = NULL;
	hub->nseen = 0;
	for (size_t i = 0; i < b->nops; i++)
		b->nrcpts += b->ops[i].nmids;
	b->msgs = xcalloc(b->nops + 1, sizeof *b->msgs);
	b->rcpts = xcalloc(b->nrcpts + 1, sizeof *b->rcpts);
	b->nrcpts = 0;
	for (size_t i = 0; i < b->nops; i++) {
		op = &b->ops[i];
		if (op->is_send) {
			b->msgs[b->nmsgs++] = (struct store_put_msg){
				.from = op->from->name, .to = op->to,
				.body = op->body, .body_len = op->body_len,
				.priority = op->priority, .cid = op->cid,
				.addr = op->addr, .ts = now,
				.accounts_seen = op->accounts_seen,
			};
			continue;
		}
		for (size_t j = 0; j < op->nmids; j++) {
			b->rcpts[b->nrcpts++] = (struct store_put_receipt){
				.mid = op->mids[j], .user = op->from->name,
				.state = op->state, .addr = op->addr,
				.ts = now,
			};
		}
	}
	hub->inflight = b;
	return b;
}

void
hub_batch_store(struct hub_batch *b, struct store *store)
{
	b->rc = store_put_batch(store, b->msgs, b->nmsgs, b->rcpts, b->nrcpts,
	    b->audit, b->naudit, &b->fresh, &b->nfresh, &b->cause);
	/* Logins and lockouts happened all the same: their rows go alone. */
	if (b->rc != 0 && b->naudit > 0)
		b->audit_rc = store_audit_add(store, b->audit, b->naudit,
		    &b->audit_cause);
	for (size_t i = 0; i < b->nseen; i++)
		hub_seen_store(store, &b->seen[i]);
}

static void
hub_batch_free(struct hub_batch *b)
{
	for (size_t i = 0; i < b->nops; i++) {
		free(b->ops[i].body);
		free(b->ops[i].mids);
	}
	free(b->ops);
	free(b->msgs);
	free(b->rcpts);
	free(b->audit);
	free(b->fresh);
	free(b->cause);
	free(b->audit_cause);
	for (size_t i = 0; i < b->nseen; i++) {
		free(b->seen[i].hash);
		free(b->seen[i].cause);
	}
	free(b->seen);
	free(b);
}

void
hub_batch_done(struct hub *hub, struct hub_batch *b)
{
	struct store_put_msg	*pm = b->msgs;
	struct hub_op		*op;

	hub->inflight = NULL;
	if (b->rc != 0) {
		log_error("batch of %zu messages, %zu receipts, %zu audit rows "
		    "failed: %s", b->nmsgs, b->nrcpts, b->naudit, b->cause);
		if (b->audit_rc != 0)
			log_error("audit: %zu rows lost: %s", b->naudit,
			    b->audit_cause);
	}
	for (size_t i = 0; i < b->nseen; i++)
		hub_seen_log(&b->seen[i]);
	for (size_t i = 0; i < b->nops; i++) {
		op = &b->ops[i];
		hub_answer(op, op->is_send ? pm : NULL, b->rc != 0);
		if (op->is_send)
			pm++;
	}
	if (b->rc == 0) {
		pm = b->msgs;
		for (size_t i = 0; i < b->nops; i++) {
			if (b->ops[i].is_send && !pm->duplicate &&
			    !pm->unknown)
				hub_route_message(hub, &b->ops[i], pm);
			if (b->ops[i].is_send)
				pm++;
		}
		for (size_t i = 0; i < b->nfresh; i++)
			hub_route_receipt(hub, b, &b->fresh[i]);
	}
	/* What waited for the answers comes after them and their events. */
	for (size_t i = 0; i < b->nops; i++) {
		if ((op = &b->ops[i])->session != NULL &&
		    op->session->pending == 0)
			hub_release(op->session);
	}
	hub_batch_free(b);
	hub_bye(hub);
}

void
hub_set_wait(struct hub *hub, void (*wait)(void *), void *arg)
{
	hub->wait = wait;
	hub->wait_arg = arg;
	/*
	 * The transport's connections write and checkpoint; this one reads
	 * while the loop serves, and what hub_flush() stores at the end
	 * leaves the log to them, or to the close.
	 */
	if (wait != NULL)
		store_wal_defer(hub->store);
}

void
hub_set_kick(struct hub *hub, void (*kick)(void *), void *arg)
{
	hub->kick = kick;
	hub->kick_arg = arg;
}

void
hub_flush(struct hub *hub, int64_t now)
{
	struct hub_batch	*b;

	/* What is being stored elsewhere goes first, answers and all. */
	if (hub->inflight != NULL)
		hub->wait(hub->wait_arg);
	if ((b = hub_batch_take(hub, now)) == NULL)
		return;
	hub_batch_store(b, hub->store);
	hub_batch_done(hub, b);
}
