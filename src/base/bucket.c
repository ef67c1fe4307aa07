#include "config.h"

#include "src/base/bucket.h"

void
bucket_init(struct bucket *b, unsigned rate_mhz, unsigned burst)
{
	if (rate_mhz == 0)
		rate_mhz = 1;
	/* Round the interval up: a bucket must never run faster than asked. */
	b->interval_ms = (1000000ULL + rate_mhz - 1) / rate_mhz;
	b->burst = burst == 0 ? 1 : burst;
	b->tat_ms = 0;
}

uint64_t
bucket_wait_ms(const struct bucket *b, uint64_t now_ms)
{
	uint64_t	allowance = (uint64_t)(b->burst - 1) * b->interval_ms;
	uint64_t	earliest;

	earliest = b->tat_ms > allowance ? b->tat_ms - allowance : 0;
	return earliest > now_ms ? earliest - now_ms : 0;
}

int
bucket_take(struct bucket *b, uint64_t now_ms)
{
	if (bucket_wait_ms(b, now_ms) != 0)
		return -1;
	b->tat_ms = (b->tat_ms > now_ms ? b->tat_ms : now_ms) + b->interval_ms;
	return 0;
}
