#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/base/bucket.h"
#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "src/book/httpw_int.h"
#include "src/book/resv.h"

struct httpw_node {
	struct httpw_node	*next;
	struct book_req		 req;		/* the in queue */
	struct httpw_item	 item;		/* the out queue */
};

struct httpw_list {
	struct httpw_node	*head;
	struct httpw_node	*tail;
};

struct httpw {
	struct httpw_config	 cfg;
	char			*url[BOOK_NSVC];
	char			*key[BOOK_NSVC];
	struct httpw_conn	 conn[BOOK_NSVC];
	httpw_wake_cb		 wake;
	void			*wake_arg;
	uint64_t		 rnd;

	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* in queue or stop changed */
	atomic_bool		 stop;
	struct httpw_list	 in;
	struct httpw_list	 out;
	struct bucket		 bucket[BOOK_NSVC]; /* [0] only, when shared */
	uint64_t		 done_ms[BOOK_NSVC]; /* last reply or failure */
};

static void
httpw_list_push(struct httpw_list *l, struct httpw_node *n)
{
	n->next = NULL;
	if (l->tail != NULL)
		l->tail->next = n;
	else
		l->head = n;
	l->tail = n;
}

static struct httpw_node *
httpw_list_pop(struct httpw_list *l)
{
	struct httpw_node	*n = l->head;

	if (n != NULL && (l->head = n->next) == NULL)
		l->tail = NULL;
	return n;
}

static struct bucket *
httpw_bucket(struct httpw *w, enum book_svc svc)
{
	return &w->bucket[w->cfg.per_service ? svc : 0];
}

static uint32_t
httpw_rnd(void *arg)
{
	struct httpw	*w = arg;

	/* xorshift64*: jitter needs spread, not secrecy. */
	w->rnd ^= w->rnd >> 12;
	w->rnd ^= w->rnd << 25;
	w->rnd ^= w->rnd >> 27;
	return (uint32_t)((w->rnd * 2685821657736338717ULL) >> 32);
}

/* Wait until deadline (monotonic ms) or stop; call with the lock held. */
static void
httpw_sleep_until(struct httpw *w, uint64_t deadline)
{
	struct timespec	ts;

	/* The condition variable runs on CLOCK_MONOTONIC (httpw_start). */
	ts.tv_sec = (time_t)(deadline / 1000);
	ts.tv_nsec = (long)(deadline % 1000) * 1000000;
	while (!atomic_load(&w->stop) && clock_mono_ms() < deadline)
		pthread_cond_timedwait(&w->cond, &w->lock, &ts);
}

/*
 * How long before a request to svc may leave.  Besides the bucket, a
 * request waits one interval after the previous reply from the same
 * service: the service stamps a request when its loop gets to it, which
 * may be late, but never after it replied.
 */
static uint64_t
httpw_wait_locked(struct httpw *w, enum book_svc svc, uint64_t now)
{
	struct bucket	*b = httpw_bucket(w, svc);
	uint64_t	 wait = bucket_wait_ms(b, now), after;

	after = w->done_ms[svc] != 0 ? w->done_ms[svc] + b->interval_ms : 0;
	if (after > now && after - now > wait)
		wait = after - now;
	return wait;
}

/* Take a token for svc, waiting for it; -1 when stopping. */
static int
httpw_token(struct httpw *w, enum book_svc svc)
{
	uint64_t	now, wait;

	pthread_mutex_lock(&w->lock);
	while (!atomic_load(&w->stop) &&
	    (wait = httpw_wait_locked(w, svc, (now = clock_mono_ms()))) > 0)
		httpw_sleep_until(w, now + wait);
	if (!atomic_load(&w->stop))
		bucket_take(httpw_bucket(w, svc), clock_mono_ms());
	pthread_mutex_unlock(&w->lock);
	return atomic_load(&w->stop) ? -1 : 0;
}

static void
httpw_post(struct httpw *w, struct httpw_item *item)
{
	struct httpw_node	*n = xcalloc(1, sizeof *n);

	n->item = *item;
	pthread_mutex_lock(&w->lock);
	httpw_list_push(&w->out, n);
	pthread_mutex_unlock(&w->lock);
	w->wake(w->wake_arg);
}

/*
 * Read a 200 body into the result.  A list that does not parse is a
 * failed attempt (status 502, retried); for a POST or DELETE the 200
 * itself says what happened, so a bad body is only noted.
 */
static void
httpw_decode(const struct book_req *req, struct httpw_attempt *a,
    struct book_result *res)
{
	static const enum resv_kind kinds[] = {
		[BOOK_GET_AVAILABLE] = RESV_IDS, [BOOK_GET_HELD] = RESV_IDS,
		[BOOK_RESERVE] = RESV_ID, [BOOK_CANCEL] = RESV_MESSAGE,
	};
	struct resv_body	 body;
	char			*cause = NULL;

	if (resv_parse(a->body != NULL ? a->body : "", a->len,
	    kinds[req->method], &body, &cause) == -1) {
		snprintf(a->error, sizeof a->error, "bad reply: %s", cause);
		free(cause);
		if (req->method == BOOK_GET_AVAILABLE ||
		    req->method == BOOK_GET_HELD)
			a->status = 502;
		return;
	}
	if (kinds[req->method] == RESV_IDS) {
		free(res->slots);
		res->slots = body.ids;
		res->nslots = body.nids;
		body.ids = NULL;
	} else if (req->method == BOOK_RESERVE && body.id != req->slot)
		snprintf(a->error, sizeof a->error, "reply names slot %u",
		    body.id);
	resv_body_free(&body);
}

/* The message of an error body, for the log. */
static void
httpw_error_text(struct httpw_attempt *a)
{
	struct resv_body	 body;
	char			*cause = NULL;

	if (a->len == 0) {
		snprintf(a->error, sizeof a->error, "HTTP %d", a->status);
		return;
	}
	if (resv_parse(a->body, a->len, RESV_ERROR, &body, &cause) == 0) {
		snprintf(a->error, sizeof a->error, "%s", body.message);
		resv_body_free(&body);
	} else {
		snprintf(a->error, sizeof a->error, "HTTP %d, %s", a->status,
		    cause);
		free(cause);
	}
}

static void
httpw_log_attempt(struct httpw *w, const struct book_req *req,
    const struct httpw_attempt *a, uint64_t wall, uint64_t latency,
    unsigned attempt)
{
	struct httpw_item	item;

	memset(&item, 0, sizeof item);
	item.kind = HTTPW_LOG;
	item.log.time_ms = wall;
	item.log.req_id = req->id;
	item.log.svc = req->svc;
	item.log.method = req->method;
	book_req_path(req, item.log.path, sizeof item.log.path);
	item.log.status = a->transport == RETRY_REPLY ? a->status : 0;
	snprintf(item.log.error, sizeof item.log.error, "%s", a->error);
	item.log.latency_ms = latency;
	item.log.attempt = attempt;
	httpw_post(w, &item);
}

static void
httpw_run(struct httpw *w, const struct book_req *req)
{
	struct retry_state	 st = { 0, false };
	struct httpw_item	 item;
	struct httpw_attempt	 a;
	enum book_outcome	 out = BOOK_OUT_UNKNOWN;
	uint64_t		 start, wall, wait;
	int			 status;

	memset(&item, 0, sizeof item);
	memset(&a, 0, sizeof a);
	item.kind = HTTPW_RESULT;
	item.result.req = *req;
	for (;;) {
		if (httpw_token(w, req->svc) == -1)
			break;
		st.attempts++;
		httpw_attempt_free(&a);
		wall = (uint64_t)clock_wall_ms();
		start = clock_mono_ms();
		httpw_conn_perform(&w->conn[req->svc], req, &a);
		pthread_mutex_lock(&w->lock);
		w->done_ms[req->svc] = clock_mono_ms();
		pthread_mutex_unlock(&w->lock);
		if (a.transport == RETRY_REPLY && a.status == 200)
			httpw_decode(req, &a, &item.result);
		else if (a.transport == RETRY_REPLY)
			httpw_error_text(&a);
		httpw_log_attempt(w, req, &a, wall, clock_mono_ms() - start,
		    st.attempts);
		status = a.transport == RETRY_REPLY ? a.status : 0;
		if (retry_classify(&w->cfg.retry, &st, req->method, a.transport,
		    status, &out) == RETRY_FINAL)
			break;
		wait = retry_backoff_ms(&w->cfg.retry, st.attempts,
		    a.has_retry_after ? a.retry_after_ms : 0, httpw_rnd, w);
		pthread_mutex_lock(&w->lock);
		httpw_sleep_until(w, clock_mono_ms() + wait);
		pthread_mutex_unlock(&w->lock);
	}
	if (atomic_load(&w->stop)) {
		httpw_attempt_free(&a);
		book_result_free(&item.result);
		return;
	}
	item.result.outcome = out;
	item.result.status = a.transport == RETRY_REPLY ? a.status : 0;
	item.result.attempts = st.attempts;
	if (a.error[0] != '\0')
		item.result.error = xstrdup(a.error);
	if (out != BOOK_OUT_OK) {
		free(item.result.slots);
		item.result.slots = NULL;
		item.result.nslots = 0;
	}
	httpw_attempt_free(&a);
	httpw_post(w, &item);
}

static void *
httpw_main(void *arg)
{
	struct httpw		*w = arg;
	struct httpw_node	*n;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (!atomic_load(&w->stop) && w->in.head == NULL)
			pthread_cond_wait(&w->cond, &w->lock);
		n = atomic_load(&w->stop) ? NULL : httpw_list_pop(&w->in);
		pthread_mutex_unlock(&w->lock);
		if (n == NULL)
			return NULL;
		httpw_run(w, &n->req);
		free(n);
	}
}

/* Undo httpw_start once the thread is gone or was never started. */
static void
httpw_release(struct httpw *w)
{
	for (int s = 0; s < BOOK_NSVC; s++) {
		httpw_conn_close(&w->conn[s]);
		free(w->url[s]);
		free(w->key[s]);
	}
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
	curl_global_cleanup();
}

struct httpw *
httpw_start(const struct httpw_config *cfg, httpw_wake_cb wake, void *arg,
    char **cause)
{
	struct httpw		*w = xcalloc(1, sizeof *w);
	pthread_condattr_t	 ca;
	int			 s, rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*cause = xstrdup("curl_global_init failed");
		free(w);
		return NULL;
	}
	w->cfg = *cfg;
	w->wake = wake;
	w->wake_arg = arg;
	w->rnd = (uint64_t)clock_wall_ms() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
	atomic_init(&w->stop, false);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	for (s = 0; s < BOOK_NSVC; s++) {
		bucket_init(&w->bucket[s], cfg->rate_mhz, cfg->burst);
		w->bucket[s].interval_ms += cfg->guard_ms;
		w->url[s] = xstrdup(cfg->url[s]);
		w->key[s] = xstrdup(cfg->key[s]);
		w->cfg.url[s] = w->url[s];
		w->cfg.key[s] = w->key[s];
		if (httpw_conn_open(&w->conn[s], w->url[s], w->key[s], cfg,
		    &w->stop, cause) == -1)
			goto fail;
	}
	if ((rc = pthread_create(&w->thread, NULL, httpw_main, w)) != 0) {
		*cause = xasprintf("pthread_create: %s", strerror(rc));
		goto fail;
	}
	return w;
fail:
	httpw_release(w);
	return NULL;
}

void
httpw_stop(struct httpw *w)
{
	struct httpw_node	*n;

	pthread_mutex_lock(&w->lock);
	atomic_store(&w->stop, true);
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while ((n = httpw_list_pop(&w->in)) != NULL)
		free(n);
	while ((n = httpw_list_pop(&w->out)) != NULL) {
		if (n->item.kind == HTTPW_RESULT)
			book_result_free(&n->item.result);
		free(n);
	}
	httpw_release(w);
}

void
httpw_submit(struct httpw *w, const struct book_req *req)
{
	struct httpw_node	*n = xcalloc(1, sizeof *n);

	n->req = *req;
	pthread_mutex_lock(&w->lock);
	httpw_list_push(&w->in, n);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int
httpw_take(struct httpw *w, struct httpw_item *item)
{
	struct httpw_node	*n;

	pthread_mutex_lock(&w->lock);
	n = httpw_list_pop(&w->out);
	pthread_mutex_unlock(&w->lock);
	if (n == NULL)
		return 0;
	*item = n->item;
	free(n);
	return 1;
}

uint64_t
httpw_ready_in(struct httpw *w, enum book_svc svc)
{
	uint64_t	wait;

	pthread_mutex_lock(&w->lock);
	wait = httpw_wait_locked(w, svc, clock_mono_ms());
	pthread_mutex_unlock(&w->lock);
	return wait;
}
