#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

static void
hub_cmd_hello(struct hub_session *s, struct proto_request *req)
{
	char	*line;
	size_t	 len;

	if (req->hello.version != PROTO_VERSION) {
		hub_error(s, PROTO_E_VERSION, "hello", req->tag, "protocol "
		    "version %u is not supported; this server speaks %d",
		    req->hello.version, PROTO_VERSION);
		return;
	}
	s->state = HUB_HELLO;
	line = proto_encode_hello(req->tag, s->hub->server,
	    &s->hub->config.limits, &len);
	hub_emit(s, line, len);
}

static void
hub_cmd_who(struct hub_session *s, struct proto_request *req)
{
	struct store_user	*list;
	struct proto_user	*users;
	size_t			 n, len;
	char			*line, *cause;

	if (store_user_list(s->hub->store, &list, &n, &cause) != 0) {
		log_error("who: %s", cause);
		free(cause);
		hub_error(s, PROTO_E_INTERNAL, "who", req->tag,
		    "the server could not read its accounts; retry");
		return;
	}
	users = xcalloc(n + 1, sizeof *users);
	for (size_t i = 0; i < n; i++) {
		hub_user_update(s->hub, &list[i]);
		memcpy(users[i].user, list[i].name, sizeof users[i].user);
		memcpy(users[i].display, list[i].display,
		    sizeof users[i].display);
		memcpy(users[i].role, list[i].role, sizeof users[i].role);
		users[i].presence = hub_presence_of(s->hub, list[i].name);
	}
	line = proto_encode_who(req->tag, users, n, &len);
	hub_emit(s, line, len);
	free(users);
	free(list);
}

/* Whether peer names a conversation: "*" or an account. */
static bool
hub_peer_known(struct hub_session *s, struct proto_request *req,
    const char *peer)
{
	if (strcmp(peer, PROTO_BROADCAST) == 0 ||
	    hub_user_find(s->hub, peer) != NULL)
		return true;
	hub_error(s, PROTO_E_NO_SUCH_USER, proto_cmd_name(req->cmd), req->tag,
	    "no such user: %s", peer);
	return false;
}

/*
 * Whether the message, as the event every recipient gets and alone on a
 * history or sync page, stays within the line limit: escaping can make it
 * longer than the request it came in.  Only a body that could reach the
 * limit is encoded to find out.
 */
static bool
hub_send_fits(struct hub_session *s, const struct proto_request *req)
{
	struct proto_message	 m;
	size_t			 len, max = s->hub->config.limits.line_max;

	if (req->send.body_len * 6 + HUB_EVENT_OVERHEAD + HUB_PAGE_OVERHEAD <=
	    max)
		return true;
	memset(&m, 0, sizeof m);
	m.mid = m.ts = INT64_MAX;
	memcpy(m.from, s->user->name, sizeof m.from);
	memcpy(m.to, req->send.to, sizeof m.to);
	m.body = req->send.body;
	m.body_len = req->send.body_len;
	m.priority = PROTO_PRIO_URGENT;
	memcpy(m.cid, req->send.cid, sizeof m.cid);
	free(proto_encode_message(&m, &len));
	return len + HUB_PAGE_OVERHEAD <= max;
}

static void
hub_cmd_history(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	struct proto_message	*msgs;
	struct proto_page	 page;
	size_t			 n, len;
	bool			 more;
	char			*line, *cause;

	if (!hub_peer_known(s, req, req->history.with))
		return;
	/* Read what this session wrote: its pending sends go first. */
	if (hub_hold(s, req, now))
		return;
	if (store_history(s->hub->store, s->user->name, req->history.with,
	    req->history.before, req->history.limit, &msgs, &n, &more,
	    &cause) != 0) {
		log_error("history: %s", cause);
		free(cause);
		hub_error(s, PROTO_E_INTERNAL, "history", req->tag,
		    "the server could not read messages; retry");
		return;
	}
	page = (struct proto_page){ .msgs = msgs, .n = n, .more = more };
	line = proto_encode_history(req->tag, req->history.with, &page,
	    s->hub->config.limits.line_max, &len);
	store_messages_free(msgs, n);
	hub_emit(s, line, len);
}

static void
hub_cmd_sync(struct hub_session *s, struct proto_request *req, int64_t now)
{
	struct store_sync_page	 p;
	struct proto_page	 page;
	size_t			 len;
	char			*line, *cause;

	if (hub_hold(s, req, now))
		return;
	if (store_sync(s->hub->store, s->user->name, req->sync.undelivered,
	    req->sync.after, req->sync.receipts_after, req->sync.limit, &p,
	    &cause) != 0) {
		log_error("sync: %s", cause);
		free(cause);
		hub_error(s, PROTO_E_INTERNAL, "sync", req->tag,
		    "the server could not read messages; retry");
		return;
	}
	page = (struct proto_page){ .msgs = p.msgs, .n = p.n,
	    .receipts = p.receipts, .nreceipts = p.nreceipts,
	    .after = req->sync.after, .receipts_after = req->sync.receipts_after,
	    .last = p.last, .last_receipt = p.last_receipt, .more = p.more };
	line = proto_encode_sync(req->tag, &page,
	    s->hub->config.limits.line_max, &len);
	store_sync_free(&p);
	hub_emit(s, line, len);
}

/* Who has had and read one of the user's messages: a broadcast's too. */
static void
hub_cmd_receipts(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	struct store_sync_page	 p;
	struct proto_page	 page;
	size_t			 len;
	char			*line, *cause;
	int			 rc;

	if (hub_hold(s, req, now))
		return;
	if ((rc = store_receipts_of(s->hub->store, s->user->name,
	    req->receipts.mid, req->receipts.after, req->receipts.limit, &p,
	    &cause)) == -1) {
		log_error("receipts: %s", cause);
		free(cause);
		hub_error(s, PROTO_E_INTERNAL, "receipts", req->tag,
		    "the server could not read receipts; retry");
		return;
	}
	if (rc == 0) {
		hub_error(s, PROTO_E_NO_SUCH_USER, "receipts", req->tag,
		    "no message %lld of yours", (long long)req->receipts.mid);
		return;
	}
	page = (struct proto_page){ .receipts = p.receipts,
	    .nreceipts = p.nreceipts, .receipts_after = req->receipts.after,
	    .last_receipt = p.last_receipt, .more = p.more };
	line = proto_encode_receipts(req->tag, req->receipts.mid, &page,
	    s->hub->config.limits.line_max, &len);
	store_sync_free(&p);
	hub_emit(s, line, len);
}

/* What the user's sessions have left unread: a new session's counts. */
static void
hub_cmd_unread(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	struct proto_unread	*convs;
	size_t			 n, len;
	int64_t			 last;
	char			*line, *cause;

	if (hub_hold(s, req, now))
		return;
	if (store_unread(s->hub->store, s->user->name, HUB_UNREAD_MAX, &convs,
	    &n, &last, &cause) != 0) {
		log_error("unread: %s", cause);
		free(cause);
		hub_error(s, PROTO_E_INTERNAL, "unread", req->tag,
		    "the server could not count messages; retry");
		return;
	}
	line = proto_encode_unread(req->tag, convs, n, last,
	    s->hub->config.limits.line_max, &len);
	free(convs);
	hub_emit(s, line, len);
}

static void
hub_cmd_logout(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	size_t	 len;
	char	*line;

	/* The session ends after its acks. */
	if (hub_hold(s, req, now))
		return;
	line = proto_encode_ok("logout", req->tag, &len);
	hub_emit(s, line, len);
	hub_end(s, now, "logout");
}

bool
hub_rate_refused(struct hub_session *s, const struct proto_request *req,
    int64_t now)
{
	enum hub_rate	kind;
	unsigned	per_s, burst;
	int64_t		wait;

	switch (req->cmd) {
	case PROTO_CMD_PRESENCE:
		kind = HUB_RATE_PRESENCE;
		break;
	case PROTO_CMD_RECEIPT:
		kind = HUB_RATE_RECEIPT;
		break;
	case PROTO_CMD_HISTORY:
	case PROTO_CMD_SYNC:
	case PROTO_CMD_RECEIPTS:
	case PROTO_CMD_UNREAD:
		kind = HUB_RATE_READ;
		break;
	case PROTO_CMD_WHO:
		kind = HUB_RATE_WHO;
		break;
	default:
		return false;
	}
	if (s->user == NULL || (wait = hub_guard_rate(s, kind, now)) == 0)
		return false;
	hub_guard_rate_of(kind, &per_s, &burst);
	hub_error_wait(s, PROTO_E_RATE, proto_cmd_name(req->cmd), req->tag,
	    wait, "too many requests: an account may make %u of these a "
	    "second, %u at once", per_s, burst);
	return true;
}

void
hub_dispatch(struct hub_session *s, struct proto_request *req, int64_t now)
{
	size_t	 len;
	char	*line;

	switch (req->cmd) {
	case PROTO_CMD_HELLO:
		hub_cmd_hello(s, req);
		break;
	case PROTO_CMD_LOGIN:
		hub_login_start(s, req, now);
		break;
	case PROTO_CMD_LOGOUT:
		hub_cmd_logout(s, req, now);
		break;
	case PROTO_CMD_WHO:
		hub_cmd_who(s, req);
		break;
	case PROTO_CMD_PRESENCE:
		line = proto_encode_ok("presence", req->tag, &len);
		hub_emit(s, line, len);
		hub_presence_set(s->user, req->presence.status);
		break;
	case PROTO_CMD_SEND:
		/* Before anything is looked up: a flood costs little. */
		if (!hub_guard_send(s, now)) {
			hub_error_wait(s, PROTO_E_RATE, "send", req->tag,
			    (int64_t)bucket_wait_ms(&s->sends, (uint64_t)now),
			    "too many messages: at most %u a second, %u at "
			    "once; nothing was stored",
			    s->hub->config.guard.send_rate,
			    s->hub->config.guard.send_burst);
			break;
		}
		if (strcmp(req->send.to, PROTO_BROADCAST) != 0 &&
		    !hub_peer_known(s, req, req->send.to))
			break;
		if (!hub_send_fits(s, req)) {
			hub_error(s, PROTO_E_TOO_LONG, "send", req->tag,
			    "the message would not fit in a line of %zu bytes; "
			    "nothing was stored",
			    s->hub->config.limits.line_max);
			break;
		}
		hub_queue_send(s, req, now);
		break;
	case PROTO_CMD_RECEIPT:
		hub_queue_receipt(s, req, now);
		break;
	case PROTO_CMD_HISTORY:
		hub_cmd_history(s, req, now);
		break;
	case PROTO_CMD_SYNC:
		hub_cmd_sync(s, req, now);
		break;
	case PROTO_CMD_RECEIPTS:
		hub_cmd_receipts(s, req, now);
		break;
	case PROTO_CMD_UNREAD:
		hub_cmd_unread(s, req, now);
		break;
	case PROTO_CMD_PING:
		line = proto_encode_pong(req->tag, &len);
		hub_emit(s, line, len);
		break;
	}
}
