#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/book/booking.h"

const char *
book_svc_name(enum book_svc svc)
{
	return svc == BOOK_HOTEL ? "hotel" : "band";
}

const char *
book_method_name(enum book_method m)
{
	switch (m) {
	case BOOK_GET_AVAILABLE:
	case BOOK_GET_HELD:
		return "GET";
	case BOOK_RESERVE:
		return "POST";
	case BOOK_CANCEL:
		return "DELETE";
	}
	return "?";
}

void
book_req_path(const struct book_req *req, char *buf, size_t len)
{
	switch (req->method) {
	case BOOK_GET_AVAILABLE:
		snprintf(buf, len, "/reservation/available");
		break;
	case BOOK_GET_HELD:
		snprintf(buf, len, "/reservation");
		break;
	case BOOK_RESERVE:
	case BOOK_CANCEL:
		snprintf(buf, len, "/reservation/%u", req->slot);
		break;
	}
}

const char *
book_outcome_name(enum book_outcome o)
{
	static const char *names[] = {
		[BOOK_OUT_OK] = "ok",
		[BOOK_OUT_BAD_REQUEST] = "bad-request",
		[BOOK_OUT_UNAUTHORIZED] = "unauthorized",
		[BOOK_OUT_NO_SUCH_SLOT] = "no-such-slot",
		[BOOK_OUT_NOT_APPLIED] = "not-applied",
		[BOOK_OUT_CONFLICT] = "conflict",
		[BOOK_OUT_LIMIT] = "limit",
		[BOOK_OUT_UNAVAILABLE] = "unavailable",
		[BOOK_OUT_UNKNOWN] = "unknown",
	};

	if ((size_t)o >= sizeof names / sizeof names[0])
		return "?";
	return names[o];
}

void
book_result_free(struct book_result *r)
{
	free(r->slots);
	free(r->error);
	memset(r, 0, sizeof *r);
}
