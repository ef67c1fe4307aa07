#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

struct hub *
hub_create(struct store *store, const struct hub_config *config)
{
	struct hub	*hub;

	hub = xcalloc(1, sizeof *hub);
	hub->store = store;
	hub->config = *config;
	if (hub->config.batch_max == 0)
		hub->config.batch_max = HUB_BATCH_MAX;
	hub->server = xstrdup(config->server);
	hub->config.server = hub->server;
	TAILQ_INIT(&hub->sessions);
	TAILQ_INIT(&hub->guard_order);
	/* Changes from before the start concern no session. */
	hub->changes_seen = -1;
	TAILQ_INIT(&hub->dirty);
	hub_tick(hub, 0);
	return hub;
}

static void
hub_session_free(struct hub_session *s)
{
	struct hub_out	*out;

	while ((out = TAILQ_FIRST(&s->outq)) != NULL) {
		TAILQ_REMOVE(&s->outq, out, entry);
		free(out->line);
		free(out);
	}
	proto_request_free(&s->held);
	TAILQ_REMOVE(&s->hub->sessions, s, entry);
	s->hub->nsessions--;
	free(s);
}

void
hub_free(struct hub *hub)
{
	struct hub_session	*s;

	hub->shutting_down = true;
	while ((s = TAILQ_FIRST(&hub->sessions)) != NULL) {
		if (s->user != NULL) {
			hub_audit_logout(s, hub->now, "server stopped");
			hub_presence_detach(s);
		}
		hub_batch_forget(hub, s);
		hub_login_forget(s);
		hub_session_free(s);
	}
	/* Unanswered requests are dropped; the audit rows are kept. */
	for (size_t i = 0; i < hub->nops; i++) {
		free(hub->ops[i].body);
		free(hub->ops[i].mids);
	}
	free(hub->ops);
	hub->ops = NULL;
	hub->nops = hub->opscap = 0;
	hub_flush(hub, hub->now);
	free(hub->audit);
	free(hub->bye);
	hub_guards_free(hub);
	hub_users_free(hub);
	free(hub->dummy_hash);
	free(hub->server);
	free(hub);
}

size_t
hub_sessions(struct hub *hub)
{
	return hub->nsessions;
}

bool
hub_session_logged_in(const struct hub_session *s)
{
	return s->user != NULL;
}

bool
hub_session_busy(const struct hub_session *s)
{
	return s->pending > 0;
}

bool
hub_pending(struct hub *hub)
{
	return hub->nops > 0 || hub->naudit > 0 || hub->nseen > 0;
}

struct hub_session *
hub_session_open(struct hub *hub, const struct hub_ops *ops, void *arg)
{
	struct hub_session	*s;

	s = xcalloc(1, sizeof *s);
	s->hub = hub;
	s->ops = ops;
	s->arg = arg;
	s->state = HUB_GREETING;
	bucket_init(&s->sends, hub->config.guard.send_rate * 1000,
	    hub->config.guard.send_burst);
	TAILQ_INIT(&s->outq);
	TAILQ_INSERT_TAIL(&hub->sessions, s, entry);
	hub->nsessions++;
	return s;
}

void
hub_session_set_peer(struct hub_session *s, const char *peer)
{
	snprintf(s->peer, sizeof s->peer, "%s", peer);
	hub_guard_host(peer, s->host, sizeof s->host);
}

void
hub_session_close_at(struct hub_session *s, int64_t now)
{
	struct hub	*hub = s->hub;

	hub_time(hub, now);
	if (s->user != NULL) {
		hub_audit_logout(s, now, "connection closed");
		hub_presence_detach(s);
	}
	hub_batch_forget(hub, s);
	hub_login_forget(s);
	hub_session_free(s);
}

void
hub_session_close(struct hub_session *s)
{
	hub_session_close_at(s, s->hub->now);
}

/* Write the replies at the head of the queue that are ready. */
static void
hub_drain(struct hub_session *s)
{
	struct hub_out	*out;

	while ((out = TAILQ_FIRST(&s->outq)) != NULL && out->line != NULL) {
		TAILQ_REMOVE(&s->outq, out, entry);
		s->ops->write(s->arg, out->line, out->len);
		free(out->line);
		free(out);
	}
}

/* A reply to the current request; takes line. */
void
hub_emit(struct hub_session *s, char *line, size_t len)
{
	struct hub_out	*out;

	if (TAILQ_EMPTY(&s->outq)) {
		s->ops->write(s->arg, line, len);
		free(line);
		return;
	}
	out = xcalloc(1, sizeof *out);
	out->line = line;
	out->len = len;
	TAILQ_INSERT_TAIL(&s->outq, out, entry);
}

/* A place in the reply order for an answer that comes with the batch. */
struct hub_out *
hub_reserve(struct hub_session *s)
{
	struct hub_out	*out;

	out = xcalloc(1, sizeof *out);
	TAILQ_INSERT_TAIL(&s->outq, out, entry);
	return out;
}

void
hub_fill(struct hub_session *s, struct hub_out *out, char *line, size_t len)
{
	out->line = line;
	out->len = len;
	hub_drain(s);
}

/* Events may go out between replies, so they skip the queue. */
void
hub_event(struct hub_session *s, const char *line, size_t len)
{
	if (s->state == HUB_LOGGED_IN)
		s->ops->write(s->arg, line, len);
}

/* The error line, with "retry_after_ms" when wait_ms >= 0. */
static void
hub_verror(struct hub_session *s, int code, const char *cmd, const char *tag,
    int64_t wait_ms, const char *fmt, va_list ap)
{
	char	*msg, *line;
	size_t	 len;

	msg = xvasprintf(fmt, ap);
	line = proto_encode_wait(code, msg, cmd, tag, wait_ms, &len);
	free(msg);
	hub_emit(s, line, len);
}

void
hub_error(struct hub_session *s, int code, const char *cmd, const char *tag,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	hub_verror(s, code, cmd, tag, -1, fmt, ap);
	va_end(ap);
}

void
hub_error_wait(struct hub_session *s, int code, const char *cmd,
    const char *tag, int64_t wait_ms, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	hub_verror(s, code, cmd, tag, wait_ms, fmt, ap);
	va_end(ap);
}

/* The hub closes the session: no more input, the transport closes. */
void
hub_end(struct hub_session *s, int64_t now, const char *how)
{
	if (s->state == HUB_CLOSED)
		return;
	if (s->user != NULL) {
		hub_audit_logout(s, now, how);
		hub_presence_detach(s);
	}
	s->state = HUB_CLOSED;
	s->ops->close(s->arg);
}

/* The rest of a line too long is unframed: the session ends. */
static void
hub_too_long(struct hub_session *s, int64_t now)
{
	hub_error(s, PROTO_E_TOO_LONG, "", "", "line too long: limit %zu bytes",
	    s->hub->config.limits.line_max);
	hub_end(s, now, "line too long");
}

bool
hub_hold(struct hub_session *s, struct proto_request *req, int64_t now)
{
	struct hub	*hub = s->hub;

	if (s->pending == 0)
		return false;
	if (hub->wait == NULL) {
		hub_flush(hub, now);
		return false;
	}
	/*
	 * A commit, its fsync and a checkpoint on the loop would hold every
	 * other session up: the request waits for the commit thread instead.
	 */
	s->hold = req != NULL ? HUB_HOLD_REQUEST : HUB_HOLD_TOO_LONG;
	if (req != NULL) {
		s->held = *req;
		memset(req, 0, sizeof *req);	/* s->held owns it now */
	}
	s->held_at = now;
	/* Last: the batch may be done, and the request answered, in here. */
	if (hub->kick != NULL)
		hub->kick(hub->kick_arg);
	else if (hub->inflight != NULL)
		hub->wait(hub->wait_arg);
	return true;
}

void
hub_release(struct hub_session *s)
{
	struct proto_request	req = s->held;
	enum hub_hold		hold = s->hold;

	if (hold == HUB_HOLD_NONE)
		return;
	s->hold = HUB_HOLD_NONE;
	memset(&s->held, 0, sizeof s->held);
	if (hold == HUB_HOLD_REQUEST) {
		hub_dispatch(s, &req, s->held_at);
		proto_request_free(&req);
	} else
		hub_too_long(s, s->held_at);
	if (s->ops->resume != NULL)
		s->ops->resume(s->arg);
}

/* PROTOCOL.md section 3: which commands each state accepts. */
static int
hub_check_state(struct hub_session *s, bool known, enum proto_cmd cmd,
    const char **why)
{
	if (known && cmd == PROTO_CMD_PING)
		return 0;
	switch (s->state) {
	case HUB_GREETING:
		if (known && cmd == PROTO_CMD_HELLO)
			return 0;
		*why = "say hello first";
		return PROTO_E_STATE;
	case HUB_HELLO:
		if (known && cmd == PROTO_CMD_LOGIN)
			return 0;
		if (known && cmd == PROTO_CMD_HELLO) {
			*why = "hello was already said";
			return PROTO_E_STATE;
		}
		*why = "log in first";
		return PROTO_E_LOGIN_REQUIRED;
	case HUB_LOGGED_IN:
		if (!known)
			return 0;	/* the 405 is next */
		if (cmd == PROTO_CMD_HELLO) {
			*why = "hello was already said";
			return PROTO_E_STATE;
		}
		if (cmd == PROTO_CMD_LOGIN) {
			*why = "already logged in";
			return PROTO_E_STATE;
		}
		return 0;
	case HUB_CLOSED:
		break;
	}
	*why = "the session is closed";
	return PROTO_E_STATE;
}

void
hub_session_input(struct hub_session *s, const char *line, size_t len,
    int64_t now)
{
	struct hub		*hub = s->hub;
	struct proto_request	 req;
	struct proto_err	 err;
	const char		*why;
	int			 code;

	if (s->state == HUB_CLOSED)
		return;
	hub_time(hub, now);
	if (hub_session_paused(s)) {
		/* The transport should have held this back. */
		hub_error(s, PROTO_E_STATE, "", "", "%s", s->login != NULL ?
		    "a login is being checked" : "a batch is being stored");
		return;
	}
	/* The 413 comes after what is pending. */
	if (len + 1 > hub->config.limits.line_max) {
		if (!hub_hold(s, NULL, now))
			hub_too_long(s, now);
		return;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	/*
	 * What is wrong first (docs/PROTOCOL.md 6): a line that is not a
	 * JSON object (400); the session's state (409, 401); an unknown
	 * command (405); its members (422, 413).
	 */
	if (proto_decode_request(line, len, &hub->config.limits, &req,
	    &err) != 0) {
		if (err.code != PROTO_E_MALFORMED && (code = hub_check_state(s,
		    err.has_cmd, err.cmd_kind, &why)) != 0)
			hub_error(s, code, err.cmd, err.tag, "%s", why);
		else
			hub_error(s, err.code, err.cmd, err.tag, "%s",
			    err.message);
		return;
	}
	if ((code = hub_check_state(s, true, req.cmd, &why)) != 0) {
		hub_error(s, code, proto_cmd_name(req.cmd), req.tag, "%s", why);
		proto_request_free(&req);
		return;
	}
	if (!hub_rate_refused(s, &req, now))
		hub_dispatch(s, &req, now);
	proto_request_free(&req);
}

/*
 * Every session hears of what was sent before the shutdown, then bye.  A
 * commit thread stores it while the sessions take no more input
 * (hub_session_paused), and the batch that leaves nothing to store says
 * bye (hub_batch_done).
 */
void
hub_shutdown(struct hub *hub, const char *reason, int64_t now)
{
	free(hub->bye);
	hub->bye = xstrdup(reason);
	hub->bye_at = now;
	if (hub->wait == NULL)
		hub_flush(hub, now);
	hub_bye(hub);
}

void
hub_bye(struct hub *hub)
{
	struct hub_session	*s;
	char			*line;
	size_t			 len;

	if (hub->bye == NULL || hub->nops > 0 || hub->inflight != NULL)
		return;
	hub->shutting_down = true;
	line = proto_encode_bye(hub->bye, &len);
	TAILQ_FOREACH(s, &hub->sessions, entry) {
		if (s->state == HUB_CLOSED)
			continue;
		s->ops->write(s->arg, line, len);
		hub_end(s, hub->bye_at, "server shutting down");
	}
	free(line);
	log_info("shutdown sessions=%zu reason=\"%s\"", hub->nsessions,
	    hub->bye);
	free(hub->bye);
	hub->bye = NULL;
}
