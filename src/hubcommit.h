/*
 * The hub's group commit on an event loop: once per loop turn with
 * something pending, the pending batch is stored in one durable
 * transaction.  Given a store connection of its own, the commit runs on a
 * worker thread (src/worker.h) and the loop goes on collecting the next
 * batch meanwhile, so an ack waits for at most the commit in progress and
 * its own, and the loop never waits on the disk.  Without one, each batch
 * is committed on the loop thread (hub_flush).
 *
 * The hubcommit borrows the hub and the store; hubcommit_free() waits for
 * the batch in hand first.
 */
#ifndef HC_HUBCOMMIT_H
#define HC_HUBCOMMIT_H

#include <stdint.h>

struct event_base;
struct hub;
struct hubcommit;
struct store;

/* now() gives the time in ms since the epoch. */
struct hubcommit *hubcommit_new(struct event_base *, struct hub *,
		    struct store *, int64_t (*now)(void));
void		 hubcommit_free(struct hubcommit *);
/* Something may be pending: commit it in this loop turn. */
void		 hubcommit_kick(struct hubcommit *);

#endif
