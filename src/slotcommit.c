#include "config.h"

#include <event2/event.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/log.h"
#include "src/slotcommit.h"
#include "src/slotstore.h"
#include "src/xmalloc.h"

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
	struct event		*wake_ev;
	bool			 kick_scheduled;
	int			 wake[2];	/* worker -> loop pipe */
	pthread_t		 thread;

	/* Loop thread only. */
	struct slotcommit_batch	 collecting;
	uint64_t		 committed;
	size_t			 blocks_collecting;
	size_t			 blocks_handed;

	/* Shared, under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct slotcommit_batch	 handed;	/* nops == 0: none */
	bool			 busy;
	bool			 finished;	/* handed batch is on disk */
	bool			 ok;
	bool			 stop;
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

static void *
slotcommit_worker(void *arg)
{
	struct slotcommit	*sc = arg;
	struct slotcommit_batch	 b;
	bool			 ok;
	char			 c = 1;

	pthread_mutex_lock(&sc->lock);
	for (;;) {
		while ((!sc->busy || sc->finished) && !sc->stop)
			pthread_cond_wait(&sc->cond, &sc->lock);
		if (!sc->busy || sc->finished)
			break;
		b = sc->handed;
		pthread_mutex_unlock(&sc->lock);
		ok = slotcommit_write(sc->st, &b);
		pthread_mutex_lock(&sc->lock);
		sc->ok = ok;
		sc->finished = true;
		pthread_cond_broadcast(&sc->cond);
		/* A full pipe already wakes the loop. */
		while (write(sc->wake[1], &c, 1) == -1 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

/* Hand the collecting batch over if the worker is free. */
static void
slotcommit_kick(struct slotcommit *sc)
{
	uint64_t	next;

	sc->kick_scheduled = false;
	if (sc->collecting.nops == 0)
		return;
	pthread_mutex_lock(&sc->lock);
	if (!sc->busy) {
		next = sc->collecting.seq + 1;
		sc->handed = sc->collecting;
		memset(&sc->collecting, 0, sizeof sc->collecting);
		sc->collecting.seq = next;
		sc->blocks_handed = sc->blocks_collecting;
		sc->blocks_collecting = 0;
		sc->busy = true;
		sc->finished = false;
		pthread_cond_broadcast(&sc->cond);
	}
	pthread_mutex_unlock(&sc->lock);
}

/*
 * Loop thread: report a finished batch, then start the next one.  The
 * report comes first, so that whoever reloads from the store after a
 * failure sees no batch in flight.  A failure fails the batch collecting
 * behind it too: its changes were decided on a memory that the failed
 * batch's changes had shaped and that is about to be reloaded from disk.
 */
static void
slotcommit_reap(struct slotcommit *sc)
{
	struct slotcommit_batch	b;
	bool			ok;
	uint64_t		next;

	pthread_mutex_lock(&sc->lock);
	if (!sc->busy || !sc->finished) {
		pthread_mutex_unlock(&sc->lock);
		return;
	}
	b = sc->handed;
	memset(&sc->handed, 0, sizeof sc->handed);
	ok = sc->ok;
	sc->busy = false;
	pthread_mutex_unlock(&sc->lock);
	sc->committed = b.seq;
	sc->blocks_handed = 0;
	slotcommit_batch_clear(&b);
	if (!ok) {
		if (sc->collecting.nops > 0)
			log_error("batch %llu dropped after the failure",
			    (unsigned long long)sc->collecting.seq);
		sc->committed = next = sc->collecting.seq;
		slotcommit_batch_clear(&sc->collecting);
		sc->collecting.seq = next + 1;
		sc->blocks_collecting = 0;
	}
	sc->done(sc->arg, sc->committed, ok);
	slotcommit_kick(sc);
}

static void
slotcommit_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	slotcommit_kick(arg);
}

static void
slotcommit_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	char	buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	slotcommit_reap(arg);
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
	if (pipe2(sc->wake, O_NONBLOCK | O_CLOEXEC) != 0)
		log_fatal("pipe");
	pthread_mutex_init(&sc->lock, NULL);
	pthread_cond_init(&sc->cond, NULL);
	sc->kick_ev = event_new(base, -1, 0, slotcommit_kick_cb, sc);
	sc->wake_ev = event_new(base, sc->wake[0], EV_READ | EV_PERSIST,
	    slotcommit_wake_cb, sc);
	event_add(sc->wake_ev, NULL);
	if (pthread_create(&sc->thread, NULL, slotcommit_worker, sc) != 0)
		log_fatalx("cannot start the commit thread");
	return sc;
}

void
slotcommit_drain(struct slotcommit *sc)
{
	for (;;) {
		pthread_mutex_lock(&sc->lock);
		while (sc->busy && !sc->finished)
			pthread_cond_wait(&sc->cond, &sc->lock);
		pthread_mutex_unlock(&sc->lock);
		slotcommit_reap(sc);
		if (sc->collecting.nops == 0 && !sc->busy)
			return;
		slotcommit_kick(sc);
	}
}

void
slotcommit_free(struct slotcommit *sc)
{
	if (sc == NULL)
		return;
	slotcommit_drain(sc);
	pthread_mutex_lock(&sc->lock);
	sc->stop = true;
	pthread_cond_broadcast(&sc->cond);
	pthread_mutex_unlock(&sc->lock);
	pthread_join(sc->thread, NULL);
	event_free(sc->kick_ev);
	event_free(sc->wake_ev);
	close(sc->wake[0]);
	close(sc->wake[1]);
	pthread_mutex_destroy(&sc->lock);
	pthread_cond_destroy(&sc->cond);
	slotcommit_batch_clear(&sc->collecting);
	slotstore_close(sc->st);
	free(sc);
}
