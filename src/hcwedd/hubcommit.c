#include "config.h"

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "src/base/log.h"
#include "src/base/worker.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hubcommit.h"
#include "src/hcwedd/store.h"

/*
 * One checkpoint per stretch of log.  A checkpoint beside the commits
 * copies the log as far as the newest commit when it began; it finishes
 * (COPIED) with the commits that came meanwhile still to copy, and only
 * once they are copied may the next commit start the log over.  The
 * committer does that copy itself, with the next batch (finish), when
 * nobody else can add to the log.
 */
enum hubcommit_ckpt {
	CKPT_IDLE,
	CKPT_RUNNING,
	CKPT_COPIED,
};

struct hubcommit {
	struct hub		*hub;
	int64_t			(*now)(void);
	struct event		*ev_flush;

	/* NULL without a path: commit in the loop. */
	struct worker		*committer;
	struct store		*commit_store;
	struct hub_batch	*batch;		/* in the committer's hands */
	/* The committer's copy of ckpt == CKPT_COPIED, for this batch. */
	bool			 finish;
	char			*finish_cause;
	size_t			 wal_pages;	/* after the last commit */

	struct worker		*checkpointer;
	struct store		*checkpoint_store;
	enum hubcommit_ckpt	 ckpt;
	size_t			 ckpt_pages;
	size_t			 ckpt_at;	/* log pages that start one */
	bool			 ckpt_restart;
	int			 ckpt_passes;
	char			*ckpt_cause;
	struct hubcommit_stats	 stats;
};

static void
hubcommit_run(void *arg)
{
	struct hubcommit	*hc = arg;
	size_t			 copied;

	/* A failure leaves its cause for the loop to log. */
	if (hc->finish)
		(void)store_checkpoint(hc->commit_store, false, &copied,
		    &hc->finish_cause);
	hub_batch_store(hc->batch, hc->commit_store);
	hc->wal_pages = store_wal_pages(hc->commit_store);
}

/*
 * Each pass copies what the commits added during the one before and
 * syncs it, so the passes shrink and the committer's finishing copy has
 * little to write and less to sync.
 */
static void
hubcommit_checkpoint(void *arg)
{
	struct hubcommit	*hc = arg;
	struct store		*st = hc->checkpoint_store;
	size_t			 copied, before = 0;

	for (hc->ckpt_passes = 1; ; hc->ckpt_passes++) {
		if (store_checkpoint(st, hc->ckpt_restart, &copied,
		    &hc->ckpt_cause) != 0 ||
		    store_checkpoint_sync(st, &hc->ckpt_cause) != 0)
			return;
		if (hc->ckpt_restart ||
		    copied < before + HUBCOMMIT_FINISH_PAGES ||
		    hc->ckpt_passes == HUBCOMMIT_CHECKPOINT_PASSES)
			return;
		before = copied;
	}
}

static void
hubcommit_cause(char **cause)
{
	if (*cause != NULL) {
		log_warn("checkpoint: %s", *cause);
		free(*cause);
		*cause = NULL;
	}
}

static void
hubcommit_checkpointed(void *arg)
{
	struct hubcommit	*hc = arg;

	hc->stats.passes += (uint64_t)hc->ckpt_passes;
	log_debug("checkpoint: %d passes%s", hc->ckpt_passes,
	    hc->ckpt_restart ? ", restart" : "");
	hc->ckpt = CKPT_COPIED;
	hubcommit_cause(&hc->ckpt_cause);
}

static void
hubcommit_done(void *arg)
{
	struct hubcommit	*hc = arg;
	struct hub_batch	*b = hc->batch;

	hc->batch = NULL;
	hub_batch_done(hc->hub, b);
	hubcommit_kick(hc);
	hc->stats.commits++;
	if (hc->finish) {
		hc->finish = false;
		hc->ckpt = CKPT_IDLE;
		hubcommit_cause(&hc->finish_cause);
	}
	if (hc->wal_pages < hc->stats.wal_pages) {
		hc->stats.log_restarts++;
		hc->ckpt_at = hc->ckpt_pages;
	}
	hc->stats.wal_pages = hc->wal_pages;
	/* Held by a reader, the log goes on: the next waits as long again. */
	if (hc->ckpt == CKPT_IDLE && hc->wal_pages >= hc->ckpt_at) {
		hc->ckpt = CKPT_RUNNING;
		hc->ckpt_at = hc->wal_pages + hc->ckpt_pages;
		hc->ckpt_restart = hc->wal_pages >=
		    HUBCOMMIT_CHECKPOINT_MAX * hc->ckpt_pages;
		hc->stats.checkpoints++;
		worker_start(hc->checkpointer, hubcommit_checkpoint,
		    hubcommit_checkpointed, hc);
	}
}

/* hub_flush(), at the end: the batch in hand done now. */
static void
hubcommit_wait(void *arg)
{
	struct hubcommit	*hc = arg;

	worker_wait(hc->committer);
}

/* A request waits for the pending batch: take it in this loop turn. */
static void
hubcommit_held(void *arg)
{
	hubcommit_kick(arg);
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
	hc->finish = hc->ckpt == CKPT_COPIED;
	worker_start(hc->committer, hubcommit_run, hubcommit_done, hc);
}

struct hubcommit *
hubcommit_new(struct event_base *base, struct hub *hub, const char *path,
    size_t checkpoint_pages, int64_t (*now)(void), char **cause)
{
	struct hubcommit	*hc = xcalloc(1, sizeof *hc);

	hc->hub = hub;
	hc->now = now;
	hc->ckpt_pages = hc->ckpt_at = checkpoint_pages;
	if (path != NULL) {
		/* SQLite connections are one thread's at a time. */
		if (store_open_writer(path, &hc->commit_store, cause) != 0 ||
		    store_open_writer(path, &hc->checkpoint_store,
		    cause) != 0) {
			if (hc->commit_store != NULL)
				store_close(hc->commit_store);
			free(hc);
			return NULL;
		}
		store_wal_defer(hc->commit_store);
		hc->committer = worker_new(base, "commit");
		hc->checkpointer = worker_new(base, "checkpoint");
		hub_set_wait(hub, hubcommit_wait, hc);
		hub_set_kick(hub, hubcommit_held, hc);
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
hubcommit_stats(const struct hubcommit *hc, struct hubcommit_stats *stats)
{
	*stats = hc->stats;
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
		hub_set_kick(hc->hub, NULL, NULL);
		store_close(hc->commit_store);
		store_close(hc->checkpoint_store);
	}
	event_free(hc->ev_flush);
	free(hc);
}
