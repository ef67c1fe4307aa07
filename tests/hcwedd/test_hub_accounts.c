#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

/*
 * Account changes made by "hcwedd user" in another process while the hub
 * serves: the hub reads them (hub_tick) and ends the sessions
 * they concern.
 */
static struct ht	t;

static void
send_to(struct ht_conn *c, const char *to, const char *cid)
{
	char	line[128];

	snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"%s\","
	    "\"body\":\"x\",\"cid\":\"%s\"}", to, cid);
	ht_in(c, line);
	hub_flush(t.hub, HT_NOW);
}

static void
test_delete_ends_sessions(void)
{
	struct ht_conn	*a, *b1, *b2;
	char		*cause = NULL;

	ht_init(&t);
	a = ht_login(&t, "alice");
	b1 = ht_login(&t, "bob");
	b2 = ht_login(&t, "bob");
	ht_clear(a);
	/* Sent before the deletion: the batch, not the hub, finds it out. */
	ht_in(a, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\","
	    "\"cid\":\"p1\"}");
	CU_ASSERT_EQUAL_FATAL(store_begin(t.store, &cause), 0);
	CU_ASSERT_EQUAL(store_user_del(t.store, "bob", HT_NOW, &cause), 1);
	CU_ASSERT_EQUAL_FATAL(store_commit(t.store, &cause), 0);
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL(ht_int(a, 0, "error"), 404);
	CU_ASSERT_EQUAL(ht_count(b1, "event", "message"), 0);
	CU_ASSERT_FALSE(b1->closed);

	hub_tick(t.hub, HT_NOW);
	CU_ASSERT_TRUE(b1->closed);
	CU_ASSERT_TRUE(b2->closed);
	CU_ASSERT_EQUAL(ht_count(b1, "reason", "account deleted"), 1);
	CU_ASSERT_EQUAL(ht_count(b2, "reason", "account deleted"), 1);
	/* alice hears bob go offline, and that the account is gone. */
	CU_ASSERT_EQUAL(ht_count(a, "event", "presence"), 1);
	CU_ASSERT_EQUAL(ht_count(a, "event", "user"), 1);
	CU_ASSERT_EQUAL(ht_count(a, "presence", "offline"), 2);
	CU_ASSERT_FALSE(a->closed);
	ht_clear(a);
	send_to(a, "bob", "p2");
	CU_ASSERT_EQUAL(ht_int(a, 0, "error"), 404);
	/* Polling again changes nothing. */
	hub_tick(t.hub, HT_NOW);
	CU_ASSERT_FALSE(a->closed);
	ht_close(b1);
	ht_close(b2);
	ht_close(a);
	ht_done(&t);
}

static void
test_passwd_ends_sessions(void)
{
	struct ht_conn	*a1, *a2, *b;
	char		*cause = NULL;

	ht_init(&t);
	a1 = ht_login(&t, "alice");
	a2 = ht_login(&t, "alice");
	b = ht_login(&t, "bob");
	CU_ASSERT_EQUAL(store_account_changed(t.store, "alice", "passwd",
	    HT_NOW, &cause), 0);
	hub_tick(t.hub, HT_NOW);
	CU_ASSERT_TRUE(a1->closed);
	CU_ASSERT_TRUE(a2->closed);
	CU_ASSERT_EQUAL(ht_count(a1, "reason",
	    "password changed; log in again"), 1);
	CU_ASSERT_FALSE(b->closed);
	/* The account itself is still there. */
	ht_clear(b);
	send_to(b, "alice", "q1");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "reply"), "ack");
	ht_close(a1);
	ht_close(a2);
	ht_close(b);
	ht_done(&t);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "deleting an account ends its sessions, and sends to it",
		    test_delete_ends_sessions },
		{ "a new password ends the account's sessions",
		    test_passwd_ends_sessions },
		{ NULL, NULL }
	};

	return testlib_run("hub_accounts", NULL, NULL, cases);
}
