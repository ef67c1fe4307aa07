/*
 * The vocabulary shared by the wedding planner (src/planner*.c), the HTTP
 * worker (net/httpw.c) and whoever drives them: the two services, the four
 * requests of the reservation API and the typed outcome of one request.
 *
 * A book_result owns its slots array and error text; book_result_free()
 * releases them and leaves the struct zeroed.
 */
#ifndef HC_BOOKING_H
#define HC_BOOKING_H

#include <stddef.h>
#include <stdint.h>

#define BOOK_SLOT_MIN	1
#define BOOK_SLOT_MAX	500
#define BOOK_MAX_HOLDS	2	/* per service, counting unknown outcomes */

enum book_svc {
	BOOK_HOTEL,
	BOOK_BAND,
};
#define BOOK_NSVC 2

enum book_method {
	BOOK_GET_AVAILABLE,	/* GET /reservation/available */
	BOOK_GET_HELD,		/* GET /reservation */
	BOOK_RESERVE,		/* POST /reservation/{slot} */
	BOOK_CANCEL,		/* DELETE /reservation/{slot} */
};

/*
 * What one request came to, after the worker's own retries of 503, 500,
 * 429 and unsent requests.  Only BOOK_OUT_UNKNOWN leaves the service state
 * in doubt: the request may or may not have been applied.
 */
enum book_outcome {
	BOOK_OUT_OK,		/* 200 with a well-formed body */
	BOOK_OUT_BAD_REQUEST,	/* 400 */
	BOOK_OUT_UNAUTHORIZED,	/* 401 */
	BOOK_OUT_NO_SUCH_SLOT,	/* 403 */
	BOOK_OUT_NOT_APPLIED,	/* 404: nothing was applied */
	BOOK_OUT_CONFLICT,	/* 409: slot not available / not yours */
	BOOK_OUT_LIMIT,		/* 451: already at the maximum of holds */
	BOOK_OUT_UNAVAILABLE,	/* retries used up on 5xx/429/refused: not applied */
	BOOK_OUT_UNKNOWN,	/* timeout or lost reply after sending */
};

struct book_req {
	uint64_t		id;
	enum book_svc		svc;
	enum book_method	method;
	unsigned		slot;	/* RESERVE and CANCEL only */
};

struct book_result {
	struct book_req		req;
	enum book_outcome	outcome;
	int			status;		/* last HTTP status, 0 if none */
	unsigned		attempts;
	unsigned		*slots;		/* GETs with BOOK_OUT_OK */
	size_t			nslots;
	char			*error;		/* human-readable detail or NULL */
};

const char	*book_svc_name(enum book_svc);		/* "hotel", "band" */
const char	*book_method_name(enum book_method);	/* "GET", "POST", ... */
/* The request path below the base URL into buf, e.g. "/reservation/56". */
void		 book_req_path(const struct book_req *, char *buf, size_t len);
const char	*book_outcome_name(enum book_outcome);	/* "ok", "conflict", ... */
void		 book_result_free(struct book_result *);

#endif
