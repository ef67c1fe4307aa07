#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/utf8.h"
#include "tests/testlib.h"
#include "ui/wrap.h"

static char	lines[16][128];

static size_t
wrap(const char *s, int width)
{
	struct wrap_line	out[16];
	size_t			n;

	n = wrap_text(s, strlen(s), width, out, 16);
	for (size_t i = 0; i < n && i < 16; i++) {
		memcpy(lines[i], s + out[i].off, out[i].len);
		lines[i][out[i].len] = '\0';
		/* Only a lone wide character may exceed a 1-column line. */
		CU_ASSERT(out[i].width <= (width < 2 ? 2 : width));
		CU_ASSERT_EQUAL(out[i].width, utf8_width(lines[i], out[i].len));
	}
	return n;
}

static void
test_words(void)
{
	CU_ASSERT_EQUAL(wrap("the patient in bed four", 10), 3);
	CU_ASSERT_STRING_EQUAL(lines[0], "the");
	CU_ASSERT_STRING_EQUAL(lines[1], "patient in");
	CU_ASSERT_STRING_EQUAL(lines[2], "bed four");
	CU_ASSERT_EQUAL(wrap("short", 80), 1);
	CU_ASSERT_STRING_EQUAL(lines[0], "short");
	CU_ASSERT_EQUAL(wrap("", 10), 1);
	CU_ASSERT_STRING_EQUAL(lines[0], "");
}

static void
test_long_word_is_split(void)
{
	CU_ASSERT_EQUAL(wrap("abcdefghij", 4), 3);
	CU_ASSERT_STRING_EQUAL(lines[0], "abcd");
	CU_ASSERT_STRING_EQUAL(lines[1], "efgh");
	CU_ASSERT_STRING_EQUAL(lines[2], "ij");
}

static void
test_newlines(void)
{
	CU_ASSERT_EQUAL(wrap("one\ntwo\n\nfour", 20), 4);
	CU_ASSERT_STRING_EQUAL(lines[0], "one");
	CU_ASSERT_STRING_EQUAL(lines[2], "");
	CU_ASSERT_STRING_EQUAL(lines[3], "four");
}

static void
test_wide_characters(void)
{
	/* Five CJK characters are ten columns: width 5 fits two each. */
	CU_ASSERT_EQUAL(utf8_width("病院の患者", strlen("病院の患者")), 10);
	CU_ASSERT_EQUAL(wrap("病院の患者", 5), 3);
	CU_ASSERT_STRING_EQUAL(lines[0], "病院");
	CU_ASSERT_STRING_EQUAL(lines[1], "の患");
	CU_ASSERT_STRING_EQUAL(lines[2], "者");
	/* An emoji is two columns and never split, even at width 1. */
	CU_ASSERT_EQUAL(utf8_width("a\xf0\x9f\x92\x89", 5), 3);
	CU_ASSERT_EQUAL(wrap("a\xf0\x9f\x92\x89", 2), 2);
	CU_ASSERT_STRING_EQUAL(lines[1], "\xf0\x9f\x92\x89");
	CU_ASSERT_EQUAL(wrap("\xf0\x9f\x92\x89\xf0\x9f\x92\x89", 1), 2);
}

static void
test_counts_without_output(void)
{
	CU_ASSERT_EQUAL(wrap_text("aa bb cc", 8, 2, NULL, 0), 3);
	/* Zero or negative widths still make progress. */
	CU_ASSERT_EQUAL(wrap_text("abc", 3, 0, NULL, 0), 3);
}

static int
setup(void)
{
	return setlocale(LC_CTYPE, "C.UTF-8") == NULL ? -1 : 0;
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "breaks between words", test_words },
		{ "a word longer than the line is split", test_long_word_is_split },
		{ "newlines end lines", test_newlines },
		{ "wide characters take two columns", test_wide_characters },
		{ "counting lines needs no buffer", test_counts_without_output },
		{ NULL, NULL }
	};

	return testlib_run("wrap", setup, NULL, cases);
}
