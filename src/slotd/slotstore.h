/*
 * The durable state of hcwed-slotd in one SQLite file (WAL,
 * synchronous=FULL): key hashes, holds, staff blocks and the request
 * journal.  The only slotd file that talks to SQLite.
 *
 * Writes (hold, block, journal) join one open transaction that
 * slotstore_commit() ends: the service commits the changes of one loop
 * turn together and only then sends their replies.
 *
 * Errors return -1 with a malloc'd *cause the caller frees.  A read that
 * fails is such an error, never "none": no caller may act on what it did
 * not see.  Strings in the structs passed to callbacks live only for the
 * call.
 */
#ifndef HC_SLOTSTORE_H
#define HC_SLOTSTORE_H

#include <stdbool.h>
#include <stdint.h>

struct slotstore;

struct slotstore_key {
	int64_t		 id;
	const char	*name;
	const char	*kind;		/* "hotel", "band" or "admin" */
	bool		 revoked;
	int64_t		 created;	/* seconds since the epoch */
};

struct slotstore_entry {
	int64_t		 id;
	int64_t		 time_ms;	/* ms since the epoch */
	const char	*key;		/* key name, "" if none */
	const char	*service;
	const char	*method;
	const char	*slot;		/* as sent, NULL for list requests */
	int		 code;
	const char	*fault;
	uint64_t	 delay_ms;
	bool		 rate_violation;
};

/* The grouped counts that make up /admin/stats. */
enum slotstore_count {
	SLOTSTORE_BY_CODE,		/* k1 = code */
	SLOTSTORE_BY_KEY,		/* k1 = key name */
	SLOTSTORE_VIOLATIONS_BY_KEY,	/* k1 = key name */
	SLOTSTORE_HOLDS_BY_KEY,		/* k1 = service, k2 = key name */
};

struct slotstore	*slotstore_open(const char *path, char **cause);
/* Commits nothing: an open transaction is rolled back. */
void			 slotstore_close(struct slotstore *);

int	slotstore_key_add(struct slotstore *, const char *name,
	    const char *kind, const char *hash, int64_t now, char **cause);
/* 1 with the id, kind and name of the active key with hash, 0 if none. */
int	slotstore_key_find(struct slotstore *, const char *hash,
	    int64_t *id, char *kind, size_t kindsz, char *name, size_t namesz,
	    char **cause);
/* Id of name's active key of kind, 0 if none. */
int64_t	slotstore_key_id(struct slotstore *, const char *name,
	    const char *kind, char **cause);
/* Number of keys revoked, or -1. */
int	slotstore_key_revoke(struct slotstore *, const char *name,
	    char **cause);
int	slotstore_key_list(struct slotstore *,
	    void (*)(void *, const struct slotstore_key *), void *,
	    char **cause);

int	slotstore_holds_load(struct slotstore *, const char *service,
	    void (*)(void *, unsigned, int64_t), void *, char **cause);
int	slotstore_blocks_load(struct slotstore *, const char *service,
	    void (*)(void *, unsigned, int64_t), void *, char **cause);

int	slotstore_hold_put(struct slotstore *, const char *service,
	    unsigned slot, int64_t key_id, int64_t now_ms, char **cause);
int	slotstore_hold_del(struct slotstore *, const char *service,
	    unsigned slot, char **cause);
int	slotstore_block_set(struct slotstore *, const char *service,
	    unsigned slot, bool blocked, char **cause);
int	slotstore_journal_add(struct slotstore *,
	    const struct slotstore_entry *, char **cause);
/*
 * Keep only the newest rows journal rows (0: every row), trimming the
 * oldest as new ones are added: the bound is exceeded by at most 256.
 */
void	slotstore_set_journal_max(struct slotstore *, uint64_t rows);
/* Whether a transaction is open. */
bool	slotstore_pending(const struct slotstore *);
/* Commit the open transaction, if any, with full synchronisation. */
int	slotstore_commit(struct slotstore *, char **cause);
void	slotstore_rollback(struct slotstore *);

int	slotstore_journal_read(struct slotstore *, int64_t since,
	    unsigned limit, void (*)(void *, const struct slotstore_entry *),
	    void *, char **cause);
int	slotstore_count(struct slotstore *, enum slotstore_count,
	    void (*)(void *, const char *k1, const char *k2, int64_t n),
	    void *, char **cause);
/*
 * A counter the staff commands bump (in the open transaction) when they
 * change blocks or keys, so a running service knows to reload them.
 */
int	slotstore_generation(struct slotstore *, int64_t *out,
	    char **cause);
int	slotstore_touch(struct slotstore *, char **cause);

#endif
