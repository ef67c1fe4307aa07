#include "config.h"

#include "tests/testlib.h"
#include "ui/layout.h"

/* Every rectangle inside the terminal and none overlapping the others. */
static void
check_chat(int rows, int cols)
{
	struct layout_shell	s;
	struct layout_chat	c;
	const struct layout_rect *r[5];

	layout_shell(rows, cols, 0, &s);
	CU_ASSERT_FALSE(s.too_small);
	layout_chat(&s.body, 1, &c);
	r[0] = &c.contacts; r[1] = &c.rule; r[2] = &c.title;
	r[3] = &c.messages; r[4] = &c.input;
	for (int i = 0; i < 5; i++) {
		CU_ASSERT(r[i]->y >= 0 && r[i]->x >= 0);
		CU_ASSERT(r[i]->y + r[i]->h <= rows - s.status.h);
		CU_ASSERT(r[i]->x + r[i]->w <= cols);
		for (int j = i + 1; j < 5; j++) {
			for (int y = r[i]->y; y < r[i]->y + r[i]->h; y++)
				for (int x = r[i]->x; x < r[i]->x + r[i]->w; x++)
					CU_ASSERT_FALSE(layout_contains(r[j], y, x));
		}
	}
	/* The pieces cover the body exactly. */
	CU_ASSERT_EQUAL(c.contacts.w + c.rule.w + c.messages.w, cols);
	CU_ASSERT_EQUAL(c.title.h + c.messages.h + c.input.h,
	    rows - s.status.h);
	CU_ASSERT_EQUAL(s.status.h, rows >= LAYOUT_HINTS_ROWS ? 2 : 1);
}

static void
test_80x24(void)
{
	struct layout_shell	s;
	struct layout_chat	c;

	layout_shell(24, 80, 0, &s);
	CU_ASSERT_FALSE(s.too_small);
	CU_ASSERT_EQUAL(s.status.y, 22);
	CU_ASSERT_EQUAL(s.status.h, 2);
	CU_ASSERT(s.hints);
	/* A screen that wants 23 rows gets them: no hints. */
	layout_shell(24, 80, 23, &s);
	CU_ASSERT_FALSE(s.hints);
	CU_ASSERT_EQUAL(s.body.h, 23);
	CU_ASSERT_EQUAL(s.status.y, 23);
	layout_shell(24, 80, 0, &s);
	CU_ASSERT_EQUAL(s.status.w, 80);
	CU_ASSERT_EQUAL(s.body.h, 22);
	layout_chat(&s.body, 1, &c);
	CU_ASSERT_EQUAL(c.contacts.w, 20);
	CU_ASSERT_EQUAL(c.rule.x, 20);
	CU_ASSERT_EQUAL(c.messages.x, 21);
	CU_ASSERT_EQUAL(c.messages.w, 59);
	CU_ASSERT_EQUAL(c.messages.y, 1);
	CU_ASSERT_EQUAL(c.messages.h, 20);
	CU_ASSERT_EQUAL(c.input.y, 21);
	CU_ASSERT_EQUAL(c.input.h, 1);
	check_chat(24, 80);
}

static void
test_sizes(void)
{
	check_chat(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS);
	check_chat(LAYOUT_HINTS_ROWS - 1, 80);
	check_chat(LAYOUT_HINTS_ROWS, 80);
	check_chat(60, 200);
	check_chat(25, 81);
	check_chat(300, 1000);
}

static void
test_contacts_width_bounds(void)
{
	CU_ASSERT_EQUAL(layout_contacts_width(40), 14);
	CU_ASSERT_EQUAL(layout_contacts_width(100), 25);
	CU_ASSERT_EQUAL(layout_contacts_width(200), 30);
}

static void
test_too_small(void)
{
	struct layout_shell	s;

	layout_shell(LAYOUT_MIN_ROWS - 1, 80, 0, &s);
	CU_ASSERT_TRUE(s.too_small);
	layout_shell(24, LAYOUT_MIN_COLS - 1, 0, &s);
	CU_ASSERT_TRUE(s.too_small);
	layout_shell(0, 0, 0, &s);
	CU_ASSERT_TRUE(s.too_small);
	CU_ASSERT_EQUAL(s.body.h, 0);
}

static void
test_input_grows_but_keeps_messages(void)
{
	struct layout_shell	s;
	struct layout_chat	c;

	layout_shell(24, 80, 0, &s);
	layout_chat(&s.body, 3, &c);
	CU_ASSERT_EQUAL(c.input.h, 3);
	CU_ASSERT_EQUAL(c.input.y, 19);
	layout_chat(&s.body, 99, &c);
	CU_ASSERT_EQUAL(c.input.h, LAYOUT_INPUT_MAX);
	layout_shell(LAYOUT_MIN_ROWS, 80, 0, &s);
	layout_chat(&s.body, LAYOUT_INPUT_MAX, &c);
	CU_ASSERT(c.messages.h >= 3);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "80x24 chat layout", test_80x24 },
		{ "panes tile the terminal at several sizes", test_sizes },
		{ "contact list width is bounded", test_contacts_width_bounds },
		{ "too small is reported", test_too_small },
		{ "input grows, messages keep three rows",
		  test_input_grows_but_keeps_messages },
		{ NULL, NULL }
	};

	return testlib_run("layout", NULL, NULL, cases);
}
