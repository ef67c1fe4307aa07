/*
 * Group commit for hcwed-slotd.  The loop thread records changes and
 * journal rows in memory; a worker thread writes each batch to the store
 * in one transaction and commits it (synchronous=FULL), while the loop
 * goes on serving and collects the next batch.  When a batch is on disk
 * the loop is told through done(arg, seq, ok), on the loop thread.
 *
 * Batches are numbered: a change recorded now belongs to batch
 * slotcommit_collecting(), and may be reported to a client once done()
 * has been called with that number or a later one.  When a batch fails,
 * the one collecting behind it is dropped with it: done(arg, seq, false)
 * then names the dropped batch, and nothing is in flight or collecting
 * while done() runs, so the store holds exactly what was committed.
 *
 * The worker owns the store given to slotcommit_new() until
 * slotcommit_free(), which commits what is left, stops the worker and
 * closes that store.  Strings passed in are copied.
 */
#ifndef HC_SLOTCOMMIT_H
#define HC_SLOTCOMMIT_H

#include <stdbool.h>
#include <stdint.h>

struct event_base;
struct slotstore;
struct slotstore_entry;
struct slotcommit;

struct slotcommit	*slotcommit_new(struct event_base *, struct slotstore *,
			    void (*done)(void *, uint64_t seq, bool ok),
			    void *arg);
void			 slotcommit_free(struct slotcommit *);

/* key_id 0 removes the hold. */
void		slotcommit_hold(struct slotcommit *, const char *service,
		    unsigned slot, int64_t key_id, int64_t now_ms);
void		slotcommit_block(struct slotcommit *, const char *service,
		    unsigned slot, bool blocked);
void		slotcommit_journal(struct slotcommit *,
		    const struct slotstore_entry *);

uint64_t	slotcommit_collecting(const struct slotcommit *);
uint64_t	slotcommit_committed(const struct slotcommit *);
/* Whether a block or release is collecting or on its way to disk. */
bool		slotcommit_blocks_pending(const struct slotcommit *);
/* Commit everything recorded so far and wait for it (at shutdown). */
void		slotcommit_drain(struct slotcommit *);

#endif
