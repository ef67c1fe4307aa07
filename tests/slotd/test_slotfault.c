#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/slotd/slotfault.h"
#include "tests/testlib.h"

static void
test_same_seed_same_decisions(void)
{
	struct slotfault_knobs		 k;
	struct slotfault		*a, *b, *c;
	struct slotfault_decision	 da, db, dc;
	char				*cause;
	int				 differ = 0;

	CU_ASSERT_EQUAL(slotfault_profile("harsh", &k, &cause), 0);
	a = slotfault_new(&k, 42);
	b = slotfault_new(&k, 42);
	c = slotfault_new(&k, 43);
	for (uint64_t t = 0; t < 5000; t++) {
		slotfault_decide(a, t * 10, &da);
		slotfault_decide(b, t * 10, &db);
		slotfault_decide(c, t * 10, &dc);
		CU_ASSERT_EQUAL(da.kind, db.kind);
		CU_ASSERT_EQUAL(da.delay_ms, db.delay_ms);
		differ += da.kind != dc.kind || da.delay_ms != dc.delay_ms;
	}
	CU_ASSERT(differ > 100);
	slotfault_free(a);
	slotfault_free(b);
	slotfault_free(c);
}

static void
test_none_never_fails(void)
{
	struct slotfault_knobs		 k;
	struct slotfault		*f;
	struct slotfault_decision	 d;
	char				*cause;

	CU_ASSERT_EQUAL(slotfault_profile("none", &k, &cause), 0);
	f = slotfault_new(&k, 1);
	for (int i = 0; i < 1000; i++) {
		slotfault_decide(f, (uint64_t)i, &d);
		CU_ASSERT_EQUAL(d.kind, SLOTFAULT_NONE);
		CU_ASSERT_EQUAL(d.delay_ms, 0);
	}
	slotfault_free(f);
}

static void
test_rates_follow_knobs(void)
{
	struct slotfault_knobs		 k = { .unavailable = 0.1, .drop = 0.2,
	    .fake500 = 0.1, .reply_lost = 0.3, .delay = 0.5,
	    .delay_max_ms = 1000 };
	struct slotfault		*f = slotfault_new(&k, 7);
	struct slotfault_decision	 d;
	unsigned			 n[SLOTFAULT_REPLY_LOST + 1] = { 0 };
	unsigned			 delayed = 0, over = 0;
	const unsigned			 total = 100000;

	for (unsigned i = 0; i < total; i++) {
		slotfault_decide(f, i, &d);
		n[d.kind]++;
		delayed += d.delay_ms > 0;
		over += d.delay_ms > 1000;
	}
	/* Each kind applies to what the earlier ones left. */
	CU_ASSERT(abs((int)n[SLOTFAULT_UNAVAILABLE] - 10000) < 600);
	CU_ASSERT(abs((int)n[SLOTFAULT_DROPPED] - 18000) < 800);
	CU_ASSERT(abs((int)n[SLOTFAULT_FAKE500] - 7200) < 600);
	CU_ASSERT(abs((int)n[SLOTFAULT_REPLY_LOST] - 19440) < 800);
	CU_ASSERT(abs((int)delayed - 32400) < 1000);
	CU_ASSERT_EQUAL(n[SLOTFAULT_OUTAGE], 0);
	CU_ASSERT_EQUAL(over, 0);
	slotfault_free(f);
}

static void
test_outage_lasts(void)
{
	struct slotfault_knobs		 k = { .outage_rate = 0.01,
	    .outage_ms = 5000 };
	struct slotfault		*f = slotfault_new(&k, 3);
	struct slotfault_decision	 d;
	uint64_t			 t, start = 0;
	int				 after = 0;

	for (t = 0; t < 200000 && start == 0; t += 10) {
		slotfault_decide(f, t, &d);
		if (d.kind == SLOTFAULT_OUTAGE)
			start = t;
	}
	CU_ASSERT(start > 0);
	/* Every request of the next 5 s is refused, whatever the draws. */
	for (t = start + 10; t < start + 5000; t += 10) {
		slotfault_decide(f, t, &d);
		CU_ASSERT_EQUAL(d.kind, SLOTFAULT_OUTAGE);
	}
	for (; t < start + 6000; t += 10) {
		slotfault_decide(f, t, &d);
		after += d.kind == SLOTFAULT_NONE;
	}
	CU_ASSERT(after > 0);
	slotfault_free(f);
}

static void
test_knob_parsing(void)
{
	struct slotfault_knobs	 k;
	char			*cause = NULL;

	CU_ASSERT_EQUAL(slotfault_profile("course", &k, &cause), 0);
	CU_ASSERT_DOUBLE_EQUAL(k.drop, 0.05, 1e-9);
	CU_ASSERT_EQUAL(slotfault_set(&k, "drop", "0.5", &cause), 1);
	CU_ASSERT_DOUBLE_EQUAL(k.drop, 0.5, 1e-9);
	CU_ASSERT_EQUAL(slotfault_set(&k, "delay-max", "250ms", &cause), 1);
	CU_ASSERT_EQUAL(k.delay_max_ms, 250);
	CU_ASSERT_EQUAL(slotfault_set(&k, "outage-length", "3s", &cause), 1);
	CU_ASSERT_EQUAL(k.outage_ms, 3000);
	CU_ASSERT_EQUAL(slotfault_set(&k, "listen", "x", &cause), 0);
	CU_ASSERT_EQUAL(slotfault_set(&k, "drop", "1.5", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "probability"));
	free(cause);
	CU_ASSERT_EQUAL(slotfault_set(&k, "drop", "", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(slotfault_set(&k, "reorder-max", "soon", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(slotfault_profile("mild", &k, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause,
	    "unknown fault profile \"mild\" (none, course, harsh)");
	free(cause);
	CU_ASSERT_STRING_EQUAL(slotfault_kind_name(SLOTFAULT_REPLY_LOST),
	    "reply-lost");
}

static void
test_rng_known_values(void)
{
	struct slotrng	a, b;
	double		u;

	slotrng_seed(&a, 0);
	slotrng_seed(&b, 0);
	for (int i = 0; i < 100; i++)
		CU_ASSERT_EQUAL(slotrng_next(&a), slotrng_next(&b));
	for (int i = 0; i < 1000; i++) {
		u = slotrng_unit(&a);
		CU_ASSERT(u >= 0.0 && u < 1.0);
	}
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "same seed, same decisions", test_same_seed_same_decisions },
		{ "profile none never fails", test_none_never_fails },
		{ "rates follow the knobs", test_rates_follow_knobs },
		{ "an outage lasts its length", test_outage_lasts },
		{ "profiles and knob values", test_knob_parsing },
		{ "generator is repeatable and in [0,1)", test_rng_known_values },
		{ NULL, NULL }
	};

	return testlib_run("slotfault", NULL, NULL, cases);
}
