#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>

#include "src/book/retry.h"
#include "tests/testlib.h"

static uint32_t
rnd_fixed(void *arg)
{
	return *(uint32_t *)arg;
}

static uint32_t
rnd_lcg(void *arg)
{
	uint64_t	*s = arg;

	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static void
test_backoff_bounds(void)
{
	struct retry_policy	p = { 6, 500, 4000 };
	uint64_t		seed = 42, d, max[7] = { 0 };
	uint32_t		zero = 0;

	for (int i = 0; i < 20000; i++) {
		for (unsigned a = 1; a <= 6; a++) {
			d = retry_backoff_ms(&p, a, 0, rnd_lcg, &seed);
			if (d > max[a])
				max[a] = d;
		}
	}
	/* Full jitter: within [0, min(cap, base*2^(a-1))], and it reaches it. */
	CU_ASSERT_TRUE(max[1] <= 500 && max[1] >= 490);
	CU_ASSERT_TRUE(max[2] <= 1000 && max[2] >= 980);
	CU_ASSERT_TRUE(max[3] <= 2000 && max[3] >= 1960);
	CU_ASSERT_TRUE(max[4] <= 4000 && max[4] >= 3900);
	CU_ASSERT_TRUE(max[6] <= 4000);
	CU_ASSERT_EQUAL(retry_backoff_ms(&p, 3, 0, rnd_fixed, &zero), 0);
}

static void
test_retry_after(void)
{
	struct retry_policy	p = { 4, 500, 4000 };
	uint32_t		zero = 0;
	uint64_t		ms;

	/* A Retry-After longer than the jitter draw wins. */
	CU_ASSERT_EQUAL(retry_backoff_ms(&p, 1, 1000, rnd_fixed, &zero), 1000);
	CU_ASSERT_EQUAL(retry_after_parse("1", 0, &ms), 0);
	CU_ASSERT_EQUAL(ms, 1000);
	CU_ASSERT_EQUAL(retry_after_parse(" 120 ", 0, &ms), 0);
	CU_ASSERT_EQUAL(ms, 120000);
	CU_ASSERT_EQUAL(retry_after_parse("99999999999999999999", 0, &ms), 0);
	CU_ASSERT_EQUAL(ms, 3600000);
	/* Sun, 06 Nov 1994 08:49:37 GMT is 784111777. */
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111770, &ms), 0);
	CU_ASSERT_EQUAL(ms, 7000);
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111999, &ms), 0);
	CU_ASSERT_EQUAL(ms, 0);
	CU_ASSERT_EQUAL(retry_after_parse("soon", 0, &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("-1", 0, &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("5s", 0, &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 08:49:37 UTC", 0,
	    &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 6 Nov 1994 08:49:37 GMT", 0,
	    &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 24:49:37 GMT", 0,
	    &ms), -1);
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMTX", 0,
	    &ms), -1);
}

/* The client runs under the user's locale (setlocale for ncurses). */
static void
test_retry_after_locale(void)
{
	uint64_t	ms;

	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL) {
		printf("\nSKIP: no de_DE.UTF-8 locale (scripts/deps makes "
		    "it)\n");
		return;
	}
	CU_ASSERT_EQUAL(retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111770, &ms), 0);
	CU_ASSERT_EQUAL(ms, 7000);
	CU_ASSERT_EQUAL(retry_after_parse("So, 06 Nov 1994 08:49:37 GMT",
	    784111770, &ms), -1);
	setlocale(LC_ALL, "C");
}

/* Run attempts with the given statuses (0 = lost, -1 = not sent). */
static enum book_outcome
attempts(enum book_method m, const int *statuses, unsigned *made)
{
	struct retry_policy	p = RETRY_POLICY_DEFAULT;
	struct retry_state	st = { 0, false };
	enum book_outcome	out = BOOK_OUT_OK;

	for (int i = 0; ; i++) {
		enum retry_transport t = statuses[i] > 0 ? RETRY_REPLY :
		    statuses[i] == 0 ? RETRY_LOST : RETRY_NOT_SENT;

		st.attempts++;
		if (retry_classify(&p, &st, m, t, statuses[i], &out) ==
		    RETRY_FINAL)
			break;
	}
	*made = st.attempts;
	return out;
}

static void
test_classify(void)
{
	unsigned	n;

	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 503, 429, 200 }, &n),
	    BOOK_OUT_OK);
	CU_ASSERT_EQUAL(n, 3);
	/* Typed outcomes stop at once. */
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 409 }, &n),
	    BOOK_OUT_CONFLICT);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 451 }, &n),
	    BOOK_OUT_LIMIT);
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 403 }, &n),
	    BOOK_OUT_NO_SUCH_SLOT);
	CU_ASSERT_EQUAL(attempts(BOOK_GET_HELD, (int[]){ 401 }, &n),
	    BOOK_OUT_UNAUTHORIZED);
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 400 }, &n),
	    BOOK_OUT_BAD_REQUEST);
	CU_ASSERT_EQUAL(attempts(BOOK_CANCEL, (int[]){ 404 }, &n),
	    BOOK_OUT_NOT_APPLIED);
	CU_ASSERT_EQUAL(n, 1);
	/* Used-up retries on refusals: nothing was applied. */
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 503, 503, -1, 503 },
	    &n), BOOK_OUT_UNAVAILABLE);
	CU_ASSERT_EQUAL(n, 4);
	/* A lost reply to a POST or DELETE is unknown, never retried blindly. */
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 0 }, &n),
	    BOOK_OUT_UNKNOWN);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(attempts(BOOK_CANCEL, (int[]){ 503, 0 }, &n),
	    BOOK_OUT_UNKNOWN);
	/* A GET changes nothing, so it is simply asked again. */
	CU_ASSERT_EQUAL(attempts(BOOK_GET_AVAILABLE, (int[]){ 0, 500, 200 },
	    &n), BOOK_OUT_OK);
	CU_ASSERT_EQUAL(n, 3);
	/* After a 500 a POST's 409 may be its own earlier success. */
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 500, 409 }, &n),
	    BOOK_OUT_UNKNOWN);
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 500, 500, 500, 500 },
	    &n), BOOK_OUT_UNKNOWN);
	CU_ASSERT_EQUAL(attempts(BOOK_RESERVE, (int[]){ 500, 200 }, &n),
	    BOOK_OUT_OK);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "backoff stays within full-jitter bounds", test_backoff_bounds },
		{ "Retry-After is honoured and parsed", test_retry_after },
		{ "Retry-After dates whatever the locale",
		  test_retry_after_locale },
		{ "which outcomes are retried", test_classify },
		{ NULL, NULL }
	};

	return testlib_run("retry", NULL, NULL, cases);
}
