#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

#define MIN	(60 * 1000LL)

#define HOUR	(60 * MIN)

static const struct hub_limits	limits = {
	.throttle_after = 5, .throttle_addr_after = 20,
	.throttle_max_ms = 5 * MIN, .throttle_window_ms = HOUR,
	.lock_failures = 100, .lock_window_ms = 24 * HOUR, .lock_ms = HOUR,
	.send_rate = 10, .send_burst = 5,
};

static struct ht	t;
static struct ht_conn	*conns[128];
static size_t		 nconns;

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
	if (nconns == sizeof conns / sizeof conns[0])
		exit(99);
	return conns[nconns++] = ht_open_from(&t, peer);
}

#define try_login	ht_try_login

/* A good login from peer, so that its source becomes familiar. */
static void
familiar(const char *user, const char *pw, const char *peer, int64_t now)
{
	struct ht_conn	*c = open_from(peer);

	CU_ASSERT_EQUAL_FATAL(try_login(c, user, pw, now), 0);
	ht_in_at(c, "{\"cmd\":\"logout\"}", now);
}

static void
test_throttle_grows(void)
{
	struct ht_conn	*c;
	struct ht_rows	 r;
	int64_t		 t0 = HT_NOW;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + i), 403);
	/* Then 1 s after the last, the right password too, then 2 s. */
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", t0 + 500), 423);
	CU_ASSERT_EQUAL(ht_int(c, 0, "retry_after_ms"), 504);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 0, "message"),
	    "try again in 1 s"));
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 1004), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 2500), 423);
	CU_ASSERT_EQUAL(ht_int(c, 0, "retry_after_ms"), 504);
	CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + 3004), 403);
	/* Never longer than throttle_max. */
	for (int i = 0, at = 3004; i < 12; i++) {
		at += 5 * MIN;
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", t0 + at), 403);
	}
	/* Another account is not affected. */
	CU_ASSERT_EQUAL(try_login(open_from("10.0.0.8:1"), "bob", "pw-bob",
	    t0 + 3100), 0);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", t0 + 3004 + 65 * MIN),
	    0);

	ht_audit_rows(&t, &r, t0 + 2 * HOUR);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "login_failed", "alice"), 19);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "lockout", "alice"), 0);
	/* Once per episode, not once per refusal. */
	CU_ASSERT_EQUAL(ht_rows_count(&r, "throttle", "alice"), 1);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "login", "alice"), 1);
	finish();
}

/*
 * A verifier that holds every login, as a busy password thread does: the
 * attempts are all in flight before the first is decided.
 */
static struct hub_login	*held[128];
static size_t		 nheld;

static void
hold_login(void *arg, struct hub_login *l)
{
	(void)arg;
	held[nheld++] = l;
}

static void
test_in_flight_counted(void)
{
	struct ht_conn	*c[64];
	size_t		 refused = 0;

	ht_init_limits(&t, &limits);
	familiar("alice", "pw-alice", "10.0.0.9:1", HT_NOW);
	hub_set_verifier(t.hub, hold_login, NULL);
	nheld = 0;
	for (int i = 0; i < 64; i++) {
		c[i] = open_from("10.0.0.9:2000");
		ht_in_at(c[i], "{\"cmd\":\"login\",\"user\":\"alice\","
		    "\"password\":\"bad\"}", HT_NOW + 1);
		refused += ht_count(c[i], "error", "423");
	}
	/* Only five are ever checked, however they arrive. */
	CU_ASSERT_EQUAL(nheld, 5);
	CU_ASSERT_EQUAL(refused, 59);
	for (size_t i = 0; i < nheld; i++) {
		hub_login_verify(held[i]);
		hub_login_done(t.hub, held[i]);
	}
	refused = 0;
	for (int i = 0; i < 64; i++)
		refused += ht_count(c[i], "error", "403");
	CU_ASSERT_EQUAL(refused, 5);
	hub_set_verifier(t.hub, NULL, NULL);
	finish();
}

/*
 * The attack: 1,000 failures for bob over an hour from eight
 * addresses bob never used.  The attacker gets a few dozen checks; bob's
 * own workstation logs in at once; an unfamiliar source with the right
 * password waits like the attacker.
 */
static void
test_attack_spares_familiar(void)
{
	char		 peer[32];
	size_t		 checked = 0;
	int64_t		 now = HT_NOW, rc;
	struct ht_rows	 r;

	ht_init_limits(&t, &limits);
	familiar("bob", "pw-bob", "10.0.0.5:4000", now);
	for (int i = 0; i < 1000; i++) {
		snprintf(peer, sizeof peer, "192.0.2.%d:%d", 1 + i % 8,
		    1000 + i);
		now = HT_NOW + (int64_t)i * HOUR / 1000;
		rc = try_login(open_from(peer), "bob", "guess", now);
		CU_ASSERT(rc == 403 || rc == 423);
		checked += rc == 403;
		ht_close(conns[--nconns]);
	}
	printf("(%zu of 1000 checked) ", checked);
	CU_ASSERT(checked <= 36);
	CU_ASSERT(checked >= 5);
	CU_ASSERT_EQUAL(try_login(open_from("10.0.0.5:4001"), "bob", "pw-bob",
	    now), 0);
	CU_ASSERT_EQUAL(try_login(open_from("198.51.100.1:1"), "bob", "pw-bob",
	    now), 423);
	ht_audit_rows(&t, &r, now);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "login_failed", "bob"), checked);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "lockout", "bob"), 0);
	finish();
}

static void
test_unknown_name_alike(void)
{
	struct ht_conn	*c;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(try_login(c, "ghost", "x", HT_NOW + i), 403);
	CU_ASSERT_EQUAL(try_login(c, "ghost", "x", HT_NOW + 500), 423);
	finish();
}

static void
test_window_and_success_reset(void)
{
	struct ht_conn	*c;
	int64_t		 now = HT_NOW;

	ht_init_limits(&t, &limits);
	c = open_from("10.0.0.9:5555");
	/* Five failures, then an hour of quiet: the count starts again. */
	for (int i = 0; i < 5; i++, now += 10)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	now += HOUR;
	for (int i = 0; i < 5; i++, now += 10)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now), 423);
	/* A good password clears the name. */
	now += 1000;
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now), 0);
	c = open_from("10.0.0.9:5556");
	for (int i = 0; i < 5; i++, now += 10)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now), 403);
	finish();
}

/*
 * A ward behind one address: failures there under many names slow that
 * source down for names not at home there, never for those that are.
 */
static void
test_source_throttle(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	const char		*names[3] = { "alice", "ghost", "carol" };

	lim.throttle_addr_after = 3;
	ht_init_limits(&t, &lim);
	familiar("bob", "pw-bob", "192.0.2.1:3999", HT_NOW);
	c = open_from("192.0.2.1:4000");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, names[i], "bad", HT_NOW + i),
		    403);
	/* Any name from that host, any port; another host is fine. */
	c = open_from("192.0.2.1:4001");
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol", HT_NOW + 10), 423);
	CU_ASSERT_EQUAL(try_login(open_from("192.0.2.2:4000"), "carol",
	    "pw-carol", HT_NOW + 10), 0);
	CU_ASSERT_EQUAL(try_login(open_from("192.0.2.1:4002"), "bob",
	    "pw-bob", HT_NOW + 10), 0);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", HT_NOW + 1002), 0);
	finish();
}

/* An IPv6 machine has a whole /64: it counts as one source. */
static void
test_source_ipv6(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	const char		*names[3] = { "alice", "bob", "carol" };

	lim.throttle_addr_after = 3;
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
 * The cap: so many failed checks of a name with no good login between
 * them lock it everywhere, the familiar workstation too, audited and
 * logged, until it ends or an administrator lifts it.
 */
static void
test_cap_locks_everywhere(void)
{
	struct hub_limits	 lim = limits;
	struct store_audit	 unlock;
	struct ht_conn		*c;
	struct ht_rows		 r;
	char			*cause = NULL;
	int64_t			 now = HT_NOW;

	lim.lock_failures = 3;
	ht_init_limits(&t, &lim);
	familiar("alice", "pw-alice", "10.0.0.9:1", now);
	c = open_from("10.0.0.9:2");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now + i), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now + 10), 423);
	CU_ASSERT_EQUAL(ht_int(c, 0, "retry_after_ms"), HOUR - 8);
	ht_audit_rows(&t, &r, now + 20);
	CU_ASSERT_EQUAL(ht_rows_count(&r, "lockout", "alice"), 1);
	for (size_t i = 0; i < r.n; i++) {
		if (strcmp(r.a[i].event, "lockout") != 0)
			continue;
		CU_ASSERT_STRING_EQUAL(r.a[i].addr, "10.0.0.9:2");
		CU_ASSERT_PTR_NOT_NULL(strstr(r.a[i].detail,
		    "locked after 3 failed logins; 3600 s"));
	}
	/* What "hcwedd user unlock alice" writes. */
	memset(&unlock, 0, sizeof unlock);
	unlock.ts = now + 30;
	snprintf(unlock.event, sizeof unlock.event, "user_unlock");
	snprintf(unlock.user, sizeof unlock.user, "alice");
	CU_ASSERT_EQUAL_FATAL(store_audit_add(t.store, &unlock, 1, &cause), 0);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now + 40), 0);
	/* Unlifted, a lock ends after lock_ms. */
	c = open_from("10.0.0.9:3");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(try_login(c, "alice", "bad", now + 50 + i), 403);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now + 52 + HOUR - 1),
	    423);
	CU_ASSERT_EQUAL(try_login(c, "alice", "pw-alice", now + 52 + HOUR), 0);
	finish();
}

/*
 * Junk failures under many names fill the table: a count that holds an
 * attempt back must not be what gives way, and once every entry does, a
 * name that has none is refused rather than let through uncounted.
 */
static void
test_full_table_keeps_holds(void)
{
	struct hub_limits	 lim = limits;
	struct ht_conn		*c;
	char			 junk[16];

	/* Two counts a name (its source, and unfamiliar sources): four names
	 * held back fill the table. */
	lim.throttle_after = 2;
	lim.throttle_addr_after = 0;
	lim.lock_failures = 0;
	lim.guard_max = 8;
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
	/* Fill the rest with holds: carol has nowhere to be counted. */
	for (int i = 0; i < 3; i++) {
		snprintf(junk, sizeof junk, "hold%d", i);
		CU_ASSERT_EQUAL(try_login(c, junk, "bad", HT_NOW + 200), 403);
		CU_ASSERT_EQUAL(try_login(c, junk, "bad", HT_NOW + 201), 403);
	}
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol", HT_NOW + 1300), 423);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 0, "message"),
	    "try again in 1 s"));
	/* Once the holds are over, the table makes room again. */
	CU_ASSERT_EQUAL(try_login(c, "carol", "pw-carol", HT_NOW + 201 + HOUR),
	    0);
	finish();
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "failures slow a name down, 1 s doubling to a cap",
		    test_throttle_grows },
		{ "logins in flight are counted before their check",
		    test_in_flight_counted },
		{ "1,000 failures from elsewhere spare bob's workstation",
		    test_attack_spares_familiar },
		{ "an unknown name is held back like an account",
		    test_unknown_name_alike },
		{ "a quiet window or a good login clears the count",
		    test_window_and_success_reset },
		{ "a source slows down for names not at home there",
		    test_source_throttle },
		{ "an IPv6 source is its /64, IPv4 alone",
		    test_source_ipv6 },
		{ "the cap locks a name everywhere until lifted or over",
		    test_cap_locks_everywhere },
		{ "a full table keeps what holds logins back",
		    test_full_table_keeps_holds },
		{ NULL, NULL }
	};

	return testlib_run("hub_guard", NULL, NULL, cases);
}
