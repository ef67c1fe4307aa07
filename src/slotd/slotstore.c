#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/store_wal.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotstore.h"

enum slotstore_stmt {
	ST_KEY_ADD,
	ST_KEY_FIND,
	ST_KEY_ID,
	ST_KEY_REVOKE,
	ST_KEY_LIST,
	ST_HOLDS_LOAD,
	ST_BLOCKS_LOAD,
	ST_HOLD_PUT,
	ST_HOLD_DEL,
	ST_BLOCK_PUT,
	ST_BLOCK_DEL,
	ST_JOURNAL_ADD,
	ST_JOURNAL_TRIM,
	ST_JOURNAL_READ,
	ST_BY_CODE,
	ST_BY_KEY,
	ST_VIOLATIONS,
	ST_HOLDS_BY_KEY,
	ST_GENERATION,
	ST_TOUCH,
	ST_COUNT
};

static const char *slotstore_sql[ST_COUNT] = {
	[ST_KEY_ADD] = "INSERT INTO slot_keys(name, kind, hash, created) "
	    "VALUES (?, ?, ?, ?)",
	[ST_KEY_FIND] = "SELECT id, kind, name FROM slot_keys "
	    "WHERE hash = ? AND revoked = 0",
	[ST_KEY_ID] = "SELECT id FROM slot_keys WHERE name = ? AND kind = ? "
	    "AND revoked = 0",
	[ST_KEY_REVOKE] = "UPDATE slot_keys SET revoked = 1 "
	    "WHERE name = ? AND revoked = 0",
	[ST_KEY_LIST] = "SELECT id, name, kind, revoked, created "
	    "FROM slot_keys ORDER BY name, kind, id",
	[ST_HOLDS_LOAD] = "SELECT slot, key_id FROM slot_holds "
	    "WHERE service = ?",
	[ST_BLOCKS_LOAD] = "SELECT slot, 0 FROM slot_blocks WHERE service = ?",
	[ST_HOLD_PUT] = "INSERT INTO slot_holds(service, slot, key_id, since) "
	    "VALUES (?, ?, ?, ?)",
	[ST_HOLD_DEL] = "DELETE FROM slot_holds WHERE service = ? AND slot = ?",
	[ST_BLOCK_PUT] = "INSERT OR IGNORE INTO slot_blocks(service, slot) "
	    "VALUES (?, ?)",
	[ST_BLOCK_DEL] = "DELETE FROM slot_blocks WHERE service = ? AND slot = ?",
	[ST_JOURNAL_ADD] = "INSERT INTO slot_journal(time, key, service, "
	    "method, slot, code, fault, delay_ms, rate_violation) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_JOURNAL_TRIM] = "DELETE FROM slot_journal "
	    "WHERE id <= (SELECT max(id) FROM slot_journal) - ?",
	[ST_JOURNAL_READ] = "SELECT id, time, key, service, method, slot, "
	    "code, fault, delay_ms, rate_violation FROM slot_journal "
	    "WHERE id > ? ORDER BY id LIMIT ?",
	[ST_BY_CODE] = "SELECT code, NULL, count(*) FROM slot_journal "
	    "GROUP BY code ORDER BY code",
	[ST_BY_KEY] = "SELECT key, NULL, count(*) FROM slot_journal "
	    "WHERE key != '' GROUP BY key ORDER BY key",
	[ST_VIOLATIONS] = "SELECT key, NULL, count(*) FROM slot_journal "
	    "WHERE rate_violation != 0 GROUP BY key ORDER BY key",
	[ST_HOLDS_BY_KEY] = "SELECT h.service, k.name, count(*) "
	    "FROM slot_holds h JOIN slot_keys k ON k.id = h.key_id "
	    "GROUP BY h.service, k.name ORDER BY 1, 2",
	[ST_GENERATION] = "SELECT v FROM slot_meta WHERE k = 'generation'",
	[ST_TOUCH] = "INSERT INTO slot_meta(k, v) VALUES ('generation', 1) "
	    "ON CONFLICT(k) DO UPDATE SET v = v + 1",
};

static const char slotstore_schema[] =
	"CREATE TABLE IF NOT EXISTS slot_keys ("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
	" hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX IF NOT EXISTS slot_keys_active"
	" ON slot_keys(name, kind) WHERE revoked = 0;"
	"CREATE TABLE IF NOT EXISTS slot_holds ("
	" service TEXT NOT NULL, slot INTEGER NOT NULL,"
	" key_id INTEGER NOT NULL, since INTEGER NOT NULL,"
	" PRIMARY KEY (service, slot)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS slot_blocks ("
	" service TEXT NOT NULL, slot INTEGER NOT NULL,"
	" PRIMARY KEY (service, slot)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS slot_journal ("
	" id INTEGER PRIMARY KEY, time INTEGER NOT NULL, key TEXT NOT NULL,"
	" service TEXT NOT NULL, method TEXT NOT NULL, slot TEXT,"
	" code INTEGER NOT NULL, fault TEXT NOT NULL,"
	" delay_ms INTEGER NOT NULL, rate_violation INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS slot_meta ("
	" k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;";

struct slotstore {
	sqlite3		*db;
	sqlite3_stmt	*stmt[ST_COUNT];
	bool		 in_tx;
	uint64_t	 journal_max;	/* rows kept; 0: all */
	uint64_t	 journal_adds;
};

/* Rows a journal may run over its bound between two trims. */
#define SLOTSTORE_TRIM_EVERY	256

static int
slotstore_fail(struct slotstore *st, const char *what, char **cause)
{
	*cause = xasprintf("%s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

static int
slotstore_exec(struct slotstore *st, const char *sql, char **cause)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return slotstore_fail(st, sql, cause);
	return 0;
}

/* A reset statement, prepared once and kept. */
static sqlite3_stmt *
slotstore_stmt(struct slotstore *st, enum slotstore_stmt which)
{
	sqlite3_stmt	*s = st->stmt[which];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, slotstore_sql[which], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
			return NULL;
		st->stmt[which] = s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

struct slotstore *
slotstore_open(const char *path, char **cause)
{
	struct slotstore	*st;

	if (store_wal_create(path, cause) != 0)
		return NULL;
	st = xcalloc(1, sizeof *st);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*cause = xasprintf("%s: %s", path, st->db != NULL ?
		    sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	if (store_wal_enable(st->db) != SQLITE_OK) {
		*cause = xasprintf("%s: %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	if (slotstore_exec(st, slotstore_schema, cause) != 0)
		goto fail;
	for (int i = 0; i < ST_COUNT; i++) {
		if (slotstore_stmt(st, i) == NULL) {
			slotstore_fail(st, slotstore_sql[i], cause);
			goto fail;
		}
	}
	return st;
fail:
	slotstore_close(st);
	return NULL;
}

void
slotstore_close(struct slotstore *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		slotstore_rollback(st);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

static int
slotstore_begin(struct slotstore *st, char **cause)
{
	if (st->in_tx)
		return 0;
	if (slotstore_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	st->in_tx = true;
	return 0;
}

/* Run a write statement inside the open transaction. */
static int
slotstore_write(struct slotstore *st, sqlite3_stmt *s, const char *what,
    char **cause)
{
	int	rc;

	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return slotstore_fail(st, what, cause);
	return 0;
}

int
slotstore_key_add(struct slotstore *st, const char *name, const char *kind,
    const char *hash, int64_t now, char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, ST_KEY_ADD);
	int		 rc;

	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT) {
		*cause = xasprintf("%s already has an active %s key", name,
		    kind);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return slotstore_fail(st, "adding a key", cause);
	return 0;
}

static void
slotstore_copy(char *dst, size_t size, const unsigned char *src)
{
	if (size == 0)
		return;
	snprintf(dst, size, "%s", src != NULL ? (const char *)src : "");
}

/*
 * Step a read: 1 on a row, 0 at the end, -1 when SQLite failed (busy,
 * I/O, a vanished table), which is never the end.  The caller resets.
 */
static int
slotstore_next(struct slotstore *st, sqlite3_stmt *s, const char *what,
    char **cause)
{
	int	rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return slotstore_fail(st, what, cause);
}

int
slotstore_key_find(struct slotstore *st, const char *hash, int64_t *id,
    char *kind, size_t kindsz, char *name, size_t namesz, char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, ST_KEY_FIND);
	int		 found;

	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	if ((found = slotstore_next(st, s, "finding a key", cause)) == 1) {
		*id = sqlite3_column_int64(s, 0);
		slotstore_copy(kind, kindsz, sqlite3_column_text(s, 1));
		slotstore_copy(name, namesz, sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	return found;
}

int64_t
slotstore_key_id(struct slotstore *st, const char *name, const char *kind,
    char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, ST_KEY_ID);
	int64_t		 id;

	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	/* Ids are positive, so 0 and -1 pass through as none and error. */
	if ((id = slotstore_next(st, s, "looking up a key", cause)) == 1)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

int
slotstore_key_revoke(struct slotstore *st, const char *name, char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, ST_KEY_REVOKE);

	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (slotstore_write(st, s, "revoking keys", cause) != 0)
		return -1;
	return sqlite3_changes(st->db);
}

int
slotstore_key_list(struct slotstore *st,
    void (*cb)(void *, const struct slotstore_key *), void *arg, char **cause)
{
	sqlite3_stmt		*s = slotstore_stmt(st, ST_KEY_LIST);
	struct slotstore_key	 k;
	int			 rc;

	while ((rc = slotstore_next(st, s, "listing keys", cause)) == 1) {
		k.id = sqlite3_column_int64(s, 0);
		k.name = (const char *)sqlite3_column_text(s, 1);
		k.kind = (const char *)sqlite3_column_text(s, 2);
		k.revoked = sqlite3_column_int(s, 3) != 0;
		k.created = sqlite3_column_int64(s, 4);
		cb(arg, &k);
	}
	sqlite3_reset(s);
	return rc;
}

static int
slotstore_load(struct slotstore *st, enum slotstore_stmt which,
    const char *service, void (*cb)(void *, unsigned, int64_t), void *arg,
    char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, which);
	int		 rc;

	sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
	while ((rc = slotstore_next(st, s, "loading slots", cause)) == 1) {
		cb(arg, (unsigned)sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 1));
	}
	sqlite3_reset(s);
	return rc;
}

int
slotstore_holds_load(struct slotstore *st, const char *service,
    void (*cb)(void *, unsigned, int64_t), void *arg, char **cause)
{
	return slotstore_load(st, ST_HOLDS_LOAD, service, cb, arg, cause);
}

int
slotstore_blocks_load(struct slotstore *st, const char *service,
    void (*cb)(void *, unsigned, int64_t), void *arg, char **cause)
{
	return slotstore_load(st, ST_BLOCKS_LOAD, service, cb, arg, cause);
}

int
slotstore_hold_put(struct slotstore *st, const char *service, unsigned slot,
    int64_t key_id, int64_t now_ms, char **cause)
{
	sqlite3_stmt	*s;

	if (slotstore_begin(st, cause) != 0)
		return -1;
	s = slotstore_stmt(st, ST_HOLD_PUT);
	sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, slot);
	sqlite3_bind_int64(s, 3, key_id);
	sqlite3_bind_int64(s, 4, now_ms);
	return slotstore_write(st, s, "storing a hold", cause);
}

int
slotstore_hold_del(struct slotstore *st, const char *service, unsigned slot,
    char **cause)
{
	sqlite3_stmt	*s;

	if (slotstore_begin(st, cause) != 0)
		return -1;
	s = slotstore_stmt(st, ST_HOLD_DEL);
	sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, slot);
	return slotstore_write(st, s, "removing a hold", cause);
}

int
slotstore_block_set(struct slotstore *st, const char *service, unsigned slot,
    bool blocked, char **cause)
{
	sqlite3_stmt	*s;

	if (slotstore_begin(st, cause) != 0)
		return -1;
	s = slotstore_stmt(st, blocked ? ST_BLOCK_PUT : ST_BLOCK_DEL);
	sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, slot);
	return slotstore_write(st, s, "storing a block", cause);
}

int
slotstore_journal_add(struct slotstore *st, const struct slotstore_entry *e,
    char **cause)
{
	sqlite3_stmt	*s;

	if (slotstore_begin(st, cause) != 0)
		return -1;
	s = slotstore_stmt(st, ST_JOURNAL_ADD);
	sqlite3_bind_int64(s, 1, e->time_ms);
	sqlite3_bind_text(s, 2, e->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e->method, -1, SQLITE_STATIC);
	if (e->slot != NULL)
		sqlite3_bind_text(s, 5, e->slot, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, e->code);
	sqlite3_bind_text(s, 7, e->fault, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, (int64_t)e->delay_ms);
	sqlite3_bind_int(s, 9, e->rate_violation);
	if (slotstore_write(st, s, "journalling a request", cause) != 0)
		return -1;
	/* The oldest rows go, in the same transaction as the newest. */
	if (st->journal_max == 0 ||
	    ++st->journal_adds % SLOTSTORE_TRIM_EVERY != 0)
		return 0;
	s = slotstore_stmt(st, ST_JOURNAL_TRIM);
	sqlite3_bind_int64(s, 1, (int64_t)st->journal_max);
	return slotstore_write(st, s, "trimming the journal", cause);
}

void
slotstore_set_journal_max(struct slotstore *st, uint64_t rows)
{
	st->journal_max = rows;
}

bool
slotstore_pending(const struct slotstore *st)
{
	return st->in_tx;
}

int
slotstore_commit(struct slotstore *st, char **cause)
{
	if (!st->in_tx)
		return 0;
	if (slotstore_exec(st, "COMMIT", cause) != 0) {
		slotstore_rollback(st);
		return -1;
	}
	st->in_tx = false;
	return 0;
}

void
slotstore_rollback(struct slotstore *st)
{
	if (!st->in_tx)
		return;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = false;
}

int
slotstore_journal_read(struct slotstore *st, int64_t since, unsigned limit,
    void (*cb)(void *, const struct slotstore_entry *), void *arg,
    char **cause)
{
	sqlite3_stmt		*s = slotstore_stmt(st, ST_JOURNAL_READ);
	struct slotstore_entry	 e;
	int			 rc;

	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, limit);
	while ((rc = slotstore_next(st, s, "reading the journal",
	    cause)) == 1) {
		e.id = sqlite3_column_int64(s, 0);
		e.time_ms = sqlite3_column_int64(s, 1);
		e.key = (const char *)sqlite3_column_text(s, 2);
		e.service = (const char *)sqlite3_column_text(s, 3);
		e.method = (const char *)sqlite3_column_text(s, 4);
		e.slot = (const char *)sqlite3_column_text(s, 5);
		e.code = sqlite3_column_int(s, 6);
		e.fault = (const char *)sqlite3_column_text(s, 7);
		e.delay_ms = (uint64_t)sqlite3_column_int64(s, 8);
		e.rate_violation = sqlite3_column_int(s, 9) != 0;
		cb(arg, &e);
	}
	sqlite3_reset(s);
	return rc;
}

int
slotstore_count(struct slotstore *st, enum slotstore_count which,
    void (*cb)(void *, const char *, const char *, int64_t), void *arg,
    char **cause)
{
	static const enum slotstore_stmt stmts[] = {
		[SLOTSTORE_BY_CODE] = ST_BY_CODE,
		[SLOTSTORE_BY_KEY] = ST_BY_KEY,
		[SLOTSTORE_VIOLATIONS_BY_KEY] = ST_VIOLATIONS,
		[SLOTSTORE_HOLDS_BY_KEY] = ST_HOLDS_BY_KEY,
	};
	sqlite3_stmt	*s = slotstore_stmt(st, stmts[which]);
	int		 rc;

	while ((rc = slotstore_next(st, s, "counting", cause)) == 1) {
		cb(arg, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2));
	}
	sqlite3_reset(s);
	return rc;
}

int
slotstore_generation(struct slotstore *st, int64_t *out, char **cause)
{
	sqlite3_stmt	*s = slotstore_stmt(st, ST_GENERATION);
	int		 found;

	found = slotstore_next(st, s, "reading the generation", cause);
	if (found >= 0)		/* no row: never bumped */
		*out = found == 1 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return found < 0 ? -1 : 0;
}

int
slotstore_touch(struct slotstore *st, char **cause)
{
	if (slotstore_begin(st, cause) != 0)
		return -1;
	return slotstore_write(st, slotstore_stmt(st, ST_TOUCH),
	    "bumping the generation", cause);
}
