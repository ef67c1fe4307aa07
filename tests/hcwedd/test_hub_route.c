#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

static struct ht	t;

static int
setup(void)
{
	ht_init(&t);
	return 0;
}

static int
teardown(void)
{
	ht_done(&t);
	return 0;
}

static void
test_ack_after_commit(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *a2 = ht_login(&t, "alice");
	struct ht_conn	*b = ht_login(&t, "bob"), *c = ht_login(&t, "carol");

	ht_clear(a);
	ht_clear(a2);
	ht_clear(b);
	ht_clear(c);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"Bed 4\","
	    "\"priority\":\"urgent\",\"cid\":\"a1\",\"tag\":\"s1\"}");
	/* Nothing is said before the batch commits. */
	CU_ASSERT_TRUE(hub_pending(t.hub));
	CU_ASSERT_EQUAL(a->n + a2->n + b->n + c->n, 0);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 0);
	hub_flush(t.hub, HT_NOW + 5);
	CU_ASSERT_FALSE(hub_pending(t.hub));
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 1);
	CU_ASSERT_EQUAL_FATAL(a->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "cid"), "a1");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "tag"), "s1");
	CU_ASSERT_EQUAL(ht_int(a, 0, "ts"), HT_NOW + 5);
	CU_ASSERT_TRUE(ht_int(a, 0, "mid") > 0);
	CU_ASSERT_EQUAL_FATAL(b->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "event"), "message");
	CU_ASSERT_EQUAL(ht_int(b, 0, "mid"), ht_int(a, 0, "mid"));
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "from"), "alice");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "body"), "Bed 4");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "priority"), "urgent");
	/* The sender's other session sees it; carol never does. */
	CU_ASSERT_EQUAL(a2->n, 1);
	CU_ASSERT_STRING_EQUAL(ht_str(a2, 0, "event"), "message");
	CU_ASSERT_EQUAL(c->n, 0);
	ht_close(a);
	ht_close(a2);
	ht_close(b);
	ht_close(c);
}

static void
test_replies_in_order(void)
{
	struct ht_conn	*a = ht_login(&t, "alice");

	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\",\"cid\":\"o1\"}");
	ht_in(a, "{\"cmd\":\"ping\",\"tag\":\"after\"}");
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"y\",\"cid\":\"o2\"}");
	ht_in(a, "{\"cmd\":\"fly\"}");
	CU_ASSERT_EQUAL(a->n, 0);
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL_FATAL(a->n, 4);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "cid"), "o1");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "reply"), "pong");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 2, "cid"), "o2");
	CU_ASSERT_EQUAL(ht_int(a, 3, "error"), 405);
	CU_ASSERT_TRUE(ht_int(a, 2, "mid") > ht_int(a, 0, "mid"));
	/* history after a pending send sees it, and answers after the ack. */
	ht_clear(a);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"z\",\"cid\":\"o3\"}");
	ht_in(a, "{\"cmd\":\"history\",\"with\":\"bob\"}");
	CU_ASSERT_EQUAL_FATAL(a->n, 2);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "reply"), "history");
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 1), "\"cid\":\"o3\""));
	ht_close(a);
}

static void
test_duplicate_cid(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	size_t		 before = ht_stored(&t, "alice", "bob");

	ht_clear(a);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"once\",\"cid\":\"d\"}");
	hub_flush(t.hub, HT_NOW);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"once\",\"cid\":\"d\"}");
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"once\",\"cid\":\"d\"}");
	hub_flush(t.hub, HT_NOW + 100);
	CU_ASSERT_EQUAL_FATAL(a->n, 3);
	CU_ASSERT_EQUAL(ht_int(a, 1, "mid"), ht_int(a, 0, "mid"));
	CU_ASSERT_EQUAL(ht_int(a, 2, "mid"), ht_int(a, 0, "mid"));
	CU_ASSERT_EQUAL(ht_int(a, 1, "ts"), HT_NOW);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 1), "\"duplicate\":true"));
	CU_ASSERT_PTR_NULL(strstr(ht_line(a, 0), "\"duplicate\":true"));
	CU_ASSERT_EQUAL(ht_count(b, "event", "message"), 1);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), before + 1);
	ht_close(a);
	ht_close(b);
}

static void
test_broadcast(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *a2 = ht_login(&t, "alice");
	struct ht_conn	*b = ht_login(&t, "bob"), *c = ht_login(&t, "carol");

	ht_clear(a);
	ht_clear(a2);
	ht_clear(b);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"*\",\"body\":\"drill\",\"cid\":\"b\"}");
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL(ht_count(a, "event", "message"), 0);
	CU_ASSERT_EQUAL(ht_count(a2, "event", "message"), 1);
	CU_ASSERT_EQUAL(ht_count(b, "event", "message"), 1);
	CU_ASSERT_EQUAL(ht_count(c, "event", "message"), 1);
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "to"), "*");
	ht_close(a);
	ht_close(a2);
	ht_close(b);
	ht_close(c);
}

static void
test_receipts(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	struct ht_conn	*c = ht_login(&t, "carol");
	char		 line[128];
	int64_t		 mid;

	ht_clear(a);
	ht_clear(b);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"r\",\"cid\":\"r1\"}");
	hub_flush(t.hub, HT_NOW);
	mid = ht_int(a, 0, "mid");
	ht_clear(a);
	snprintf(line, sizeof line, "{\"cmd\":\"receipt\",\"state\":\"read\","
	    "\"mids\":[%lld],\"tag\":\"rr\"}", (long long)mid);
	ht_in(c, line);		/* not carol's: ignored */
	ht_in(b, line);
	CU_ASSERT_EQUAL(b->n, 1);	/* the message event only */
	hub_flush(t.hub, HT_NOW + 9);
	CU_ASSERT_STRING_EQUAL(ht_str(b, 1, "reply"), "receipt");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 1, "tag"), "rr");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 0, "reply"), "receipt");
	CU_ASSERT_EQUAL_FATAL(a->n, 2);	/* read implies delivered */
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "event"), "receipt");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "state"), "delivered");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "state"), "read");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "by"), "bob");
	CU_ASSERT_EQUAL(ht_int(a, 1, "mid"), mid);
	CU_ASSERT_EQUAL(ht_int(a, 1, "ts"), HT_NOW + 9);
	/* Repeating changes nothing. */
	ht_clear(a);
	ht_in(b, line);
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL(a->n, 0);
	ht_close(a);
	ht_close(b);
	ht_close(c);
}

static void
test_offline_delivery(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *c;

	ht_in(a, "{\"cmd\":\"send\",\"to\":\"carol\",\"body\":\"later\","
	    "\"cid\":\"off\"}");
	hub_flush(t.hub, HT_NOW);
	c = ht_login(&t, "carol");
	ht_in(c, "{\"cmd\":\"sync\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 0, "reply"), "sync");
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(c, 0), "\"body\":\"later\""));
	CU_ASSERT_EQUAL(ht_int(c, 0, "last"), ht_int(a, 0, "mid"));
	ht_close(a);
	ht_close(c);
}

static void
test_gone_session(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");

	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"g\",\"cid\":\"g1\"}");
	ht_close(a);
	ht_clear(b);
	hub_flush(t.hub, HT_NOW);
	/* Stored and delivered even though nobody hears the ack. */
	CU_ASSERT_EQUAL(ht_count(b, "event", "message"), 1);
	ht_close(b);
}

static int
count_login(void *arg, const struct store_audit *a)
{
	if (strcmp(a->event, "login") == 0)
		(*(size_t *)arg)++;
	return 0;
}

static size_t
logins_audited(const char *user)
{
	char	*cause = NULL;
	size_t	 n = 0;

	CU_ASSERT_EQUAL(store_audit_walk(t.store, 0, user, count_login, &n,
	    &cause), 0);
	return n;
}

static void
test_store_failure(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	struct ht_conn	*c;
	sqlite3		*db;
	size_t		 before = ht_stored(&t, "alice", "bob");
	size_t		 carol = logins_audited("carol");

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(t.path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON "
	    "messages WHEN NEW.body = 'boom' BEGIN SELECT RAISE(ABORT, 'boom');"
	    " END", NULL, NULL, NULL), SQLITE_OK);
	/* Its audit row waits for the batch that is about to fail. */
	c = ht_login(&t, "carol");
	ht_clear(b);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"fine\",\"cid\":\"f1\"}");
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"boom\",\"cid\":\"f2\"}");
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL(ht_count(a, "error", "500"), 2);
	CU_ASSERT_EQUAL(b->n, 0);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), before);
	/* The login happened: its row is stored on its own. */
	CU_ASSERT_FALSE(hub_pending(t.hub));
	CU_ASSERT_EQUAL(logins_audited("carol"), carol + 1);
	CU_ASSERT_EQUAL(sqlite3_exec(db, "DROP TRIGGER boom", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	/* The retry with the same cid goes through. */
	ht_clear(a);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"fine\",\"cid\":\"f1\"}");
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_EQUAL(ht_count(b, "event", "message"), 1);
	ht_close(a);
	ht_close(b);
	ht_close(c);
}

/*
 * A login with a hash of an older cost stores a new one; when the store
 * refuses it, the login still succeeds and keeps the old hash (and
 * valgrind sees the new one freed).
 */
static void
test_rehash_refused(void)
{
	/* "pw" hashed with a lower cost (t=1, 8 MiB). */
	static const char old[] = "$argon2id$v=19$m=8192,t=1,p=1$"
	    "W511ECs+3i+DBVMQ6++BVQ$TXaE02FAYty5bmV/jDvbYYxbEBQt5nKtFcXcFgqgTIQ";
	struct ht_conn		*c;
	struct store_user	 su;
	sqlite3			*db;
	char			*cause = NULL;

	CU_ASSERT_EQUAL_FATAL(store_user_set_hash(t.store, "carol", old,
	    &cause), 1);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(t.path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, "CREATE TRIGGER nohash BEFORE UPDATE "
	    "ON users BEGIN SELECT RAISE(ABORT, 'nohash'); END", NULL, NULL,
	    NULL), SQLITE_OK);
	c = ht_open(&t);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"carol\","
	    "\"password\":\"pw\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 1, "reply"), "login");
	CU_ASSERT_EQUAL_FATAL(store_user_get(t.store, "carol", &su, &cause), 1);
	CU_ASSERT_STRING_EQUAL(su.hash, old);
	free(su.hash);
	CU_ASSERT_EQUAL(sqlite3_exec(db, "DROP TRIGGER nohash", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	ht_close(c);
}

static void
test_batch_cap(void)
{
	struct ht_conn	*a = ht_login(&t, "alice");
	char		 line[128];

	for (int i = 0; i < 64; i++) {
		snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"bob\","
		    "\"body\":\"n\",\"cid\":\"cap%d\"}", i);
		ht_in(a, line);
	}
	/* The 64th request filled the batch, which committed at once. */
	CU_ASSERT_FALSE(hub_pending(t.hub));
	CU_ASSERT_EQUAL(ht_count(a, "reply", "ack"), 64);
	ht_close(a);
}

static void
test_shutdown(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");

	ht_clear(a);
	ht_clear(b);
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"last\",\"cid\":\"z\"}");
	hub_shutdown(t.hub, "server shutting down", HT_NOW);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "ack");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "event"), "bye");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 1, "reason"), "server shutting down");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "event"), "message");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 1, "event"), "bye");
	CU_ASSERT_EQUAL(b->n, 2);	/* no offline chatter while stopping */
	CU_ASSERT_TRUE(a->closed && b->closed);
	ht_close(a);
	ht_close(b);
	CU_ASSERT_EQUAL(hub_sessions(t.hub), 0);
}

/* The sender of a broadcast can ask who has had and read it. */
static void
test_receipts_of_broadcast(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob"),
			*c = ht_login(&t, "carol");
	char		 line[128];
	int64_t		 mid;

	ht_in(a, "{\"cmd\":\"send\",\"to\":\"*\",\"body\":\"fire drill\","
	    "\"cid\":\"everyone-1\"}");
	hub_flush(t.hub, HT_NOW);
	mid = ht_int(a, ht_count(a, "reply", "ack") > 0 ? a->n - 1 : 0, "mid");
	CU_ASSERT_FATAL(mid > 0);
	snprintf(line, sizeof line, "{\"cmd\":\"receipt\",\"state\":\"read\","
	    "\"mids\":[%lld]}", (long long)mid);
	ht_in(b, line);
	hub_flush(t.hub, HT_NOW);
	ht_clear(a);
	snprintf(line, sizeof line, "{\"cmd\":\"receipts\",\"mid\":%lld,"
	    "\"tag\":\"r\"}", (long long)mid);
	ht_in(a, line);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "receipts");
	/* bob's read implies delivered: two rows, carol none. */
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 0), "\"by\":\"bob\","
	    "\"state\":\"delivered\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 0), "\"by\":\"bob\","
	    "\"state\":\"read\""));
	CU_ASSERT_PTR_NULL(strstr(ht_line(a, 0), "carol"));
	CU_ASSERT_FALSE(strstr(ht_line(a, 0), "\"more\":true") != NULL);
	/* Only the sender may ask. */
	ht_clear(c);
	ht_in(c, line);
	CU_ASSERT_EQUAL(ht_int(c, 0, "error"), 404);
	ht_close(a);
	ht_close(b);
	ht_close(c);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "ack and delivery only after the batch commits",
		    test_ack_after_commit },
		{ "replies keep request order behind pending acks",
		    test_replies_in_order },
		{ "a repeated cid is acked with the original, delivered once",
		    test_duplicate_cid },
		{ "broadcast reaches everyone but the sending session",
		    test_broadcast },
		{ "receipts reach the sender, others' are ignored", test_receipts },
		{ "a broadcast's sender asks who read it",
		    test_receipts_of_broadcast },
		{ "a message to someone offline waits for their sync",
		    test_offline_delivery },
		{ "a send whose session closed still commits", test_gone_session },
		{ "a failed commit answers 500, delivers nothing, keeps the "
		    "logins' audit rows",
		    test_store_failure },
		{ "a refused rehash keeps the login and the old hash",
		    test_rehash_refused },
		{ "a full batch commits without waiting", test_batch_cap },
		{ "shutdown flushes, says bye and closes", test_shutdown },
		{ NULL, NULL }
	};

	return testlib_run("hub routing", setup, teardown, cases);
}
