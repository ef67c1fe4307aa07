/*
 * One step of a booking loop, shared by hcwed book and the dashboard: ask
 * the planner for its next request only once the worker's bucket would let
 * a request leave, so that the choice is made on the freshest knowledge.
 * Nothing here allocates.
 */
#ifndef HC_BOOKLOOP_H
#define HC_BOOKLOOP_H

#include <stdint.h>

#include "src/book/booking.h"
#include "src/book/planner.h"

struct httpw;

/*
 * PLANNER_SEND: *req is ready for httpw_submit() (the caller submits it,
 * after anything it must do first).  PLANNER_WAIT: call again in *wait_ms.
 * PLANNER_BUSY and PLANNER_STOPPED as planner_next() says.
 */
enum planner_next bookloop_next(struct httpw *, struct planner *,
	    struct book_req *req, uint64_t *wait_ms);

#endif
