#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/slotd/slotbook.h"
#include "tests/testlib.h"

static void
test_hold_limit(void)
{
	struct slotbook	*b = slotbook_new(500, 2);

	CU_ASSERT_EQUAL(slotbook_reserve(b, 56, 7), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 22, 7), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 23, 7), SLOTBOOK_LIMIT);
	CU_ASSERT_EQUAL(slotbook_holds(b, 7), 2);
	/* Another holder is not limited by the first one's holds. */
	CU_ASSERT_EQUAL(slotbook_reserve(b, 23, 8), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 56, 7), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 24, 7), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_holds(b, 7), 2);
	slotbook_free(b);
}

static void
test_taken_and_range(void)
{
	struct slotbook	*b = slotbook_new(10, 2);

	CU_ASSERT_EQUAL(slotbook_reserve(b, 5, 1), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 5, 2), SLOTBOOK_TAKEN);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 5, 1), SLOTBOOK_TAKEN);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 0, 1), SLOTBOOK_NO_SLOT);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 11, 1), SLOTBOOK_NO_SLOT);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 11, 1), SLOTBOOK_NO_SLOT);
	CU_ASSERT_EQUAL(slotbook_holder(b, 5), 1);
	slotbook_free(b);
}

static void
test_only_holder_cancels(void)
{
	struct slotbook	*b = slotbook_new(10, 2);

	CU_ASSERT_EQUAL(slotbook_reserve(b, 3, 1), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 3, 2), SLOTBOOK_NOT_YOURS);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 4, 1), SLOTBOOK_NOT_YOURS);
	CU_ASSERT_EQUAL(slotbook_holder(b, 3), 1);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 3, 1), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 3, 1), SLOTBOOK_NOT_YOURS);
	CU_ASSERT_EQUAL(slotbook_holds(b, 1), 0);
	slotbook_free(b);
}

static void
test_available_ascending(void)
{
	struct slotbook	*b = slotbook_new(12, 5);
	unsigned	 out[12];
	size_t		 n;

	slotbook_reserve(b, 2, 1);
	slotbook_reserve(b, 10, 1);
	slotbook_block(b, 11);
	n = slotbook_available(b, out, 12);
	CU_ASSERT_EQUAL(n, 9);
	/* 9 before 10 before 12: numbers, not strings. */
	CU_ASSERT_EQUAL(out[0], 1);
	CU_ASSERT_EQUAL(out[1], 3);
	CU_ASSERT_EQUAL(out[7], 9);
	CU_ASSERT_EQUAL(out[8], 12);
	/* A short array still gets the total. */
	CU_ASSERT_EQUAL(slotbook_available(b, out, 2), 9);
	n = slotbook_held(b, 1, out, 12);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(out[0], 2);
	CU_ASSERT_EQUAL(out[1], 10);
	slotbook_free(b);
}

static void
test_blocked_unavailable(void)
{
	struct slotbook	*b = slotbook_new(10, 2);
	unsigned	 out[10];
	uint64_t	 v = slotbook_version(b);

	CU_ASSERT_EQUAL(slotbook_block(b, 4), SLOTBOOK_OK);
	CU_ASSERT(slotbook_version(b) != v);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 4, 1), SLOTBOOK_TAKEN);
	CU_ASSERT_EQUAL(slotbook_available(b, out, 10), 9);
	CU_ASSERT_EQUAL(slotbook_block(b, 0), SLOTBOOK_NO_SLOT);
	/* A hold survives a block; the slot stays unavailable after it. */
	CU_ASSERT_EQUAL(slotbook_reserve(b, 5, 1), SLOTBOOK_OK);
	slotbook_block(b, 5);
	CU_ASSERT_EQUAL(slotbook_holder(b, 5), 1);
	CU_ASSERT_EQUAL(slotbook_cancel(b, 5, 1), SLOTBOOK_OK);
	CU_ASSERT_EQUAL(slotbook_available(b, out, 10), 8);
	slotbook_unblock_all(b);
	CU_ASSERT_EQUAL(slotbook_available(b, out, 10), 10);
	CU_ASSERT_EQUAL(slotbook_reserve(b, 4, 1), SLOTBOOK_OK);
	slotbook_free(b);
}

static void
test_many_holders(void)
{
	struct slotbook	*b = slotbook_new(1000, 1);

	/* Enough holders to grow the hold-count table several times. */
	for (int64_t h = 1; h <= 1000; h++)
		CU_ASSERT_EQUAL(slotbook_reserve(b, (unsigned)h, h), SLOTBOOK_OK);
	for (int64_t h = 1; h <= 1000; h++)
		CU_ASSERT_EQUAL(slotbook_holds(b, h), 1);
	CU_ASSERT_EQUAL(slotbook_holds(b, 1001), 0);
	slotbook_free(b);
}

static void
test_range_parse(void)
{
	unsigned	 from, to;
	char		*cause = NULL;

	CU_ASSERT_EQUAL(slotbook_range_parse("10-20", 500, &from, &to, &cause), 0);
	CU_ASSERT_EQUAL(from, 10);
	CU_ASSERT_EQUAL(to, 20);
	CU_ASSERT_EQUAL(slotbook_range_parse("7", 500, &from, &to, &cause), 0);
	CU_ASSERT_EQUAL(from, 7);
	CU_ASSERT_EQUAL(to, 7);
	CU_ASSERT_EQUAL(slotbook_range_parse("20-10", 500, &from, &to, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "slots \"20-10\" are outside 1..500 or reversed");
	free(cause);
	CU_ASSERT_EQUAL(slotbook_range_parse("0", 500, &from, &to, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(slotbook_range_parse("1-501", 500, &from, &to, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(slotbook_range_parse("a-b", 500, &from, &to, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "not a slot"));
	free(cause);
	CU_ASSERT_EQUAL(slotbook_range_parse("-3", 500, &from, &to, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(slotbook_range_parse("", 500, &from, &to, &cause), -1);
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "the third hold answers 451", test_hold_limit },
		{ "taken slots 409, slots outside 1..n 403", test_taken_and_range },
		{ "only the holder can cancel", test_only_holder_cancels },
		{ "availability ascending by number", test_available_ascending },
		{ "blocked slots are unavailable", test_blocked_unavailable },
		{ "a thousand holders", test_many_holders },
		{ "slot ranges N and FROM-TO", test_range_parse },
		{ NULL, NULL }
	};

	return testlib_run("slotbook", NULL, NULL, cases);
}
