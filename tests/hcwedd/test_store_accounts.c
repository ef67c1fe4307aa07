#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hcwedd/store.h"
#include "tests/hcwedd/storetest.h"
#include "tests/testlib.h"

/*
 * Accounts over their whole life: the sources they log in from, and
 * deletion, after which a new account given the name starts with nothing
 * of the old one's while the old messages stay in the file.
 */

static size_t
history(struct store *st, const char *user, const char *peer)
{
	struct proto_message	*h;
	size_t			 n;
	bool			 more;
	char			*cause = NULL;

	CU_ASSERT_EQUAL_FATAL(store_history(st, user, peer, 0, 50, &h, &n,
	    &more, &cause), 0);
	store_messages_free(h, n);
	return n;
}

static void
changes_cb(void *arg, const char *user, const char *what)
{
	char	*seen = arg;

	snprintf(seen + strlen(seen), 64 - strlen(seen), "%s:%s ", user,
	    what);
}

static void
del(struct store *st, const char *name, int want)
{
	char	*cause = NULL;

	CU_ASSERT_EQUAL_FATAL(store_begin(st, &cause), 0);
	CU_ASSERT_EQUAL(store_user_del(st, name, 9000, &cause), want);
	CU_ASSERT_EQUAL_FATAL(store_commit(st, &cause), 0);
}

static void
test_delete_starts_afresh(void)
{
	struct store		*st = st_fresh_accounts("del");
	struct store_put_msg	 m;
	struct store_new_receipt *fr;
	struct store_sync_page	 p;
	size_t			 nfr;
	char			*cause = NULL, seen[64] = "";
	int64_t			 after = -1, old;

	CU_ASSERT_EQUAL(store_account_changes(st, &after, changes_cb, seen,
	    &cause), 0);
	CU_ASSERT_EQUAL(after, 0);
	old = st_put1(st, "alice", "bob", "a1");
	CU_ASSERT(st_put1(st, "bob", "alice", "b1") > old);
	CU_ASSERT(st_put1(st, "bob", "*", "b2") > old);
	CU_ASSERT_EQUAL(store_source_seen(st, "bob", "10.0.0.5", 1, &cause), 0);
	del(st, "bob", 1);
	del(st, "bob", 0);
	CU_ASSERT_EQUAL(store_account_changes(st, &after, changes_cb, seen,
	    &cause), 0);
	CU_ASSERT_STRING_EQUAL(seen, "bob:del ");

	/* Nothing more is stored to or from the name while it has no account. */
	m = st_msg("alice", "bob", "late", "a2", 10);
	CU_ASSERT_EQUAL(store_put_batch(st, &m, 1, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause), 0);
	free(fr);
	CU_ASSERT_TRUE(m.unknown);
	CU_ASSERT_EQUAL(m.mid, 0);
	CU_ASSERT_EQUAL(st_put1(st, "bob", "*", "b3"), 0);

	/* The old messages stay, under a name no account can have. */
	CU_ASSERT_EQUAL(history(st, "alice", "bob"), 0);
	CU_ASSERT_EQUAL(history(st, "alice", ".bob.1"), 2);
	CU_ASSERT_EQUAL(store_source_known(st, "bob", "10.0.0.5", &cause), 0);

	/* A new bob sees none of it, and his client ids start afresh. */
	st_add_user(st, "bob", "nurse");
	CU_ASSERT_EQUAL(history(st, "bob", "alice"), 0);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", false, 0, 0, 100, &p,
	    &cause), 0);
	for (size_t i = 0; i < p.n; i++)
		CU_ASSERT_STRING_NOT_EQUAL(p.msgs[i].to, "bob");
	store_sync_free(&p);
	CU_ASSERT_EQUAL_FATAL(store_sync(st, "bob", true, 0, 0, 100, &p,
	    &cause), 0);
	CU_ASSERT_EQUAL(p.n, 1);	/* the old bob's broadcast, renamed */
	if (p.n == 1)
		CU_ASSERT_STRING_EQUAL(p.msgs[0].from, ".bob.1");
	store_sync_free(&p);
	m = st_msg("bob", "alice", "new", "b1", 20);
	CU_ASSERT_EQUAL(store_put_batch(st, &m, 1, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause), 0);
	free(fr);
	CU_ASSERT_FALSE(m.duplicate);
	CU_ASSERT(m.mid > old);
	CU_ASSERT_EQUAL(history(st, "alice", "bob"), 1);
	store_close(st);
}

static void
test_sources(void)
{
	struct store	*st = st_fresh_accounts("sources");
	char		*cause = NULL;

	CU_ASSERT_EQUAL(store_source_known(st, "bob", "10.0.0.5", &cause), 0);
	CU_ASSERT_EQUAL(store_source_seen(st, "bob", "10.0.0.5", 1, &cause), 0);
	CU_ASSERT_EQUAL(store_source_seen(st, "bob", "10.0.0.5", 2, &cause), 0);
	CU_ASSERT_EQUAL(store_source_known(st, "bob", "10.0.0.5", &cause), 1);
	CU_ASSERT_EQUAL(store_source_known(st, "alice", "10.0.0.5", &cause),
	    0);
	CU_ASSERT_EQUAL(store_source_known(st, "bob", "10.0.0.6", &cause), 0);
	store_close(st);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "a deleted account's name starts afresh", test_delete_starts_afresh },
		{ "login sources are remembered per account", test_sources },
		{ NULL, NULL }
	};

	return testlib_run("store_accounts", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
