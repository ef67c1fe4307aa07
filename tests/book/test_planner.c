#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/book/planner.h"
#include "tests/book/fakeresv.h"
#include "tests/book/planrun.h"
#include "tests/testlib.h"

static void
test_no_faults_four_requests(void)
{
	struct run	r;

	fake_init(&r.f);
	run_start(&r, PLANNER_AUTO, false);
	CU_ASSERT_EQUAL(run_auto(&r, 50), 4);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 1);
	CU_ASSERT_EQUAL(r.f.log[0].method, BOOK_GET_AVAILABLE);
	CU_ASSERT_EQUAL(r.f.log[1].method, BOOK_GET_AVAILABLE);
	CU_ASSERT_NOT_EQUAL(r.f.log[0].svc, r.f.log[1].svc);
	CU_ASSERT_EQUAL(r.f.log[2].method, BOOK_RESERVE);
	CU_ASSERT_EQUAL(r.f.log[3].method, BOOK_RESERVE);
	CU_ASSERT_NOT_EQUAL(r.f.log[2].svc, r.f.log[3].svc);
	run_end(&r);
}

static void
test_no_faults_busy_grid(void)
{
	struct run	r;

	fake_init(&r.f);
	/* Hotel 1-3 and band 2, 4 taken, hotel 5 blocked: 6 is the first pair. */
	for (unsigned t = 1; t <= 3; t++)
		r.f.owner[BOOK_HOTEL][t] = FAKE_OTHER;
	r.f.owner[BOOK_BAND][2] = r.f.owner[BOOK_BAND][4] = FAKE_OTHER;
	r.f.owner[BOOK_HOTEL][5] = FAKE_BLOCKED;
	r.f.owner[BOOK_BAND][1] = FAKE_BLOCKED;
	run_start(&r, PLANNER_AUTO, false);
	CU_ASSERT_EQUAL(run_auto(&r, 50), 4);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 6);
	run_end(&r);
}

static void
test_conflicts_use_what_is_known(void)
{
	static const struct fake_event ev[] = {
		/* Others take band 1 and hotel 2 after we looked. */
		{ 3, BOOK_BAND, 1, FAKE_OTHER },
		{ 3, BOOK_HOTEL, 2, FAKE_OTHER },
	};
	struct run	r;

	fake_init(&r.f);
	r.f.events = ev;
	r.f.nevents = 2;
	run_start(&r, PLANNER_AUTO, false);
	run_auto(&r, 60);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 3);
	/* After a 409 the next candidate comes from what is known: no GET. */
	for (unsigned i = 2; i < 6 && i < r.f.requests; i++)
		CU_ASSERT_NOT_EQUAL(r.f.log[i].method, BOOK_GET_AVAILABLE);
	run_end(&r);
}

static void
test_unavailable_and_dropped(void)
{
	static const enum fake_fault faults[] = {
		FAKE_UNAVAILABLE, FAKE_OK, FAKE_DROP, FAKE_OK, FAKE_UNAVAILABLE,
		FAKE_DROP, FAKE_UNAVAILABLE, FAKE_OK, FAKE_DROP,
	};
	struct run	r;

	fake_init(&r.f);
	r.f.faults = faults;
	r.f.nfaults = sizeof faults / sizeof faults[0];
	r.f.owner[BOOK_HOTEL][1] = FAKE_OTHER;
	run_start(&r, PLANNER_AUTO, false);
	run_auto(&r, 60);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 2);
	run_end(&r);
}

static void
test_timeouts_that_applied(void)
{
	/* Both reservations applied with their replies lost. */
	static const enum fake_fault faults[] = {
		FAKE_OK, FAKE_OK, FAKE_LOST_APPLIED, FAKE_OK, FAKE_LOST_APPLIED,
	};
	struct run	r;
	bool		read_back = false;
	unsigned	i;

	fake_init(&r.f);
	r.f.faults = faults;
	r.f.nfaults = sizeof faults / sizeof faults[0];
	run_start(&r, PLANNER_AUTO, false);
	run_auto(&r, 60);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 1);
	/* The unknown outcome was read back before any other change. */
	for (i = 3; r.f.log[i].method == BOOK_GET_AVAILABLE; i++)
		;
	CU_ASSERT_EQUAL(r.f.log[i].method, BOOK_GET_HELD);
	CU_ASSERT_EQUAL(r.f.log[i].svc, r.f.log[2].svc);
	for (i = 0; i < r.f.requests; i++)
		read_back |= r.f.log[i].method == BOOK_GET_HELD;
	CU_ASSERT_TRUE(read_back);
	run_end(&r);
}

static void
test_lost_not_applied_and_late(void)
{
	/* One reply lost and never applied, one applied after another request. */
	static const enum fake_fault faults[] = {
		FAKE_OK, FAKE_OK, FAKE_LOST_NOT_APPLIED, FAKE_OK, FAKE_LATE,
		FAKE_OK, FAKE_OK, FAKE_LATE, FAKE_OK, FAKE_LATE, FAKE_LATE,
	};
	struct run	r;

	fake_init(&r.f);
	r.f.faults = faults;
	r.f.nfaults = sizeof faults / sizeof faults[0];
	run_start(&r, PLANNER_AUTO, false);
	run_auto(&r, 80);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 1);
	run_end(&r);
}

static void
test_upgrade_when_freed(void)
{
	static const struct fake_event ev[] = {
		{ 8, BOOK_HOTEL, 2, FAKE_FREE },
		{ 12, BOOK_BAND, 2, FAKE_FREE },
	};
	struct run	r;

	fake_init(&r.f);
	for (unsigned t = 1; t <= 4; t++) {
		r.f.owner[BOOK_HOTEL][t] = FAKE_OTHER;
		r.f.owner[BOOK_BAND][t] = FAKE_OTHER;
	}
	r.f.events = ev;
	r.f.nevents = 2;
	run_start(&r, PLANNER_AUTO, false);
	/* First the pair at 5; then 2 comes free at both and is taken. */
	while (r.f.requests < 4)
		run_step(&r);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 5);
	CU_ASSERT_EQUAL(planner_state(r.pl, r.now), PLANNER_EARLIEST);
	while (r.f.requests < 12)
		run_step(&r);
	run_auto(&r, 100);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 2);
	CU_ASSERT_EQUAL(r.f.owner[BOOK_HOTEL][5], FAKE_FREE);
	CU_ASSERT_EQUAL(r.f.owner[BOOK_BAND][5], FAKE_FREE);
	run_end(&r);
}

static void
test_restart_rebuilds(void)
{
	struct run		r;
	struct planner_snapshot	*sn;

	fake_init(&r.f);
	r.f.owner[BOOK_HOTEL][7] = r.f.owner[BOOK_BAND][7] = FAKE_ME;
	r.f.owner[BOOK_HOTEL][9] = FAKE_ME;
	for (unsigned t = 1; t <= 3; t++)
		r.f.owner[BOOK_BAND][t] = FAKE_OTHER;
	run_start(&r, PLANNER_AUTO, true);
	CU_ASSERT_EQUAL(planner_state(r.pl, r.now), PLANNER_STARTING);
	run_step(&r);
	run_step(&r);
	CU_ASSERT_EQUAL(r.f.log[0].method, BOOK_GET_HELD);
	CU_ASSERT_EQUAL(r.f.log[1].method, BOOK_GET_HELD);
	CU_ASSERT_EQUAL(planner_pair(r.pl), 7);
	/* The unmatched hotel hold goes first. */
	run_step(&r);
	CU_ASSERT_EQUAL(r.f.log[2].method, BOOK_CANCEL);
	CU_ASSERT_EQUAL(r.f.log[2].slot, 9);
	run_auto(&r, 60);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 4);
	sn = malloc(sizeof *sn);
	planner_snapshot(r.pl, r.now, sn);
	CU_ASSERT_EQUAL(sn->pair, 4);
	CU_ASSERT_EQUAL(sn->state, PLANNER_EARLIEST);
	CU_ASSERT_EQUAL(sn->cell[BOOK_HOTEL][4].hold, PLANNER_HOLD_HELD);
	CU_ASSERT_EQUAL(sn->cell[BOOK_BAND][1].avail, PLANNER_AV_TAKEN);
	CU_ASSERT_EQUAL(sn->nholds[BOOK_HOTEL], 1);
	free(sn);
	run_end(&r);
}

static void
test_unauthorized_stops(void)
{
	static const enum fake_fault faults[] = { FAKE_UNAUTHORIZED };
	struct run		r;
	struct book_req		req;
	uint64_t		wake;

	fake_init(&r.f);
	r.f.faults = faults;
	r.f.nfaults = 1;
	run_start(&r, PLANNER_AUTO, false);
	CU_ASSERT_TRUE(run_step(&r));
	CU_ASSERT_EQUAL(planner_state(r.pl, r.now), PLANNER_FAILED);
	CU_ASSERT_EQUAL(planner_next(r.pl, r.now, &req, &wake), PLANNER_STOPPED);
	run_end(&r);
}

static void
test_manual_pick_and_rollback(void)
{
	struct run	 r;
	char		*cause = NULL;

	fake_init(&r.f);
	r.f.owner[BOOK_BAND][20] = FAKE_OTHER;
	run_start(&r, PLANNER_MANUAL, false);
	run_quiet(&r, 10);
	/* Manual mode takes nothing by itself. */
	CU_ASSERT_EQUAL(fake_holds(&r.f, BOOK_HOTEL), 0);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 10, &cause), 0);
	run_quiet(&r, 30);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 10);
	/* Band 20 is taken: whichever side succeeded is rolled back. */
	r.f.owner[BOOK_BAND][21] = FAKE_OTHER;
	CU_ASSERT_EQUAL(planner_pick(r.pl, 21, &cause), 0);
	run_quiet(&r, 50);
	CU_ASSERT_EQUAL(r.f.owner[BOOK_HOTEL][21], FAKE_FREE);
	CU_ASSERT_EQUAL(fake_holds(&r.f, BOOK_HOTEL), 1);
	/* A second pair may be held by hand; a third cannot. */
	CU_ASSERT_EQUAL(planner_pick(r.pl, 30, &cause), 0);
	run_quiet(&r, 70);
	CU_ASSERT_EQUAL(r.f.owner[BOOK_HOTEL][30], FAKE_ME);
	CU_ASSERT_EQUAL(r.f.owner[BOOK_BAND][30], FAKE_ME);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 40, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "already two holds"));
	free(cause);
	CU_ASSERT_EQUAL(planner_cancel_pair(r.pl, 10, &cause), 0);
	run_quiet(&r, 90);
	CU_ASSERT_EQUAL(fake_pair(&r.f), 30);
	CU_ASSERT_EQUAL(fake_holds(&r.f, BOOK_HOTEL), 1);
	CU_ASSERT_EQUAL(planner_cancel_pair(r.pl, 11, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 0, &cause), -1);
	free(cause);
	run_end(&r);
}

static void
test_assist_upgrades_pick(void)
{
	struct run	 r;
	char		*cause = NULL;

	fake_init(&r.f);
	run_start(&r, PLANNER_ASSIST, false);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 50, &cause), 0);
	run_auto(&r, 40);
	/* The person's pick is upgraded to the earliest pair. */
	CU_ASSERT_EQUAL(fake_pair(&r.f), 1);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 60, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "earlier"));
	free(cause);
	run_end(&r);
	run_start(&r, PLANNER_AUTO, false);
	CU_ASSERT_EQUAL(planner_pick(r.pl, 5, &cause), -1);
	free(cause);
	run_end(&r);
}

static uint32_t
lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

/* Random faults and a busy class, many seeds: invariants hold throughout. */
static void
test_random_contention(void)
{
	static enum fake_fault	faults[400];
	static struct fake_event ev[120];
	unsigned		finished = 0;

	for (uint64_t seed = 1; seed <= 60; seed++) {
		struct run	r;
		uint64_t	s = seed;

		fake_init(&r.f);
		for (size_t i = 0; i < 400; i++) {
			unsigned x = lcg(&s) % 100;

			faults[i] = x < 6 ? FAKE_UNAVAILABLE : x < 11 ? FAKE_DROP :
			    x < 15 ? FAKE_LOST_APPLIED : x < 17 ?
			    FAKE_LOST_NOT_APPLIED : x < 19 ? FAKE_LATE : FAKE_OK;
		}
		for (unsigned t = 1; t <= 40; t++) {
			for (int sv = 0; sv < BOOK_NSVC; sv++) {
				if (lcg(&s) % 100 < 60)
					r.f.owner[sv][t] = lcg(&s) % 10 ? FAKE_OTHER :
					    FAKE_BLOCKED;
			}
		}
		/* Others take and free slots while we work (only in the first 60). */
		for (size_t i = 0; i < 120; i++) {
			ev[i].before = 2 + lcg(&s) % 60;
			ev[i].svc = lcg(&s) % 2;
			ev[i].slot = 1 + lcg(&s) % 40;
			ev[i].owner = lcg(&s) % 2 ? FAKE_FREE : FAKE_OTHER;
		}
		r.f.faults = faults;
		r.f.nfaults = 400;
		r.f.events = ev;
		r.f.nevents = 120;
		run_start(&r, PLANNER_AUTO, false);
		run_auto(&r, 400);
		finished += run_done(&r);
		run_end(&r);
		if (r.broken) {
			fprintf(stderr, "\nseed %llu broke an invariant\n",
			    (unsigned long long)seed);
			break;
		}
	}
	CU_ASSERT_EQUAL(finished, 60);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "no faults: the earliest pair in 4 requests",
		    test_no_faults_four_requests },
		{ "no faults, a busy grid: still 4 requests",
		    test_no_faults_busy_grid },
		{ "409s: next candidate from what is known",
		    test_conflicts_use_what_is_known },
		{ "503s and 404s just mean later", test_unavailable_and_dropped },
		{ "timeouts whose action applied are read back",
		    test_timeouts_that_applied },
		{ "lost and late (reordered) applications",
		    test_lost_not_applied_and_late },
		{ "an earlier pair freed by others is taken, the old released",
		    test_upgrade_when_freed },
		{ "restart rebuilds from GET /reservation", test_restart_rebuilds },
		{ "401 stops the planner", test_unauthorized_stops },
		{ "manual: pick, roll back, cancel", test_manual_pick_and_rollback },
		{ "assist: a pick is upgraded", test_assist_upgrades_pick },
		{ "random faults and contention, 60 seeds",
		    test_random_contention },
		{ NULL, NULL }
	};

	return testlib_run("planner", NULL, NULL, cases);
}
