/*
 * The hcwedd store: accounts, messages and receipts behind a small
 * interface, so that another backend (PostgreSQL) can follow the SQLite one
 * (src/store_sqlite*.c).  A store is one connection, used by one thread at
 * a time; the server keeps one for its loop, one for committing and one
 * for checkpoints, all on the same file.
 *
 * Writes of the message path go through store_put_batch(), which commits
 * many messages and receipts in one durable transaction (group commit).
 *
 * Errors: -1 with a malloc'd *cause that the caller frees.  Arrays handed
 * out (users, messages, receipts) belong to the caller and are released
 * with the matching store_*_free().
 */
#ifndef HC_STORE_H
#define HC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/proto_types.h"

struct store;

struct store_user {
	char	 name[PROTO_NAME_MAX + 1];
	char	 display[PROTO_DISPLAY_MAX + 1];
	char	 role[PROTO_ROLE_MAX + 1];
	char	*hash;		/* argon2id string, owned; NULL in listings */
	int64_t	 created;	/* ms since the epoch */
	bool	 disabled;	/* login refused with 423 */
};

/* One message to store: the caller fills the inputs, the batch the rest. */
struct store_put_msg {
	const char		*from;
	const char		*to;		/* user name or "*" */
	const char		*body;
	size_t			 body_len;
	enum proto_priority	 priority;
	const char		*cid;
	const char		*addr;		/* the sender's, for the audit */
	/*
	 * The newest account change (store_account_changes) that was applied
	 * when from and to were found to exist: a later one, a deletion
	 * perhaps, has the store check them again.  0 before any.
	 */
	int64_t			 accounts_seen;
	int64_t			 ts;		/* in: now; out: stored ts */
	int64_t			 mid;		/* out */
	bool			 duplicate;	/* out: (from, cid) was stored */
	bool			 unknown;	/* out: from or to has no
						 * account: nothing stored */
};

/* One receipt to store, for a message addressed to user. */
struct store_put_receipt {
	int64_t			 mid;
	const char		*user;
	enum proto_state	 state;		/* DELIVERED or READ */
	int64_t			 ts;
	const char		*addr;		/* the user's, for the audit */
};

/*
 * One row of the audit trail: who did what, when, from where, about which
 * account and message.  Never a message body.  Text that does not fit is
 * cut short.
 */
#define STORE_AUDIT_EVENT	16
#define STORE_AUDIT_ADDR	64
#define STORE_AUDIT_DETAIL	96
struct store_audit {
	int64_t	 id;				/* assigned by the store */
	int64_t	 ts;				/* ms since the epoch */
	char	 event[STORE_AUDIT_EVENT];	/* "login", "send", ... */
	char	 user[PROTO_NAME_MAX + 1];	/* who acted, or the name
						 * a failed login tried */
	char	 addr[STORE_AUDIT_ADDR];	/* HOST:PORT, or "local" */
	char	 peer[PROTO_NAME_MAX + 1];	/* the other account, "*"
						 * or "" */
	int64_t	 mid;				/* 0 if none */
	char	 detail[STORE_AUDIT_DETAIL];
};

/* A receipt newly stored by a batch, with the sender to tell. */
struct store_new_receipt {
	struct proto_receipt	 r;
	char			 sender[PROTO_NAME_MAX + 1];
	size_t			 index;		/* which store_put_receipt */
};

/* A page of sync results (see store_sync). */
struct store_sync_page {
	struct proto_message	*msgs;
	size_t			 n;
	struct proto_receipt	*receipts;
	size_t			 nreceipts;
	int64_t			 last;
	int64_t			 last_receipt;
	bool			 more;
};

/* Open (creating and migrating as needed) the store at path. */
int	store_open(const char *path, struct store **, char **cause);
/*
 * The same, for the server's commit and checkpoint connections, which
 * write beside the loop on threads of their own: through a VFS that
 * gathers a commit's writes to the log into one, and syncs what a
 * checkpoint writes to the database in slices (src/store_vfs.h).
 */
int	store_open_writer(const char *path, struct store **, char **cause);
void	store_close(struct store *);

/*
 * Checkpoints.  SQLite copies its write-ahead log back into the database
 * now and then inside a commit, which makes that commit (and every ack
 * waiting on it) slow.  After store_wal_defer() a store leaves that to
 * store_checkpoint(), called on another connection, on another thread;
 * store_wal_pages() says how long the log had grown at its last commit.
 *
 * store_checkpoint() copies what it can without waiting for anyone
 * (SQLite's PASSIVE mode), so commits go on meanwhile, and sets *copied
 * to the log pages copied so far, this call's and earlier ones'.  Only a
 * checkpoint that catches up with the last commit syncs the database and
 * lets the next commit start the log over.  With restart, it waits for
 * the commit in progress and holds the next back until the whole log is
 * copied (RESTART).  store_checkpoint_sync() makes what a connection's
 * checkpoints wrote durable, so that the one which catches up has little
 * left to sync.
 */
void	store_wal_defer(struct store *);
size_t	store_wal_pages(const struct store *);
int	store_checkpoint(struct store *, bool restart, size_t *copied,
	    char **cause);
int	store_checkpoint_sync(struct store *, char **cause);
/* The schema version of an open store. */
int	store_schema_version(struct store *);

/* Accounts.  store_user_add fails if the name is taken. */
int	store_user_add(struct store *, const struct store_user *, char **cause);
/* 1 and a filled *out (caller frees out->hash), 0 if unknown, or -1. */
int	store_user_get(struct store *, const char *name, struct store_user *out,
	    char **cause);
/* 1 done, 0 if unknown, or -1. */
int	store_user_set_hash(struct store *, const char *name, const char *hash,
	    char **cause);
int	store_user_set_disabled(struct store *, const char *name, bool,
	    char **cause);
/*
 * Delete the account (1, 0 if unknown, or -1): its messages and receipts
 * stay, under a name no account can have (".NAME.N"), and a "del" change
 * is recorded at ts.  Call it inside a transaction (store_begin).
 */
int	store_user_del(struct store *, const char *name, int64_t ts,
	    char **cause);
/* Record a change ("del", "passwd") that ends the account's sessions. */
int	store_account_changed(struct store *, const char *user,
	    const char *what, int64_t ts, char **cause);
/*
 * Call fn for each change with an id above *after, oldest first, moving
 * *after on; an *after below 0 only moves it to the newest change.
 */
int	store_account_changes(struct store *, int64_t *after,
	    void (*fn)(void *, const char *user, const char *what), void *arg,
	    char **cause);
/* Every account ordered by name (hash NULL); free with free(). */
int	store_user_list(struct store *, struct store_user **out, size_t *n,
	    char **cause);
/*
 * The sources (an address, or an IPv6 /64) an account has logged in from:
 * whether user has from source (1, 0, or -1), and that it just did.
 */
int	store_source_known(struct store *, const char *user,
	    const char *source, char **cause);
int	store_source_seen(struct store *, const char *user, const char *source,
	    int64_t ts, char **cause);

/*
 * Store msgs and receipts, and the audit rows in audit, in one
 * transaction, committed with synchronous=FULL before this returns 0.
 * Each message newly stored adds a "send" audit row and each receipt newly
 * stored a "delivered" or "read" row, in the same transaction.  A message
 * whose (from, cid) is already stored is not stored again: it gets
 * duplicate and the original mid and ts.  A receipt for a message not
 * addressed to its user (to them or by broadcast, not their own) is
 * ignored; a READ receipt also stores DELIVERED if missing; a receipt
 * already stored is not repeated.  The receipts newly stored are returned
 * in *fresh (caller frees with free()).  On -1 nothing of the batch is
 * stored.
 */
int	store_put_batch(struct store *, struct store_put_msg *msgs, size_t n,
	    const struct store_put_receipt *receipts, size_t nreceipts,
	    const struct store_audit *audit, size_t naudit,
	    struct store_new_receipt **fresh, size_t *nfresh, char **cause);

/*
 * One transaction around several calls, so that an account change and its
 * audit row are stored together or not at all.
 */
int	store_begin(struct store *, char **cause);
int	store_commit(struct store *, char **cause);
void	store_rollback(struct store *);

/*
 * Append rows to the audit trail: in one transaction of their own, or in
 * the caller's if one is open (ids are not set).
 */
int	store_audit_add(struct store *, const struct store_audit *, size_t n,
	    char **cause);
/*
 * Call fn for each audit row with ts >= since and, when user is not NULL,
 * user or peer equal to user, in the order they were written.  A non-zero
 * return from fn stops the walk and is returned.
 */
int	store_audit_walk(struct store *, int64_t since, const char *user,
	    int (*fn)(void *, const struct store_audit *), void *arg,
	    char **cause);
/* 1 if user has an event row with id > after, 0 if not, or -1. */
int	store_audit_since_id(struct store *, const char *user,
	    const char *event, int64_t after, char **cause);
/* The id of the newest audit row (0 if none), or -1. */
int64_t	store_audit_last(struct store *, char **cause);

/*
 * The conversation of user with peer (or the broadcasts, peer "*"): up to
 * limit messages with mid < before (0: newest), oldest first; *more says
 * whether older ones remain.  The user's own messages carry their state.
 */
int	store_history(struct store *, const char *user, const char *peer,
	    int64_t before, unsigned limit, struct proto_message **out,
	    size_t *n, bool *more, char **cause);

/*
 * What user has not seen: messages to or from them and broadcasts with
 * mid > after (or, when undelivered, the messages addressed to them
 * without a delivered receipt of theirs), and receipts on their own
 * messages with rid > receipts_after; at most limit of each.  Free the
 * page with store_sync_free().
 */
int	store_sync(struct store *, const char *user, bool undelivered,
	    int64_t after, int64_t receipts_after, unsigned limit,
	    struct store_sync_page *out, char **cause);
void	store_sync_free(struct store_sync_page *);
/*
 * The receipts of message mid, which sender sent, after the rid cursor
 * after: into page's receipts, last_receipt and more.  1, 0 if mid is not
 * a message of sender's, or -1.  Free with store_sync_free().
 */
int	store_receipts_of(struct store *, const char *sender, int64_t mid,
	    int64_t after, unsigned limit, struct store_sync_page *,
	    char **cause);

/*
 * What user has not read in any session, by conversation (the peer, or
 * "*"), the newest first, at most max conversations, counted over the
 * user's newest STORE_UNREAD_SCAN messages; *last is the newest mid the
 * counts took in.  The array is malloc'd (free()).  0 or -1.
 */
#define STORE_UNREAD_SCAN	10000
int	store_unread(struct store *, const char *user, size_t max,
	    struct proto_unread **out, size_t *n, int64_t *last, char **cause);

/* Free an array of messages and their bodies. */
void	store_messages_free(struct proto_message *, size_t);

#endif
