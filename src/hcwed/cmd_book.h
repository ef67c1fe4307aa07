/*
 * hcwed book, the planner without the screen: the state shared by its
 * loop (cmd_book.c) and its output (cmd_book_out.c).
 *
 * Memory: struct book owns its event base and events, the worker, the
 * planner and the snapshot, all released by book_end(); url[] points into
 * the booking configuration and reason at static text.
 */
#ifndef HC_CMD_BOOK_H
#define HC_CMD_BOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/httpw.h"
#include "src/book/planner.h"

struct book {
	struct event_base	*base;
	struct event		*wake_ev;
	struct event		*timer;
	struct event		*sigint;
	struct event		*sigterm;
	int			 pipe[2];
	struct httpw		*w;
	struct planner		*pl;
	struct planner_snapshot	*snap;		/* refreshed after each event */
	const char		*url[BOOK_NSVC];
	bool			 json;
	bool			 watch;
	bool			 until_earliest;
	uint64_t		 start_ms;
	unsigned		 requests;	/* attempts sent */
	uint64_t		 first_pair_ms;
	unsigned		 first_pair_requests;
	bool			 marked;	/* in the resume marker */
	int			 status;	/* -1 while running */
	const char		*reason;	/* why it stopped */
};

void	book_print_attempt(struct book *, const struct httpw_log *);
void	book_print_result(struct book *, const struct book_result *, int ev);
void	book_print_done(struct book *);

#endif
