/*
 * The planner's state, shared by its files: planner.c (lifecycle, the
 * person's actions, views), planner_result.c (learning from outcomes) and
 * planner_next.c (choosing the next request).  Not for other modules.
 *
 * Memory: the planner holds no pointers; planner_free() frees the struct.
 */
#ifndef HC_PLANNER_INT_H
#define HC_PLANNER_INT_H

#include "src/book/planner.h"

struct pl_hold {
	unsigned		slot;
	enum planner_hold	st;
};

struct planner {
	struct planner_opts	opts;
	uint64_t		start_ms;

	struct planner_cell	cell[BOOK_NSVC][BOOK_SLOT_MAX + 1];
	uint64_t		fetched_ms[BOOK_NSVC];	/* last availability */
	bool			have_avail[BOOK_NSVC];

	struct pl_hold		holds[BOOK_NSVC][PLANNER_TRACK_MAX];
	size_t			nholds[BOOK_NSVC];

	/* GET /reservation needed at the service, not before reconcile_at. */
	bool			reconcile[BOOK_NSVC];
	uint64_t		reconcile_at[BOOK_NSVC];
	bool			reconciled[BOOK_NSVC];	/* at least once */

	bool			inflight;
	struct book_req		cur;
	uint64_t		next_id;

	unsigned		pick;			/* 0 none */
	bool			drop[BOOK_SLOT_MAX + 1]; /* person cancelled */
	bool			avoid[BOOK_SLOT_MAX + 1]; /* not to be re-taken */

	uint64_t		sent;
	uint64_t		outcomes[BOOK_OUT_UNKNOWN + 1];
	uint64_t		first_pair_ms;
	uint64_t		first_pair_sent;
	char			note[160];
	char			failure[160];
};

/* planner.c */
struct pl_hold	*pl_hold_find(struct planner *, enum book_svc, unsigned slot);
struct pl_hold	*pl_hold_add(struct planner *, enum book_svc, unsigned slot,
		    enum planner_hold);
void		 pl_hold_remove(struct planner *, enum book_svc, unsigned slot);
bool		 pl_held(const struct planner *, enum book_svc, unsigned slot);
enum planner_hold pl_hold_state(const struct planner *, enum book_svc,
		    unsigned slot);
void		 pl_note(struct planner *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* planner_next.c */
unsigned	 pl_best_pair(const struct planner *);
unsigned	 pl_target(const struct planner *);
bool		 pl_kept(const struct planner *, enum book_svc, unsigned slot);
unsigned	 pl_earliest_common(const struct planner *);

#endif
