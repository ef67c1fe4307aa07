#include "config.h"

#include <sys/random.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/dns.h>

#include "net/client_int.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"

struct client *
client_new(struct event_base *base, const struct client_config *cfg,
    const struct client_cb *cb)
{
	struct client	*cl = xcalloc(1, sizeof *cl);
	unsigned char	 rnd[8];

	cl->base = base;
	cl->cb = *cb;
	cl->host = xstrdup(cfg->host);
	cl->port = cfg->port;
	cl->user = xstrdup(cfg->user);
	cl->password = xstrdup(cfg->password);
	cl->software = cfg->software != NULL ? xstrdup(cfg->software) :
	    xstrdup("hcwed/" PACKAGE_VERSION);
	cl->tls = cfg->tls;
	/*
	 * Names resolve through evdns, not a blocking getaddrinfo() that
	 * would freeze the loop (and the screen) on every reconnect.  Its
	 * own base reads /etc/hosts too, so "localhost" still resolves, and
	 * holds no event on the loop while no lookup runs.
	 */
	if ((cl->dns = cfg->dns) == NULL) {
		cl->dns = evdns_base_new(base,
		    EVDNS_BASE_INITIALIZE_NAMESERVERS |
		    EVDNS_BASE_DISABLE_WHEN_INACTIVE);
		if (cl->dns == NULL)
			log_fatalx("evdns_base_new failed");
		cl->own_dns = true;
	}
	cl->reconnect = cfg->reconnect;
	cl->idle_ms = cfg->ping_idle_ms != 0 ? cfg->ping_idle_ms : 30000;
	cl->dead_ms = cfg->ping_dead_ms != 0 ? cfg->ping_dead_ms : 10000;
	cl->backoff_min = cfg->backoff_min_ms != 0 ? cfg->backoff_min_ms : 250;
	cl->backoff_max = cfg->backoff_max_ms != 0 ? cfg->backoff_max_ms :
	    30000;
	cl->has_cursor = cfg->has_cursor;
	cl->after = cfg->after;
	cl->receipts_after = cfg->receipts_after;
	cl->seen_rids.floor = cfg->receipts_after;
	if (cfg->has_cursor)
		cl->seen_mids.floor = cfg->after;
	proto_limits_default(&cl->limits);
	TAILQ_INIT(&cl->outbox);
	TAILQ_INIT(&cl->reqs);
	cl->state = CLIENT_DISCONNECTED;

	/*
	 * Client ids must not repeat across runs of the same user (the
	 * server would take a new message for a retry), so they start from
	 * random bits rather than a counter alone.
	 */
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		uint64_t	t = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;

		memcpy(rnd, &t, sizeof rnd);
	}
	for (size_t i = 0; i < sizeof rnd; i++) {
		snprintf(cl->cidbase + 2 * i, 3, "%02x", rnd[i]);
		cl->rng = cl->rng << 8 | rnd[i];
	}
	cl->rng |= 1;
	return cl;
}

void
client_start(struct client *cl)
{
	client_connect(cl);
}

static void
client_req_free(struct client_req *req)
{
	free(req->mids);
	free(req);
}

void
client_free(struct client *cl)
{
	struct client_out	*o;
	struct client_req	*req;

	if (cl == NULL)
		return;
	if (cl->bev != NULL)
		bufferevent_free(cl->bev);
	if (cl->keepalive != NULL)
		event_free(cl->keepalive);
	if (cl->retry != NULL)
		event_free(cl->retry);
	/*
	 * Failing the lookups (1) releases a bufferevent freed while it was
	 * still resolving; dropping them (0) would leak it.
	 */
	if (cl->own_dns)
		evdns_base_free(cl->dns, 1);
	while ((o = TAILQ_FIRST(&cl->outbox)) != NULL) {
		TAILQ_REMOVE(&cl->outbox, o, entry);
		free(o->body);
		free(o);
	}
	while ((req = TAILQ_FIRST(&cl->reqs)) != NULL) {
		TAILQ_REMOVE(&cl->reqs, req, entry);
		client_req_free(req);
	}
	free(cl->delivered.v);
	free(cl->read.v);
	free(cl->host);
	free(cl->user);
	explicit_bzero(cl->password, strlen(cl->password));
	free(cl->password);
	free(cl->software);
	free(cl);
}

enum client_state
client_state(const struct client *cl)
{
	return cl->state;
}

void
client_set_state(struct client *cl, enum client_state state,
    const char *reason, unsigned reconnect_ms)
{
	cl->state = state;
	if (cl->cb.state != NULL)
		cl->cb.state(cl->cb.arg, state, reason, reconnect_ms);
}

/* True the first time an id is offered, false for a repeat. */
bool
client_seen_add(struct client_seen *s, int64_t id)
{
	if (id <= s->floor)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		if (s->ids[i] == id)
			return false;
	}
	s->ids[s->next] = id;
	s->next = (s->next + 1) % CLIENT_SEEN_MAX;
	if (s->n < CLIENT_SEEN_MAX)
		s->n++;
	return true;
}

void
client_mids_add(struct client_mids *m, int64_t mid)
{
	if (m->n == m->cap) {
		m->cap = m->cap == 0 ? 64 : m->cap * 2;
		m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
	}
	m->v[m->n++] = mid;
}

/* Tag, encode and write req; the reply will pop the matching record. */
void
client_request(struct client *cl, struct proto_request *req,
    struct client_req *rec)
{
	char	*line;
	size_t	 len;

	if (rec == NULL)
		rec = xcalloc(1, sizeof *rec);
	rec->cmd = req->cmd;
	snprintf(rec->tag, sizeof rec->tag, "%u", ++cl->tagseq);
	strcpy(req->tag, rec->tag);
	TAILQ_INSERT_TAIL(&cl->reqs, rec, entry);
	line = proto_encode_request(req, &len);
	client_write(cl, line, len);
	explicit_bzero(line, len);
	free(line);
}

static void
client_send_out(struct client *cl, struct client_out *o)
{
	struct proto_request	 req = { .cmd = PROTO_CMD_SEND };
	struct client_req	*rec = xcalloc(1, sizeof *rec);

	strcpy(req.send.to, o->to);
	req.send.body = o->body;
	req.send.body_len = o->body_len;
	req.send.priority = o->priority;
	strcpy(req.send.cid, o->cid);
	strcpy(rec->cid, o->cid);
	o->inflight = true;
	client_request(cl, &req, rec);
}

static void
client_flush_mids(struct client *cl, struct client_mids *m,
    enum proto_state state)
{
	while (m->n > 0) {
		struct proto_request	 req = { .cmd = PROTO_CMD_RECEIPT };
		struct client_req	*rec = xcalloc(1, sizeof *rec);
		size_t			 n = m->n < PROTO_RECEIPT_MAX ? m->n :
					    PROTO_RECEIPT_MAX;

		rec->state = state;
		rec->n = n;
		rec->mids = xreallocarray(NULL, n, sizeof *rec->mids);
		memcpy(rec->mids, m->v, n * sizeof *rec->mids);
		memmove(m->v, m->v + n, (m->n - n) * sizeof *m->v);
		m->n -= n;
		req.receipt.state = state;
		req.receipt.mids = rec->mids;
		req.receipt.n = n;
		client_request(cl, &req, rec);
	}
}

/* Send whatever waits: outbox entries not yet sent, then receipts. */
void
client_flush(struct client *cl)
{
	struct client_out	*o;

	if (cl->state != CLIENT_LOGGED_IN)
		return;
	if (cl->resync) {
		cl->resync = false;
		client_sync_next(cl);
	}
	TAILQ_FOREACH(o, &cl->outbox, entry) {
		if (!o->inflight)
			client_send_out(cl, o);
	}
	client_flush_mids(cl, &cl->delivered, PROTO_STATE_DELIVERED);
	client_flush_mids(cl, &cl->read, PROTO_STATE_READ);
}

void
client_sync_next(struct client *cl)
{
	struct proto_request	req = { .cmd = PROTO_CMD_SYNC };

	req.sync.undelivered = !cl->has_cursor;
	req.sync.after = cl->after;
	req.sync.receipts_after = cl->receipts_after;
	req.sync.limit = PROTO_PAGE_MAX;
	cl->syncing = true;
	client_request(cl, &req, NULL);
}

void
client_on_login(struct client *cl, enum proto_presence now)
{
	struct proto_request	req = { .cmd = PROTO_CMD_PRESENCE };

	cl->resync = false;
	client_sync_next(cl);
	/* A new session starts available: say again what the user chose. */
	if (cl->chose && cl->chosen != now) {
		req.presence.status = cl->chosen;
		client_request(cl, &req, NULL);
	}
	client_flush(cl);
}

/* Requests in flight are lost with the connection; queue them again. */
void
client_on_disconnect(struct client *cl)
{
	struct client_out	*o;
	struct client_req	*req;

	TAILQ_FOREACH(o, &cl->outbox, entry)
		o->inflight = false;
	while ((req = TAILQ_FIRST(&cl->reqs)) != NULL) {
		TAILQ_REMOVE(&cl->reqs, req, entry);
		for (size_t i = 0; i < req->n; i++)
			client_mids_add(req->state == PROTO_STATE_READ ?
			    &cl->read : &cl->delivered, req->mids[i]);
		client_req_free(req);
	}
	cl->syncing = false;
	cl->ping_sent = false;
}

int
client_send(struct client *cl, const char *to, const char *body, size_t len,
    enum proto_priority prio, const char *cid, char *cid_out, char **cause)
{
	struct client_out	*o;

	if (strcmp(to, PROTO_BROADCAST) != 0 && !proto_name_valid(to)) {
		*cause = xasprintf("invalid recipient: %s", to);
		return -1;
	}
	if (len == 0) {
		*cause = xstrdup("empty message");
		return -1;
	}
	if (len > cl->limits.body_max) {
		*cause = xasprintf("message too long: %zu bytes, limit %zu", len,
		    cl->limits.body_max);
		return -1;
	}
	if (!proto_utf8_valid(body, len)) {
		*cause = xstrdup("message is not valid UTF-8 text");
		return -1;
	}
	if (cid != NULL && !proto_cid_valid(cid, strlen(cid))) {
		*cause = xasprintf("invalid client id: %s", cid);
		return -1;
	}
	o = xcalloc(1, sizeof *o);
	if (cid != NULL)
		strcpy(o->cid, cid);
	else
		snprintf(o->cid, sizeof o->cid, "%s-%u", cl->cidbase,
		    ++cl->cidseq);
	strcpy(o->to, to);
	o->body = xstrndup(body, len);
	o->body_len = len;
	o->priority = prio;
	TAILQ_INSERT_TAIL(&cl->outbox, o, entry);
	cl->npending++;
	if (cid_out != NULL)
		strcpy(cid_out, o->cid);
	if (cl->state == CLIENT_LOGGED_IN)
		client_send_out(cl, o);
	return 0;
}

size_t
client_pending(const struct client *cl)
{
	return cl->npending;
}

size_t
client_unanswered(const struct client *cl)
{
	const struct client_req	*req;
	size_t			 n = cl->delivered.n + cl->read.n;

	TAILQ_FOREACH(req, &cl->reqs, entry)
		n++;
	return n;
}

void
client_read(struct client *cl, const int64_t *mids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		client_mids_add(&cl->read, mids[i]);
	client_flush(cl);
}

static int
client_online(struct client *cl, char **cause)
{
	if (cl->state == CLIENT_LOGGED_IN)
		return 0;
	*cause = xstrdup("not connected to the server");
	return -1;
}

int
client_who(struct client *cl, char **cause)
{
	struct proto_request	req = { .cmd = PROTO_CMD_WHO };

	if (client_online(cl, cause) == -1)
		return -1;
	client_request(cl, &req, NULL);
	return 0;
}

int
client_unread(struct client *cl, char **cause)
{
	struct proto_request	req = { .cmd = PROTO_CMD_UNREAD };

	if (client_online(cl, cause) == -1)
		return -1;
	client_request(cl, &req, NULL);
	return 0;
}

int
client_history(struct client *cl, const char *with, int64_t before,
    unsigned limit, char **cause)
{
	struct proto_request	req = { .cmd = PROTO_CMD_HISTORY };

	if (strcmp(with, PROTO_BROADCAST) != 0 && !proto_name_valid(with)) {
		*cause = xasprintf("invalid user name: %s", with);
		return -1;
	}
	if (client_online(cl, cause) == -1)
		return -1;
	strcpy(req.history.with, with);
	req.history.before = before;
	req.history.limit = limit == 0 || limit > PROTO_PAGE_MAX ?
	    PROTO_HISTORY_DEFAULT : limit;
	client_request(cl, &req, NULL);
	return 0;
}

int
client_presence(struct client *cl, enum proto_presence p, char **cause)
{
	struct proto_request	req = { .cmd = PROTO_CMD_PRESENCE };

	if (p == PROTO_PRESENCE_OFFLINE) {
		*cause = xstrdup("offline is not a presence one can set");
		return -1;
	}
	if (client_online(cl, cause) == -1)
		return -1;
	cl->chose = true;
	cl->chosen = p;
	req.presence.status = p;
	client_request(cl, &req, NULL);
	return 0;
}
