#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotstore.h"
#include "tests/testlib.h"

static char	*path;

static int
setup(void)
{
	testlib_dir_setup();
	path = xasprintf("%s/slotd.db", testlib_dir);
	return 0;
}

static int
teardown(void)
{
	free(path);
	testlib_dir_teardown();
	return 0;
}

static void
test_key_hashing(void)
{
	char	key[SLOTKEY_LEN + 1], other[SLOTKEY_LEN + 1];
	char	hash[SLOTKEY_LEN + 1];

	slotkey_hash("abc", 3, hash);
	CU_ASSERT_STRING_EQUAL(hash, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	slotkey_generate(key);
	slotkey_generate(other);
	CU_ASSERT_EQUAL(strlen(key), SLOTKEY_LEN);
	CU_ASSERT_EQUAL(strspn(key, "0123456789abcdef"), SLOTKEY_LEN);
	CU_ASSERT_STRING_NOT_EQUAL(key, other);
}

static void
count_key(void *arg, const struct slotstore_key *k)
{
	int	*n = arg;

	(*n)++;
	if (strcmp(k->name, "alice") == 0)
		CU_ASSERT_TRUE(k->revoked);
}

static void
test_keys(void)
{
	struct slotstore	*st;
	char			*cause = NULL, kind[8], name[64];
	int64_t			 id = 0;
	int			 n = 0;

	st = slotstore_open(path, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(slotstore_key_add(st, "alice", "hotel", "h1", 1, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_key_add(st, "alice", "band", "b1", 1, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_key_add(st, "alice", "hotel", "h2", 1, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "alice already has an active hotel key");
	free(cause);
	CU_ASSERT_EQUAL(slotstore_key_find(st, "b1", &id, kind, sizeof kind,
	    name, sizeof name, &cause), 1);
	CU_ASSERT_STRING_EQUAL(kind, "band");
	CU_ASSERT_STRING_EQUAL(name, "alice");
	CU_ASSERT_EQUAL(slotstore_key_id(st, "alice", "band", &cause), id);
	CU_ASSERT_EQUAL(slotstore_key_id(st, "bob", "band", &cause), 0);
	CU_ASSERT_EQUAL(slotstore_key_find(st, "nope", &id, kind, sizeof kind,
	    name, sizeof name, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_key_revoke(st, "alice", &cause), 2);
	CU_ASSERT_EQUAL(slotstore_key_find(st, "b1", &id, kind, sizeof kind,
	    name, sizeof name, &cause), 0);
	/* Revoked names can be issued keys again. */
	CU_ASSERT_EQUAL(slotstore_key_add(st, "alice", "hotel", "h3", 2, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_key_revoke(st, "alice", &cause), 1);
	CU_ASSERT_EQUAL(slotstore_key_list(st, count_key, &n, &cause), 0);
	CU_ASSERT_EQUAL(n, 3);
	slotstore_close(st);
}

static void
load_cb(void *arg, unsigned slot, int64_t key)
{
	int64_t	*seen = arg;

	seen[slot] = key != 0 ? key : -1;
}

static void
test_commit_rollback_reopen(void)
{
	struct slotstore	*st;
	char			*cause = NULL;
	int64_t			 seen[20] = { 0 };

	st = slotstore_open(path, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_FALSE(slotstore_pending(st));
	CU_ASSERT_EQUAL(slotstore_hold_put(st, "hotel", 5, 9, 100, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_hold_put(st, "hotel", 6, 9, 100, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_block_set(st, "hotel", 7, true, &cause), 0);
	CU_ASSERT_TRUE(slotstore_pending(st));
	CU_ASSERT_EQUAL(slotstore_commit(st, &cause), 0);
	CU_ASSERT_FALSE(slotstore_pending(st));
	CU_ASSERT_EQUAL(slotstore_hold_del(st, "hotel", 6, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_commit(st, &cause), 0);
	/* Not committed: lost at close. */
	CU_ASSERT_EQUAL(slotstore_hold_put(st, "hotel", 8, 9, 100, &cause), 0);
	slotstore_close(st);

	st = slotstore_open(path, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(slotstore_holds_load(st, "hotel", load_cb, seen, &cause), 0);
	CU_ASSERT_EQUAL(seen[5], 9);
	CU_ASSERT_EQUAL(seen[6], 0);
	CU_ASSERT_EQUAL(seen[8], 0);
	CU_ASSERT_EQUAL(slotstore_blocks_load(st, "hotel", load_cb, seen, &cause), 0);
	CU_ASSERT_EQUAL(seen[7], -1);
	memset(seen, 0, sizeof seen);
	CU_ASSERT_EQUAL(slotstore_holds_load(st, "band", load_cb, seen, &cause), 0);
	CU_ASSERT_EQUAL(seen[5], 0);
	/* The primary key refuses a second hold on a slot. */
	CU_ASSERT_EQUAL(slotstore_hold_put(st, "hotel", 5, 10, 100, &cause), -1);
	free(cause);
	slotstore_rollback(st);
	slotstore_close(st);
}

struct journal_seen {
	int	n;
	int64_t	last;
	char	first_slot[16];
	int	first_code;
	int	null_slots;
};

static void
journal_cb(void *arg, const struct slotstore_entry *e)
{
	struct journal_seen	*js = arg;

	if (js->n++ == 0) {
		snprintf(js->first_slot, sizeof js->first_slot, "%s",
		    e->slot != NULL ? e->slot : "");
		js->first_code = e->code;
	}
	js->null_slots += e->slot == NULL;
	js->last = e->id;
}

struct counts {
	int64_t	by_code_409;
	int64_t	bob;
	int64_t	violations;
	int	rows;
};

static void
count_cb(void *arg, const char *k1, const char *k2, int64_t n)
{
	struct counts	*c = arg;

	c->rows++;
	if (strcmp(k1, "409") == 0)
		c->by_code_409 = n;
	if (strcmp(k1, "bob") == 0)
		c->bob = n;
}

static void
test_journal_and_counts(void)
{
	struct slotstore	*st;
	char			*cause = NULL;
	struct journal_seen	 js = { 0 };
	struct counts		 c = { 0 };
	struct slotstore_entry	 e = { .time_ms = 1000, .key = "bob",
	    .service = "hotel", .method = "POST", .slot = "12", .code = 200,
	    .fault = "none" };

	st = slotstore_open(path, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(slotstore_journal_add(st, &e, &cause), 0);
	e.code = 409;
	e.rate_violation = true;
	CU_ASSERT_EQUAL(slotstore_journal_add(st, &e, &cause), 0);
	e.slot = NULL;
	e.key = "";
	e.code = 401;
	e.rate_violation = false;
	CU_ASSERT_EQUAL(slotstore_journal_add(st, &e, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_commit(st, &cause), 0);

	CU_ASSERT_EQUAL(slotstore_journal_read(st, 0, 10, journal_cb, &js,
	    &cause), 0);
	CU_ASSERT_EQUAL(js.n, 3);
	CU_ASSERT_STRING_EQUAL(js.first_slot, "12");
	CU_ASSERT_EQUAL(js.first_code, 200);
	CU_ASSERT_EQUAL(js.null_slots, 1);
	memset(&js, 0, sizeof js);
	CU_ASSERT_EQUAL(slotstore_journal_read(st, 1, 1, journal_cb, &js,
	    &cause), 0);
	CU_ASSERT_EQUAL(js.n, 1);
	CU_ASSERT_EQUAL(js.last, 2);

	CU_ASSERT_EQUAL(slotstore_count(st, SLOTSTORE_BY_CODE, count_cb, &c,
	    &cause), 0);
	CU_ASSERT_EQUAL(c.rows, 3);
	CU_ASSERT_EQUAL(c.by_code_409, 1);
	memset(&c, 0, sizeof c);
	CU_ASSERT_EQUAL(slotstore_count(st, SLOTSTORE_BY_KEY, count_cb, &c,
	    &cause), 0);
	CU_ASSERT_EQUAL(c.rows, 1);
	CU_ASSERT_EQUAL(c.bob, 2);
	memset(&c, 0, sizeof c);
	CU_ASSERT_EQUAL(slotstore_count(st, SLOTSTORE_VIOLATIONS_BY_KEY,
	    count_cb, &c, &cause), 0);
	CU_ASSERT_EQUAL(c.bob, 1);
	slotstore_close(st);
}

/* Another connection does it, as an admin command or a broken disk would. */
static void
sql(const char *text)
{
	sqlite3	*db;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
expect_cause(char *cause, const char *what)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, what));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "no such table"));
	free(cause);
}

/*
 * With its tables gone under it (renamed by another connection, so the
 * kept statements fail to re-prepare), every read says it failed and
 * why; none passes for "no such key", "no blocks" or "generation 0".
 */
static void
test_read_errors(void)
{
	struct slotstore	*st;
	char			*cause = NULL, kind[8] = "", name[64] = "";
	int64_t			 id = 0, g = 42, seen[20] = { 0 };
	int			 n = 0;

	st = slotstore_open(path, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(slotstore_key_add(st, "carol", "hotel", "c1", 1,
	    &cause), 0);
	CU_ASSERT_EQUAL(slotstore_block_set(st, "hotel", 3, true, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_touch(st, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_commit(st, &cause), 0);
	sql("ALTER TABLE slot_keys RENAME TO gone_keys;"
	    "ALTER TABLE slot_blocks RENAME TO gone_blocks;"
	    "ALTER TABLE slot_meta RENAME TO gone_meta");

	cause = NULL;
	CU_ASSERT_EQUAL(slotstore_key_find(st, "c1", &id, kind, sizeof kind,
	    name, sizeof name, &cause), -1);
	CU_ASSERT_EQUAL(id, 0);
	expect_cause(cause, "finding a key");
	cause = NULL;
	CU_ASSERT_EQUAL(slotstore_key_id(st, "carol", "hotel", &cause), -1);
	expect_cause(cause, "looking up a key");
	cause = NULL;
	CU_ASSERT_EQUAL(slotstore_generation(st, &g, &cause), -1);
	CU_ASSERT_EQUAL(g, 42);
	expect_cause(cause, "reading the generation");
	cause = NULL;
	CU_ASSERT_EQUAL(slotstore_blocks_load(st, "hotel", load_cb, seen,
	    &cause), -1);
	CU_ASSERT_EQUAL(seen[3], 0);
	expect_cause(cause, "loading slots");
	cause = NULL;
	CU_ASSERT_EQUAL(slotstore_key_list(st, count_key, &n, &cause), -1);
	CU_ASSERT_EQUAL(n, 0);
	expect_cause(cause, "listing keys");

	/* Nothing sticks: with the tables back, the same reads find. */
	sql("ALTER TABLE gone_keys RENAME TO slot_keys;"
	    "ALTER TABLE gone_blocks RENAME TO slot_blocks;"
	    "ALTER TABLE gone_meta RENAME TO slot_meta");
	CU_ASSERT_EQUAL(slotstore_key_find(st, "c1", &id, kind, sizeof kind,
	    name, sizeof name, &cause), 1);
	CU_ASSERT_STRING_EQUAL(name, "carol");
	CU_ASSERT_EQUAL(slotstore_key_id(st, "carol", "hotel", &cause), id);
	CU_ASSERT_EQUAL(slotstore_generation(st, &g, &cause), 0);
	CU_ASSERT_EQUAL(g, 1);
	CU_ASSERT_EQUAL(slotstore_blocks_load(st, "hotel", load_cb, seen,
	    &cause), 0);
	CU_ASSERT_EQUAL(seen[3], -1);
	slotstore_close(st);
}

static void
test_open_errors(void)
{
	char	*cause = NULL;

	CU_ASSERT_PTR_NULL(slotstore_open("/nonexistent/dir/x.db", &cause));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "/nonexistent/dir/x.db"));
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "keys are random hex, stored as SHA-256", test_key_hashing },
		{ "add, find, revoke and list keys", test_keys },
		{ "commit keeps, close without commit drops",
		    test_commit_rollback_reopen },
		{ "journal read after id, grouped counts",
		    test_journal_and_counts },
		{ "a read that fails is an error, never \"none\"",
		    test_read_errors },
		{ "a database that cannot be opened", test_open_errors },
		{ NULL, NULL }
	};

	return testlib_run("slotstore", setup, teardown, cases);
}
