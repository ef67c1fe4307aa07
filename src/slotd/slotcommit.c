#include "config.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/worker.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotcommit.h"
#include "src/slotd/slotstore.h"

enum slotcommit_kind {
	SLOTCOMMIT_HOLD,
	SLOTCOMMIT_BLOCK,
	SLOTCOMMIT_JOURNAL,
};

/* One recorded write; strings point into the batch's text arena. */
struct slotcommit_op {
	enum slotcommit_kind	 kind;
	const char		*service;
	unsigned		 slot;
	int64_t			 key_id;	/* hold: 0 removes */
	int64_t			 time_ms;
	bool			 blocked;
	struct slotstore_entry	 entry;
};

struct slotcommit_batch {
	uint64_t		 seq;
	struct slotcommit_op	*ops;
	size_t			 nops;
	size_t			 capops;
	char			**texts;	/* copies, freed with the batch */
	size_t			 ntexts;
	size_t			 captexts;
};

struct slotcommit {
	struct slotstore	*st;
	void			(*done)(void *, uint64_t, bool);
	void			*arg;
	struct event		*kick_ev;
	bool			 kick_scheduled;
	struct worker		*worker;

	struct slotcommit_batch	 collecting;
	uint64_t		 committed;
	size_t			 blocks_collecting;
	size_t			 blocks_handed;

	/* The worker's while it is busy. */
	struct slotcommit_batch	 handed;
	bool			 ok;
};

static void
slotcommit_batch_clear(struct slotcommit_batch *b)
{
	for (size_t i = 0; i < b->ntexts; i++)
		free(b->texts[i]);
	free(b->texts);
	free(b->ops);
	memset(b, 0, sizeof *b);
}

static const char *
slotcommit_text(struct slotcommit_batch *b, const char *s)
{
	if (s == NULL)
		return NULL;
	if (b->ntexts == b->captexts) {
		b->captexts = b->captexts == 0 ? 64 : b->captexts * 2;
		b->texts = xreallocarray(b->texts, b->captexts,
		    sizeof *b->texts);
	}
	return b->texts[b->ntexts++] = xstrdup(s);
}

static void
slotcommit_schedule(struct slotcommit *sc)
{
	if (!sc->kick_scheduled) {
		sc->kick_scheduled = true;
		event_active(sc->kick_ev, 0, 0);
	}
}

static struct slotcommit_op *
slotcommit_add(struct slotcommit *sc, enum slotcommit_kind kind)
{
	struct slotcommit_batch	*b = &sc->collecting;
	struct slotcommit_op	*op;

	if (b->nops == b->capops) {
		b->capops = b->capops == 0 ? 256 : b->capops * 2;
		b->ops = xreallocarray(b->ops, b->capops, sizeof *b->ops);
	}
	op = &b->ops[b->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	slotcommit_schedule(sc);
	return op;
}

void
slotcommit_hold(struct slotcommit *sc, const char *service, unsigned slot,
    int64_t key_id, int64_t now_ms)
{
	struct slotcommit_op	*op = slotcommit_add(sc, SLOTCOMMIT_HOLD);

	op->service = service;
	op->slot = slot;
	op->key_id = key_id;
	op->time_ms = now_ms;
}

void
slotcommit_block(struct slotcommit *sc, const char *service, unsigned slot,
    bool blocked)
{
	struct slotcommit_op	*op = slotcommit_add(sc, SLOTCOMMIT_BLOCK);

	op->service = service;
	op->slot = slot;
	op->blocked = blocked;
	sc->blocks_collecting++;
}

void
slotcommit_journal(struct slotcommit *sc, const struct slotstore_entry *e)
{
	struct slotcommit_op	*op = slotcommit_add(sc, SLOTCOMMIT_JOURNAL);
	struct slotcommit_batch	*b = &sc->collecting;

	op->entry = *e;
	op->entry.key = slotcommit_text(b, e->key);
	op->entry.method = slotcommit_text(b, e->method);
	op->entry.slot = slotcommit_text(b, e->slot);
	/* service and fault are static names. */
}

uint64_t
slotcommit_collecting(const struct slotcommit *sc)
{
	return sc->collecting.seq;
}

uint64_t
slotcommit_committed(const struct slotcommit *sc)
{
	return sc->committed;
}

bool
slotcommit_blocks_pending(const struct slotcommit *sc)
{
	return sc->blocks_collecting > 0 || sc->blocks_handed > 0;
}

/* Worker: write one batch in one transaction. */
static bool
slotcommit_write(struct slotstore *st, struct slotcommit_batch *b)
{
	struct slotcommit_op	*op;
	char			*cause = NULL;
	int			 rc = 0;

	for (size_t i = 0; i < b->nops && rc == 0; i++) {
		op = &b->ops[i];
		switch (op->kind) {
		case SLOTCOMMIT_HOLD:
			if (op->key_id != 0)
				rc = slotstore_hold_put(st, op->service, op->slot,
				    op->key_id, op->time_ms, &cause);
			else
				rc = slotstore_hold_del(st, op->service, op->slot,
				    &cause);
			break;
		case SLOTCOMMIT_BLOCK:
			rc = slotstore_block_set(st, op->service, op->slot,
			    op->blocked, &cause);
			break;
		case SLOTCOMMIT_JOURNAL:
			rc = slotstore_journal_add(st, &op->entry, &cause);
			break;
		}
	}
	if (rc == 0)
		rc = slotstore_commit(st, &cause);
	else
		slotstore_rollback(st);
	if (rc != 0) {
		log_error("commit of batch %llu failed: %s",
		    (unsigned long long)b->seq, cause);
		free(cause);
	}
	return rc == 0;
}

static void
slotcommit_run(void *arg)
{
	struct slotcommit	*sc = arg;

	sc->ok = slotcommit_write(sc->st, &sc->handed);
}

static void	slotcommit_reap(void *);

/* Hand the collecting batch over if the worker is free. */
static void
slotcommit_kick(struct slotcommit *sc)
{
	uint64_t	next;

	sc->kick_scheduled = false;
	if (sc->collecting.nops == 0 || worker_busy(sc->worker))
		return;
	next = sc->collecting.seq + 1;
	sc->handed = sc->collecting;
	memset(&sc->collecting, 0, sizeof sc->collecting);
	sc->collecting.seq = next;
	sc->blocks_handed = sc->blocks_collecting;
	sc->blocks_collecting = 0;
	worker_start(sc->worker, slotcommit_run, slotcommit_reap, sc);
}

/*
 * Loop thread: report a finished batch, then start the next one.  The
 * report comes first, so that whoever reloads from the store after a
 * failure sees no batch in flight.  A failure fails the batch collecting
 * behind it too: its changes were decided on a memory that the failed
 * batch's changes had shaped and that is about to be reloaded from disk.
 */
static void
slotcommit_reap(void *arg)
{
	struct slotcommit	*sc = arg;
	uint64_t		 next;

	sc->committed = sc->handed.seq;
	sc->blocks_handed = 0;
	slotcommit_batch_clear(&sc->handed);
	if (!sc->ok) {
		if (sc->collecting.nops > 0)
			log_error("batch %llu dropped after the failure",
			    (unsigned long long)sc->collecting.seq);
		sc->committed = next = sc->collecting.seq;
		slotcommit_batch_clear(&sc->collecting);
		sc->collecting.seq = next + 1;
		sc->blocks_collecting = 0;
	}
	sc->done(sc->arg, sc->committed, sc->ok);
	slotcommit_kick(sc);
}

static void
slotcommit_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	slotcommit_kick(arg);
}

struct slotcommit *
slotcommit_new(struct event_base *base, struct slotstore *st,
    void (*done)(void *, uint64_t, bool), void *arg)
{
	struct slotcommit	*sc = xcalloc(1, sizeof *sc);

	sc->st = st;
	sc->done = done;
	sc->arg = arg;
	/* Batch 0 is "before anything": the first real batch is 1. */
	sc->collecting.seq = 1;
	sc->kick_ev = event_new(base, -1, 0, slotcommit_kick_cb, sc);
	sc->worker = worker_new(base, "commit");
	return sc;
}

void
slotcommit_drain(struct slotcommit *sc)
{
	slotcommit_kick(sc);
	/* Each reap hands the next batch over. */
	while (worker_busy(sc->worker))
		worker_wait(sc->worker);
}

void
slotcommit_free(struct slotcommit *sc)
{
	if (sc == NULL)
		return;
	slotcommit_drain(sc);
	worker_free(sc->worker);
	event_free(sc->kick_ev);
	slotcommit_batch_clear(&sc->collecting);
	slotstore_close(sc->st);
	free(sc);
}
