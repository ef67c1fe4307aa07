#include "config.h"

#include "src/base/clock.h"
#include "src/book/bookloop.h"
#include "src/book/httpw.h"

enum planner_next
bookloop_next(struct httpw *w, struct planner *pl, struct book_req *req,
    uint64_t *wait_ms)
{
	enum planner_next	 verdict;
	uint64_t		 now, wake = 0, ready;

	ready = httpw_ready_in(w, BOOK_HOTEL);
	if (httpw_ready_in(w, BOOK_BAND) < ready)
		ready = httpw_ready_in(w, BOOK_BAND);
	if (ready > 0) {
		*wait_ms = ready;
		return PLANNER_WAIT;
	}
	now = clock_mono_ms();
	verdict = planner_next(pl, now, req, &wake);
	if (verdict == PLANNER_WAIT)
		*wait_ms = wake > now ? wake - now : 1;
	return verdict;
}
