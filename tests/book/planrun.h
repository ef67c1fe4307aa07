/*
 * Drives the planner against the scripted fake services (fakeresv.h) and
 * checks, after every step, what the planner promises: at most two holds
 * per service, no 451, and the only pair never released.  One request per
 * simulated second; a WAIT moves the clock to the wake-up time.
 */
#ifndef HC_PLANRUN_H
#define HC_PLANRUN_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/planner.h"
#include "tests/book/fakeresv.h"

struct run {
	struct planner	*pl;
	struct fake	 f;
	uint64_t	 now;
	bool		 broken;	/* an invariant failed: stop early */
};

void	 run_start(struct run *, enum planner_mode, bool resume);
void	 run_end(struct run *);
/* One step: a request answered, or the clock moved on; false if stopped. */
bool	 run_step(struct run *);
/* The planner says earliest and holds exactly the true earliest pair. */
bool	 run_done(struct run *);
/* Steps until run_done() or max requests; asserts done; requests used. */
unsigned run_auto(struct run *, unsigned max);
/* Steps until only polling is left (a pick done, holdings settled). */
void	 run_quiet(struct run *, unsigned max);

#endif
