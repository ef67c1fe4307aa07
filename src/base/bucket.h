/*
 * A token bucket in whole milliseconds (the GCRA form: one "theoretical
 * arrival time" instead of a fractional token count), so that a rate of one
 * request per second really means requests at least 1000 ms apart.  Pure:
 * the caller passes the time.  No allocation; the struct is the state.
 */
#ifndef HC_BUCKET_H
#define HC_BUCKET_H

#include <stdint.h>

struct bucket {
	uint64_t	interval_ms;	/* one token every interval_ms */
	unsigned	burst;		/* tokens that may be saved up, >= 1 */
	uint64_t	tat_ms;		/* when the bucket is next empty-free */
};

/*
 * rate_mhz is the rate in requests per 1000 s (1000 = one per second), so
 * configurations such as 0.5/s need no floating point; burst 0 counts as 1.
 * The bucket starts full.
 */
void		bucket_init(struct bucket *, unsigned rate_mhz, unsigned burst);
/* Milliseconds until bucket_take() would succeed; 0 if it would now. */
uint64_t	bucket_wait_ms(const struct bucket *, uint64_t now_ms);
/* Take one token: 0, or -1 (nothing taken) if none is available yet. */
int		bucket_take(struct bucket *, uint64_t now_ms);

#endif
