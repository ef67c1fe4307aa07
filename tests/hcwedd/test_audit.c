#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "tests/testlib.h"


static struct store *
fresh(const char *name, char **path)
{
	char		*cause = NULL;
	struct store	*s = NULL;

	*path = xasprintf("%s/%s.db", testlib_dir, name);
	if (store_open(*path, &s, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	/* The accounts the messages are between. */
	for (int i = 0; i < 2; i++) {
		struct store_user	u = { .role = "nurse",
					    .hash = (char *)"h" };

		snprintf(u.name, sizeof u.name, "%s", i == 0 ? "alice" : "bob");
		if (store_user_add(s, &u, &cause) != 0)
			exit(99);
	}
	return s;
}

static struct store_audit
row(int64_t ts, const char *event, const char *user, const char *peer)
{
	struct store_audit	a;

	memset(&a, 0, sizeof a);
	a.ts = ts;
	snprintf(a.event, sizeof a.event, "%s", event);
	snprintf(a.user, sizeof a.user, "%s", user);
	snprintf(a.addr, sizeof a.addr, "10.0.0.7:5000");
	snprintf(a.peer, sizeof a.peer, "%s", peer);
	return a;
}

struct collect {
	struct store_audit	 rows[32];
	size_t			 n;
};

static int
collect_cb(void *arg, const struct store_audit *a)
{
	struct collect	*c = arg;

	if (c->n < 32)
		c->rows[c->n++] = *a;
	return 0;
}

static size_t
walk(struct store *st, int64_t since, const char *user, struct collect *c)
{
	char	*cause = NULL;

	c->n = 0;
	CU_ASSERT_EQUAL(store_audit_walk(st, since, user, collect_cb, c,
	    &cause), 0);
	return c->n;
}

/* One SQL statement on the file; the sqlite3 result code. */
static int
raw_sql(const char *path, const char *sql, char **err)
{
	sqlite3	*db;
	int	 rc;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, err);
	sqlite3_close(db);
	return rc;
}

/* Count rows of the whole audit table matching a WHERE clause. */
static int
raw_count(const char *path, const char *where)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	char		*sql = xasprintf("SELECT count(*) FROM audit WHERE %s",
			    where);
	int		 n = -1;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(sql);
	return n;
}

static void
test_batch_rows(void)
{
	struct store_put_msg		 m[2] = {
		{ .from = "alice", .to = "bob", .body = "BODY-SECRET-1",
		  .body_len = 13, .cid = "c1", .addr = "10.0.0.1:4000",
		  .ts = 100 },
		{ .from = "alice", .to = "*", .body = "BODY-SECRET-2",
		  .body_len = 13, .cid = "c2", .addr = "10.0.0.1:4000",
		  .ts = 100 },
	};
	struct store_put_receipt	 r;
	struct store_audit		 login = row(90, "login", "alice", "");
	struct store_new_receipt	*fr;
	struct collect			 c;
	size_t				 nfr;
	char				*path, *cause = NULL;
	struct store			*st = fresh("batch", &path);

	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 2, NULL, 0, &login, 1,
	    &fr, &nfr, &cause), 0);
	free(fr);
	r = (struct store_put_receipt){ .mid = m[0].mid, .user = "bob",
	    .state = PROTO_STATE_READ, .addr = "10.0.0.2:4001", .ts = 200 };
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, NULL, 0, &r, 1, NULL, 0,
	    &fr, &nfr, &cause), 0);
	free(fr);
	/* A retried send and a repeated receipt store nothing new. */
	m[0].ts = 300;
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 1, NULL, 0, NULL, 0,
	    &fr, &nfr, &cause), 0);
	CU_ASSERT_TRUE(m[0].duplicate);
	free(fr);
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, NULL, 0, &r, 1, NULL, 0,
	    &fr, &nfr, &cause), 0);
	free(fr);

	CU_ASSERT_EQUAL_FATAL(walk(st, 0, NULL, &c), 5);
	/* Messages first, then the extra rows: one transaction, in order. */
	CU_ASSERT_STRING_EQUAL(c.rows[0].event, "send");
	CU_ASSERT_STRING_EQUAL(c.rows[0].user, "alice");
	CU_ASSERT_STRING_EQUAL(c.rows[0].peer, "bob");
	CU_ASSERT_STRING_EQUAL(c.rows[0].addr, "10.0.0.1:4000");
	CU_ASSERT_EQUAL(c.rows[0].mid, m[0].mid);
	CU_ASSERT_EQUAL(c.rows[0].ts, 100);
	CU_ASSERT_STRING_EQUAL(c.rows[1].peer, "*");
	CU_ASSERT_STRING_EQUAL(c.rows[2].event, "login");
	CU_ASSERT_EQUAL(c.rows[2].mid, 0);
	CU_ASSERT_STRING_EQUAL(c.rows[3].event, "delivered");
	CU_ASSERT_STRING_EQUAL(c.rows[4].event, "read");
	CU_ASSERT_STRING_EQUAL(c.rows[4].user, "bob");
	CU_ASSERT_STRING_EQUAL(c.rows[4].peer, "alice");
	CU_ASSERT_STRING_EQUAL(c.rows[4].addr, "10.0.0.2:4001");
	CU_ASSERT_EQUAL(c.rows[4].mid, m[0].mid);
	CU_ASSERT_EQUAL(c.rows[4].ts, 200);
	store_close(st);
	/* No body text anywhere in the audit table. */
	CU_ASSERT_EQUAL(raw_count(path, "ts > 0"), 5);
	CU_ASSERT_EQUAL(raw_count(path, "event || user || addr || peer || "
	    "coalesce(mid, '') || detail LIKE '%BODY-SECRET%'"), 0);
	free(path);
}

static void
test_failed_batch_audits_nothing(void)
{
	struct store_put_msg		 m[2] = {
		{ .from = "alice", .to = "bob", .body = "fine", .body_len = 4,
		  .cid = "1", .ts = 100 },
		{ .from = "alice", .to = "bob", .body = NULL, .cid = "2",
		  .ts = 100 },
	};
	struct store_audit		 login = row(90, "login", "alice", "");
	struct store_new_receipt	*fr;
	struct collect			 c;
	size_t				 nfr;
	char				*path, *cause = NULL;
	struct store			*st = fresh("failed", &path);

	CU_ASSERT_EQUAL(store_put_batch(st, m, 2, NULL, 0, &login, 1, &fr,
	    &nfr, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(walk(st, 0, NULL, &c), 0);
	store_close(st);
	free(path);
}

static void
test_append_only(void)
{
	struct store_audit	 a[2] = { row(1, "login", "alice", ""),
				     row(2, "logout", "alice", "") };
	char			*path, *cause = NULL, *err = NULL;
	struct store		*st = fresh("append", &path);

	CU_ASSERT_EQUAL_FATAL(store_audit_add(st, a, 2, &cause), 0);
	store_close(st);
	CU_ASSERT_EQUAL(raw_sql(path, "UPDATE audit SET user = 'mallory'",
	    &err), SQLITE_CONSTRAINT);
	CU_ASSERT_PTR_NOT_NULL(err != NULL ? strstr(err, "append-only") :
	    NULL);
	sqlite3_free(err);
	err = NULL;
	CU_ASSERT_EQUAL(raw_sql(path, "DELETE FROM audit WHERE id = 1", &err),
	    SQLITE_CONSTRAINT);
	sqlite3_free(err);
	err = NULL;
	/* Appending still works, and both rows are still as written. */
	CU_ASSERT_EQUAL(raw_sql(path, "INSERT INTO audit (ts, event, user) "
	    "VALUES (3, 'login', 'bob')", &err), SQLITE_OK);
	CU_ASSERT_EQUAL(raw_count(path, "user = 'alice'"), 2);
	CU_ASSERT_EQUAL(raw_count(path, "user = 'mallory'"), 0);
	free(path);
}

static void
test_walk_filters(void)
{
	struct store_audit	 a[4] = { row(1000, "login", "alice", ""),
				     row(2000, "send", "alice", "bob"),
				     row(3000, "login", "carol", ""),
				     row(4000, "read", "bob", "alice") };
	struct collect		 c;
	char			*path, *cause = NULL;
	struct store		*st = fresh("walk", &path);

	CU_ASSERT_EQUAL_FATAL(store_audit_add(st, a, 4, &cause), 0);
	CU_ASSERT_EQUAL(walk(st, 0, NULL, &c), 4);
	CU_ASSERT_EQUAL(walk(st, 2500, NULL, &c), 2);
	CU_ASSERT_STRING_EQUAL(c.rows[0].user, "carol");
	/* By or about the account. */
	CU_ASSERT_EQUAL(walk(st, 0, "bob", &c), 2);
	CU_ASSERT_STRING_EQUAL(c.rows[0].event, "send");
	CU_ASSERT_STRING_EQUAL(c.rows[1].event, "read");
	CU_ASSERT_EQUAL(walk(st, 3000, "alice", &c), 1);
	CU_ASSERT_EQUAL(walk(st, 0, "nobody", &c), 0);
	CU_ASSERT_EQUAL(store_audit_last(st, &cause), 4);
	CU_ASSERT_EQUAL(store_audit_since_id(st, "carol", "login", 2, &cause),
	    1);
	CU_ASSERT_EQUAL(store_audit_since_id(st, "carol", "login", 3, &cause),
	    0);
	CU_ASSERT_EQUAL(store_audit_since_id(st, "alice", "login", 1, &cause),
	    0);
	store_close(st);
	free(path);
}

static void
test_transaction(void)
{
	struct store_audit	 a = row(1, "user_add", "dave", "");
	struct collect		 c;
	char			*path, *cause = NULL;
	struct store		*st = fresh("txn", &path);

	/* Inside the caller's transaction: gone with its rollback. */
	CU_ASSERT_EQUAL_FATAL(store_begin(st, &cause), 0);
	CU_ASSERT_EQUAL(store_audit_add(st, &a, 1, &cause), 0);
	store_rollback(st);
	CU_ASSERT_EQUAL(walk(st, 0, NULL, &c), 0);
	CU_ASSERT_EQUAL_FATAL(store_begin(st, &cause), 0);
	CU_ASSERT_EQUAL(store_audit_add(st, &a, 1, &cause), 0);
	CU_ASSERT_EQUAL(store_commit(st, &cause), 0);
	CU_ASSERT_EQUAL(walk(st, 0, NULL, &c), 1);
	store_close(st);
	free(path);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "sends and receipts are audited in their batch",
		    test_batch_rows },
		{ "a failed batch leaves no audit rows",
		    test_failed_batch_audits_nothing },
		{ "the audit table refuses UPDATE and DELETE",
		    test_append_only },
		{ "audit walk by time and by account", test_walk_filters },
		{ "audit rows join the caller's transaction",
		    test_transaction },
		{ NULL, NULL }
	};

	return testlib_run("audit", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
