#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testlib.h"
#include "ui/input.h"

static void
type(struct input *in, const char *s)
{
	input_insert(in, s, strlen(s));
}

static void
test_insert_and_move(void)
{
	struct input	*in = input_create(10);

	type(in, "héllo");
	CU_ASSERT_STRING_EQUAL(input_text(in), "héllo");
	CU_ASSERT_EQUAL(input_cursor(in), 6);
	CU_ASSERT_TRUE(input_edit(in, INPUT_LEFT));
	CU_ASSERT_TRUE(input_edit(in, INPUT_LEFT));
	CU_ASSERT_TRUE(input_edit(in, INPUT_LEFT));
	CU_ASSERT_TRUE(input_edit(in, INPUT_LEFT));
	/* Left over "é" moves two bytes at once. */
	CU_ASSERT_EQUAL(input_cursor(in), 1);
	CU_ASSERT_TRUE(input_edit(in, INPUT_RIGHT));
	CU_ASSERT_EQUAL(input_cursor(in), 3);
	CU_ASSERT_TRUE(input_edit(in, INPUT_HOME));
	CU_ASSERT_FALSE(input_edit(in, INPUT_LEFT));
	type(in, "«");
	CU_ASSERT_STRING_EQUAL(input_text(in), "«héllo");
	CU_ASSERT_TRUE(input_edit(in, INPUT_END));
	CU_ASSERT_FALSE(input_edit(in, INPUT_RIGHT));
	CU_ASSERT_EQUAL(input_cursor(in), input_len(in));
	input_free(in);
}

static void
test_delete_keys(void)
{
	struct input	*in = input_create(10);

	type(in, "病院 ward 4");
	CU_ASSERT_TRUE(input_edit(in, INPUT_KILL_WORD));
	CU_ASSERT_STRING_EQUAL(input_text(in), "病院 ward ");
	CU_ASSERT_TRUE(input_edit(in, INPUT_KILL_WORD));
	CU_ASSERT_STRING_EQUAL(input_text(in), "病院 ");
	CU_ASSERT_TRUE(input_edit(in, INPUT_BACKSPACE));
	CU_ASSERT_TRUE(input_edit(in, INPUT_BACKSPACE));
	CU_ASSERT_STRING_EQUAL(input_text(in), "病");
	CU_ASSERT_TRUE(input_edit(in, INPUT_HOME));
	CU_ASSERT_FALSE(input_edit(in, INPUT_BACKSPACE));
	CU_ASSERT_TRUE(input_edit(in, INPUT_DELETE));
	CU_ASSERT_STRING_EQUAL(input_text(in), "");
	CU_ASSERT_FALSE(input_edit(in, INPUT_DELETE));

	type(in, "left|right");
	CU_ASSERT_TRUE(input_edit(in, INPUT_HOME));
	for (int i = 0; i < 5; i++)
		input_edit(in, INPUT_RIGHT);
	CU_ASSERT_TRUE(input_edit(in, INPUT_KILL_END));
	CU_ASSERT_STRING_EQUAL(input_text(in), "left|");
	CU_ASSERT_FALSE(input_edit(in, INPUT_KILL_END));
	CU_ASSERT_TRUE(input_edit(in, INPUT_LEFT));
	CU_ASSERT_TRUE(input_edit(in, INPUT_KILL_START));
	CU_ASSERT_STRING_EQUAL(input_text(in), "|");
	CU_ASSERT_EQUAL(input_cursor(in), 0);
	input_free(in);
}

static void
test_newline_and_take(void)
{
	struct input	*in = input_create(10);
	char		*line;

	type(in, "BP 90/60");
	CU_ASSERT_TRUE(input_edit(in, INPUT_NEWLINE));
	type(in, "HR 120");
	line = input_take(in);
	CU_ASSERT_STRING_EQUAL(line, "BP 90/60\nHR 120");
	free(line);
	CU_ASSERT_STRING_EQUAL(input_text(in), "");
	CU_ASSERT_EQUAL(input_cursor(in), 0);
	input_free(in);
}

static void
test_history(void)
{
	struct input	*in = input_create(2);

	free(input_take(in));		/* empty lines are not remembered */
	CU_ASSERT_FALSE(input_edit(in, INPUT_HISTORY_PREV));
	type(in, "one");
	free(input_take(in));
	type(in, "two");
	free(input_take(in));
	type(in, "three");
	free(input_take(in));
	type(in, "draft");
	CU_ASSERT_TRUE(input_edit(in, INPUT_HISTORY_PREV));
	CU_ASSERT_STRING_EQUAL(input_text(in), "three");
	CU_ASSERT_EQUAL(input_cursor(in), 5);
	CU_ASSERT_TRUE(input_edit(in, INPUT_HISTORY_PREV));
	CU_ASSERT_STRING_EQUAL(input_text(in), "two");
	/* Only two lines are kept: "one" is gone. */
	CU_ASSERT_FALSE(input_edit(in, INPUT_HISTORY_PREV));
	CU_ASSERT_TRUE(input_edit(in, INPUT_HISTORY_NEXT));
	CU_ASSERT_TRUE(input_edit(in, INPUT_HISTORY_NEXT));
	/* Coming back down restores what was being typed. */
	CU_ASSERT_STRING_EQUAL(input_text(in), "draft");
	CU_ASSERT_FALSE(input_edit(in, INPUT_HISTORY_NEXT));
	input_free(in);
}

static void
test_invalid_bytes_dropped(void)
{
	struct input	*in = input_create(0);

	input_insert(in, "a\xff" "b\xc3", 4);
	CU_ASSERT_STRING_EQUAL(input_text(in), "ab");
	input_insert(in, "c\0d", 3);
	CU_ASSERT_STRING_EQUAL(input_text(in), "abcd");
	input_free(in);
}

static void
test_grows(void)
{
	struct input	*in = input_create(0);
	char		 big[1000];

	memset(big, 'x', sizeof big);
	for (int i = 0; i < 20; i++)
		input_insert(in, big, sizeof big);
	CU_ASSERT_EQUAL(input_len(in), 20000);
	CU_ASSERT_EQUAL(strlen(input_text(in)), 20000);
	input_free(in);
}

static void
test_paste(void)
{
	struct input	*in = input_create(0);
	const char	 lab[] = "Na\t140\nK\t5.9 HIGH\r\x1b[0m\n\n";

	type(in, "labs: ");
	CU_ASSERT_EQUAL(input_paste(in, lab, strlen(lab)), 2);
	CU_ASSERT_STRING_EQUAL(input_text(in),
	    "labs: Na      140\nK       5.9 HIGH[0m");
	CU_ASSERT_EQUAL(input_paste(in, "\n\n", 2), 0);
	CU_ASSERT_EQUAL(input_paste(in, "x", 1), 1);
	CU_ASSERT_EQUAL(input_cursor(in), input_len(in));
	input_free(in);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "insert and move by characters", test_insert_and_move },
		{ "Backspace, Delete, Ctrl-W/K/U", test_delete_keys },
		{ "Alt-Enter newline and Enter take", test_newline_and_take },
		{ "history with Up/Down keeps the draft", test_history },
		{ "invalid UTF-8 and NUL are dropped", test_invalid_bytes_dropped },
		{ "long lines grow the buffer", test_grows },
		{ "a paste keeps its lines, expands tabs, drops controls",
		  test_paste },
		{ NULL, NULL }
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return testlib_run("input", NULL, NULL, cases);
}
