#include "config.h"

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "src/hub.h"
#include "src/hubcommit.h"
#include "src/log.h"
#include "src/store.h"
#include "src/worker.h"
#include "src/xmalloc.h"

struct hubcommit {
	struct hub		*hub;
	int64_t			(*now)(void);
	struct event		*ev_flush;

	/* NULL without a path: commit in the loop. */
	struct worker		*committer;
	struct store		*commit_store;
	struct hub_batch	*batch;		/* in the committer's hands */
	size_t			 wal_pages;	/* after the last commit */

	struct worker		*checkpointer;
	struct store		*checkpoint_store;
	bool			 checkpoint_restart;
	char			*checkpoint_cause;
};

static void
hubcommit_run(void *arg)
{
	struct hubcommit	*hc = arg;

	hub_batch_store(hc->batch, hc->commit_store);
	hc->wal_pages = store_wal_pages(hc->commit_store);
}

static void
hubcommit_checkpoint(void *arg)
{
	struct hubcommit	*hc = arg;

	/* A failure leaves its cause for the loop to log. */
	(void)store_checkpoint(hc->checkpoint_store, hc->checkpoint_restart,
	    &hc->checkpoint_cause);
}

static void
hubcommit_checkpointed(void *arg)
{
	struct hubcommit	*hc = arg;

	if (hc->checkpoint_cause != NULL) {
		log_warn("checkpoint: %s", hc->checkpoint_cause);
		free(hc->checkpoint_cause);
		hc->checkpoint_cause = NULL;
	}
}

static void
hubcommit_done(void *arg)
{
	struct hubcommit	*hc = arg;
	struct hub_batch	*b = hc->batch;

	hc->batch = NULL;
	hub_batch_done(hc->hub, b);
	hubcommit_kick(hc);
	if (hc->wal_pages >= HUBCOMMIT_CHECKPOINT_PAGES &&
	    !worker_busy(hc->checkpointer)) {
		hc->checkpoint_restart = hc->wal_pages >=
		    HUBCOMMIT_CHECKPOINT_MAX_PAGES;
		worker_start(hc->checkpointer, hubcommit_checkpoint,
		    hubcommit_checkpointed, hc);
	}
}

/* The hub needs the batch in hand done now. */
static void
hubcommit_wait(void *arg)
{
	struct hubcommit	*hc = arg;

	worker_wait(hc->committer);
}

static void
hubcommit_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hubcommit	*hc = arg;

	if (hc->committer == NULL) {
		hub_flush(hc->hub, hc->now());
		return;
	}
	/* A batch in hand kicks again when it is done. */
	if (worker_busy(hc->committer) ||
	    (hc->batch = hub_batch_take(hc->hub, hc->now())) == NULL)
		return;
	worker_start(hc->committer, hubcommit_run, hubcommit_done, hc);
}

struct hubcommit *
hubcommit_new(struct event_base *base, struct hub *hub, const char *path,
    int64_t (*now)(void), char **cause)
{
	struct hubcommit	*hc = xcalloc(1, sizeof *hc);

	hc->hub = hub;
	hc->now = now;
	if (path != NULL) {
		/* SQLite connections are one thread's at a time. */
		if (store_open(path, &hc->commit_store, cause) != 0 ||
		    store_open(path, &hc->checkpoint_store, cause) != 0) {
			if (hc->commit_store != NULL)
				store_close(hc->commit_store);
			free(hc);
			return NULL;
		}
		store_wal_defer(hc->commit_store);
		hc->committer = worker_new(base, "commit");
		hc->checkpointer = worker_new(base, "checkpoint");
		hub_set_wait(hub, hubcommit_wait, hc);
	}
	hc->ev_flush = event_new(base, -1, 0, hubcommit_flush_cb, hc);
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
	if (hc->committer != NULL) {
		worker_free(hc->committer);
		worker_free(hc->checkpointer);
		hub_set_wait(hc->hub, NULL, NULL);
		store_close(hc->commit_store);
		store_close(hc->checkpoint_store);
	}
	event_free(hc->ev_flush);
	free(hc);
}
