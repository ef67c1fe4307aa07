#include "config.h"

#include <event2/event.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hubcommit.h"
#include "src/xmalloc.h"
#include "tests/hubtest.h"
#include "tests/testlib.h"

/*
 * Checkpoints: what the store offers for them, and how the group commit
 * uses it on a real loop, with its own threads and connections, and a
 * short log so that a few thousand messages make many checkpoints.
 */
#define LOG_PAGES	64
#define MESSAGES	3000
#define PIPELINE	20	/* sends in the air at a time */
#define TURNS_MAX	1000000	/* loop turns before the test gives up */

static struct ht	 t;

static int64_t
fixed_now(void)
{
	return HT_NOW;
}

/* Store one message alone. */
static void
put1(struct store *s, const char *cid)
{
	struct store_put_msg		 m = {
		.from = "zed", .to = "*", .body = "hi", .body_len = 2,
		.cid = cid, .ts = HT_NOW, .priority = PROTO_PRIO_NORMAL,
	};
	struct store_new_receipt	*fr;
	size_t				 nfr;
	char				*cause = NULL;

	CU_ASSERT_EQUAL(store_put_batch(s, &m, 1, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause), 0);
	free(fr);
}

/* Checkpoints done by another connection, as the server's thread does. */
static void
test_checkpoint(void)
{
	char		*path = xasprintf("%s/ck.db", testlib_dir);
	char		*cause = NULL;
	char		 cid[16];
	struct store	*w, *c;
	sqlite3		*r;
	size_t		 grown, copied, more;

	CU_ASSERT_EQUAL_FATAL(store_open(path, &w, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(store_open(path, &c, &cause), 0);
	store_wal_defer(w);
	for (int i = 0; i < 200; i++) {
		snprintf(cid, sizeof cid, "k%d", i);
		put1(w, cid);
	}
	/* No checkpoint of its own: the log only grows. */
	grown = store_wal_pages(w);
	CU_ASSERT_TRUE(grown > 200);
	CU_ASSERT_EQUAL(store_checkpoint(c, false, &copied, &cause), 0);
	CU_ASSERT_EQUAL(copied, grown);
	CU_ASSERT_EQUAL(store_checkpoint_sync(c, &cause), 0);
	/* All copied and nobody reading: the next commit starts it over. */
	put1(w, "after-passive");
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);
	for (int i = 0; i < 50; i++) {
		snprintf(cid, sizeof cid, "r%d", i);
		put1(w, cid);
	}
	CU_ASSERT_EQUAL(store_checkpoint(c, true, &copied, &cause), 0);
	put1(w, "after-restart");
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);

	/*
	 * A checkpoint that cannot catch up (here a reader holds it back, as
	 * commits made meanwhile do in the server) leaves the log going,
	 * until the writer copies the rest itself, as the committer finishes
	 * a checkpoint, and its next commit starts the log over.
	 */
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &r), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(r, "BEGIN; SELECT count(*) FROM messages",
	    NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < 50; i++) {
		snprintf(cid, sizeof cid, "p%d", i);
		put1(w, cid);
	}
	grown = store_wal_pages(w);
	CU_ASSERT_EQUAL(store_checkpoint(c, false, &copied, &cause), 0);
	CU_ASSERT_TRUE(copied < grown);
	CU_ASSERT_EQUAL(sqlite3_exec(r, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	put1(w, "meanwhile");
	CU_ASSERT_TRUE(store_wal_pages(w) > grown);
	CU_ASSERT_EQUAL(store_checkpoint(w, false, &more, &cause), 0);
	CU_ASSERT_EQUAL(more, store_wal_pages(w));
	put1(w, "after-finish");
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);
	store_close(c);
	store_close(w);
	free(path);
}

static size_t
acks_take(struct ht_conn *c)
{
	size_t	n = ht_count(c, "reply", "ack");

	ht_clear(c);
	return n;
}

/*
 * Checkpoints run beside commits that never stop, yet each ends with the
 * log starting over, and none starts again before that: one checkpoint per
 * stretch of log, not one per commit while the checkpoints fall behind.
 */
static void
test_checkpoint_per_log(void)
{
	struct event_base	*base = event_base_new();
	struct hubcommit	*hc;
	struct hubcommit_stats	 st;
	struct ht_conn		*a, *b;
	struct proto_message	*newest;
	char			*cause = NULL, line[128];
	size_t			 sent = 0, acked = 0, n;
	bool			 more;
	long			 turns = 0;

	ht_init(&t);
	hc = hubcommit_new(base, t.hub, t.path, LOG_PAGES, fixed_now, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hc);
	a = ht_login(&t, "alice");
	b = ht_login(&t, "bob");
	while (acked < MESSAGES && turns++ < TURNS_MAX) {
		for (; sent < MESSAGES && sent - acked < PIPELINE; sent++) {
			snprintf(line, sizeof line, "{\"cmd\":\"send\","
			    "\"to\":\"bob\",\"body\":\"m\",\"cid\":\"c%zu\"}",
			    sent);
			ht_in(a, line);
		}
		hubcommit_kick(hc);
		event_base_loop(base, EVLOOP_ONCE);
		acked += acks_take(a);
		ht_clear(b);
	}
	CU_ASSERT_EQUAL_FATAL(acked, MESSAGES);
	hubcommit_stats(hc, &st);
	CU_ASSERT_TRUE(st.checkpoints >= 5);
	CU_ASSERT_TRUE(st.passes >= st.checkpoints - 1);
	/* The last may still be copying, or waiting for its finish. */
	CU_ASSERT_TRUE(st.log_restarts + 1 >= st.checkpoints);
	CU_ASSERT_TRUE(st.wal_pages < HUBCOMMIT_CHECKPOINT_MAX * LOG_PAGES);
	hubcommit_free(hc);
	/* The newest stored is the last sent, and every mid is in use. */
	CU_ASSERT_EQUAL_FATAL(store_history(t.store, "alice", "bob", 0, 1,
	    &newest, &n, &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	snprintf(line, sizeof line, "c%d", MESSAGES - 1);
	CU_ASSERT_STRING_EQUAL(newest[0].cid, line);
	CU_ASSERT_EQUAL(newest[0].mid, MESSAGES);
	store_messages_free(newest, n);
	ht_close(a);
	ht_close(b);
	ht_done(&t);
	event_base_free(base);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "another connection checkpoints, the log starts over",
		    test_checkpoint },
		{ "one checkpoint per stretch of log, under load",
		    test_checkpoint_per_log },
		{ NULL, NULL }
	};

	return testlib_run("checkpoint", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
