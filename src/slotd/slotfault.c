#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotfault.h"

struct slotfault {
	struct slotfault_knobs	knobs;
	struct slotrng		rng;
	uint64_t		outage_until_ms;
};

static uint64_t
slotrng_splitmix(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
slotrng_seed(struct slotrng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = slotrng_splitmix(&seed);
}

static uint64_t
slotrng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
slotrng_next(struct slotrng *r)
{
	uint64_t	*s = r->s;
	uint64_t	 result = slotrng_rotl(s[1] * 5, 7) * 9;
	uint64_t	 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = slotrng_rotl(s[3], 45);
	return result;
}

double
slotrng_unit(struct slotrng *r)
{
	return (double)(slotrng_next(r) >> 11) * 0x1.0p-53;
}

struct slotfault *
slotfault_new(const struct slotfault_knobs *knobs, uint64_t seed)
{
	struct slotfault	*f = xcalloc(1, sizeof *f);

	f->knobs = *knobs;
	slotrng_seed(&f->rng, seed);
	return f;
}

void
slotfault_free(struct slotfault *f)
{
	free(f);
}

/*
 * Every call draws the same number of values whatever the outcome, so a
 * change of one knob does not shift the decisions of the others.
 */
void
slotfault_decide(struct slotfault *f, uint64_t now_ms,
    struct slotfault_decision *d)
{
	const struct slotfault_knobs	*k = &f->knobs;
	double				 u[9];

	for (size_t i = 0; i < 9; i++)
		u[i] = slotrng_unit(&f->rng);
	d->kind = SLOTFAULT_NONE;
	d->delay_ms = 0;
	if (now_ms < f->outage_until_ms) {
		d->kind = SLOTFAULT_OUTAGE;
		return;
	}
	if (u[0] < k->outage_rate && k->outage_ms > 0) {
		f->outage_until_ms = now_ms + k->outage_ms;
		d->kind = SLOTFAULT_OUTAGE;
		return;
	}
	if (u[1] < k->unavailable)
		d->kind = SLOTFAULT_UNAVAILABLE;
	else if (u[2] < k->drop)
		d->kind = SLOTFAULT_DROPPED;
	else if (u[3] < k->fake500)
		d->kind = SLOTFAULT_FAKE500;
	if (d->kind != SLOTFAULT_NONE)
		return;
	if (u[4] < k->delay)
		d->delay_ms += (uint64_t)(u[5] * (double)k->delay_max_ms);
	if (u[6] < k->reorder)
		d->delay_ms += (uint64_t)(u[7] * (double)k->reorder_max_ms);
	if (u[8] < k->reply_lost)
		d->kind = SLOTFAULT_REPLY_LOST;
}

const char *
slotfault_kind_name(enum slotfault_kind kind)
{
	switch (kind) {
	case SLOTFAULT_NONE:
		return "none";
	case SLOTFAULT_OUTAGE:
		return "outage";
	case SLOTFAULT_UNAVAILABLE:
		return "unavailable";
	case SLOTFAULT_DROPPED:
		return "dropped";
	case SLOTFAULT_FAKE500:
		return "fake-500";
	case SLOTFAULT_REPLY_LOST:
		return "reply-lost";
	}
	return "none";
}

/* The same table is printed in hcwed-slotd(8). */
static const struct {
	const char		*name;
	struct slotfault_knobs	 knobs;
} slotfault_profiles[] = {
	{ "none", { .unavailable = 0 } },
	{ "course", { .unavailable = 0.05, .outage_rate = 0.002,
	    .outage_ms = 10000, .drop = 0.05, .fake500 = 0.03, .delay = 0.5,
	    .delay_max_ms = 2000, .reorder = 0.1, .reorder_max_ms = 5000,
	    .reply_lost = 0.05 } },
	{ "harsh", { .unavailable = 0.2, .outage_rate = 0.01,
	    .outage_ms = 30000, .drop = 0.15, .fake500 = 0.1, .delay = 0.8,
	    .delay_max_ms = 5000, .reorder = 0.3, .reorder_max_ms = 15000,
	    .reply_lost = 0.15 } },
};

int
slotfault_profile(const char *name, struct slotfault_knobs *k, char **cause)
{
	for (size_t i = 0; i < sizeof slotfault_profiles /
	    sizeof slotfault_profiles[0]; i++) {
		if (strcmp(name, slotfault_profiles[i].name) == 0) {
			*k = slotfault_profiles[i].knobs;
			return 0;
		}
	}
	*cause = xasprintf("unknown fault profile \"%s\" (none, course, harsh)",
	    name);
	return -1;
}

static int
slotfault_probability(const char *value, double *out, char **cause)
{
	char	*end;
	double	 p;

	p = strtod(value, &end);
	if (*value == '\0' || *end != '\0' || !(p >= 0.0 && p <= 1.0)) {
		*cause = xasprintf("\"%s\" is not a probability between 0 and 1",
		    value);
		return -1;
	}
	*out = p;
	return 0;
}

int
slotfault_set(struct slotfault_knobs *k, const char *name, const char *value,
    char **cause)
{
	static const struct {
		const char	*name;
		size_t		 p;	/* offset of a double, or */
		size_t		 ms;	/* offset of a uint64_t, plus 1 */
	} knobs[] = {
		{ "unavailable", offsetof(struct slotfault_knobs, unavailable), 0 },
		{ "outage-rate", offsetof(struct slotfault_knobs, outage_rate), 0 },
		{ "outage-length", 0,
		    offsetof(struct slotfault_knobs, outage_ms) + 1 },
		{ "drop", offsetof(struct slotfault_knobs, drop), 0 },
		{ "fake-500", offsetof(struct slotfault_knobs, fake500), 0 },
		{ "delay", offsetof(struct slotfault_knobs, delay), 0 },
		{ "delay-max", 0,
		    offsetof(struct slotfault_knobs, delay_max_ms) + 1 },
		{ "reorder", offsetof(struct slotfault_knobs, reorder), 0 },
		{ "reorder-max", 0,
		    offsetof(struct slotfault_knobs, reorder_max_ms) + 1 },
		{ "reply-lost", offsetof(struct slotfault_knobs, reply_lost), 0 },
	};
	unsigned long long	ms;

	for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
		if (strcmp(name, knobs[i].name) != 0)
			continue;
		if (knobs[i].ms != 0) {
			if (conf_duration_ms(value, &ms, cause) != 0)
				return -1;
			*(uint64_t *)((char *)k + knobs[i].ms - 1) = ms;
			return 1;
		}
		if (slotfault_probability(value, (double *)((char *)k +
		    knobs[i].p), cause) != 0)
			return -1;
		return 1;
	}
	return 0;
}
