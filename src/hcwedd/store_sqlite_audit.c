#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hcwedd/store.h"
#include "src/hcwedd/store_sqlite.h"

int
store_audit_insert(struct store *st, int64_t ts, const char *event,
    const char *user, const char *addr, const char *peer, int64_t mid,
    const char *detail, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, ST_AUDIT_INSERT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, ts);
	sqlite3_bind_text(stmt, 2, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, addr != NULL ? addr : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, peer != NULL ? peer : "", -1,
	    SQLITE_STATIC);
	if (mid != 0)
		sqlite3_bind_int64(stmt, 6, mid);
	sqlite3_bind_text(stmt, 7, detail != NULL ? detail : "", -1,
	    SQLITE_STATIC);
	return store_step_done(st, stmt, "writing the audit trail", cause);
}

int
store_audit_add(struct store *st, const struct store_audit *rows, size_t n,
    char **cause)
{
	const struct store_audit	*a;
	bool				 own = sqlite3_get_autocommit(st->db);

	if (n == 0)
		return 0;
	if (own && store_begin(st, cause) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		a = &rows[i];
		if (store_audit_insert(st, a->ts, a->event, a->user, a->addr,
		    a->peer, a->mid, a->detail, cause) != 0) {
			if (own)
				store_rollback(st);
			return -1;
		}
	}
	return own ? store_commit(st, cause) : 0;
}

static void
store_audit_copy(char *dst, size_t size, sqlite3_stmt *stmt, int col)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, col);

	snprintf(dst, size, "%s", s != NULL ? s : "");
}

int
store_audit_walk(struct store *st, int64_t since, const char *user,
    int (*fn)(void *, const struct store_audit *), void *arg, char **cause)
{
	sqlite3_stmt		*stmt;
	struct store_audit	 a;
	int			 rc, stop = 0;

	stmt = store_stmt(st, user != NULL ? ST_AUDIT_USER : ST_AUDIT_SINCE,
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, since);
	if (user != NULL)
		sqlite3_bind_text(stmt, 2, user, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&a, 0, sizeof a);
		a.id = sqlite3_column_int64(stmt, 0);
		a.ts = sqlite3_column_int64(stmt, 1);
		store_audit_copy(a.event, sizeof a.event, stmt, 2);
		store_audit_copy(a.user, sizeof a.user, stmt, 3);
		store_audit_copy(a.addr, sizeof a.addr, stmt, 4);
		store_audit_copy(a.peer, sizeof a.peer, stmt, 5);
		a.mid = sqlite3_column_int64(stmt, 6);
		store_audit_copy(a.detail, sizeof a.detail, stmt, 7);
		stop = fn(arg, &a);
	}
	sqlite3_reset(stmt);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the audit trail");
		return -1;
	}
	return 0;
}

int
store_audit_since_id(struct store *st, const char *user, const char *event,
    int64_t after, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_AUDIT_AFTER, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, event, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, after);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the audit trail");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int64_t
store_audit_last(struct store *st, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 rc;

	if ((stmt = store_stmt(st, ST_AUDIT_LAST, cause)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading the audit trail");
		return -1;
	}
	return id;
}
