#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "src/hcwedd/store_sqlite.h"

static void
store_copy(char *dst, size_t size, sqlite3_stmt *stmt, int col)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, col);

	snprintf(dst, size, "%s", s != NULL ? s : "");
}

static void
store_row_user(sqlite3_stmt *stmt, struct store_user *u)
{
	const char	*hash = (const char *)sqlite3_column_text(stmt, 3);

	store_copy(u->name, sizeof u->name, stmt, 0);
	store_copy(u->display, sizeof u->display, stmt, 1);
	store_copy(u->role, sizeof u->role, stmt, 2);
	u->hash = hash != NULL ? xstrdup(hash) : NULL;
	u->created = sqlite3_column_int64(stmt, 4);
	u->disabled = sqlite3_column_int(stmt, 5) != 0;
}

int
store_user_add(struct store *st, const struct store_user *u, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_USER_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, u->display, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, u->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, u->created);
	sqlite3_bind_int(stmt, 6, u->disabled);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT) {
		*cause = xasprintf("user %s already exists", u->name);
		return -1;
	}
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "adding a user");
		return -1;
	}
	return 0;
}

int
store_user_get(struct store *st, const char *name, struct store_user *out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_USER_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_row_user(stmt, out);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a user");
		return -1;
	}
	return rc == SQLITE_ROW;
}

static int
store_user_change(struct store *st, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	if (store_step_done(st, stmt, what, cause) != 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_user_set_hash(struct store *st, const char *name, const char *hash,
    char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, ST_USER_SET_HASH, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	return store_user_change(st, stmt, "changing a password", cause);
}

int
store_user_set_disabled(struct store *st, const char *name, bool disabled,
    char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, ST_USER_SET_DISABLED, cause)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, disabled);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	return store_user_change(st, stmt, "locking a user", cause);
}

int
store_account_changed(struct store *st, const char *user, const char *what,
    int64_t ts, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, ST_CHANGE_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, ts);
	sqlite3_bind_text(stmt, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, what, -1, SQLITE_STATIC);
	return store_step_done(st, stmt, "recording an account change", cause);
}

/* Run one of the name-to-name statements of a deletion. */
static int
store_user_rename(struct store *st, enum store_stmt which, const char *name,
    const char *tomb, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, which, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if (tomb != NULL)
		sqlite3_bind_text(stmt, 2, tomb, -1, SQLITE_STATIC);
	return store_step_done(st, stmt, "deleting a user", cause);
}

/*
 * The account goes, and its messages and receipts move to a name no
 * account can have (".NAME.N"), so that a new account given the name
 * starts with nothing of the old one's.
 */
int
store_user_del(struct store *st, const char *name, int64_t ts, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 tomb[PROTO_NAME_MAX + 1], id[24];
	int		 rc;

	if ((stmt = store_stmt(st, ST_USER_DEL, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if ((rc = store_user_change(st, stmt, "deleting a user", cause)) != 1)
		return rc;
	if (store_account_changed(st, name, "del", ts, cause) != 0)
		return -1;
	snprintf(id, sizeof id, "%lld",
	    (long long)sqlite3_last_insert_rowid(st->db));
	snprintf(tomb, sizeof tomb, ".%.*s.%s",
	    (int)(sizeof tomb - 3 - strlen(id)), name, id);
	if (store_user_rename(st, ST_DEL_SENDER, name, tomb, cause) != 0 ||
	    store_user_rename(st, ST_DEL_RECIPIENT, name, tomb, cause) != 0 ||
	    store_user_rename(st, ST_DEL_RECEIPTS, name, tomb, cause) != 0 ||
	    store_user_rename(st, ST_DEL_SOURCES, name, NULL, cause) != 0)
		return -1;
	return 1;
}

int
store_account_changes(struct store *st, int64_t *after,
    void (*fn)(void *, const char *user, const char *what), void *arg,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, *after < 0 ? ST_CHANGE_LAST :
	    ST_CHANGE_AFTER, cause)) == NULL)
		return -1;
	if (*after >= 0)
		sqlite3_bind_int64(stmt, 1, *after);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*after = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_count(stmt) == 3)
			fn(arg, (const char *)sqlite3_column_text(stmt, 1),
			    (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading account changes");
		return -1;
	}
	return 0;
}

int
store_user_list(struct store *st, struct store_user **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*stmt;
	struct store_user	*users = NULL;
	size_t			 count = 0;
	int			 rc;

	if ((stmt = store_stmt(st, ST_USER_LIST, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		users = xreallocarray(users, count + 1, sizeof *users);
		store_row_user(stmt, &users[count++]);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(users);
		*cause = store_error(st, "listing users");
		return -1;
	}
	*out = users;
	*n = count;
	return 0;
}

int
store_source_known(struct store *st, const char *user, const char *source,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_SOURCE_KNOWN, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, source, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading login sources");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
store_source_seen(struct store *st, const char *user, const char *source,
    int64_t ts, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, ST_SOURCE_SEEN, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, ts);
	return store_step_done(st, stmt, "recording a login source", cause);
}
