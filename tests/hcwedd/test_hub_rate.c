#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

static const struct hub_limits	limits = {
	.send_rate = 10, .send_burst = 5,
};

static struct ht	t;

static void
test_send_rate(void)
{
	struct ht_conn	*c;
	char		 line[128];

	ht_init_limits(&t, &limits);
	c = ht_login(&t, "alice");
	for (int i = 0; i < 6; i++) {
		snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"bob\","
		    "\"body\":\"x\",\"cid\":\"c%d\",\"tag\":\"t%d\"}", i, i);
		ht_in(c, line);
	}
	/* The burst of 5 goes through; the sixth is refused, its answer
	 * in request order after the acks. */
	CU_ASSERT_EQUAL(c->n, 0);
	hub_flush(t.hub, HT_NOW);
	CU_ASSERT_EQUAL_FATAL(c->n, 6);
	CU_ASSERT_EQUAL(ht_count(c, "reply", "ack"), 5);
	CU_ASSERT_EQUAL(ht_int(c, 5, "error"), 429);
	CU_ASSERT_EQUAL(ht_int(c, 5, "retry_after_ms"), 100);
	CU_ASSERT_STRING_EQUAL(ht_str(c, 5, "tag"), "t5");
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 5);
	/* 10 a second: one more 100 ms later, not two. */
	ht_clear(c);
	ht_in_at(c, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\","
	    "\"cid\":\"d1\"}", HT_NOW + 100);
	ht_in_at(c, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\","
	    "\"cid\":\"d2\"}", HT_NOW + 100);
	hub_flush(t.hub, HT_NOW + 100);
	CU_ASSERT_EQUAL(ht_count(c, "reply", "ack"), 1);
	CU_ASSERT_EQUAL(ht_count(c, "error", "429"), 1);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 6);
	ht_close(c);
	ht_done(&t);
}

static void
test_audit_every_kind(void)
{
	static const char	*body = "BODY-XYZZY-bed-4";
	struct ht_conn		*a, *b;
	struct ht_rows		 r;
	char			 line[256];
	int64_t			 mid;

	ht_init_limits(&t, &limits);
	a = ht_open_from(&t, "10.1.1.1:1111");
	b = ht_open_from(&t, "10.2.2.2:2222");
	CU_ASSERT_EQUAL(ht_try_login(a, "alice", "pw-alice", HT_NOW), 0);
	CU_ASSERT_EQUAL(ht_try_login(b, "bob", "nope", HT_NOW), 403);
	CU_ASSERT_EQUAL(ht_try_login(b, "bob", "pw-bob", HT_NOW + 1), 0);
	ht_clear(a);
	ht_clear(b);
	snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"bob\","
	    "\"body\":\"%s\",\"cid\":\"k1\"}", body);
	ht_in_at(a, line, HT_NOW + 2);
	hub_flush(t.hub, HT_NOW + 2);
	mid = ht_int(a, 0, "mid");
	CU_ASSERT_FATAL(mid > 0);
	snprintf(line, sizeof line, "{\"cmd\":\"receipt\",\"state\":\"read\","
	    "\"mids\":[%lld]}", (long long)mid);
	ht_in_at(b, line, HT_NOW + 3);
	hub_flush(t.hub, HT_NOW + 3);
	ht_in_at(b, "{\"cmd\":\"logout\"}", HT_NOW + 4);
	CU_ASSERT_TRUE(b->closed);
	hub_session_close_at(a->s, HT_NOW + 5);
	a->s = NULL;

	ht_audit_rows(&t, &r, HT_NOW + 6);
	CU_ASSERT_EQUAL(r.n, 8);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "login", NULL), 2);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "login_failed", "bob"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "send", "alice"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "delivered", "bob"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "read", "bob"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "logout", "bob"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "logout", "alice"), 1);
	for (size_t i = 0; i < r.n; i++) {
		const struct store_audit *x = &r.a[i];

		/* Never the body, in any column. */
		CU_ASSERT_PTR_NULL(strstr(x->event, "XYZZY"));
		CU_ASSERT_PTR_NULL(strstr(x->user, "XYZZY"));
		CU_ASSERT_PTR_NULL(strstr(x->addr, "XYZZY"));
		CU_ASSERT_PTR_NULL(strstr(x->peer, "XYZZY"));
		CU_ASSERT_PTR_NULL(strstr(x->detail, "XYZZY"));
		CU_ASSERT_STRING_EQUAL(x->addr, strcmp(x->user, "alice") == 0 ?
		    "10.1.1.1:1111" : "10.2.2.2:2222");
		if (strcmp(x->event, "send") == 0 ||
		    strcmp(x->event, "read") == 0) {
			CU_ASSERT_EQUAL(x->mid, mid);
			CU_ASSERT_STRING_EQUAL(x->peer, strcmp(x->event,
			    "send") == 0 ? "bob" : "alice");
		}
		if (strcmp(x->event, "logout") == 0)
			CU_ASSERT_STRING_EQUAL(x->detail, strcmp(x->user,
			    "bob") == 0 ? "logout" : "connection closed");
		if (strcmp(x->event, "logout") == 0 &&
		    strcmp(x->user, "alice") == 0)
			CU_ASSERT_EQUAL(x->ts, HT_NOW + 5);
	}
	ht_close(a);
	ht_close(b);
	ht_done(&t);
}

static const struct hub_limits	per_account = { .request_limits = true };

/*
 * 200,000 presence changes in 0.6 s flooded every session; now an account
 * gets 20 at once and 5 a second, and the others hear at most two a
 * second, the latest state once it settles.
 */
static void
test_presence_flood(void)
{
	struct ht_conn	*a, *c;
	char		 line[96];
	size_t		 ok = 0, refused = 0;
	int64_t		 now = HT_NOW;

	ht_init_limits(&t, &per_account);
	c = ht_login(&t, "carol");
	a = ht_login(&t, "alice");
	ht_clear(c);
	for (int i = 0; i < 2000; i++, now++) {
		snprintf(line, sizeof line, "{\"cmd\":\"presence\","
		    "\"status\":\"%s\"}", i % 2 ? "busy" : "away");
		ht_clear(a);
		ht_in_at(a, line, now);
		ok += ht_count(a, "reply", "presence");
		refused += ht_count(a, "error", "429");
		if (i % 100 == 0)
			hub_tick(t.hub, now);
	}
	CU_ASSERT(ok >= 20 && ok <= 20 + 5 * 2 + 1);
	CU_ASSERT_EQUAL(ok + refused, 2000);
	CU_ASSERT(ht_count(c, "event", "presence") <= 2 * 2 + 1);
	CU_ASSERT(ht_int(a, 0, "retry_after_ms") > 0);
	/* The last accepted state reaches the others once it settles. */
	hub_tick(t.hub, now + 500);
	CU_ASSERT(ht_count(c, "presence", "busy") + ht_count(c, "presence",
	    "away") >= 1);
	ht_clear(c);
	hub_tick(t.hub, now + 1000);
	CU_ASSERT_EQUAL(c->n, 0);
	ht_close(a);
	ht_close(c);
	ht_done(&t);
}

/* Limits are the account's, however many sessions it opens. */
static void
test_limits_per_account(void)
{
	static const struct {
		const char	*line, *cmd;
		unsigned	 burst;
	} kinds[] = {
		{ "{\"cmd\":\"who\"}", "who", 10 },
		{ "{\"cmd\":\"history\",\"with\":\"bob\"}", "history",
		    100 },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":[1]}",
		    "receipt", 500 },
	};
	struct ht_conn	*a[2];
	size_t		 answered, refused;

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		ht_init_limits(&t, &per_account);
		a[0] = ht_login(&t, "alice");
		a[1] = ht_login(&t, "alice");
		ht_clear(a[0]);
		ht_clear(a[1]);
		for (unsigned i = 0; i <= kinds[k].burst; i++)
			ht_in(a[i % 2], kinds[k].line);
		hub_flush(t.hub, HT_NOW);
		refused = ht_count(a[0], "error", "429") +
		    ht_count(a[1], "error", "429");
		answered = a[0]->n + a[1]->n - refused;
		CU_ASSERT_EQUAL(refused, 1);
		CU_ASSERT(answered >= kinds[k].burst);
		ht_close(a[0]);
		ht_close(a[1]);
		ht_done(&t);
	}
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "send rate: burst, then 429 with nothing stored",
		    test_send_rate },
		{ "every event kind is audited, never the body",
		    test_audit_every_kind },
		{ "a presence flood reaches others as two a second",
		    test_presence_flood },
		{ "presence, receipts, reads and who are limited per account",
		    test_limits_per_account },
		{ NULL, NULL }
	};

	return testlib_run("hub_rate", NULL, NULL, cases);
}
