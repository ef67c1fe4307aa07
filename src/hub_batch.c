#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hub.h"
#include "src/hub_int.h"
#include "src/log.h"
#include "src/xmalloc.h"

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

static void
hub_op_added(struct hub_session *s, int64_t now)
{
	if (s->hub->nops >= s->hub->config.batch_max)
		hub_flush(s->hub, now);
}

void
hub_queue_send(struct hub_session *s, struct proto_request *req, int64_t now)
{
	struct hub_op	*op = hub_op_new(s, req);

	op->is_send = true;
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

/* The session has gone: its ops still commit, but nobody hears of it. */
void
hub_batch_forget(struct hub *hub, struct hub_session *s)
{
	for (size_t i = 0; i < hub->nops; i++) {
		if (hub->ops[i].session == s)
			hub->ops[i].session = NULL;
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

static void
hub_route_receipt(struct hub *hub, const struct store_new_receipt *nr)
{
	struct hub_user		*sender;
	struct hub_session	*s;
	char			*line;
	size_t			 len;

	if ((sender = hub_user_find(hub, nr->sender)) == NULL ||
	    sender->nsessions == 0)
		return;
	line = proto_encode_receipt(&nr->r, &len);
	TAILQ_FOREACH(s, &sender->sessions, user_entry)
		hub_event(s, line, len);
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
	else if (op->is_send)
		line = proto_encode_ack(op->tag, op->cid, pm->mid, pm->ts,
		    pm->duplicate, &len);
	else
		line = proto_encode_ok("receipt", op->tag, &len);
	hub_fill(op->session, op->out, line, len);
}

void
hub_flush(struct hub *hub, int64_t now)
{
	struct store_put_msg		*msgs;
	struct store_put_receipt	*rcpts;
	struct store_new_receipt	*fresh = NULL;
	size_t				 nmsgs = 0, nrcpts = 0, nfresh = 0;
	size_t				 nops = hub->nops;
	struct hub_op			*ops = hub->ops, *op;
	char				*cause;
	int				 rc;

	hub_time(hub, now);
	if (nops == 0) {
		hub_audit_commit(hub);
		return;
	}
	/* Take the batch, so that answering can start the next one. */
	hub->ops = NULL;
	hub->nops = hub->opscap = 0;
	for (size_t i = 0; i < nops; i++)
		nrcpts += ops[i].nmids;
	msgs = xcalloc(nops, sizeof *msgs);
	rcpts = xcalloc(nrcpts + 1, sizeof *rcpts);
	nrcpts = 0;
	for (size_t i = 0; i < nops; i++) {
		op = &ops[i];
		if (op->is_send) {
			msgs[nmsgs++] = (struct store_put_msg){
				.from = op->from->name, .to = op->to,
				.body = op->body, .body_len = op->body_len,
				.priority = op->priority, .cid = op->cid,
				.addr = op->addr, .ts = now,
			};
			continue;
		}
		for (size_t j = 0; j < op->nmids; j++) {
			rcpts[nrcpts++] = (struct store_put_receipt){
				.mid = op->mids[j], .user = op->from->name,
				.state = op->state, .addr = op->addr,
				.ts = now,
			};
		}
	}
	rc = store_put_batch(hub->store, msgs, nmsgs, rcpts, nrcpts,
	    hub->audit, hub->naudit, &fresh, &nfresh, &cause);
	if (rc != 0) {
		log_error("batch of %zu messages, %zu receipts, %zu audit rows "
		    "failed: %s", nmsgs, nrcpts, hub->naudit, cause);
		free(cause);
		/* Logins and lockouts happened all the same. */
		hub_audit_commit(hub);
	}
	hub->naudit = 0;
	nmsgs = 0;
	for (size_t i = 0; i < nops; i++) {
		op = &ops[i];
		hub_answer(op, op->is_send ? &msgs[nmsgs] : NULL, rc != 0);
		if (op->is_send)
			nmsgs++;
	}
	if (rc == 0) {
		nmsgs = 0;
		for (size_t i = 0; i < nops; i++) {
			if (ops[i].is_send && !msgs[nmsgs++].duplicate)
				hub_route_message(hub, &ops[i],
				    &msgs[nmsgs - 1]);
		}
		for (size_t i = 0; i < nfresh; i++)
			hub_route_receipt(hub, &fresh[i]);
	}
	for (size_t i = 0; i < nops; i++) {
		free(ops[i].body);
		free(ops[i].mids);
	}
	free(ops);
	free(msgs);
	free(rcpts);
	free(fresh);
}
