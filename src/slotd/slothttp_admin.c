#include "config.h"

#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slotjson.h"
#include "src/slotd/slotsvc.h"

#define SLOTHTTP_JOURNAL_LIMIT	1000

static void
slothttp_admin_json(struct slothttp *h, struct evhttp_request *req,
    json_object *o, bool wait_commit)
{
	slothttp_send(h, req, 200, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
	    wait_commit);
	json_object_put(o);
}

/* The store failed us: the log and the staff both learn why. */
static void
slothttp_admin_fail(struct slothttp *h, struct evhttp_request *req,
    char *cause)
{
	log_error("%s", cause);
	slothttp_send_error(h, req, 500, "%s", cause);
	free(cause);
}

static int
slothttp_admin_number(const char *v, long long max, long long *out)
{
	char	*end;

	if (v == NULL)
		return 0;
	*out = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || *out < 0 || *out > max)
		return -1;
	return 0;
}

static void
slothttp_admin_journal(struct slothttp *h, struct evhttp_request *req)
{
	struct evkeyvalq	 q;
	const char		*query;
	long long		 since = 0, limit = SLOTHTTP_JOURNAL_LIMIT;
	json_object		*o;
	char			*cause;
	int			 bad;

	TAILQ_INIT(&q);
	query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
	if (query != NULL && evhttp_parse_query_str(query, &q) != 0) {
		slothttp_send_error(h, req, 400, "malformed query string");
		return;
	}
	bad = slothttp_admin_number(evhttp_find_header(&q, "since"),
	    INT64_MAX / 2, &since) != 0 ||
	    slothttp_admin_number(evhttp_find_header(&q, "limit"),
	    SLOTHTTP_JOURNAL_LIMIT, &limit) != 0;
	evhttp_clear_headers(&q);
	if (bad) {
		slothttp_send_error(h, req, 400, "since must be a journal id and "
		    "limit a number up to %d", SLOTHTTP_JOURNAL_LIMIT);
		return;
	}
	if ((o = slotjson_journal(slotsvc_store(slothttp_svc(h)), since,
	    (unsigned)limit, &cause)) == NULL) {
		slothttp_admin_fail(h, req, cause);
		return;
	}
	slothttp_admin_json(h, req, o, false);
}

static void
slothttp_admin_stats(struct slothttp *h, struct evhttp_request *req)
{
	json_object	*o;
	char		*cause;

	if ((o = slotjson_stats(slothttp_svc(h), &cause)) == NULL) {
		slothttp_admin_fail(h, req, cause);
		return;
	}
	slothttp_admin_json(h, req, o, false);
}

/* Body {"service":"hotel|band|both","slots":"N" or "FROM-TO"}. */
static void
slothttp_admin_block(struct slothttp *h, struct evhttp_request *req,
    bool blocked)
{
	struct evbuffer		*in = evhttp_request_get_input_buffer(req);
	struct slotsvc		*svc = slothttp_svc(h);
	size_t			 len = evbuffer_get_length(in);
	char			*text, *cause = NULL;
	json_object		*body, *jservice, *jslots;
	const char		*service, *slots;
	enum slotsvc_service	 one;
	unsigned		 from, to;
	int			 first, last;

	text = xmalloc(len + 1);
	evbuffer_copyout(in, text, len);
	text[len] = '\0';
	body = json_tokener_parse(text);
	free(text);
	if (body == NULL || !json_object_is_type(body, json_type_object) ||
	    !json_object_object_get_ex(body, "service", &jservice) ||
	    !json_object_object_get_ex(body, "slots", &jslots) ||
	    !json_object_is_type(jservice, json_type_string) ||
	    !json_object_is_type(jslots, json_type_string)) {
		json_object_put(body);
		slothttp_send_error(h, req, 400, "expected a body "
		    "{\"service\":\"hotel|band|both\",\"slots\":\"FROM-TO\"}");
		return;
	}
	service = json_object_get_string(jservice);
	slots = json_object_get_string(jslots);
	if (strcmp(service, "both") == 0) {
		first = 0;
		last = SLOTSVC_NSERVICES - 1;
	} else if (slotsvc_service_parse(service, &one) == 0) {
		first = last = (int)one;
	} else {
		slothttp_send_error(h, req, 400, "unknown service \"%s\"",
		    service);
		json_object_put(body);
		return;
	}
	if (slotbook_range_parse(slots, slotbook_size(slotsvc_book(svc, 0)),
	    &from, &to, &cause) != 0) {
		slothttp_send_error(h, req, 400, "%s", cause);
		free(cause);
		json_object_put(body);
		return;
	}
	for (int s = first; s <= last; s++)
		slotsvc_block(svc, s, from, to, blocked);
	text = xasprintf("{\"message\":\"%s %u slots of %s\"}",
	    blocked ? "blocked" : "released", to - from + 1, service);
	slothttp_send(h, req, 200, text, true);
	free(text);
	json_object_put(body);
}

void
slothttp_admin(struct slothttp *h, struct evhttp_request *req,
    const char *path)
{
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(req);
	struct slotsvc_key	 key;
	const char		*token, *allow;
	char			*cause;
	size_t			 len;
	int			 auth;

	if (strcmp(path, "/admin/stats") == 0 ||
	    strcmp(path, "/admin/journal") == 0)
		allow = "GET";
	else if (strcmp(path, "/admin/block") == 0 ||
	    strcmp(path, "/admin/release") == 0)
		allow = "POST";
	else {
		slotsvc_count_refused(slothttp_svc(h), 404);
		slothttp_send_error(h, req, 404, "no such endpoint: %.64s",
		    path);
		return;
	}
	auth = slothttp_bearer(req, &token, &len) != 1 ? 0 :
	    slotsvc_auth(slothttp_svc(h), token, len, &key, &cause);
	if (auth < 0) {
		slothttp_admin_fail(h, req, cause);
		return;
	}
	if (auth == 0 || strcmp(key.kind, "admin") != 0) {
		slotsvc_count_refused(slothttp_svc(h), 401);
		slothttp_send_error(h, req, 401, "an admin key is required");
		return;
	}
	if ((strcmp(allow, "GET") == 0 && cmd != EVHTTP_REQ_GET) ||
	    (strcmp(allow, "POST") == 0 && cmd != EVHTTP_REQ_POST)) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", allow);
		slothttp_send_error(h, req, 405, "method not allowed");
		return;
	}
	if (strcmp(path, "/admin/stats") == 0)
		slothttp_admin_stats(h, req);
	else if (strcmp(path, "/admin/journal") == 0)
		slothttp_admin_journal(h, req);
	else
		slothttp_admin_block(h, req, strcmp(path, "/admin/block") == 0);
}
