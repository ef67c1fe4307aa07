#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/store_wal.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "src/hcwedd/store_sqlite.h"
#include "src/hcwedd/store_vfs.h"

/*
 * Message columns read by store_row_message(): ?1 is always the reading
 * user, so that state is reported on their own messages only (-1 else).
 */
#define MSG_COLS \
	"m.mid, m.ts, m.sender, m.recipient, m.body, m.priority, m.cid, " \
	"CASE WHEN m.sender = ?1 THEN coalesce((SELECT max(state) " \
	"FROM receipts r WHERE r.mid = m.mid), 0) ELSE -1 END"

#define AUDIT_COLS "id, ts, event, user, addr, peer, mid, detail"

static const char *store_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_USER_ADD] = "INSERT INTO users (name, display, role, hash, "
	    "created, disabled) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_USER_GET] = "SELECT name, display, role, hash, created, disabled "
	    "FROM users WHERE name = ?",
	[ST_USER_SET_HASH] = "UPDATE users SET hash = ? WHERE name = ?",
	[ST_USER_SET_DISABLED] = "UPDATE users SET disabled = ? WHERE name = ?",
	[ST_USER_DEL] = "DELETE FROM users WHERE name = ?",
	[ST_USER_LIST] = "SELECT name, display, role, NULL, created, disabled "
	    "FROM users ORDER BY name",
	[ST_MSG_INSERT] = "INSERT INTO messages (sender, recipient, body, "
	    "priority, cid, ts) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (sender, cid) DO NOTHING",
	/* The same, if both accounts still exist when the batch commits. */
	[ST_MSG_INSERT_CHECKED] = "INSERT INTO messages (sender, recipient, "
	    "body, priority, cid, ts) SELECT ?1, ?2, ?3, ?4, ?5, ?6 "
	    "WHERE EXISTS (SELECT 1 FROM users WHERE name = ?1) AND "
	    "(?2 = '*' OR EXISTS (SELECT 1 FROM users WHERE name = ?2)) "
	    "ON CONFLICT (sender, cid) DO NOTHING",
	[ST_MSG_BY_CID] = "SELECT mid, ts FROM messages "
	    "WHERE sender = ? AND cid = ?",
	[ST_MSG_ADDRESSEE] = "SELECT sender, recipient FROM messages "
	    "WHERE mid = ?",
	[ST_RECEIPT_INSERT] = "INSERT INTO receipts (mid, user, state, ts) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (mid, user, state) DO NOTHING",
	[ST_HISTORY] = "SELECT " MSG_COLS " FROM messages m "
	    "WHERE ((m.sender = ?1 AND m.recipient = ?2) OR "
	    "(m.sender = ?2 AND m.recipient = ?1)) AND m.mid < ?3 "
	    "ORDER BY m.mid DESC LIMIT ?4",
	[ST_HISTORY_ALL] = "SELECT " MSG_COLS " FROM messages m "
	    "WHERE m.recipient = '*' AND m.mid < ?3 AND ?2 = '*' "
	    "ORDER BY m.mid DESC LIMIT ?4",
	[ST_SYNC_AFTER] = "SELECT " MSG_COLS " FROM messages m "
	    "WHERE m.mid > ?2 AND (m.recipient IN (?1, '*') OR m.sender = ?1) "
	    "ORDER BY m.mid LIMIT ?3",
	[ST_SYNC_UNDELIVERED] = "SELECT " MSG_COLS " FROM messages m "
	    "WHERE m.mid > ?2 AND (m.recipient = ?1 OR "
	    "(m.recipient = '*' AND m.sender <> ?1)) AND NOT EXISTS "
	    "(SELECT 1 FROM receipts r WHERE r.mid = m.mid AND r.user = ?1 "
	    "AND r.state >= 1) ORDER BY m.mid LIMIT ?3",
	[ST_SYNC_LAST] = "SELECT coalesce(max(mid), 0) FROM messages "
	    "WHERE recipient IN (?1, '*') OR sender = ?1",
	[ST_SYNC_RECEIPTS] = "SELECT r.rid, r.mid, r.ts, r.user, r.state "
	    "FROM receipts r JOIN messages m ON m.mid = r.mid "
	    "WHERE r.rid > ?2 AND m.sender = ?1 ORDER BY r.rid LIMIT ?3",
	[ST_MSG_OWNED] = "SELECT 1 FROM messages WHERE mid = ? AND sender = ?",
	[ST_RECEIPTS_OF] = "SELECT rid, mid, ts, user, state FROM receipts "
	    "WHERE mid = ?1 AND rid > ?2 ORDER BY rid LIMIT ?3",
	/* Of the user's newest STORE_UNREAD_SCAN messages from others (a
	 * deleted account's, renamed ".NAME.N", left out), those no session
	 * has read, by conversation, the newest conversation first. */
	[ST_UNREAD] = "SELECT conv, count(*), sum(urgent), max(mid) FROM "
	    "(SELECT m.mid, CASE WHEN m.recipient = '*' THEN '*' ELSE "
	    "m.sender END AS conv, m.priority <> 0 AS urgent FROM messages m "
	    "WHERE m.mid <= ?2 AND (m.recipient = ?1 OR m.recipient = '*') "
	    "AND m.sender <> ?1 AND m.sender NOT LIKE '.%' "
	    "ORDER BY m.mid DESC LIMIT ?3) AS u WHERE NOT EXISTS "
	    "(SELECT 1 FROM receipts r WHERE r.mid = u.mid AND r.user = ?1 "
	    "AND r.state = 2) GROUP BY conv ORDER BY max(mid) DESC LIMIT ?4",
	[ST_AUDIT_INSERT] = "INSERT INTO audit (ts, event, user, addr, peer, "
	    "mid, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[ST_AUDIT_SINCE] = "SELECT " AUDIT_COLS " FROM audit "
	    "WHERE ts >= ?1 ORDER BY id",
	[ST_AUDIT_USER] = "SELECT " AUDIT_COLS " FROM audit "
	    "WHERE (user = ?2 OR peer = ?2) AND ts >= ?1 ORDER BY id",
	[ST_AUDIT_AFTER] = "SELECT 1 FROM audit "
	    "WHERE user = ? AND event = ? AND id > ? LIMIT 1",
	[ST_AUDIT_LAST] = "SELECT coalesce(max(id), 0) FROM audit",
	[ST_SOURCE_KNOWN] = "SELECT 1 FROM login_sources "
	    "WHERE user = ? AND source = ?",
	[ST_SOURCE_SEEN] = "INSERT INTO login_sources (user, source, first, "
	    "last) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (user, source) "
	    "DO UPDATE SET last = excluded.last",
	[ST_CHANGE_ADD] = "INSERT INTO account_changes (ts, user, what) "
	    "VALUES (?, ?, ?)",
	[ST_CHANGE_AFTER] = "SELECT id, user, what FROM account_changes "
	    "WHERE id > ? ORDER BY id",
	[ST_CHANGE_LAST] = "SELECT coalesce(max(id), 0) FROM account_changes",
	[ST_DEL_SENDER] = "UPDATE messages SET sender = ?2 WHERE sender = ?1",
	[ST_DEL_RECIPIENT] = "UPDATE messages SET recipient = ?2 "
	    "WHERE recipient = ?1",
	[ST_DEL_RECEIPTS] = "UPDATE receipts SET user = ?2 WHERE user = ?1",
	[ST_DEL_SOURCES] = "DELETE FROM login_sources WHERE user = ?1",
};

char *
store_error(struct store *st, const char *what)
{
	return xasprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *
store_stmt(struct store *st, enum store_stmt which, char **cause)
{
	sqlite3_stmt	*stmt = st->stmts[which];

	if (stmt != NULL) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
		return stmt;
	}
	if (sqlite3_prepare_v3(st->db, store_sql[which], -1,
	    SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		*cause = store_error(st, "preparing a statement");
		return NULL;
	}
	st->stmts[which] = stmt;
	return stmt;
}

int
store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int	rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, what);
		return -1;
	}
	return 0;
}

static int
store_exec(struct store *st, enum store_stmt which, const char *what,
    char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = store_stmt(st, which, cause)) == NULL)
		return -1;
	return store_step_done(st, stmt, what, cause);
}

int
store_begin(struct store *st, char **cause)
{
	return store_exec(st, ST_BEGIN, "starting a transaction", cause);
}

int
store_commit(struct store *st, char **cause)
{
	if (store_exec(st, ST_COMMIT, "committing", cause) == 0)
		return 0;
	store_rollback(st);
	return -1;
}

void
store_rollback(struct store *st)
{
	char	*ignored = NULL;

	if (store_exec(st, ST_ROLLBACK, "rolling back", &ignored) != 0)
		free(ignored);
}

static int
store_open_vfs(const char *path, const char *vfs, struct store **out,
    char **cause)
{
	struct store	*st;
	char		*err = NULL;

	if (store_wal_create(path, cause) != 0)
		return -1;
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs) != SQLITE_OK) {
		*cause = store_error(st, "opening");
		goto fail;
	}
	/*
	 * An ack promises durability against a machine crash, so every commit
	 * is fsynced (FULL); WAL keeps that one sequential write per batch.
	 * The busy timeout covers the admin commands writing the same file
	 * while the server runs.
	 */
	/*
	 * Smaller pages for a new file (an existing one keeps its own): a
	 * commit rewrites every index page it touches, and index entries
	 * here are short names and ids, so 2 KiB pages halve what each
	 * scattered insert writes (BENCHMARKS.md).
	 */
	if (sqlite3_exec(st->db, "PRAGMA page_size = 2048", NULL, NULL,
	    &err) != SQLITE_OK ||
	    store_wal_enable(st->db) != SQLITE_OK ||
	    sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    &err) != SQLITE_OK) {
		*cause = xasprintf("%s: %s", path, err != NULL ? err :
		    sqlite3_errmsg(st->db));
		sqlite3_free(err);
		goto fail;
	}
	if (store_migrate(st, cause) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int
store_open(const char *path, struct store **out, char **cause)
{
	return store_open_vfs(path, NULL, out, cause);
}

int
store_open_writer(const char *path, struct store **out, char **cause)
{
	if (store_vfs_register() != SQLITE_OK) {
		*cause = xasprintf("%s: cannot register the %s VFS", path,
		    STORE_VFS_NAME);
		return -1;
	}
	if (store_open_vfs(path, STORE_VFS_NAME, out, cause) != 0)
		return -1;
	/* What the VFS gathers must not outlive the commit (store_vfs.h). */
	if (sqlite3_exec((*out)->db, "PRAGMA cache_spill = OFF", NULL, NULL,
	    NULL) != SQLITE_OK) {
		*cause = store_error(*out, "turning off cache spills");
		store_close(*out);
		return -1;
	}
	return 0;
}

static int
store_wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store	*st = arg;

	st->wal_pages = pages > 0 ? (size_t)pages : 0;
	return SQLITE_OK;
}

void
store_wal_defer(struct store *st)
{
	/* A hook of our own replaces SQLite's automatic checkpoints. */
	sqlite3_wal_hook(st->db, store_wal_hook, st);
}

size_t
store_wal_pages(const struct store *st)
{
	return st->wal_pages;
}

int
store_checkpoint(struct store *st, bool restart, size_t *copied,
    char **cause)
{
	int	rc, done = 0;

	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, restart ?
	    SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE, NULL, &done);
	*copied = done > 0 ? (size_t)done : 0;
	/* BUSY: another checkpoint is running, which is as good. */
	if (rc == SQLITE_OK || rc == SQLITE_BUSY)
		return 0;
	*cause = store_error(st, "checkpointing");
	return -1;
}

int
store_checkpoint_sync(struct store *st, char **cause)
{
	sqlite3_file	*file = NULL;
	int		 rc;

	/* Through SQLite's own file, whose descriptor it alone may close. */
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER,
	    &file) != SQLITE_OK || file == NULL || file->pMethods == NULL) {
		*cause = xasprintf("%s: no database file to sync", st->path);
		return -1;
	}
	if ((rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL)) !=
	    SQLITE_OK) {
		*cause = xasprintf("%s: syncing: %s", st->path,
		    sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

void
store_close(struct store *st)
{
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}
