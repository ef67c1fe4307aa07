#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/client_int.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"

static bool
client_for_me(struct client *cl, const struct proto_message *m)
{
	return strcmp(m->from, cl->user) != 0;
}

/* Hand a message to the caller once, and acknowledge its delivery. */
static void
client_deliver(struct client *cl, const struct proto_message *m)
{
	if (!client_seen_add(&cl->seen_mids, m->mid))
		return;
	if (client_for_me(cl, m))
		client_mids_add(&cl->delivered, m->mid);
	if (cl->cb.message != NULL)
		cl->cb.message(cl->cb.arg, m);
}

static void
client_deliver_receipt(struct client *cl, const struct proto_receipt *r)
{
	if (!client_seen_add(&cl->seen_rids, r->rid))
		return;
	if (cl->cb.receipt != NULL)
		cl->cb.receipt(cl->cb.arg, r);
}

static struct client_out *
client_outbox_find(struct client *cl, const char *cid)
{
	struct client_out	*o;

	TAILQ_FOREACH(o, &cl->outbox, entry) {
		if (strcmp(o->cid, cid) == 0)
			return o;
	}
	return NULL;
}

static void
client_outbox_remove(struct client *cl, struct client_out *o)
{
	TAILQ_REMOVE(&cl->outbox, o, entry);
	cl->npending--;
	free(o->body);
	free(o);
}

static void
client_on_sync(struct client *cl, const struct proto_smsg *m)
{
	for (size_t i = 0; i < m->sync.n; i++)
		client_deliver(cl, &m->sync.msgs[i]);
	for (size_t i = 0; i < m->sync.nreceipts; i++)
		client_deliver_receipt(cl, &m->sync.receipts[i]);
	/*
	 * A cursor page covers everything up to "last"; a page of
	 * undelivered messages only says where the next page starts.
	 */
	if (m->sync.last > cl->after) {
		if (cl->has_cursor && m->sync.last > cl->seen_mids.floor)
			cl->seen_mids.floor = m->sync.last;
		cl->after = m->sync.last;
		cl->has_cursor = true;
	}
	if (m->sync.last_receipt > cl->receipts_after) {
		cl->receipts_after = m->sync.last_receipt;
		cl->seen_rids.floor = m->sync.last_receipt;
	}
	if (!m->sync.more) {
		cl->syncing = false;
		return;
	}
	client_sync_next(cl);
}

static void
client_on_error(struct client *cl, const struct client_req *req,
    const struct proto_smsg *m)
{
	struct client_out	*o;
	struct timeval		 tv = { 1, 0 };
	const char		*cmd = proto_cmd_name(req->cmd);
	const char		*cid = NULL;
	int			 code = m->error.code;

	switch (req->cmd) {
	case PROTO_CMD_HELLO:
	case PROTO_CMD_LOGIN:
		if (code == PROTO_E_BAD_CREDENTIALS ||
		    code == PROTO_E_LOCKED || code == PROTO_E_VERSION ||
		    code == PROTO_E_INVALID) {
			cl->refusal = code;
			client_drop(cl, m->error.message, false);
		} else
			client_drop(cl, m->error.message, true);
		return;
	case PROTO_CMD_SEND:
		if ((o = client_outbox_find(cl, req->cid)) == NULL)
			return;
		/* The server stored nothing; retry what may succeed later. */
		if (code == PROTO_E_INTERNAL || code == PROTO_E_RATE ||
		    code == PROTO_E_UNAVAILABLE) {
			o->inflight = false;
			event_add(cl->retry, &tv);
			return;
		}
		cid = o->cid;
		if (cl->cb.error != NULL)
			cl->cb.error(cl->cb.arg, code, m->error.message, cmd,
			    cid);
		client_outbox_remove(cl, o);
		return;
	case PROTO_CMD_SYNC:
		/*
		 * Refused for now (a busy store, the account's limit): a
		 * backlog must not stay behind, so ask again in a second,
		 * still syncing, so that live events do not move the cursor
		 * past what the pages have yet to bring.
		 */
		if (code == PROTO_E_RATE || code == PROTO_E_INTERNAL) {
			cl->resync = true;
			event_add(cl->retry, &tv);
			return;
		}
		cl->syncing = false;
		break;
	case PROTO_CMD_RECEIPT:
		/* The same for receipts: they are sent again, not dropped. */
		if (code == PROTO_E_RATE || code == PROTO_E_INTERNAL) {
			for (size_t i = 0; i < req->n; i++)
				client_mids_add(req->state ==
				    PROTO_STATE_READ ? &cl->read :
				    &cl->delivered, req->mids[i]);
			event_add(cl->retry, &tv);
			return;
		}
		break;
	default:
		break;
	}
	if (cl->cb.error != NULL)
		cl->cb.error(cl->cb.arg, code, m->error.message, cmd, NULL);
}

static void
client_on_ack(struct client *cl, const struct proto_smsg *m)
{
	struct client_out	*o;

	if ((o = client_outbox_find(cl, m->ack.cid)) == NULL)
		return;
	client_outbox_remove(cl, o);
	if (cl->cb.ack != NULL)
		cl->cb.ack(cl->cb.arg, m->ack.cid, m->ack.mid, m->ack.ts);
}

static void
client_on_reply(struct client *cl, const struct proto_smsg *m)
{
	struct client_req	*req = TAILQ_FIRST(&cl->reqs);

	if (req == NULL || (m->tag[0] != '\0' && strcmp(m->tag, req->tag) != 0)) {
		client_drop(cl, "reply to no request", true);
		return;
	}
	TAILQ_REMOVE(&cl->reqs, req, entry);
	switch (m->kind) {
	case PROTO_S_ERROR:
		client_on_error(cl, req, m);
		break;
	case PROTO_S_HELLO:
		cl->limits.line_max = m->hello.line_max;
		cl->limits.body_max = m->hello.body_max;
		break;
	case PROTO_S_LOGIN:
		cl->attempt = 0;
		client_set_state(cl, CLIENT_LOGGED_IN, NULL, 0);
		if (cl->state == CLIENT_LOGGED_IN)
			client_on_login(cl, m->login.presence);
		break;
	case PROTO_S_ACK:
		client_on_ack(cl, m);
		break;
	case PROTO_S_SYNC:
		client_on_sync(cl, m);
		break;
	case PROTO_S_WHO:
		if (cl->cb.who != NULL)
			cl->cb.who(cl->cb.arg, m->who.users, m->who.n);
		break;
	case PROTO_S_UNREAD:
		if (cl->cb.unread != NULL)
			cl->cb.unread(cl->cb.arg, m->unread.convs, m->unread.n,
			    m->unread.last);
		break;
	case PROTO_S_HISTORY:
		if (cl->cb.history != NULL)
			cl->cb.history(cl->cb.arg, m->history.with,
			    m->history.msgs, m->history.n, m->history.more);
		break;
	default:
		break;
	}
	free(req->mids);
	free(req);
}

void
client_recv(struct client *cl, const char *line, size_t len)
{
	struct proto_smsg	m;
	struct proto_err	err;

	if (proto_decode_server(line, len, &cl->limits, &m, &err) == -1) {
		/* A newer server's events are not ours to understand. */
		if (err.code == PROTO_E_UNKNOWN_COMMAND &&
		    strncmp(err.message, "unknown event", 13) == 0) {
			log_debug("ignored: %s", err.message);
			return;
		}
		log_warn("bad line from the server: %s", err.message);
		client_drop(cl, "protocol error", true);
		return;
	}
	switch (m.kind) {
	case PROTO_S_MESSAGE:
		client_deliver(cl, &m.message);
		if (!cl->syncing && m.message.mid > cl->after && cl->has_cursor)
			cl->after = m.message.mid;
		break;
	case PROTO_S_RECEIPT:
		client_deliver_receipt(cl, &m.receipt);
		if (!cl->syncing && m.receipt.rid > cl->receipts_after)
			cl->receipts_after = m.receipt.rid;
		break;
	case PROTO_S_PRESENCE:
		/* What the user chose in another of their sessions counts. */
		if (strcmp(m.presence.user, cl->user) == 0 &&
		    m.presence.presence != PROTO_PRESENCE_OFFLINE) {
			cl->chose = true;
			cl->chosen = m.presence.presence;
		}
		if (cl->cb.presence != NULL)
			cl->cb.presence(cl->cb.arg, m.presence.user,
			    m.presence.presence);
		break;
	case PROTO_S_USER:
		if (cl->cb.account != NULL)
			cl->cb.account(cl->cb.arg, &m.account.user,
			    m.account.deleted);
		break;
	case PROTO_S_BYE:
		client_drop(cl, m.bye.reason[0] != '\0' ? m.bye.reason :
		    "the server said goodbye", true);
		break;
	default:
		client_on_reply(cl, &m);
		break;
	}
	proto_smsg_free(&m);
}
