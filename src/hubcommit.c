#include "config.h"

#include <event2/event.h>
#include <stdlib.h>

#include "src/hub.h"
#include "src/hubcommit.h"
#include "src/worker.h"
#include "src/xmalloc.h"

struct hubcommit {
	struct hub		*hub;
	struct store		*store;		/* the worker's connection */
	int64_t			(*now)(void);
	struct event		*ev_flush;
	struct worker		*worker;	/* NULL: commit in the loop */
	struct hub_batch	*batch;		/* in the worker's hands */
};

static void
hubcommit_run(void *arg)
{
	struct hubcommit	*hc = arg;

	hub_batch_store(hc->batch, hc->store);
}

static void
hubcommit_done(void *arg)
{
	struct hubcommit	*hc = arg;
	struct hub_batch	*b = hc->batch;

	hc->batch = NULL;
	hub_batch_done(hc->hub, b);
	hubcommit_kick(hc);
}

/* The hub needs the batch in hand done now. */
static void
hubcommit_wait(void *arg)
{
	struct hubcommit	*hc = arg;

	worker_wait(hc->worker);
}

static void
hubcommit_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hubcommit	*hc = arg;

	if (hc->worker == NULL) {
		hub_flush(hc->hub, hc->now());
		return;
	}
	/* A batch in hand kicks again when it is done. */
	if (worker_busy(hc->worker) ||
	    (hc->batch = hub_batch_take(hc->hub, hc->now())) == NULL)
		return;
	worker_start(hc->worker, hubcommit_run, hubcommit_done, hc);
}

struct hubcommit *
hubcommit_new(struct event_base *base, struct hub *hub, struct store *store,
    int64_t (*now)(void))
{
	struct hubcommit	*hc = xcalloc(1, sizeof *hc);

	hc->hub = hub;
	hc->store = store;
	hc->now = now;
	hc->ev_flush = event_new(base, -1, 0, hubcommit_flush_cb, hc);
	if (store != NULL) {
		hc->worker = worker_new(base, "commit");
		hub_set_wait(hub, hubcommit_wait, hc);
	}
	return hc;
}

void
hubcommit_kick(struct hubcommit *hc)
{
	if (hub_pending(hc->hub))
		event_active(hc->ev_flush, EV_TIMEOUT, 0);
}

void
hubcommit_free(struct hubcommit *hc)
{
	if (hc == NULL)
		return;
	if (hc->worker != NULL) {
		worker_free(hc->worker);
		hub_set_wait(hc->hub, NULL, NULL);
	}
	event_free(hc->ev_flush);
	free(hc);
}
