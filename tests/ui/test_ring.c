#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/testlib.h"
#include "ui/ring.h"

static void
test_ring(void)
{
	struct ring	*r = ring_create(3, free);

	for (int i = 0; i < 5; i++) {
		int	*p = malloc(sizeof *p);

		*p = i;
		ring_push(r, p);
	}
	CU_ASSERT_EQUAL(ring_len(r), 3);
	CU_ASSERT_EQUAL(*(int *)ring_get(r, 0), 2);
	CU_ASSERT_EQUAL(*(int *)ring_get(r, 2), 4);
	CU_ASSERT_PTR_NULL(ring_get(r, 3));
	/* Full: older history is refused rather than pushing out new. */
	CU_ASSERT_FALSE(ring_unshift(r, malloc(1)));
	ring_free(r);

	r = ring_create(4, free);
	ring_push(r, strdup("b"));
	CU_ASSERT_TRUE(ring_unshift(r, strdup("a")));
	ring_push(r, strdup("c"));
	CU_ASSERT_STRING_EQUAL(ring_get(r, 0), "a");
	CU_ASSERT_STRING_EQUAL(ring_get(r, 2), "c");
	ring_free(r);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "bounded ring drops the oldest", test_ring },
		{ NULL, NULL }
	};

	return testlib_run("ring", NULL, NULL, cases);
}
