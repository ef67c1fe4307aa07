/*
 * The retry policy of the HTTP worker, pure so it can be tested: which
 * attempt results are retried, how long to wait before the next attempt
 * (exponential backoff with full jitter, never less than a Retry-After),
 * and what a request finally came to.  Randomness comes from the caller.
 *
 * Retried: 500, 503, 429, and requests that never left (connect refused).
 * Never retried blindly: 400, 401, 403, 409, 451 (typed outcomes), 404
 * (nothing applied, the caller decides).  A timeout or lost reply is an
 * unknown outcome for POST and DELETE; GETs change nothing, so they are
 * simply retried.  A request retried after an attempt that may have been
 * applied (a 500, say) cannot trust a later 409 or 404: it is unknown.
 */
#ifndef HC_RETRY_H
#define HC_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/booking.h"

struct retry_policy {
	unsigned	max_attempts;	/* >= 1, including the first */
	uint64_t	base_ms;	/* backoff ceiling for the first retry */
	uint64_t	cap_ms;		/* the ceiling never exceeds this */
};

/* What one attempt came to at the transport level. */
enum retry_transport {
	RETRY_REPLY,		/* an HTTP status arrived */
	RETRY_NOT_SENT,		/* connect failed: nothing reached the service */
	RETRY_LOST,		/* sent, then timeout or reply lost */
};

enum retry_verdict {
	RETRY_FINAL,		/* stop: *outcome is the answer */
	RETRY_AGAIN,		/* wait retry_backoff_ms() and try again */
};

struct retry_state {
	unsigned	attempts;	/* made so far */
	bool		maybe_applied;	/* an earlier attempt may have applied */
};

#define RETRY_POLICY_DEFAULT { 4, 1000, 8000 }

/*
 * Classify attempt number st->attempts (already counted) of a request
 * with the given method.  On RETRY_FINAL *outcome is set.
 */
enum retry_verdict retry_classify(const struct retry_policy *,
	    struct retry_state *, enum book_method, enum retry_transport,
	    int status, enum book_outcome *outcome);

/*
 * Wait before the next attempt, given attempts made so far (>= 1): a
 * uniform draw in [0, min(cap, base * 2^(attempts-1))], raised to
 * retry_after_ms when that is larger.  rnd returns 32 random bits.
 */
uint64_t	retry_backoff_ms(const struct retry_policy *, unsigned attempts,
		    uint64_t retry_after_ms, uint32_t (*rnd)(void *), void *arg);

/*
 * A Retry-After header value (delta seconds, or an HTTP date compared
 * with now_epoch_s) into milliseconds, capped at one hour.  -1 if it is
 * neither.
 */
int		retry_after_parse(const char *value, int64_t now_epoch_s,
		    uint64_t *out_ms);

#endif
