/*
 * The HTTP worker: one background thread owns every HTTP exchange with the
 * hotel and band services.  The owner submits requests (struct book_req)
 * on one mutex-guarded queue; the worker sends them through the token
 * bucket (which lives here, so nothing can bypass it), retries what the
 * retry policy says, and posts on a second queue a log record of every
 * attempt and, at the end, the typed result.  After posting it calls the
 * owner's wake callback, from the worker thread: the callback must only
 * wake the owner's loop (make a libevent event active, write to a pipe).
 * The worker never touches the terminal.  The services time a request by
 * its arrival and the bucket by its departure, so guard_ms widens the
 * interval enough that connection set-up cannot bring two requests
 * closer than the rate allows; and a request also waits one interval
 * after the last reply from its service, which covers a service that
 * gets to a request late.
 *
 * libcurl keeps one connection per service alive between requests.  A
 * POST or DELETE goes on a fresh connection, because libcurl silently
 * resends a request whose reused connection died before the reply, and a
 * service that applied it and dropped the reply would then answer the
 * resend with 409: the request's own success would read as a loss.
 */
#ifndef HC_HTTPW_H
#define HC_HTTPW_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/booking.h"
#include "src/book/retry.h"

struct httpw_config {
	const char		*url[BOOK_NSVC];  /* base, e.g. .../hotel/api */
	const char		*key[BOOK_NSVC];  /* API key per service */
	unsigned		 rate_mhz;	  /* requests per 1000 s */
	unsigned		 burst;
	bool			 per_service;	  /* one bucket per service */
	uint64_t		 guard_ms;	  /* added to the bucket interval */
	uint64_t		 connect_timeout_ms;
	uint64_t		 timeout_ms;
	struct retry_policy	 retry;
};

/* One attempt, as it went on the wire. */
struct httpw_log {
	uint64_t		time_ms;	/* wall clock, ms since the epoch */
	uint64_t		req_id;
	enum book_svc		svc;
	enum book_method	method;
	char			path[48];
	int			status;		/* 0 when no reply */
	char			error[96];	/* "" when none */
	uint64_t		latency_ms;
	unsigned		attempt;	/* 1 for the first */
};

enum httpw_item_kind {
	HTTPW_LOG,
	HTTPW_RESULT,
};

/* An item taken off the out queue; the receiver frees result. */
struct httpw_item {
	enum httpw_item_kind	kind;
	struct httpw_log	log;		/* HTTPW_LOG */
	struct book_result	result;		/* HTTPW_RESULT */
};

typedef void (*httpw_wake_cb)(void *arg);

/*
 * Start the worker thread; the config strings are copied.  Call it from
 * the main thread (it initialises libcurl).  NULL with a
 * malloc'd *cause if libcurl or the thread cannot start.
 */
struct httpw	*httpw_start(const struct httpw_config *, httpw_wake_cb,
		    void *arg, char **cause);
/*
 * Stop: abort the transfer in progress, drop queued requests, join the
 * thread, free everything (items not yet taken included).
 */
void		 httpw_stop(struct httpw *);
/* Queue a request (copied). */
void		 httpw_submit(struct httpw *, const struct book_req *);
/* Take the next item: 1, or 0 if the queue is empty. */
int		 httpw_take(struct httpw *, struct httpw_item *);
/* Milliseconds until a request to svc may leave (bucket, last reply). */
uint64_t	 httpw_ready_in(struct httpw *, enum book_svc);

#endif
