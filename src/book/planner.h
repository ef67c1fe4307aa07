/*
 * The wedding planner: hold slot i at the hotel and slot i at the band,
 * i as small as possible, and keep upgrading.  Pure: events in (the
 * outcome of a request, the time, a person's pick), the next request out.
 * No I/O and no clock reads, so tests and fuzzers drive it directly.
 *
 * One request is in flight at a time.  The driver loop is:
 *
 *	planner_next(now) -> PLANNER_SEND: send *req, then later
 *	planner_result(result, now) with its outcome; PLANNER_WAIT: ask
 *	again at *wake_ms or after an event; PLANNER_BUSY: a request is in
 *	flight; PLANNER_STOPPED: the credentials were refused.
 *
 * Call planner_next only when a request may leave now (the rate limit is
 * the sender's business), so each choice uses the freshest knowledge.
 *
 * Invariants kept at every step, whatever the services do:
 * - at most BOOK_MAX_HOLDS holds per service, counting requests in flight
 *   and requests whose outcome is unknown;
 * - the only matched pair is never released before a better pair is held
 *   at both services (manual mode: only when the person cancels it);
 * - a hold that is not part of a pair being kept or being completed is
 *   released at once;
 * - after an unknown outcome at a service nothing there is counted on
 *   until GET /reservation has been read back.
 *
 * The planner owns all its memory: planner_free() releases it.
 */
#ifndef HC_PLANNER_H
#define HC_PLANNER_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/booking.h"

enum planner_mode {
	PLANNER_AUTO,	/* the planner chooses and upgrades */
	PLANNER_MANUAL,	/* the person picks and cancels pairs */
	PLANNER_ASSIST,	/* the person picks; the planner upgrades */
};

enum planner_state {
	PLANNER_STARTING,	/* reading back holdings after a restart */
	PLANNER_SEARCHING,	/* no matched pair yet */
	PLANNER_HOLDING,	/* a pair, and an earlier one may be had */
	PLANNER_EARLIEST,	/* a pair, none earlier in fresh knowledge */
	PLANNER_FAILED,		/* credentials refused: nothing more to do */
};

struct planner_opts {
	enum planner_mode mode;
	bool		resume;	   /* begin with GET /reservation at both */
	uint64_t	poll_ms;   /* refresh a service's slots this often */
	uint64_t	stale_ms;  /* knowledge older than this is re-read */
	uint64_t	settle_ms; /* wait after an unknown outcome */
};

enum planner_next {
	PLANNER_SEND,
	PLANNER_WAIT,
	PLANNER_BUSY,
	PLANNER_STOPPED,
};

/* What planner_result() changed, for progress lines and redraws. */
#define PLANNER_EV_SLOTS	0x1	/* availability knowledge */
#define PLANNER_EV_HOLDS	0x2	/* my holdings */
#define PLANNER_EV_PAIR		0x4	/* the pair kept (or its absence) */
#define PLANNER_EV_STATE	0x8	/* planner_state */
#define PLANNER_EV_NOTE		0x10	/* a new note (pick failed, ...) */

enum planner_avail {
	PLANNER_AV_UNKNOWN,
	PLANNER_AV_FREE,
	PLANNER_AV_TAKEN,	/* by someone else, as far as we know */
	PLANNER_AV_BLOCKED,	/* the service refused the slot id (403) */
};

enum planner_hold {
	PLANNER_HOLD_NONE,
	PLANNER_HOLD_RESERVING,	/* POST in flight */
	PLANNER_HOLD_HELD,
	PLANNER_HOLD_CANCELLING, /* DELETE in flight */
	PLANNER_HOLD_UNKNOWN,	/* POST or DELETE outcome unknown */
};

#define PLANNER_TRACK_MAX	8	/* holds remembered per service */

struct planner_cell {
	uint8_t		avail;		/* enum planner_avail */
	uint8_t		hold;		/* enum planner_hold */
	uint64_t	seen_ms;	/* when avail was learnt, 0 never */
};

/* A copy of everything a screen or a progress line needs. */
struct planner_snapshot {
	enum planner_mode	mode;
	enum planner_state	state;
	struct planner_cell	cell[BOOK_NSVC][BOOK_SLOT_MAX + 1]; /* [0] unused */
	unsigned		holds[BOOK_NSVC][PLANNER_TRACK_MAX];
	size_t			nholds[BOOK_NSVC];	/* every state */
	unsigned		pair;		/* slot of the pair kept, 0 none */
	unsigned		target;		/* pair being completed, 0 none */
	unsigned		pick;		/* person's pick in progress, 0 none */
	unsigned		earliest_common; /* free or mine at both, 0 none */
	bool			inflight;
	struct book_req		current;	/* when inflight */
	bool			reconciling[BOOK_NSVC];
	uint64_t		age_ms[BOOK_NSVC]; /* of availability, UINT64_MAX never */
	uint64_t		sent;		/* requests handed out */
	uint64_t		outcomes[BOOK_OUT_UNKNOWN + 1];
	uint64_t		first_pair_ms;	/* after start, 0 not yet */
	uint64_t		first_pair_sent;
	char			note[160];
	char			failure[160];
};

void	planner_opts_default(struct planner_opts *);
struct planner *planner_new(const struct planner_opts *, uint64_t now_ms);
void	planner_free(struct planner *);

enum planner_next planner_next(struct planner *, uint64_t now_ms,
	    struct book_req *req, uint64_t *wake_ms);
/* The outcome of the request in flight; PLANNER_EV_* flags, -1 if stray. */
int	planner_result(struct planner *, const struct book_result *,
	    uint64_t now_ms);

/*
 * A person's actions (manual and assist modes).  planner_pick reserves
 * slot at both services, rolling back the side that succeeded if the
 * other fails; planner_cancel_pair releases slot at both.  -1 with a
 * malloc'd *cause when the action is refused now.
 */
int	planner_pick(struct planner *, unsigned slot, char **cause);
int	planner_cancel_pair(struct planner *, unsigned slot, char **cause);
void	planner_set_mode(struct planner *, enum planner_mode);

void	planner_snapshot(const struct planner *, uint64_t now_ms,
	    struct planner_snapshot *);
enum planner_state planner_state(const struct planner *, uint64_t now_ms);
/* The slot of the pair kept, 0 if none. */
unsigned planner_pair(const struct planner *);
/* Self-check of the invariants: 0, or -1 with a malloc'd *cause. */
int	planner_check(const struct planner *, char **cause);

const char *planner_mode_name(enum planner_mode);
const char *planner_state_name(enum planner_state);

#endif
