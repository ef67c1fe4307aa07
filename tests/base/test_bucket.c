#include "config.h"

#include <stdlib.h>

#include "src/base/bucket.h"
#include "tests/testlib.h"

static void
test_one_per_second(void)
{
	struct bucket	b;

	bucket_init(&b, 1000, 1);
	CU_ASSERT_EQUAL(bucket_wait_ms(&b, 5000), 0);
	CU_ASSERT_EQUAL(bucket_take(&b, 5000), 0);
	CU_ASSERT_EQUAL(bucket_take(&b, 5000), -1);
	CU_ASSERT_EQUAL(bucket_wait_ms(&b, 5000), 1000);
	CU_ASSERT_EQUAL(bucket_wait_ms(&b, 5999), 1);
	CU_ASSERT_EQUAL(bucket_take(&b, 5999), -1);
	CU_ASSERT_EQUAL(bucket_take(&b, 6000), 0);
	/* Idle time does not bank tokens beyond the burst of one. */
	CU_ASSERT_EQUAL(bucket_take(&b, 60000), 0);
	CU_ASSERT_EQUAL(bucket_take(&b, 60500), -1);
	CU_ASSERT_EQUAL(bucket_wait_ms(&b, 60500), 500);
}

static void
test_rate_and_burst(void)
{
	struct bucket	b;
	int		taken = 0;

	bucket_init(&b, 2000, 3);	/* 2/s, burst 3 */
	CU_ASSERT_EQUAL(b.interval_ms, 500);
	for (int i = 0; i < 5; i++)
		taken += bucket_take(&b, 1000) == 0;
	CU_ASSERT_EQUAL(taken, 3);
	CU_ASSERT_EQUAL(bucket_wait_ms(&b, 1000), 500);
	/* Over ten seconds of asking every ms: 3 + 20 requests, no more. */
	taken = 0;
	bucket_init(&b, 2000, 3);
	for (uint64_t t = 0; t <= 10000; t++)
		taken += bucket_take(&b, t) == 0;
	CU_ASSERT_EQUAL(taken, 23);
	/* 0.3/s rounds the interval up, never faster than asked. */
	bucket_init(&b, 300, 1);
	CU_ASSERT_EQUAL(b.interval_ms, 3334);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "one request per second, no banking", test_one_per_second },
		{ "configured rate and burst", test_rate_and_burst },
		{ NULL, NULL }
	};

	return testlib_run("bucket", NULL, NULL, cases);
}
