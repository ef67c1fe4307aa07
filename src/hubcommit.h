/*
 * The hub's group commit on an event loop: once per loop turn with
 * something pending, the pending batch is stored in one durable
 * transaction.  Given the database's path, the commit runs on a worker
 * thread (src/worker.h) with a connection of its own, and the loop goes on
 * collecting the next batch meanwhile, so an ack waits for at most the
 * commit in progress and its own, and the loop never waits on the disk.
 * A second worker, with a third connection, copies the write-ahead log
 * back into the database when it has grown (store_checkpoint), so no
 * commit pays for that either.  Without a path, each batch is committed
 * on the loop thread (hub_flush) with SQLite's own checkpoints.
 *
 * The hubcommit borrows the hub and owns its connections;
 * hubcommit_free() waits for the work in hand first.
 */
#ifndef HC_HUBCOMMIT_H
#define HC_HUBCOMMIT_H

#include <stdint.h>

struct event_base;
struct hub;
struct hubcommit;

/*
 * Log pages that make a checkpoint worth starting: 64 MiB of 2 KiB pages.
 * SQLite's default is 1000; a longer log lets a checkpoint write a page
 * changed by many commits once, and under load (BENCHMARKS.md) gave more
 * messages a second and a shorter tail.  A checkpoint beside the commits
 * may never catch up with the newest one, and only one that does lets the
 * log start over; past MAX, the checkpoint holds the commits back until it
 * has (a RESTART), so that the log cannot grow without end.
 */
#define HUBCOMMIT_CHECKPOINT_PAGES	32768
#define HUBCOMMIT_CHECKPOINT_MAX_PAGES	(4 * HUBCOMMIT_CHECKPOINT_PAGES)

/*
 * now() gives the time in ms since the epoch.  NULL and a malloc'd *cause
 * when path cannot be opened.
 */
struct hubcommit *hubcommit_new(struct event_base *, struct hub *,
		    const char *path, int64_t (*now)(void), char **cause);
void		 hubcommit_free(struct hubcommit *);
/* Something may be pending: commit it in this loop turn. */
void		 hubcommit_kick(struct hubcommit *);

#endif
