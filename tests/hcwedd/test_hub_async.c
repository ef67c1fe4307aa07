#include "config.h"

#include <event2/event.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hcwedd/hubcommit.h"
#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

/*
 * The steps a transport with threads uses, for commits and for logins:
 * here the "thread" is driven by hand (a second store connection for the
 * commits), so every interleaving the loop can see is played in order.
 */
static struct ht	 t;
static struct store	*other;
static struct hub_batch	*held;
static int		 waits;
static struct hub_login	*checking;

#define TURNS_MAX	1000	/* loop turns of 10 ms before a test gives up */

/*
 * Every connection counts its commits by thread, the committer's included,
 * so a test can tell whether the loop (this thread) wrote.
 */
static pthread_t	 loop_thread;
static atomic_uint	 loop_commits, thread_commits;

static int
setup(void)
{
	char	*cause;

	ht_init(&t);
	if (store_open(t.path, &other, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	waits = 0;
	held = NULL;
	return 0;
}

static int
teardown(void)
{
	store_close(other);
	ht_done(&t);
	return 0;
}

/* What a transport's wait does: finish the batch in hand now. */
static void
wait_held(void *arg)
{
	struct hub_batch	*b = held;

	waits++;
	held = NULL;
	hub_batch_store(b, other);
	hub_batch_done(t.hub, b);
}

static void
send_line(struct ht_conn *c, const char *cid)
{
	char	line[128];

	snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"bob\","
	    "\"body\":\"b-%s\",\"cid\":\"%s\"}", cid, cid);
	ht_in(c, line);
}

static void
test_collect_while_storing(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	struct hub_batch *b1;

	ht_clear(a);
	ht_clear(b);
	send_line(a, "c1");
	b1 = hub_batch_take(t.hub, HT_NOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
	CU_ASSERT_FALSE(hub_pending(t.hub));
	/* The loop goes on: the next send joins the next batch. */
	send_line(a, "c2");
	CU_ASSERT_TRUE(hub_pending(t.hub));
	hub_batch_store(b1, other);
	CU_ASSERT_EQUAL(a->n, 0);
	CU_ASSERT_EQUAL(b->n, 0);
	hub_batch_done(t.hub, b1);
	CU_ASSERT_EQUAL_FATAL(a->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "cid"), "c1");
	CU_ASSERT_EQUAL_FATAL(b->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "body"), "b-c1");
	CU_ASSERT_TRUE(hub_session_busy(a->s));
	hub_flush(t.hub, HT_NOW + 1);
	CU_ASSERT_FALSE(hub_session_busy(a->s));
	CU_ASSERT_EQUAL_FATAL(a->n, 2);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "cid"), "c2");
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 2);
	CU_ASSERT_EQUAL(waits, 0);
	ht_close(a);
	ht_close(b);
}

static void
test_session_gone_while_storing(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	struct hub_batch *b1;
	size_t		 before = ht_stored(&t, "alice", "bob");

	ht_clear(a);
	ht_clear(b);
	send_line(a, "g1");
	b1 = hub_batch_take(t.hub, HT_NOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
	ht_close(a);
	hub_batch_store(b1, other);
	hub_batch_done(t.hub, b1);
	/* Stored and delivered (after alice's presence); no ack is due. */
	CU_ASSERT_EQUAL(ht_count(b, "event", "message"), 1);
	CU_ASSERT_EQUAL(ht_count(b, "body", "b-g1"), 1);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), before + 1);
	/* The logout's audit row waits for the next batch. */
	CU_ASSERT_TRUE(hub_pending(t.hub));
	hub_flush(t.hub, HT_NOW + 1);
	CU_ASSERT_FALSE(hub_pending(t.hub));
	ht_close(b);
}

static void
test_sync_waits_for_the_batch(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");

	ht_clear(a);
	ht_clear(b);
	hub_set_wait(t.hub, wait_held, NULL);
	send_line(a, "w1");
	held = hub_batch_take(t.hub, HT_NOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(held);
	/* A sync must read what this session sent: the batch is finished
	 * first, then its ack goes out ahead of the sync's reply. */
	ht_in(a, "{\"cmd\":\"sync\",\"after\":0,\"tag\":\"s\"}");
	CU_ASSERT_EQUAL(waits, 1);
	CU_ASSERT_PTR_NULL(held);
	CU_ASSERT_EQUAL_FATAL(a->n, 2);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "reply"), "sync");
	CU_ASSERT_TRUE(strstr(ht_line(a, 1), "b-w1") != NULL);
	CU_ASSERT_EQUAL(b->n, 1);
	ht_close(a);
	ht_close(b);
	hub_flush(t.hub, HT_NOW + 1);
	hub_set_wait(t.hub, NULL, NULL);
}

static void
test_nothing_to_take(void)
{
	struct ht_conn	*a = ht_login(&t, "alice");

	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_PTR_NULL(hub_batch_take(t.hub, HT_NOW));
	ht_in(a, "{\"cmd\":\"ping\"}");
	CU_ASSERT_PTR_NULL(hub_batch_take(t.hub, HT_NOW));
	ht_close(a);
	hub_flush(t.hub, HT_NOW);
}

static void
test_batch_max_per_take(void)
{
	struct ht_conn		*a = ht_login(&t, "alice");
	struct hub_batch	*b1, *b2;
	char			 cid[16];

	ht_clear(a);
	/* With a commit thread, a full batch does not stop the loop. */
	waits = 0;
	hub_set_wait(t.hub, wait_held, NULL);
	for (int i = 0; i < HT_BATCH_MAX + 6; i++) {
		snprintf(cid, sizeof cid, "m%d", i);
		send_line(a, cid);
	}
	CU_ASSERT_EQUAL(waits, 0);
	b1 = hub_batch_take(t.hub, HT_NOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
	CU_ASSERT_TRUE(hub_pending(t.hub));
	hub_batch_store(b1, other);
	hub_batch_done(t.hub, b1);
	CU_ASSERT_EQUAL_FATAL(a->n, HT_BATCH_MAX);
	b2 = hub_batch_take(t.hub, HT_NOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b2);
	CU_ASSERT_FALSE(hub_pending(t.hub));
	hub_batch_store(b2, other);
	hub_batch_done(t.hub, b2);
	/* Every ack, in the order sent. */
	CU_ASSERT_EQUAL_FATAL(a->n, HT_BATCH_MAX + 6);
	CU_ASSERT_STRING_EQUAL(ht_str(a, HT_BATCH_MAX - 1, "cid"), "m63");
	CU_ASSERT_STRING_EQUAL(ht_str(a, HT_BATCH_MAX + 5, "cid"), "m69");
	hub_set_wait(t.hub, NULL, NULL);
	ht_close(a);
	hub_flush(t.hub, HT_NOW);
}

static void
verify_later(void *arg, struct hub_login *l)
{
	CU_ASSERT_PTR_NULL(checking);
	checking = l;
}

/* hello, then a login whose check is handed to verify_later. */
static struct ht_conn *
login_later(const char *user, const char *password)
{
	struct ht_conn	*c = ht_open(&t);
	char		 line[128];

	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_clear(c);
	snprintf(line, sizeof line, "{\"cmd\":\"login\",\"user\":\"%s\","
	    "\"password\":\"%s\",\"tag\":\"L\"}", user, password);
	hub_set_verifier(t.hub, verify_later, NULL);
	ht_in(c, line);
	hub_set_verifier(t.hub, NULL, NULL);
	return c;
}

static void
test_login_checked_elsewhere(void)
{
	struct ht_conn	*b = ht_login(&t, "bob");
	struct ht_conn	*a = login_later("alice", "pw-alice");

	ht_clear(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(checking);
	CU_ASSERT_TRUE(hub_session_paused(a->s));
	CU_ASSERT_FALSE(hub_session_logged_in(a->s));
	CU_ASSERT_EQUAL(a->n, 0);
	/* Other sessions go on meanwhile. */
	ht_in(b, "{\"cmd\":\"ping\",\"tag\":\"p\"}");
	CU_ASSERT_EQUAL(b->n, 1);
	hub_login_verify(checking);
	hub_login_done(t.hub, checking);
	checking = NULL;
	CU_ASSERT_FALSE(hub_session_paused(a->s));
	CU_ASSERT_TRUE(hub_session_logged_in(a->s));
	CU_ASSERT_EQUAL_FATAL(a->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "login");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "tag"), "L");
	CU_ASSERT_EQUAL(ht_count(b, "event", "presence"), 1);
	ht_close(a);
	ht_close(b);
	hub_flush(t.hub, HT_NOW);
}

static void
test_login_refused_elsewhere(void)
{
	struct ht_conn	*a = login_later("alice", "wrong");

	CU_ASSERT_PTR_NOT_NULL_FATAL(checking);
	hub_login_verify(checking);
	hub_login_done(t.hub, checking);
	checking = NULL;
	CU_ASSERT_FALSE(hub_session_paused(a->s));
	CU_ASSERT_EQUAL_FATAL(a->n, 1);
	CU_ASSERT_EQUAL(ht_int(a, 0, "error"), PROTO_E_BAD_CREDENTIALS);
	CU_ASSERT_FALSE(hub_session_logged_in(a->s));
	/* The failure is audited with the batch like any other row. */
	CU_ASSERT_TRUE(hub_pending(t.hub));
	ht_close(a);
	hub_flush(t.hub, HT_NOW);
}

static void
test_login_session_gone(void)
{
	struct ht_conn	*b = ht_login(&t, "bob");
	struct ht_conn	*a = login_later("alice", "pw-alice");

	ht_clear(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(checking);
	ht_close(a);
	hub_login_verify(checking);
	hub_login_done(t.hub, checking);
	checking = NULL;
	/* Nobody logged in: bob hears of no alice. */
	CU_ASSERT_EQUAL(b->n, 0);
	ht_close(b);
	hub_flush(t.hub, HT_NOW);
}

static void
test_login_cancelled(void)
{
	struct ht_conn	*a = login_later("alice", "pw-alice");

	CU_ASSERT_PTR_NOT_NULL_FATAL(checking);
	hub_login_cancel(t.hub, checking);
	checking = NULL;
	CU_ASSERT_FALSE(hub_session_paused(a->s));
	CU_ASSERT_FALSE(hub_session_logged_in(a->s));
	CU_ASSERT_EQUAL_FATAL(a->n, 1);
	CU_ASSERT_EQUAL(ht_int(a, 0, "error"), PROTO_E_INTERNAL);
	ht_close(a);
	hub_flush(t.hub, HT_NOW);
}

static int
commit_count(void *arg)
{
	if (pthread_equal(pthread_self(), loop_thread))
		atomic_fetch_add(&loop_commits, 1);
	else
		atomic_fetch_add(&thread_commits, 1);
	return 0;
}

static int
commit_watch(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
	sqlite3_commit_hook(db, commit_count, NULL);
	return SQLITE_OK;
}

static int64_t
fixed_now(void)
{
	return HT_NOW;
}

/* Turn the loop until c has n lines; false if they never come. */
static bool
loop_until(struct event_base *base, struct hubcommit *hc, struct ht_conn *c,
    size_t n)
{
	struct timeval	tick = { 0, 10000 };

	for (int turns = 0; c->n < n; turns++) {
		if (turns == TURNS_MAX)
			return false;
		hubcommit_kick(hc);
		event_base_loopexit(base, &tick);
		event_base_loop(base, EVLOOP_ONCE);
	}
	return true;
}

/*
 * With a commit thread the loop stores nothing.  A request that must come
 * after the session's own send (to read it, or to end after its ack) waits
 * for the committer's batch, with the session's input, while the others
 * are answered; then it is answered after the ack.
 */
static void
test_loop_never_commits(void)
{
	/* The request, and what its reply has (an int as "%d"). */
	static const char *const after[][3] = {
		{ NULL, "reply", "sync" },	/* after the newest so far */
		{ "{\"cmd\":\"history\",\"with\":\"bob\"}", "reply",
		    "history" },
		{ "{\"cmd\":\"logout\"}", "reply", "logout" },
		{ NULL, "error", "413" },	/* a line too long */
	};
	struct proto_message	*newest;
	size_t			 nnewest;
	bool			 more;
	char			 sync[64];
	struct event_base	*base = event_base_new();
	struct ht_conn		*a, *b = ht_login(&t, "bob");
	struct hubcommit	*hc;
	char			*cause = NULL, cid[8], body[16], big[1100];

	hc = hubcommit_new(base, t.hub, t.path, HUBCOMMIT_CHECKPOINT_PAGES,
	    fixed_now, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hc);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
		a = ht_login(&t, "alice");
		ht_clear(b);
		atomic_store(&loop_commits, 0);
		atomic_store(&thread_commits, 0);
		snprintf(cid, sizeof cid, "n%zu", i);
		snprintf(body, sizeof body, "b-n%zu", i);
		/* A page holds what fits, oldest first: ask from the newest. */
		CU_ASSERT_EQUAL_FATAL(store_history(t.store, "alice", "bob", 0,
		    1, &newest, &nnewest, &more, &cause), 0);
		snprintf(sync, sizeof sync, "{\"cmd\":\"sync\",\"after\":%lld}",
		    nnewest > 0 ? (long long)newest[0].mid : 0LL);
		store_messages_free(newest, nnewest);
		send_line(a, cid);
		ht_in(a, i == 0 ? sync : after[i][0] != NULL ? after[i][0] :
		    big);
		CU_ASSERT_EQUAL(a->n, 0);
		CU_ASSERT_TRUE(hub_session_paused(a->s));
		ht_in(b, "{\"cmd\":\"ping\",\"tag\":\"p\"}");
		CU_ASSERT_EQUAL(ht_count(b, "reply", "pong"), 1);
		CU_ASSERT_EQUAL(ht_count(b, "body", body), 0);
		CU_ASSERT_FATAL(loop_until(base, hc, a, 2));
		CU_ASSERT_EQUAL(atomic_load(&loop_commits), 0);
		CU_ASSERT_TRUE(atomic_load(&thread_commits) >= 1);
		CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
		CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "cid"), cid);
		CU_ASSERT_STRING_EQUAL(ht_str(a, 1, after[i][1]), after[i][2]);
		/* sync and history read the send; the others end the session */
		CU_ASSERT_EQUAL(strstr(ht_line(a, 1), body) != NULL, i < 2);
		CU_ASSERT_EQUAL(a->closed, i >= 2);
		CU_ASSERT_FALSE(hub_session_paused(a->s));
		CU_ASSERT_EQUAL(ht_count(b, "body", body), 1);
		ht_close(a);
	}
	hubcommit_free(hc);
	ht_close(b);
	event_base_free(base);
}

/*
 * A shutdown waits for the batch in the same way: every session hears of
 * what was sent before it, then bye; nobody's input is read meanwhile.  A
 * login's new hash (of an older cost) is stored with that batch too.
 */
static void
test_bye_after_the_batch(void)
{
	/* "pw" hashed with a lower cost, as in test_hub_route.c. */
	static const char old[] = "$argon2id$v=19$m=8192,t=1,p=1$"
	    "W511ECs+3i+DBVMQ6++BVQ$TXaE02FAYty5bmV/jDvbYYxbEBQt5nKtFcXcFgqgTIQ";
	struct event_base	*base = event_base_new();
	struct ht_conn		*a = ht_login(&t, "alice");
	struct ht_conn		*b = ht_login(&t, "bob"), *c = ht_open(&t);
	struct hubcommit	*hc;
	struct store_user	 su;
	char			*cause = NULL;

	CU_ASSERT_EQUAL_FATAL(store_user_set_hash(t.store, "carol", old,
	    &cause), 1);
	hc = hubcommit_new(base, t.hub, t.path, HUBCOMMIT_CHECKPOINT_PAGES,
	    fixed_now, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hc);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	atomic_store(&loop_commits, 0);
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"carol\",\"password\":\"pw\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 1, "reply"), "login");
	ht_clear(a);
	ht_clear(b);
	send_line(a, "z1");
	hub_shutdown(t.hub, "stopping", HT_NOW);
	CU_ASSERT_EQUAL(a->n, 0);
	CU_ASSERT_EQUAL(b->n, 0);
	CU_ASSERT_TRUE(hub_session_paused(b->s));
	CU_ASSERT_FATAL(loop_until(base, hc, a, 2));
	CU_ASSERT_EQUAL(atomic_load(&loop_commits), 0);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "event"), "bye");
	CU_ASSERT_EQUAL_FATAL(b->n, 2);
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "body"), "b-z1");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 1, "event"), "bye");
	CU_ASSERT_TRUE(a->closed && b->closed && c->closed);
	CU_ASSERT_EQUAL_FATAL(store_user_get(t.store, "carol", &su, &cause), 1);
	CU_ASSERT_STRING_NOT_EQUAL(su.hash, old);
	free(su.hash);
	hubcommit_free(hc);
	ht_close(a);
	ht_close(b);
	ht_close(c);
	event_base_free(base);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "the next batch collects while one is stored",
		    test_collect_while_storing },
		{ "a session gone while its batch is stored",
		    test_session_gone_while_storing },
		{ "a sync after a send waits for the batch in hand",
		    test_sync_waits_for_the_batch },
		{ "nothing pending, nothing taken", test_nothing_to_take },
		{ "batch_max requests a batch, the rest wait in order",
		    test_batch_max_per_take },
		{ "a login checked elsewhere pauses only its session",
		    test_login_checked_elsewhere },
		{ "a wrong password checked elsewhere is refused",
		    test_login_refused_elsewhere },
		{ "a session gone while its login is checked",
		    test_login_session_gone },
		{ "a login cancelled at shutdown is told to retry",
		    test_login_cancelled },
		{ "the loop never commits: requests wait for the committer",
		    test_loop_never_commits },
		{ "a shutdown waits for the batch, a new hash goes with it",
		    test_bye_after_the_batch },
		{ NULL, NULL }
	};

	loop_thread = pthread_self();
	sqlite3_auto_extension((void (*)(void))commit_watch);

	return testlib_run("hub steps on other threads", setup, teardown,
	    cases);
}
