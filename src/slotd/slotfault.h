/*
 * The failure schedule of hcwed-slotd: for each request, whether the
 * service is down (503), drops it (404), answers a fake 500, delays it,
 * and loses its reply.  Pure and seeded: the same seed, knobs and
 * sequence of (request, time) calls give the same decisions, so a run can
 * be repeated.  Time is passed in; nothing here reads a clock.
 *
 * The scheduler is owned by the caller and freed with slotfault_free().
 */
#ifndef HC_SLOTFAULT_H
#define HC_SLOTFAULT_H

#include <stdint.h>

struct slotfault_knobs {
	double		unavailable;	/* P(503) per request */
	double		outage_rate;	/* P(an outage starts) per request */
	uint64_t	outage_ms;	/* length of an outage */
	double		drop;		/* P(404, nothing applied) */
	double		fake500;	/* P(fake 500, nothing applied) */
	double		delay;		/* P(processing delay) */
	uint64_t	delay_max_ms;
	double		reorder;	/* P(extra delay that reorders) */
	uint64_t	reorder_max_ms;
	double		reply_lost;	/* P(applied, reply never sent) */
};

enum slotfault_kind {
	SLOTFAULT_NONE,
	SLOTFAULT_OUTAGE,	/* 503, inside an outage */
	SLOTFAULT_UNAVAILABLE,	/* 503 */
	SLOTFAULT_DROPPED,	/* 404 */
	SLOTFAULT_FAKE500,	/* 500 */
	SLOTFAULT_REPLY_LOST,	/* applied, connection closed */
};

struct slotfault_decision {
	enum slotfault_kind	kind;
	uint64_t		delay_ms;	/* before applying (NONE, LOST) */
};

struct slotfault;

struct slotfault	*slotfault_new(const struct slotfault_knobs *,
			    uint64_t seed);
void			 slotfault_free(struct slotfault *);
void			 slotfault_decide(struct slotfault *, uint64_t now_ms,
			    struct slotfault_decision *);

/* Name used in the journal and the man page ("none", "reply-lost", ...). */
const char		*slotfault_kind_name(enum slotfault_kind);

/* Fill knobs from a profile: "none", "course" or "harsh". */
int			 slotfault_profile(const char *name,
			    struct slotfault_knobs *, char **cause);
/*
 * Set one knob by its option name ("unavailable", "delay-max", ...);
 * returns 1 if set, 0 if name is not a knob, -1 with *cause on a bad value.
 */
int			 slotfault_set(struct slotfault_knobs *,
			    const char *name, const char *value, char **cause);

/*
 * The seeded generator, also used by the bots: splitmix64 seeding a
 * xoshiro256** stream.
 */
struct slotrng {
	uint64_t	s[4];
};
void		 slotrng_seed(struct slotrng *, uint64_t seed);
uint64_t	 slotrng_next(struct slotrng *);
/* Uniform in [0, 1). */
double		 slotrng_unit(struct slotrng *);

#endif
