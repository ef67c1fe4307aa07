#include "config.h"

#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slothttp_int.h"
#include "src/slotd/slotsvc.h"

static const char *
slothttp_reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 451: return "Unavailable For Legal Reasons";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static void
slothttp_send_now(struct evhttp_request *req, int code, const char *body)
{
	struct evbuffer	*buf = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evbuffer_add(buf, body, strlen(body));
	evhttp_send_reply(req, code, slothttp_reason(code), buf);
	evbuffer_free(buf);
}

static void
slothttp_close(struct evhttp_request *req)
{
	struct evhttp_connection	*evcon;

	if ((evcon = evhttp_request_get_connection(req)) != NULL)
		evhttp_connection_free(evcon);
	else
		evhttp_request_free(req);
}

void
slothttp_queue(struct slothttp *h, struct evhttp_request *req, int code,
    const char *body, bool lost)
{
	struct slotpending	*p;

	if (h->npending == h->cappending) {
		h->cappending = h->cappending == 0 ? 64 : h->cappending * 2;
		h->pending = xreallocarray(h->pending, h->cappending,
		    sizeof *h->pending);
	}
	p = &h->pending[h->npending++];
	p->req = req;
	p->code = code;
	p->body = body != NULL ? xstrdup(body) : NULL;
	p->lost = lost;
	p->seq = slotsvc_collecting(h->svc);
}

void
slothttp_send(struct slothttp *h, struct evhttp_request *req, int code,
    const char *body, bool wait_commit)
{
	if (wait_commit)
		slothttp_queue(h, req, code, body, false);
	else
		slothttp_send_now(req, code, body);
}

char *
slothttp_error_body(int code, const char *message)
{
	json_object	*o = json_object_new_object();
	char		*s;

	json_object_object_add(o, "code", json_object_new_int(code));
	json_object_object_add(o, "message", json_object_new_string(message));
	s = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

void
slothttp_send_error(struct slothttp *h, struct evhttp_request *req, int code,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *body;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	body = slothttp_error_body(code, msg);
	slothttp_send(h, req, code, body, false);
	free(body);
	free(msg);
}

/* Batch seq is on disk: send the replies that waited for it. */
void
slothttp_committed(void *arg, uint64_t seq, bool ok)
{
	struct slothttp		*h = arg;
	struct slotpending	*p;
	char			*body;
	size_t			 n = 0;

	/* Replies are queued in batch order. */
	while (n < h->npending && h->pending[n].seq <= seq)
		n++;
	for (size_t i = 0; i < n; i++) {
		p = &h->pending[i];
		if (p->lost)
			slothttp_close(p->req);
		else if (!ok && p->code == 200) {
			body = slothttp_error_body(500,
			    "the change could not be stored");
			slothttp_send_now(p->req, 500, body);
			free(body);
		} else
			slothttp_send_now(p->req, p->code, p->body);
		free(p->body);
	}
	if (n == 0)
		return;
	h->npending -= n;
	memmove(h->pending, h->pending + n, h->npending * sizeof *h->pending);
}
