/*
 * The state of a running hcwed-slotd: one slot book per service, kept in
 * step with the store, the key lookup and the rate rule.  HTTP-free, so
 * the bots and the HTTP front share it.
 *
 * Changes are committed in batches by src/slotcommit.c; the caller must
 * not report a change to anyone before its batch is committed.
 */
#ifndef HC_SLOTSVC_H
#define HC_SLOTSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/slotd/slotbook.h"
#include "src/slotd/slotstore.h"

enum slotsvc_service {
	SLOTSVC_HOTEL,
	SLOTSVC_BAND,
	SLOTSVC_NSERVICES
};

enum slotsvc_rate {
	SLOTSVC_RATE_OFF,
	SLOTSVC_RATE_COUNT,
	SLOTSVC_RATE_ENFORCE,
};

struct slotsvc_conf {
	unsigned		nslots;
	unsigned		max_holds;
	enum slotsvc_rate	rate;
	unsigned long long	journal_max;	/* rows; 0: no bound */
};

struct slotsvc_key {
	int64_t	id;
	char	kind[8];	/* "hotel", "band" or "admin" */
	char	name[64];
};

struct event_base;
struct slotsvc;

/*
 * Open the database at path (one connection for reads on the loop
 * thread, one for the commit thread) and load holds and blocks.
 */
struct slotsvc	*slotsvc_new(const struct slotsvc_conf *, struct event_base *,
		    const char *path, char **cause);
/* Commits what is left, then frees everything. */
void		 slotsvc_free(struct slotsvc *);
/* Called on the loop thread when batch seq is on disk (or failed). */
void		 slotsvc_set_done(struct slotsvc *,
		    void (*)(void *, uint64_t seq, bool ok), void *);

const char	*slotsvc_service_name(enum slotsvc_service);
/* 0 and *out for "hotel" or "band"; -1 otherwise. */
int		 slotsvc_service_parse(const char *, enum slotsvc_service *);
struct slotbook	*slotsvc_book(struct slotsvc *, enum slotsvc_service);
/* The loop thread's connection: reads, and the rare direct write. */
struct slotstore *slotsvc_store(struct slotsvc *);
enum slotsvc_rate slotsvc_rate_mode(const struct slotsvc *);

/*
 * 1 and *out if key[0..len) is an active key, 0 if it is not, -1 with a
 * malloc'd *cause if the store could not be read.
 */
int		 slotsvc_auth(struct slotsvc *, const char *key, size_t len,
		    struct slotsvc_key *out, char **cause);
/*
 * The one-request-per-second rule: whether key_id's previous request was
 * less than a second before now.  Records now as its latest request.
 */
bool		 slotsvc_rate_hit(struct slotsvc *, int64_t key_id,
		     uint64_t now_ms);

/*
 * Reserve or cancel: the slotbook code (200, 403, 409, 451).  A change
 * joins batch slotsvc_collecting() and must not be reported before it is
 * committed.
 */
int		 slotsvc_reserve(struct slotsvc *, enum slotsvc_service,
		     unsigned slot, int64_t key_id, int64_t now_ms);
int		 slotsvc_cancel(struct slotsvc *, enum slotsvc_service,
		     unsigned slot, int64_t key_id);
void		 slotsvc_block(struct slotsvc *, enum slotsvc_service,
		     unsigned from, unsigned to, bool blocked);
/*
 * A request refused before a key was checked (401, 404, 405, 400): counted
 * since the start, never journaled.
 */
void		 slotsvc_count_refused(struct slotsvc *, int code);
uint64_t	 slotsvc_refused(const struct slotsvc *, int code);
void		 slotsvc_journal(struct slotsvc *,
		     const struct slotstore_entry *);

uint64_t	 slotsvc_collecting(const struct slotsvc *);
/* Whether key_id has changes not yet committed. */
bool		 slotsvc_key_dirty(const struct slotsvc *, int64_t key_id);
/* Commit everything recorded so far and wait for it. */
void		 slotsvc_drain(struct slotsvc *);
/*
 * Pick up keys and blocks changed by the staff commands.  If the store
 * cannot be read, logs it and keeps the blocks it has until a later poll
 * reads them whole.
 */
void		 slotsvc_poll(struct slotsvc *);

#endif
