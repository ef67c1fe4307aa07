/*
 * The state of a running hcwed-slotd: one slot book per service, kept in
 * step with the store, the key lookup and the rate rule.  HTTP-free, so
 * the bots and the HTTP front share it.
 *
 * Changes join the store's open transaction; slotsvc_commit() commits
 * them.  The caller must not report a change to anyone before that.
 */
#ifndef HC_SLOTSVC_H
#define HC_SLOTSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/slotbook.h"
#include "src/slotstore.h"

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
};

struct slotsvc_key {
	int64_t	id;
	char	kind[8];	/* "hotel", "band" or "admin" */
	char	name[64];
};

struct slotsvc;

/* Takes over st (closed by slotsvc_free); loads holds and blocks. */
struct slotsvc	*slotsvc_new(const struct slotsvc_conf *, struct slotstore *,
		    char **cause);
void		 slotsvc_free(struct slotsvc *);

const char	*slotsvc_service_name(enum slotsvc_service);
/* 0 and *out for "hotel" or "band"; -1 otherwise. */
int		 slotsvc_service_parse(const char *, enum slotsvc_service *);
struct slotbook	*slotsvc_book(struct slotsvc *, enum slotsvc_service);
struct slotstore *slotsvc_store(struct slotsvc *);
enum slotsvc_rate slotsvc_rate_mode(const struct slotsvc *);

/* 1 and *out if key[0..len) is an active key, else 0. */
int		 slotsvc_auth(struct slotsvc *, const char *key, size_t len,
		    struct slotsvc_key *out);
/*
 * The one-request-per-second rule: whether key_id's previous request was
 * less than a second before now.  Records now as its latest request.
 */
bool		 slotsvc_rate_hit(struct slotsvc *, int64_t key_id,
		     uint64_t now_ms);

/*
 * Reserve or cancel: the slotbook code (200, 403, 409, 451), or 500 with
 * *cause when the store refused the change (the book is then unchanged).
 */
int		 slotsvc_reserve(struct slotsvc *, enum slotsvc_service,
		     unsigned slot, int64_t key_id, int64_t now_ms,
		     char **cause);
int		 slotsvc_cancel(struct slotsvc *, enum slotsvc_service,
		     unsigned slot, int64_t key_id, char **cause);
/* Block or release slots from..to; -1 with *cause on a store error. */
int		 slotsvc_block(struct slotsvc *, enum slotsvc_service,
		     unsigned from, unsigned to, bool blocked, char **cause);
/* Add a journal entry to the open transaction (errors are logged). */
void		 slotsvc_journal(struct slotsvc *,
		     const struct slotstore_entry *);

/* Whether the open transaction holds changes (not just journal rows). */
bool		 slotsvc_changes_pending(const struct slotsvc *);
bool		 slotsvc_pending(const struct slotsvc *);
/*
 * Commit the open transaction.  On failure the books are reloaded from
 * the store, so memory never shows a change the disk does not have.
 */
int		 slotsvc_commit(struct slotsvc *, char **cause);
/* Pick up keys and blocks changed by other processes (the CLI). */
void		 slotsvc_poll(struct slotsvc *);

#endif
