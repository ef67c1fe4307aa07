#include "config.h"

#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "net/addr.h"
#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotfault.h"
#include "src/slotd/slotconn.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slothttp_int.h"
#include "src/slotd/slotsvc.h"

/*
 * Our own limits answer with a JSON body; evhttp's hard limits above them
 * only stop abuse (evhttp answers those itself, without JSON).
 */
#define SLOTHTTP_MAX_HEADERS	8192
#define SLOTHTTP_MAX_BODY	4096
#define SLOTHTTP_HARD_LIMIT	65536

static const char *
slothttp_method(struct evhttp_request *req)
{
	switch (evhttp_request_get_command(req)) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	case EVHTTP_REQ_TRACE: return "TRACE";
	case EVHTTP_REQ_CONNECT: return "CONNECT";
	case EVHTTP_REQ_PATCH: return "PATCH";
	}
	return "?";
}

/*
 * The slot as a number once it is one, else what was sent if it is short:
 * the journal never takes a client's text at any length.
 */
static const char *
slothttp_journal_slot(const struct slotcall *c, char *buf, size_t size)
{
	if (c->op != SLOTOP_RESERVE && c->op != SLOTOP_CANCEL)
		return NULL;
	if (c->slot != 0) {
		snprintf(buf, size, "%u", c->slot);
		return buf;
	}
	return c->slot_text != NULL && strlen(c->slot_text) <= 32 ?
	    c->slot_text : NULL;
}

static void
slothttp_journal(struct slotcall *c, int code)
{
	char			slot[16];
	struct slotstore_entry	e = {
		.time_ms = clock_wall_ms(),
		.key = c->key.name,
		.service = slotsvc_service_name(c->service),
		.method = slothttp_method(c->req),
		.slot = slothttp_journal_slot(c, slot, sizeof slot),
		.code = code,
		.fault = slotfault_kind_name(c->d.kind),
		.delay_ms = c->d.delay_ms,
		.rate_violation = c->violation,
	};

	slotsvc_journal(c->h->svc, &e);
}

/* ids ascend, so the last one is the longest. */
static char *
slothttp_ids(const unsigned *ids, size_t n)
{
	size_t	 entry = sizeof ",{\"id\":\"\"}" - 1 +
	    (n > 0 ? (size_t)snprintf(NULL, 0, "%u", ids[n - 1]) : 0);
	char	*s = xmalloc(n * entry + 3), *p = s;

	*p++ = '[';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s{\"id\":\"%u\"}", i == 0 ? "" : ",", ids[i]);
	*p++ = ']';
	*p = '\0';
	return s;
}

/* The available list changes rarely compared to how often it is read. */
static const char *
slothttp_available(struct slothttp *h, enum slotsvc_service s)
{
	struct slotbook	*b = slotsvc_book(h->svc, s);
	unsigned	*ids;
	size_t		 n;

	if (h->avail_body[s] != NULL &&
	    h->avail_version[s] == slotbook_version(b))
		return h->avail_body[s];
	ids = xreallocarray(NULL, slotbook_size(b) + 1, sizeof *ids);
	n = slotbook_available(b, ids, slotbook_size(b));
	free(h->avail_body[s]);
	h->avail_body[s] = slothttp_ids(ids, n);
	h->avail_version[s] = slotbook_version(b);
	free(ids);
	return h->avail_body[s];
}

static void
slothttp_execute(struct slotcall *c)
{
	struct slothttp	*h = c->h;
	struct slotbook	*b = slotsvc_book(h->svc, c->service);
	char		*body = NULL;
	unsigned	*ids;
	int		 code = 200;
	bool		 lost = c->d.kind == SLOTFAULT_REPLY_LOST, wait;

	switch (c->op) {
	case SLOTOP_RESERVE:
		code = slotsvc_reserve(h->svc, c->service, c->slot, c->key.id,
		    clock_wall_ms());
		if (code == 200)
			body = xasprintf("{\"id\":\"%u\"}", c->slot);
		else if (code == 409)
			body = slothttp_error_body(code, "slot is not available");
		else if (code == 451)
			body = slothttp_error_body(code,
			    "you already hold the maximum number of reservations");
		break;
	case SLOTOP_CANCEL:
		code = slotsvc_cancel(h->svc, c->service, c->slot, c->key.id);
		if (code == 200) {
			body = xasprintf("{\"message\":\"reservation %u "
			    "cancelled\"}", c->slot);
		} else if (code == 409) {
			body = xasprintf("{\"code\":409,\"message\":\"slot %u is "
			    "not reserved by you\"}", c->slot);
		}
		break;
	case SLOTOP_AVAILABLE:
		body = xstrdup(slothttp_available(h, c->service));
		break;
	case SLOTOP_HELD:
		ids = xreallocarray(NULL, slotbook_size(b) + 1, sizeof *ids);
		body = slothttp_ids(ids, slotbook_held(b, c->key.id, ids,
		    slotbook_size(b)));
		free(ids);
		break;
	}
	if (body == NULL) {
		log_error("%s: unexpected outcome %d",
		    slotsvc_service_name(c->service), code);
		code = 500;
		body = slothttp_error_body(code, "internal server error");
	}
	/*
	 * A change is reported once on disk; so is a holder's own list
	 * while a change of theirs is not.  Other answers go out at once.
	 */
	wait = (code == 200 && (c->op == SLOTOP_RESERVE ||
	    c->op == SLOTOP_CANCEL)) || (c->op == SLOTOP_HELD &&
	    slotsvc_key_dirty(h->svc, c->key.id));
	slothttp_journal(c, code);
	if (lost)
		slothttp_queue(h, c->req, code, NULL, true);
	else
		slothttp_send(h, c->req, code, body, wait);
	free(body);
}

static void
slothttp_delay_cb(evutil_socket_t fd, short what, void *arg)
{
	struct slotcall	*c = arg;

	LIST_REMOVE(c, entry);
	event_free(c->timer);
	slothttp_execute(c);
	free(c);
}

int
slothttp_bearer(struct evhttp_request *req, const char **key, size_t *len)
{
	const char	*v;

	v = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Authorization");
	if (v == NULL)
		return 0;
	return slothttp_bearer_parse(v, key, len);
}

int
slothttp_bearer_parse(const char *v, const char **key, size_t *len)
{
	const char	*end;

	v += strspn(v, " \t");
	if (strncasecmp(v, "Bearer", 6) != 0 || (v[6] != ' ' && v[6] != '\t'))
		return -1;
	v += 6;
	v += strspn(v, " \t");
	end = v + strcspn(v, " \t");
	if (end == v || end[strspn(end, " \t")] != '\0')
		return -1;
	*key = v;
	*len = (size_t)(end - v);
	return 1;
}

/*
 * Ids are decimal.  Something that reads as an integer but names no slot
 * (0, negative, huge) is 403; anything else is not an id at all, 400.
 * A number is a number: leading zeros do not make another slot.
 */
int
slothttp_parse_slot(struct slotcall *c, unsigned nslots, char **msg)
{
	const char	*t = c->slot_text, *d = t + (*t == '-');
	size_t		 digits = strspn(d, "0123456789"), zeros;
	unsigned long	 v;

	if (*t == '\0') {
		*msg = xstrdup("missing slot id");
		return 400;
	}
	if (digits == 0 || d[digits] != '\0') {
		*msg = xasprintf("slot id \"%.32s%s\" is not a number", t,
		    strlen(t) > 32 ? "..." : "");
		return 400;
	}
	if ((zeros = strspn(d, "0")) == digits)
		zeros--;
	d += zeros;
	digits -= zeros;
	v = digits > 9 ? ULONG_MAX : strtoul(d, NULL, 10);
	if (*t == '-' || v < 1 || v > nslots) {
		*msg = xasprintf("slot %.32s%s does not exist", t,
		    strlen(t) > 32 ? "..." : "");
		return 403;
	}
	c->slot = (unsigned)v;
	return 0;
}

static size_t
slothttp_header_size(struct evhttp_request *req)
{
	struct evkeyvalq	*hdrs = evhttp_request_get_input_headers(req);
	struct evkeyval		*kv;
	size_t			 n = strlen(evhttp_request_get_uri(req));

	TAILQ_FOREACH(kv, hdrs, next)
		n += strlen(kv->key) + strlen(kv->value) + 4;
	return n;
}

int
slothttp_route(const struct slothttp_conf *conf, enum evhttp_cmd_type cmd,
    struct slotcall *c, const char *path, const char **allow)
{
	const char		*rest;

	c->slot_text = "";
	if (strncmp(path, "/hotel/api/", 11) == 0) {
		c->service = SLOTSVC_HOTEL;
		rest = path + 10;
	} else if (strncmp(path, "/band/api/", 10) == 0) {
		c->service = SLOTSVC_BAND;
		rest = path + 9;
	} else
		return 404;
	if (!conf->serve[c->service])
		return 404;
	if (strncmp(rest, "/reservation", 12) != 0 ||
	    (rest[12] != '\0' && rest[12] != '/'))
		return 404;
	rest += 12;
	if (*rest == '/')
		rest++;
	if (strchr(rest, '/') != NULL)
		return 404;
	if (strcmp(rest, "available") == 0) {
		*allow = "GET";
		c->op = SLOTOP_AVAILABLE;
		return cmd == EVHTTP_REQ_GET ? 0 : 405;
	}
	*allow = *rest == '\0' ? "GET, POST, DELETE" : "POST, DELETE";
	if (cmd == EVHTTP_REQ_GET && *rest == '\0')
		c->op = SLOTOP_HELD;
	else if (cmd == EVHTTP_REQ_POST)
		c->op = SLOTOP_RESERVE;
	else if (cmd == EVHTTP_REQ_DELETE)
		c->op = SLOTOP_CANCEL;
	else
		return 405;
	c->slot_text = rest;
	return 0;
}

/*
 * Answer c at once with an error, journal it, and free c.  A request
 * without a valid key is only counted: writing down whatever anyone sends
 * would let them fill the disk.
 */
static void
slothttp_refuse(struct slotcall *c, int code, const char *msg)
{
	if (c->key.name[0] != '\0')
		slothttp_journal(c, code);
	else
		slotsvc_count_refused(c->h->svc, code);
	slothttp_send_error(c->h, c->req, code, "%s", msg);
	free(c);
}

static void
slothttp_api(struct slothttp *h, struct evhttp_request *req, const char *path)
{
	struct slotcall	*c = xcalloc(1, sizeof *c);
	const char	*allow = NULL, *key;
	size_t		 len;
	char		*msg;
	int		 code;
	struct timeval	 tv;

	c->h = h;
	c->req = req;
	if ((code = slothttp_route(&h->conf, evhttp_request_get_command(req), c,
	    path, &allow)) == 404) {
		slotsvc_count_refused(h->svc, 404);
		slothttp_send_error(h, req, 404, "no such endpoint: %.64s%s",
		    path, strlen(path) > 64 ? "..." : "");
		free(c);
		return;
	}
	if (code == 405) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", allow);
		slothttp_refuse(c, 405, "method not allowed");
		return;
	}
	switch (slothttp_bearer(req, &key, &len)) {
	case 0:
		slothttp_refuse(c, 401, "missing Authorization header");
		return;
	case -1:
		slothttp_refuse(c, 401, "malformed Authorization header, "
		    "expected \"Bearer KEY\"");
		return;
	}
	if ((code = slotsvc_auth(h->svc, key, len, &c->key, &msg)) < 0) {
		log_error("%s", msg);
		free(msg);
		slothttp_refuse(c, 500, "internal server error");
		return;
	}
	if (code == 0 ||
	    strcmp(c->key.kind, slotsvc_service_name(c->service)) != 0) {
		memset(&c->key, 0, sizeof c->key);
		slothttp_refuse(c, 401, "the API token is invalid");
		return;
	}
	if (slotsvc_rate_mode(h->svc) != SLOTSVC_RATE_OFF &&
	    slotsvc_rate_hit(h->svc, c->key.id, clock_mono_ms())) {
		c->violation = true;
		if (slotsvc_rate_mode(h->svc) == SLOTSVC_RATE_ENFORCE) {
			evhttp_add_header(evhttp_request_get_output_headers(req),
			    "Retry-After", "1");
			slothttp_refuse(c, 429, "more than one request per second");
			return;
		}
	}
	slotfault_decide(h->faults, clock_mono_ms(), &c->d);
	switch (c->d.kind) {
	case SLOTFAULT_OUTAGE:
	case SLOTFAULT_UNAVAILABLE:
		slothttp_refuse(c, 503, "service unavailable");
		return;
	case SLOTFAULT_DROPPED:
		slothttp_refuse(c, 404, "the request has not been processed");
		return;
	case SLOTFAULT_FAKE500:
		slothttp_refuse(c, 500, "internal server error");
		return;
	default:
		break;
	}
	if ((c->op == SLOTOP_RESERVE || c->op == SLOTOP_CANCEL) &&
	    (code = slothttp_parse_slot(c, slotbook_size(slotsvc_book(h->svc,
	    c->service)), &msg)) != 0) {
		c->d.delay_ms = 0;
		slothttp_refuse(c, code, msg);
		free(msg);
		return;
	}
	if (c->d.delay_ms == 0) {
		slothttp_execute(c);
		free(c);
		return;
	}
	c->timer = evtimer_new(h->base, slothttp_delay_cb, c);
	tv.tv_sec = (time_t)(c->d.delay_ms / 1000);
	tv.tv_usec = (suseconds_t)(c->d.delay_ms % 1000) * 1000;
	evtimer_add(c->timer, &tv);
	LIST_INSERT_HEAD(&h->delayed, c, entry);
}

static void
slothttp_handle(struct evhttp_request *req, void *arg)
{
	struct slothttp		*h = arg;
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;

	if (path == NULL || *path == '\0')
		path = "/";
	slotconn_request(h->conns, req);
	if (slothttp_header_size(req) > SLOTHTTP_MAX_HEADERS) {
		slotsvc_count_refused(h->svc, 431);
		slothttp_send_error(h, req, 431, "request headers larger than "
		    "%d bytes", SLOTHTTP_MAX_HEADERS);
		return;
	}
	if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) >
	    SLOTHTTP_MAX_BODY) {
		slotsvc_count_refused(h->svc, 413);
		slothttp_send_error(h, req, 413, "request body larger than "
		    "%d bytes", SLOTHTTP_MAX_BODY);
		return;
	}
	if (strncmp(path, "/admin/", 7) == 0)
		slothttp_admin(h, req, path);
	else
		slothttp_api(h, req, path);
}

struct slothttp *
slothttp_new(struct event_base *base, struct slotsvc *svc,
    struct slotfault *faults, const struct slothttp_conf *conf)
{
	struct slothttp	*h = xcalloc(1, sizeof *h);
	struct timeval	 tv;

	h->base = base;
	h->svc = svc;
	h->faults = faults;
	h->conf = *conf;
	LIST_INIT(&h->delayed);
	slotsvc_set_done(svc, slothttp_committed, h);
	if ((h->http = evhttp_new(base)) == NULL)
		log_fatalx("evhttp_new failed");
	evhttp_set_gencb(h->http, slothttp_handle, h);
	evhttp_set_allowed_methods(h->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE | EVHTTP_REQ_PATCH);
	evhttp_set_max_headers_size(h->http, SLOTHTTP_HARD_LIMIT);
	evhttp_set_max_body_size(h->http, SLOTHTTP_HARD_LIMIT);
	tv.tv_sec = (time_t)(conf->timeout_ms / 1000);
	tv.tv_usec = (suseconds_t)(conf->timeout_ms % 1000) * 1000;
	evhttp_set_timeout_tv(h->http, &tv);
	h->conns = slotconn_new(base, h->http, conf->conn_max,
	    conf->header_timeout_ms);
	return h;
}

/*
 * evhttp_free() frees each request with its connection; one whose
 * connection failed while it waited for its reply has been detached and
 * is ours to free.
 */
static void
slothttp_forget(struct evhttp_request *req)
{
	if (evhttp_request_get_connection(req) == NULL)
		evhttp_request_free(req);
}

void
slothttp_free(struct slothttp *h)
{
	struct slotcall	*c;

	if (h == NULL)
		return;
	slotsvc_set_done(h->svc, NULL, NULL);
	/* Only after a drain, when nothing should wait any more. */
	for (size_t i = 0; i < h->npending; i++) {
		slothttp_forget(h->pending[i].req);
		free(h->pending[i].body);
	}
	while ((c = LIST_FIRST(&h->delayed)) != NULL) {
		LIST_REMOVE(c, entry);
		event_free(c->timer);
		slothttp_forget(c->req);
		free(c);
	}
	evhttp_free(h->http);
	slotconn_free(h->conns);
	for (int i = 0; i < SLOTSVC_NSERVICES; i++)
		free(h->avail_body[i]);
	free(h->pending);
	free(h);
}

int
slothttp_listen(struct slothttp *h, const char *host, unsigned port,
    const char *ready_file, char **cause)
{
	struct evhttp_bound_socket	*bound;

	bound = evhttp_bind_socket_with_handle(h->http, host, (uint16_t)port);
	if (bound == NULL) {
		*cause = xasprintf("cannot listen on %s:%u", host, port);
		return -1;
	}
	if (ready_file != NULL && addr_write_ready_file(ready_file,
	    evhttp_bound_socket_get_fd(bound), cause) != 0)
		return -1;
	return 0;
}

struct slotsvc *
slothttp_svc(struct slothttp *h)
{
	return h->svc;
}
