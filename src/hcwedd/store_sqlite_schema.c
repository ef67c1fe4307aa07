#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "src/hcwedd/store_sqlite.h"

/*
 * Each entry takes the schema from version i to i + 1; PRAGMA user_version
 * records how far a file has got.  Entries are only ever appended: a file
 * written by an older hcwedd is brought forward at open, and a file from a
 * newer one is refused rather than misread.
 */
static const char *store_migrations[] = {
	/* 0 -> 1: accounts, messages, receipts. */
	"CREATE TABLE users ("
	"  name TEXT PRIMARY KEY,"
	"  display TEXT NOT NULL DEFAULT '',"
	"  role TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE messages ("
	"  mid INTEGER PRIMARY KEY,"
	"  sender TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  priority INTEGER NOT NULL,"
	"  cid TEXT NOT NULL,"
	"  ts INTEGER NOT NULL,"
	"  UNIQUE (sender, cid));"
	"CREATE TABLE receipts ("
	"  rid INTEGER PRIMARY KEY,"
	"  mid INTEGER NOT NULL REFERENCES messages (mid),"
	"  user TEXT NOT NULL,"
	"  state INTEGER NOT NULL,"
	"  ts INTEGER NOT NULL,"
	"  UNIQUE (mid, user, state));",
	/* 1 -> 2: indexes for conversations and offline delivery. */
	"CREATE INDEX messages_pair ON messages (sender, recipient, mid);"
	"CREATE INDEX messages_recipient ON messages (recipient, mid);",
	/*
	 * 2 -> 3: the audit trail.  Append-only even against a mistaken
	 * UPDATE or DELETE: the triggers abort the statement.  Indexes by
	 * time and by either account; a user index also serves "newer than
	 * row id" because an index entry carries the rowid.
	 */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  ts INTEGER NOT NULL,"
	"  event TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  addr TEXT NOT NULL DEFAULT '',"
	"  peer TEXT NOT NULL DEFAULT '',"
	"  mid INTEGER,"
	"  detail TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX audit_ts ON audit (ts);"
	"CREATE INDEX audit_user ON audit (user);"
	"CREATE INDEX audit_peer ON audit (peer);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
	/*
	 * 3 -> 4: no index by account.  Every send and receipt adds a row,
	 * and the two indexes put it on two more pages scattered by name,
	 * written again at each commit: a third of the commit's cost (see
	 * BENCHMARKS.md).  "hcwedd audit --user" reads the rows in time
	 * order instead (audit_ts with --since), and the lockout's "unlocked
	 * since" looks at the rows after an id, by the primary key.
	 */
	"DROP INDEX audit_user;"
	"DROP INDEX audit_peer;",
	/*
	 * 4 -> 5: the sources (an address, or an IPv6 /64) each account has
	 * logged in from, so that failed logins from elsewhere cannot keep
	 * a clinician out of a workstation they use.
	 */
	"CREATE TABLE login_sources ("
	"  user TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  PRIMARY KEY (user, source)) WITHOUT ROWID;",
	/*
	 * 5 -> 6: account changes made while the server runs ("hcwedd user
	 * del" and "passwd" in another process), which the server reads by
	 * id to end the sessions they concern.
	 */
	"CREATE TABLE account_changes ("
	"  id INTEGER PRIMARY KEY,"
	"  ts INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  what TEXT NOT NULL);",
};

#define STORE_VERSION \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

static int
store_user_version(struct store *st, int *version, char **cause)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK) {
		*cause = store_error(st, "reading the schema version");
		return -1;
	}
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "reading the schema version");
		sqlite3_finalize(stmt);
		return -1;
	}
	*version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

int
store_migrate(struct store *st, char **cause)
{
	int	 version;
	char	*sql, *err = NULL;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		*cause = store_error(st, "locking the database");
		return -1;
	}
	if (store_user_version(st, &version, cause) != 0)
		goto fail;
	if (version > STORE_VERSION) {
		*cause = xasprintf("%s: schema version %d is newer than this "
		    "hcwedd knows (%d)", st->path, version, STORE_VERSION);
		goto fail;
	}
	for (; version < STORE_VERSION; version++) {
		if (sqlite3_exec(st->db, store_migrations[version], NULL, NULL,
		    &err) != SQLITE_OK) {
			*cause = xasprintf("%s: migrating to schema %d: %s",
			    st->path, version + 1, err);
			sqlite3_free(err);
			goto fail;
		}
		sql = xasprintf("PRAGMA user_version = %d", version + 1);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			free(sql);
			*cause = store_error(st, "setting the schema version");
			goto fail;
		}
		free(sql);
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		*cause = store_error(st, "committing the schema");
		goto fail;
	}
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
store_schema_version(struct store *st)
{
	int	 version;
	char	*cause;

	if (store_user_version(st, &version, &cause) != 0) {
		free(cause);
		return -1;
	}
	return version;
}
