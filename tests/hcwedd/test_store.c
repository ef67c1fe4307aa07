#include "config.h"

#include <sys/stat.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "tests/hcwedd/storetest.h"
#include "tests/testlib.h"

static struct store	*st;

static size_t
receipt(struct store *s, int64_t mid, const char *user, enum proto_state state,
    struct store_new_receipt **fr)
{
	struct store_put_receipt	 r = { mid, user, state, 77, "local" };
	size_t				 nfr = 0;
	char				*cause = NULL;

	CU_ASSERT_EQUAL(store_put_batch(s, NULL, 0, &r, 1, NULL, 0, fr, &nfr,
	    &cause), 0);
	return nfr;
}

static void
test_users(void)
{
	struct store_user	 u, *list;
	size_t			 n;
	char			*cause = NULL;

	st = st_fresh("users");
	st_add_user(st, "bob", "nurse");
	st_add_user(st, "alice", "doctor");
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "bob");
	u.hash = (char *)"h";
	CU_ASSERT_EQUAL(store_user_add(st, &u, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "user bob already exists");
	free(cause);
	CU_ASSERT_EQUAL(store_user_get(st, "alice", &u, &cause), 1);
	CU_ASSERT_STRING_EQUAL(u.role, "doctor");
	CU_ASSERT_STRING_EQUAL(u.display, "The alice");
	CU_ASSERT_STRING_EQUAL(u.hash, "$argon2id$x");
	CU_ASSERT_EQUAL(u.created, 1000);
	CU_ASSERT_FALSE(u.disabled);
	free(u.hash);
	CU_ASSERT_EQUAL(store_user_get(st, "carol", &u, &cause), 0);
	CU_ASSERT_EQUAL(store_user_set_hash(st, "alice", "new", &cause), 1);
	CU_ASSERT_EQUAL(store_user_set_hash(st, "carol", "new", &cause), 0);
	CU_ASSERT_EQUAL(store_user_set_disabled(st, "bob", true, &cause), 1);
	CU_ASSERT_EQUAL(store_user_get(st, "alice", &u, &cause), 1);
	CU_ASSERT_STRING_EQUAL(u.hash, "new");
	free(u.hash);
	CU_ASSERT_EQUAL_FATAL(store_user_list(st, &list, &n, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(list[0].name, "alice");
	CU_ASSERT_STRING_EQUAL(list[1].name, "bob");
	CU_ASSERT_TRUE(list[1].disabled);
	CU_ASSERT_PTR_NULL(list[0].hash);
	free(list);
	CU_ASSERT_EQUAL(store_user_del(st, "bob", 2000, &cause), 1);
	CU_ASSERT_EQUAL(store_user_del(st, "bob", 2000, &cause), 0);
	CU_ASSERT_EQUAL(store_user_list(st, &list, &n, &cause), 0);
	CU_ASSERT_EQUAL(n, 1);
	free(list);
	store_close(st);
}

static void
test_round_trip(void)
{
	struct store_put_msg		 m[3];
	struct store_new_receipt	*fr;
	struct proto_message		*h;
	size_t				 n, nfr;
	bool				 more;
	char				*cause = NULL;

	st = st_fresh_accounts("round");
	m[0] = st_msg("alice", "bob", "Bed 4 needs review", "a1", 100);
	m[0].priority = PROTO_PRIO_URGENT;
	m[1] = st_msg("bob", "alice", "On my way\nnow", "b1", 101);
	m[2] = st_msg("alice", "*", "Fire drill at 3", "a2", 102);
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 3, NULL, 0, NULL, 0, &fr,
	    &nfr, &cause), 0);
	CU_ASSERT_EQUAL(nfr, 0);
	CU_ASSERT_TRUE(m[0].mid > 0 && m[1].mid > m[0].mid &&
	    m[2].mid > m[1].mid);
	CU_ASSERT_FALSE(m[0].duplicate || m[1].duplicate || m[2].duplicate);
	CU_ASSERT_EQUAL(m[1].ts, 101);

	CU_ASSERT_EQUAL_FATAL(store_history(st, "alice", "bob", 0, 50, &h, &n,
	    &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_FALSE(more);
	CU_ASSERT_EQUAL(h[0].mid, m[0].mid);
	CU_ASSERT_STRING_EQUAL(h[0].body, "Bed 4 needs review");
	CU_ASSERT_EQUAL(h[0].priority, PROTO_PRIO_URGENT);
	CU_ASSERT_STRING_EQUAL(h[0].cid, "a1");
	CU_ASSERT_EQUAL(h[0].ts, 100);
	CU_ASSERT_TRUE(h[0].has_state);
	CU_ASSERT_EQUAL(h[0].state, PROTO_STATE_STORED);
	CU_ASSERT_STRING_EQUAL(h[1].body, "On my way\nnow");
	CU_ASSERT_EQUAL(h[1].body_len, 13);
	CU_ASSERT_FALSE(h[1].has_state);
	store_messages_free(h, n);

	CU_ASSERT_EQUAL_FATAL(store_history(st, "bob", "*", 0, 50, &h, &n,
	    &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(h[0].to, "*");
	store_messages_free(h, n);
	store_close(st);
}

static void
test_idempotent_cid(void)
{
	struct store_put_msg		 m[3];
	struct store_new_receipt	*fr;
	struct proto_message		*h;
	size_t				 n, nfr;
	bool				 more;
	int64_t				 first;
	char				*cause = NULL;

	st = st_fresh_accounts("cid");
	m[0] = st_msg("alice", "bob", "one", "x", 100);
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 1, NULL, 0, NULL, 0, &fr,
	    &nfr, &cause), 0);
	first = m[0].mid;
	/* A retry later, a repeat inside one batch, and bob's own "x". */
	m[0] = st_msg("alice", "bob", "one again", "x", 200);
	m[1] = st_msg("alice", "bob", "new", "y", 200);
	m[2] = st_msg("bob", "alice", "his", "x", 200);
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 3, NULL, 0, NULL, 0, &fr,
	    &nfr, &cause), 0);
	CU_ASSERT_TRUE(m[0].duplicate);
	CU_ASSERT_EQUAL(m[0].mid, first);
	CU_ASSERT_EQUAL(m[0].ts, 100);
	CU_ASSERT_FALSE(m[1].duplicate);
	CU_ASSERT_FALSE(m[2].duplicate);
	m[0] = st_msg("alice", "bob", "y twice", "y", 300);
	m[1] = st_msg("alice", "bob", "y thrice", "y", 300);
	CU_ASSERT_EQUAL_FATAL(store_put_batch(st, m, 2, NULL, 0, NULL, 0, &fr,
	    &nfr, &cause), 0);
	CU_ASSERT_TRUE(m[0].duplicate && m[1].duplicate);
	CU_ASSERT_EQUAL(m[0].mid, m[1].mid);
	CU_ASSERT_EQUAL_FATAL(store_history(st, "alice", "bob", 0, 50, &h, &n,
	    &more, &cause), 0);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_STRING_EQUAL(h[0].body, "one");
	store_messages_free(h, n);
	store_close(st);
}

static void
test_failed_batch_stores_nothing(void)
{
	struct store_put_msg		 m[2];
	struct store_new_receipt	*fr;
	struct proto_message		*h;
	size_t				 n, nfr;
	bool				 more;
	char				*cause = NULL;

	st = st_fresh_accounts("fail");
	m[0] = st_msg("alice", "bob", "fine", "1", 100);
	m[1] = st_msg("alice", "bob", "broken", "2", 100);
	m[1].body = NULL;	/* violates NOT NULL: the whole batch fails */
	CU_ASSERT_EQUAL(store_put_batch(st, m, 2, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "storing a message"));
	free(cause);
	CU_ASSERT_EQUAL(store_history(st, "alice", "bob", 0, 50, &h, &n, &more,
	    &cause), 0);
	CU_ASSERT_EQUAL(n, 0);
	store_messages_free(h, n);
	/* The store is usable again afterwards. */
	CU_ASSERT_TRUE(st_put1(st, "alice", "bob", "1") > 0);
	store_close(st);
}

static void
test_receipts(void)
{
	struct store_new_receipt	*fr;
	struct store_sync_page		 p;
	struct proto_message		*h;
	size_t				 n;
	bool				 more;
	int64_t				 direct, bcast;
	char				*cause = NULL;

	st = st_fresh_accounts("receipts");
	direct = st_put1(st, "alice", "bob", "1");
	bcast = st_put1(st, "alice", "*", "2");
	CU_ASSERT_EQUAL_FATAL(receipt(st, direct, "bob", PROTO_STATE_DELIVERED,
	    &fr), 1);
	CU_ASSERT_EQUAL(fr[0].r.mid, direct);
	CU_ASSERT_STRING_EQUAL(fr[0].r.by, "bob");
	CU_ASSERT_STRING_EQUAL(fr[0].sender, "alice");
	CU_ASSERT_EQUAL(fr[0].r.state, PROTO_STATE_DELIVERED);
	CU_ASSERT_EQUAL(fr[0].r.ts, 77);
	free(fr);
	CU_ASSERT_EQUAL(receipt(st, direct, "bob", PROTO_STATE_DELIVERED, &fr),
	    0);
	free(fr);
	CU_ASSERT_EQUAL(receipt(st, direct, "bob", PROTO_STATE_READ, &fr), 1);
	free(fr);
	/* read implies delivered: both are stored. */
	CU_ASSERT_EQUAL_FATAL(receipt(st, bcast, "carol", PROTO_STATE_READ,
	    &fr), 2);
	CU_ASSERT_EQUAL(fr[0].r.state, PROTO_STATE_DELIVERED);
	CU_ASSERT_EQUAL(fr[1].r.state, PROTO_STATE_READ);
	/* The receipts' own ids, as sync reports them: 3 and 4, not the
	 * audit rows' written after each. */
	CU_ASSERT_EQUAL(fr[0].r.rid, 3);
	CU_ASSERT_EQUAL(fr[1].r.rid, 4);
	free(fr);
	/* Not addressed: someone else's message, one's own, no such mid. */
	CU_ASSERT_EQUAL(receipt(st, direct, "carol", PROTO_STATE_READ, &fr), 0);
	free(fr);
	CU_ASSERT_EQUAL(receipt(st, bcast, "alice", PROTO_STATE_READ, &fr), 0);
	free(fr);
	CU_ASSERT_EQUAL(receipt(st, 999, "bob", PROTO_STATE_READ, &fr), 0);
	free(fr);

	CU_ASSERT_EQUAL_FATAL(store_history(st, "alice", "bob", 0, 50, &h, &n,
	    &more, &cause), 0);
	CU_ASSERT_EQUAL(h[0].state, PROTO_STATE_READ);
	store_messages_free(h, n);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "alice", false, 0, 1, 100, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.nreceipts, 3);
	CU_ASSERT_EQUAL(p.receipts[0].rid, 2);
	CU_ASSERT_EQUAL(p.last_receipt, 4);
	store_sync_free(&p);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", false, 0, 0, 100, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.nreceipts, 0);
	CU_ASSERT_EQUAL(p.last_receipt, 0);
	store_sync_free(&p);
	store_close(st);
}

static void
test_sync_cursor(void)
{
	struct store_sync_page	p;
	int64_t			mids[5];
	char			*cause = NULL;

	st = st_fresh_accounts("sync");
	mids[0] = st_put1(st, "alice", "bob", "1");
	mids[1] = st_put1(st, "carol", "dave", "1");	/* not bob's */
	mids[2] = st_put1(st, "bob", "alice", "1");
	mids[3] = st_put1(st, "carol", "*", "2");
	mids[4] = st_put1(st, "alice", "bob", "3");
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", false, 0, 0, 2, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.n, 2);
	CU_ASSERT_EQUAL(p.msgs[0].mid, mids[0]);
	CU_ASSERT_EQUAL(p.msgs[1].mid, mids[2]);
	CU_ASSERT_TRUE(p.msgs[1].has_state);
	CU_ASSERT_TRUE(p.more);
	CU_ASSERT_EQUAL(p.last, mids[2]);
	store_sync_free(&p);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", false, mids[2], 0, 2, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.n, 2);
	CU_ASSERT_EQUAL(p.msgs[0].mid, mids[3]);
	CU_ASSERT_EQUAL(p.msgs[1].mid, mids[4]);
	CU_ASSERT_FALSE(p.more);
	CU_ASSERT_EQUAL(p.last, mids[4]);
	store_sync_free(&p);
	/* Caught up: an empty page keeps the cursor. */
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", false, mids[4], 0, 2, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.n, 0);
	CU_ASSERT_EQUAL(p.last, mids[4]);
	CU_ASSERT_FALSE(p.more);
	store_sync_free(&p);
	store_close(st);
}

static void
test_sync_undelivered(void)
{
	struct store_new_receipt	*fr;
	struct store_sync_page		 p;
	int64_t				 a, b, c, own;
	char				*cause = NULL;

	st = st_fresh_accounts("undelivered");
	a = st_put1(st, "alice", "bob", "1");
	b = st_put1(st, "alice", "bob", "2");
	c = st_put1(st, "carol", "*", "1");
	own = st_put1(st, "bob", "alice", "1");
	receipt(st, b, "bob", PROTO_STATE_DELIVERED, &fr);
	free(fr);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", true, 0, 0, 100, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL_FATAL(p.n, 2);
	CU_ASSERT_EQUAL(p.msgs[0].mid, a);
	CU_ASSERT_EQUAL(p.msgs[1].mid, c);
	CU_ASSERT_FALSE(p.more);
	/* Complete: the cursor jumps to the newest message bob can see. */
	CU_ASSERT_EQUAL(p.last, own);
	store_sync_free(&p);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", true, 0, 0, 1, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.n, 1);
	CU_ASSERT_TRUE(p.more);
	CU_ASSERT_EQUAL(p.last, a);
	store_sync_free(&p);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "nobody", true, 0, 0, 100, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.n, 1);	/* carol's broadcast */
	CU_ASSERT_EQUAL(p.last, c);
	store_sync_free(&p);
	store_close(st);
}

static void
test_history_paging(void)
{
	struct proto_message	*h;
	size_t			 n;
	bool			 more;
	int64_t			 mids[5];
	char			 cid[8], *cause = NULL;

	st = st_fresh_accounts("history");
	for (int i = 0; i < 5; i++) {
		snprintf(cid, sizeof cid, "%d", i);
		mids[i] = st_put1(st, i % 2 ? "bob" : "alice",
		    i % 2 ? "alice" : "bob", cid);
	}
	st_put1(st, "alice", "carol", "other");
	CU_ASSERT_EQUAL_FATAL(store_history(st, "bob", "alice", 0, 2, &h, &n,
	    &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(h[0].mid, mids[3]);
	CU_ASSERT_EQUAL(h[1].mid, mids[4]);
	CU_ASSERT_TRUE(more);
	store_messages_free(h, n);
	CU_ASSERT_EQUAL_FATAL(store_history(st, "bob", "alice", mids[3], 2, &h,
	    &n, &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(h[0].mid, mids[1]);
	CU_ASSERT_TRUE(more);
	store_messages_free(h, n);
	CU_ASSERT_EQUAL_FATAL(store_history(st, "bob", "alice", mids[1], 2, &h,
	    &n, &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(h[0].mid, mids[0]);
	CU_ASSERT_FALSE(more);
	store_messages_free(h, n);
	store_close(st);
}

static void
run_sql(const char *path, const char *sql)
{
	sqlite3	*db;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* hcwedd refuses a file others may read. */
	CU_ASSERT_EQUAL(chmod(path, 0600), 0);
}

static void
test_migrations(void)
{
	char			*path = xasprintf("%s/v1.db", testlib_dir);
	char			*cause = NULL;
	struct store_user	 u;

	/* A file as the first schema version left it, with an account. */
	run_sql(path, "CREATE TABLE users (name TEXT PRIMARY KEY, display TEXT "
	    "NOT NULL DEFAULT '', role TEXT NOT NULL, hash TEXT NOT NULL, "
	    "created INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);"
	    "CREATE TABLE messages (mid INTEGER PRIMARY KEY, sender TEXT NOT "
	    "NULL, recipient TEXT NOT NULL, body TEXT NOT NULL, priority "
	    "INTEGER NOT NULL, cid TEXT NOT NULL, ts INTEGER NOT NULL, "
	    "UNIQUE (sender, cid));"
	    "CREATE TABLE receipts (rid INTEGER PRIMARY KEY, mid INTEGER NOT "
	    "NULL REFERENCES messages (mid), user TEXT NOT NULL, state INTEGER "
	    "NOT NULL, ts INTEGER NOT NULL, UNIQUE (mid, user, state));"
	    "INSERT INTO users VALUES ('zed', 'Z', 'nurse', 'h', 1, 0);"
	    "PRAGMA user_version = 1;");
	CU_ASSERT_EQUAL_FATAL(store_open(path, &st, &cause), 0);
	CU_ASSERT_EQUAL(store_schema_version(st), 6);
	CU_ASSERT_EQUAL(store_user_get(st, "zed", &u, &cause), 1);
	free(u.hash);
	CU_ASSERT_TRUE(st_put1(st, "zed", "*", "1") > 0);
	store_close(st);
	/* Reopening a current file changes nothing and keeps the data. */
	CU_ASSERT_EQUAL_FATAL(store_open(path, &st, &cause), 0);
	CU_ASSERT_EQUAL(store_schema_version(st), 6);
	CU_ASSERT_EQUAL(st_put1(st, "zed", "*", "1"), 1);
	store_close(st);
	/* A file from a newer hcwedd is refused, not misread. */
	run_sql(path, "PRAGMA user_version = 99");
	CU_ASSERT_EQUAL(store_open(path, &st, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "schema version 99 is newer"));
	free(cause);
	free(path);
}

static void
test_open_errors(void)
{
	char	*cause = NULL;

	CU_ASSERT_EQUAL(store_open("/nonexistent/dir/x.db", &st, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "/nonexistent/dir/x.db"));
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "accounts: add, get, change, list, delete", test_users },
		{ "messages round-trip with every field", test_round_trip },
		{ "a repeated client id returns the original mid",
		    test_idempotent_cid },
		{ "a failed batch stores nothing", test_failed_batch_stores_nothing },
		{ "receipts: addressed only, read implies delivered",
		    test_receipts },
		{ "sync pages by mid cursor", test_sync_cursor },
		{ "sync of undelivered messages", test_sync_undelivered },
		{ "history pages backwards, oldest first", test_history_paging },
		{ "migrations bring an old file forward", test_migrations },
		{ "an unopenable path names itself", test_open_errors },
		{ NULL, NULL }
	};

	return testlib_run("store", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
