#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

#define MIN	(60 * 1000LL)

static const struct hub_limits	limits = {
	.lock_failures = 5, .lock_addr_failures = 20,
	.lock_window_ms = 15 * MIN, .lock_ms = 15 * MIN,
	.send_rate = 10, .send_burst = 5,
};

static struct ht	t;
static struct ht_conn	*conns[16];
static size_t		 nconns;

struct rows {
	struct store_audit	 a[64];
	size_t			 n;
};

static int
rows_cb(void *arg, const struct store_audit *a)
{
	struct rows	*r = arg;

	if (r->n < 64)
		r->a[r->n++] = *a;
	return 0;
}

/* Commit what the hub holds, then read the whole audit table. */
static void
audit_rows(struct rows *r, int64_t now)
{
	char	*cause = NULL;

	hub_flush(t.hub, now);
	r->n = 0;
	CU_ASSERT_EQUAL_FATAL(store_audit_walk(t.store, 0, NULL, rows_cb, r,
	    &cause), 0);
}

static size_t
rows_count(const struct rows *r, const char *event, const char *user)
{
	size_t	n = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->a[i].event, event) == 0 &&
		    (user == NULL || strcmp(r->a[i].user, user) == 0))
			n++;
	}
	return n;
}

/* Close what open_from() opened, and the hub. */
static void
finish(void)
{
	while (nconns > 0)
		ht_close(conns[--nconns]);
	ht_done(&t);
}

static struct ht_conn *
open_from(const char *peer)
{
	struct ht_conn	*c = ht_open(&t);

	if (nconns == sizeof conns / sizeof conns[0])
		exit(99);
	conns[nconns++] = c;
	hub_session_set_peer(c->s, peer);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_clear(c);
	return c;
}

/* One login attempt at now; the error code, or 0 when logged in. */
static int64_t
try_login(struct ht_conn *c, const char *user, const char *pw, int64_t now)
{
	char	line[160];

	ht_clear(c);
	snprintf(line, sizeof line, "{\"cmd\":\"login\",\"user\":\"%s\","
	    "\"password\":\"%s\"}", user, pw);
	ht_in_at(c, line, now);
	if (strcmp(ht_str(c, 0, "reply"), "login") == 0)
		return 0;
	return ht_int(c, 0, "error");
}

static void
test_account_lockout(void)
{
	struct ht_conn	*c;
	struct rows	 r;
	int64_t		 t0 = HT_NOW;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 10), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 20), 403);
	/* Slower from the third failure: 1 s, then 2 s. */
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", t0 + 500), 423);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 0, "message"),
	    "try again in 1 s"));
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 1020), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 2500), 423);
	/* The fifth failure locks for 15 minutes, the right password too. */
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 3020), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", t0 + 3100), 423);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 0, "message"),
	    "try again in 900 s"));
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice",
	    t0 + 3020 + 15 * MIN - 1), 423);
	/* Another account is not affected. */
	CU_ASSERT_EQUAL(try_login(open_from("10.0.0.8:1"), "bob", "pw-bob",
	    t0 + 3100), 0);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice",
	    t0 + 3020 + 15 * MIN), 0);

	audit_rows(&r, t0 + 16 * MIN);
	CU_ASSERT_EQUAL(rows_count(&r, "login_failed", "alice"), 5);
	CU_ASSERT_EQUAL(rows_count(&r, "lockout", "alice"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "login", "alice"), 1);
	for (size_t i = 0; i < r.n; i++) {
		if (strcmp(r.a[i].event, "lockout") != 0)
			continue;
		CU_ASSERT_STRING_EQUAL(r.a[i].addr, "10.0.0.9:5555");
		CU_ASSERT_EQUAL(r.a[i].ts, t0 + 3020);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.a[i].detail, "user after 5"));
	}
	finish();
}

static void
test_unknown_name_locks_alike(void)
{
	struct ht_conn	*c;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(try_login(c, "ghost", "x", HT_NOW + i * 10000),
		    403);
	CU_ASSERT_EQUAL(try_login(c, "ghost", "x", HT_NOW + 50000), 423);
	finish();
}

static void
test_window_and_success_reset(void)
{
	struct ht_conn	*c;
	int64_t		 now = HT_NOW;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	/* Four failures, then the window ends: the count starts again. */
	for (int i = 0; i < 4; i++, now += 10000)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	now += 15 * MIN;
	for (int i = 0; i < 4; i++, now += 10000)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	/* A good password clears the count. */
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now), 0);
	c = open_from("10.0.0.9:5556");
	for (int i = 0; i < 4; i++, now += 10000)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now), 0);
	finish();
}

static void
test_address_lockout(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	const char		*names[3] = { "alice", "bob", "carol" };

	lim.lock_addr_failures = 3;
	ht_init_limits(&t, &lim);
	c = open_from("192.0.2.1:4000");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, names[i], "bad", HT_NOW + i),
		    403);
	/* Any name from that host, any port; another host is fine. */
	c = open_from("192.0.2.1:4001");
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol", HT_NOW + 10), 423);
	CU_ASSERT_EQUAL(try_login(open_from("192.0.2.2:4000"), "carol",
	    "pw-carol", HT_NOW + 10), 0);
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol",
	    HT_NOW + 2 + 15 * MIN), 0);
	finish();
}

/* An IPv6 machine has a whole /64: it counts as one address. */
static void
test_address_ipv6(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	const char		*names[3] = { "alice", "bob", "carol" };

	lim.lock_addr_failures = 3;
	ht_init_limits(&t, &lim);
	c = open_from("2001:db8:1:2::5:4000");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, names[i], "bad", HT_NOW + i),
		    403);
	CU_ASSERT_EQUAL(try_login(open_from("2001:db8:1:2:abcd::9:4000"),
	    "carol", "pw-carol", HT_NOW + 10), 423);
	CU_ASSERT_EQUAL(try_login(open_from("2001:db8:1:3::5:4000"), "carol",
	    "pw-carol", HT_NOW + 10), 0);
	/* IPv4, mapped or not, is still one address. */
	c = open_from("::ffff:192.0.2.1:4000");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, names[i], "bad", HT_NOW + 20 + i),
		    403);
	CU_ASSERT_EQUAL(try_login(open_from("::ffff:192.0.2.1:4001"), "bob",
	    "pw-bob", HT_NOW + 30), 423);
	CU_ASSERT_EQUAL(try_login(open_from("::ffff:192.0.2.2:4000"), "bob",
	    "pw-bob", HT_NOW + 30), 0);
	finish();
}

/*
 * Junk failures under many names fill the table: a lock must not be
 * what gives way, and once every entry is a lock, a name that has no
 * entry is refused rather than let through uncounted.
 */
static void
test_full_table_keeps_locks(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	char			 junk[16];

	lim.lock_failures = 2;
	lim.lock_addr_failures = 0;
	lim.guard_max = 4;
	ht_init_limits(&t, &lim);
	c = open_from("192.0.2.7:4000");
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", HT_NOW), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", HT_NOW + 1), 403);
	for (int i = 0; i < 10; i++) {
		snprintf(junk, sizeof junk, "junk%d", i);
		CU_ASSERT_EQUAL(try_login(c, junk, "bad", HT_NOW + 10 + i),
		    403);
	}
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", HT_NOW + 100), 423);

	/* Fill the rest with locks: carol has nowhere to be counted. */
	for (int i = 0; i < 3; i++) {
		snprintf(junk, sizeof junk, "lock%d", i);
		CU_ASSERT_EQUAL(try_login(c, junk, "bad", HT_NOW + 200), 403);
		CU_ASSERT_EQUAL(try_login(c, junk, "bad", HT_NOW + 201), 403);
	}
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol", HT_NOW + 300), 423);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 0, "message"),
	    "try again in 1 s"));
	/* Once the locks are over, the table makes room again. */
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol",
	    HT_NOW + 300 + 15 * MIN), 0);
	finish();
}

static void
test_admin_unlock(void)
{
	struct store_audit	 unlock;
	struct ht_conn		*c;
	char			*cause = NULL;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", HT_NOW + i * 10000),
		    403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", HT_NOW + 60000),
	    423);
	hub_flush(t.hub, HT_NOW + 60000);
	/* What "hcwedd user unlock alice" writes. */
	memset(&unlock, 0, sizeof unlock);
	unlock.ts = HT_NOW + 61000;
	snprintf(unlock.event, sizeof unlock.event, "user_unlock");
	snprintf(unlock.user, sizeof unlock.user, "alice");
	CU_ASSERT_EQUAL_FATAL(store_audit_add(t.store, &unlock, 1, &cause), 0);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", HT_NOW + 62000), 0);
	finish();
}

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
	struct rows		 r;
	char			 line[256];
	int64_t			 mid;

	ht_init_limits(&t, &limits);
	a = open_from("10.1.1.1:1111");
	b = open_from("10.2.2.2:2222");
	CU_ASSERT_EQUAL(try_login(a, "alice", "pw-alice", HT_NOW), 0);
	CU_ASSERT_EQUAL(try_login(b, "bob", "nope", HT_NOW), 403);
	CU_ASSERT_EQUAL(try_login(b, "bob", "pw-bob", HT_NOW + 1), 0);
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

	audit_rows(&r, HT_NOW + 6);
	CU_ASSERT_EQUAL(r.n, 8);
	CU_ASSERT_EQUAL(rows_count(&r, "login", NULL), 2);
	CU_ASSERT_EQUAL(rows_count(&r, "login_failed", "bob"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "send", "alice"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "delivered", "bob"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "read", "bob"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "logout", "bob"), 1);
	CU_ASSERT_EQUAL(rows_count(&r, "logout", "alice"), 1);
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
	finish();
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "an account slows down, then locks for 15 minutes",
		    test_account_lockout },
		{ "an unknown name locks like an account",
		    test_unknown_name_locks_alike },
		{ "failures outside the window or before a good login do not "
		    "count", test_window_and_success_reset },
		{ "an address locks after its own threshold",
		    test_address_lockout },
		{ "an IPv6 address locks as its /64, IPv4 alone",
		    test_address_ipv6 },
		{ "a full table keeps its locks and refuses untracked names",
		    test_full_table_keeps_locks },
		{ "an administrator's unlock ends a lock",
		    test_admin_unlock },
		{ "send rate: burst, then 429 with nothing stored",
		    test_send_rate },
		{ "every event kind is audited, never the body",
		    test_audit_every_kind },
		{ NULL, NULL }
	};

	return testlib_run("hub_guard", NULL, NULL, cases);
}
