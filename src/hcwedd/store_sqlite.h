/*
 * Internals shared by the SQLite store files (src/store_sqlite*.c); the
 * rest of hcwedd sees only src/store.h.  Statements are prepared once, on
 * first use, and kept for the life of the store.
 */
#ifndef HC_STORE_SQLITE_H
#define HC_STORE_SQLITE_H

#include <sqlite3.h>

enum store_stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_USER_ADD,
	ST_USER_GET,
	ST_USER_SET_HASH,
	ST_USER_SET_DISABLED,
	ST_USER_DEL,
	ST_USER_LIST,
	ST_MSG_INSERT,
	ST_MSG_INSERT_CHECKED,
	ST_MSG_BY_CID,
	ST_MSG_ADDRESSEE,
	ST_RECEIPT_INSERT,
	ST_HISTORY,
	ST_HISTORY_ALL,
	ST_SYNC_AFTER,
	ST_SYNC_UNDELIVERED,
	ST_SYNC_LAST,
	ST_SYNC_RECEIPTS,
	ST_MSG_OWNED,
	ST_RECEIPTS_OF,
	ST_UNREAD,
	ST_AUDIT_INSERT,
	ST_AUDIT_SINCE,
	ST_AUDIT_USER,
	ST_AUDIT_AFTER,
	ST_AUDIT_LAST,
	ST_SOURCE_KNOWN,
	ST_SOURCE_SEEN,
	ST_CHANGE_ADD,
	ST_CHANGE_AFTER,
	ST_CHANGE_LAST,
	ST_DEL_SENDER,
	ST_DEL_RECIPIENT,
	ST_DEL_RECEIPTS,
	ST_DEL_SOURCES,
	ST_COUNT
};

struct store {
	sqlite3		*db;
	char		*path;
	size_t		 wal_pages;	/* at the last commit, if deferred */
	sqlite3_stmt	*stmts[ST_COUNT];
};

/* The statement, prepared if needed and reset; NULL with *cause on error. */
sqlite3_stmt	*store_stmt(struct store *, enum store_stmt, char **cause);
/* A malloc'd "what: sqlite error message" for *cause. */
char		*store_error(struct store *, const char *what);
/* Run a statement that returns no rows: 0, or -1 with *cause. */
int		 store_step_done(struct store *, sqlite3_stmt *, const char *what,
		    char **cause);
/* Append one audit row inside the caller's transaction (mid 0: none). */
int		 store_audit_insert(struct store *, int64_t ts,
		    const char *event, const char *user, const char *addr,
		    const char *peer, int64_t mid, const char *detail,
		    char **cause);
/* Apply the schema migrations the file lacks (src/store_sqlite_schema.c). */
int		 store_migrate(struct store *, char **cause);

#endif
