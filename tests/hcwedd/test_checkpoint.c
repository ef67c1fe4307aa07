#include "config.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hcwedd/hubcommit.h"
#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

/*
 * The group commit and its checkpoints on a real loop, with their own
 * threads and connections, and a short log so that a few thousand
 * messages make many checkpoints (the store's own checkpoint steps are
 * tested in test_store_vfs.c).
 */
#define LOG_PAGES	64
#define MESSAGES	6000
#define PIPELINE	20	/* sends in the air at a time */
#define TURNS_MAX	1000000	/* loop turns before the test gives up */
#define CALM_SENDS	500	/* single sends before it gives up on the log */

static struct ht	 t;

static int64_t
fixed_now(void)
{
	return HT_NOW;
}

static size_t
acks_take(struct ht_conn *c)
{
	size_t	n = ht_count(c, "reply", "ack");

	ht_clear(c);
	return n;
}

/* Message i from alice to bob, with cid "ci". */
static void
send_in(struct ht_conn *a, size_t i)
{
	char	line[128];

	snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"bob\","
	    "\"body\":\"m\",\"cid\":\"c%zu\"}", i);
	ht_in(a, line);
}

/* One send, its ack awaited; false if it never comes. */
static bool
send_one(struct event_base *base, struct hubcommit *hc, struct ht_conn *a,
    size_t i)
{
	long	turns = 0;

	send_in(a, i);
	while (turns++ < TURNS_MAX) {
		hubcommit_kick(hc);
		event_base_loop(base, EVLOOP_ONCE);
		if (acks_take(a) == 1)
			return true;
	}
	return false;
}

/*
 * Checkpoints run beside commits that never stop, yet each ends with the
 * log starting over, and none starts again before that: one checkpoint per
 * stretch of log, not one per commit while the checkpoints fall behind.
 * How long the log grows under load depends on how fast the disk syncs the
 * checkpoint against the commits; once the load eases, it must come down.
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
		for (; sent < MESSAGES && sent - acked < PIPELINE; sent++)
			send_in(a, sent);
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
	for (n = 0; n < CALM_SENDS && st.wal_pages >= LOG_PAGES; n++) {
		CU_ASSERT_FATAL(send_one(base, hc, a, sent++));
		ht_clear(b);
		hubcommit_stats(hc, &st);
	}
	CU_ASSERT_TRUE(st.wal_pages < LOG_PAGES);
	hubcommit_free(hc);
	/* The newest stored is the last sent, and every mid is in use. */
	CU_ASSERT_EQUAL_FATAL(store_history(t.store, "alice", "bob", 0, 1,
	    &newest, &n, &more, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	snprintf(line, sizeof line, "c%zu", sent - 1);
	CU_ASSERT_STRING_EQUAL(newest[0].cid, line);
	CU_ASSERT_EQUAL(newest[0].mid, (int64_t)sent);
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
		{ "one checkpoint per stretch of log, under load",
		    test_checkpoint_per_log },
		{ NULL, NULL }
	};

	return testlib_run("checkpoint", NULL, NULL, cases);
}
