#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/book/planrun.h"
#include "tests/testlib.h"


void
run_start(struct run *r, enum planner_mode mode, bool resume)
{
	struct planner_opts	o;

	planner_opts_default(&o);
	o.mode = mode;
	o.resume = resume;
	r->now = 1000000;
	r->broken = false;
	r->pl = planner_new(&o, r->now);
}

void
run_end(struct run *r)
{
	planner_free(r->pl);
}

/* Every invariant the planner promises, checked against the truth. */
static void
run_check(struct run *r, unsigned pair_before)
{
	char	*cause = NULL;

	if (planner_check(r->pl, &cause) == -1) {
		fprintf(stderr, "\nplanner_check: %s\n", cause);
		free(cause);
		CU_FAIL("planner_check");
		r->broken = true;
	}
	for (int s = 0; s < BOOK_NSVC; s++) {
		if (fake_holds(&r->f, s) > BOOK_MAX_HOLDS) {
			CU_FAIL("more than two holds at a service");
			r->broken = true;
		}
	}
	if (r->f.n451 != 0) {
		CU_FAIL("a reservation was refused with 451");
		r->broken = true;
	}
	if (pair_before != 0 && fake_pair(&r->f) == 0) {
		fprintf(stderr, "\npair %u released with no other pair held "
		    "(request %u)\n", pair_before, r->f.requests);
		CU_FAIL("the only pair was released");
		r->broken = true;
	}
}

/* One planner step: a request answered, or time moved on. */
bool
run_step(struct run *r)
{
	struct book_req		req;
	struct book_result	res;
	uint64_t		wake = 0;
	unsigned		pair;

	switch (planner_next(r->pl, r->now, &req, &wake)) {
	case PLANNER_SEND:
		pair = fake_pair(&r->f);
		fake_handle(&r->f, &req, r->now, &res);
		if (getenv("PLANNER_TRACE") != NULL)
			fprintf(stderr, "%llu #%u %s %s %u -> %s\n",
			    (unsigned long long)r->now, r->f.requests,
			    book_svc_name(req.svc), book_method_name(req.method),
			    req.slot, book_outcome_name(res.outcome));
		r->now += 300;
		CU_ASSERT_TRUE(planner_result(r->pl, &res, r->now) >= 0);
		book_result_free(&res);
		r->now += 700;
		run_check(r, pair);
		return true;
	case PLANNER_WAIT:
		CU_ASSERT_TRUE(wake > r->now);
		r->now = wake;
		return true;
	case PLANNER_BUSY:
		CU_FAIL("busy with nothing in flight");
		return false;
	case PLANNER_STOPPED:
		return false;
	}
	return false;
}

/* Done: the planner says earliest, and it holds exactly the true earliest. */
bool
run_done(struct run *r)
{
	unsigned	pair = planner_pair(r->pl);

	return planner_state(r->pl, r->now) == PLANNER_EARLIEST &&
	    pair != 0 && pair == fake_pair(&r->f) &&
	    pair == fake_earliest(&r->f) &&
	    fake_holds(&r->f, BOOK_HOTEL) == 1 &&
	    fake_holds(&r->f, BOOK_BAND) == 1;
}

/* Run to the earliest pair within max requests; the requests used. */
unsigned
run_auto(struct run *r, unsigned max)
{
	while (!r->broken && r->f.requests < max && !run_done(r)) {
		if (!run_step(r))
			break;
	}
	if (!run_done(r))
		fprintf(stderr, "\nnot done after %u requests: planner pair %u, "
		    "true pair %u, earliest %u, holds %u/%u\n", r->f.requests,
		    planner_pair(r->pl), fake_pair(&r->f), fake_earliest(&r->f),
		    fake_holds(&r->f, BOOK_HOTEL), fake_holds(&r->f, BOOK_BAND));
	CU_ASSERT_TRUE(run_done(r));
	return r->f.requests;
}

/* Step until nothing but polling is left, or max requests. */
void
run_quiet(struct run *r, unsigned max)
{
	struct planner_snapshot	*sn = malloc(sizeof *sn);

	while (!r->broken && r->f.requests < max && run_step(r)) {
		planner_snapshot(r->pl, r->now, sn);
		if (sn->pick == 0 && !sn->inflight &&
		    fake_holds(&r->f, BOOK_HOTEL) == sn->nholds[BOOK_HOTEL] &&
		    fake_holds(&r->f, BOOK_BAND) == sn->nholds[BOOK_BAND] &&
		    r->f.log[r->f.requests - 1].method == BOOK_GET_AVAILABLE &&
		    r->f.requests > 4)
			break;
	}
	free(sn);
}
