/*
 * The hub's group commit on an event loop: once per loop turn with
 * something pending, the pending batch is stored in one durable
 * transaction.  Given the database's path, the commit runs on a worker
 * thread (src/worker.h) with a connection of its own, and the loop goes on
 * collecting the next batch meanwhile, so an ack waits for at most the
 * commit in progress and its own, and the loop never waits on the disk.
 * A second worker, with a third connection, copies the write-ahead log
 * back into the database when it has grown (store_checkpoint), so that
 * commits pay only for the last few pages of it.  The loop's own
 * connection then only reads: a request that must follow a pending send
 * waits for the committer's batch (hub_set_wait), and the loop never
 * commits, syncs or checkpoints.  Without a path, each batch is committed
 * on the loop thread (hub_flush) with SQLite's own checkpoints.
 *
 * The hubcommit borrows the hub and owns its connections;
 * hubcommit_free() waits for the work in hand first.
 */
#ifndef HC_HUBCOMMIT_H
#define HC_HUBCOMMIT_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct hub;
struct hubcommit;

/*
 * Log pages that make a checkpoint worth starting: 64 MiB of 2 KiB pages.
 * SQLite's default is 1000; a longer log lets a checkpoint write a page
 * changed by many commits once, and under load (BENCHMARKS.md) gave more
 * messages a second and a shorter tail.  A checkpoint copies in up to
 * PASSES passes, each what came in during the one before, until a pass
 * copies fewer than FINISH_PAGES; the committer then copies the rest and
 * the log starts over.  While a reader keeps the log from starting over,
 * the next checkpoint waits for as many pages again; past MAX times the
 * pages, the checkpoint holds the commits back until the whole log is
 * copied (a RESTART), so that the log cannot grow without end.
 */
#define HUBCOMMIT_CHECKPOINT_PAGES	32768
#define HUBCOMMIT_CHECKPOINT_PASSES	4
#define HUBCOMMIT_FINISH_PAGES		64
#define HUBCOMMIT_CHECKPOINT_MAX	4

/* What the commits and checkpoints have done, for tests and debugging. */
struct hubcommit_stats {
	uint64_t	commits;
	uint64_t	checkpoints;	/* started */
	uint64_t	passes;		/* by the checkpoints finished */
	uint64_t	log_restarts;	/* commits that started the log over */
	size_t		wal_pages;	/* the log's length after the last */
};

/*
 * now() gives the time in ms since the epoch; checkpoint_pages is
 * HUBCOMMIT_CHECKPOINT_PAGES but in tests.  NULL and a malloc'd *cause
 * when path cannot be opened.
 */
struct hubcommit *hubcommit_new(struct event_base *, struct hub *,
		    const char *path, size_t checkpoint_pages,
		    int64_t (*now)(void), char **cause);
void		 hubcommit_free(struct hubcommit *);
/* Something may be pending: commit it in this loop turn. */
void		 hubcommit_kick(struct hubcommit *);
void		 hubcommit_stats(const struct hubcommit *,
		    struct hubcommit_stats *);

#endif
