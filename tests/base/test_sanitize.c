#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/base/sanitize.h"
#include "tests/testlib.h"

static void
check(const char *in, size_t len, int flags, const char *want)
{
	char	*out = sanitize_text(in, len, flags);

	CU_ASSERT_STRING_EQUAL(out, want);
	/* Whatever came in, nothing below 0x20 but '\n' comes out. */
	for (const char *p = out; *p != '\0'; p++)
		CU_ASSERT((unsigned char)*p >= 0x20 || *p == '\n');
	CU_ASSERT_TRUE(sanitize_valid_utf8(out, strlen(out)));
	free(out);
}

static void
test_escape_sequences(void)
{
	check("\033[2J\033[H", 7, 0, "^[[2J^[[H");
	/* A title-setting OSC and a bell. */
	check("\033]0;pwned\007x", 11, 0, "^[]0;pwned^Gx");
	check("a\rb\bc\x7f", 6, 0, "a^Mb^Hc^?");
	/* C1 controls (CSI as one code point) become U+FFFD. */
	check("\xc2\x9b" "31m", 5, 0, "\xef\xbf\xbd" "31m");
}

static void
test_json(void)
{
	/* DEL and CSI inside a JSON string; json-c leaves both raw. */
	const char	*in = "{\"body\":\"a\x7f" "b\xc2\x9b" "31m\xc2\xa0\"}";
	size_t		 len;
	char		*out = sanitize_json(in, strlen(in), &len);

	CU_ASSERT_STRING_EQUAL(out,
	    "{\"body\":\"a\\u007fb\\u009b31m\xc2\xa0\"}");
	CU_ASSERT_EQUAL(len, strlen(out));
	free(out);
	out = sanitize_line("\033[2J \xc2\x85");
	CU_ASSERT_STRING_EQUAL(out, "^[[2J \xef\xbf\xbd");
	free(out);
}

static void
test_newlines_and_tabs(void)
{
	check("a\nb\tc", 5, 0, "a^Jb c");
	check("a\nb\tc", 5, SANITIZE_NEWLINES, "a\nb c");
}

static void
test_invalid_utf8(void)
{
	check("ok\xff", 3, 0, "ok\xef\xbf\xbd");
	/* Overlong "/" and a UTF-16 surrogate. */
	check("\xc0\xaf", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd");
	check("\xed\xa0\x80", 3, 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Truncated at the end. */
	check("\xe7\x97", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd");
	check("a\0b", 3, 0, "a^@b");
	CU_ASSERT_FALSE(sanitize_valid_utf8("a\0b", 3));
	CU_ASSERT_FALSE(sanitize_valid_utf8("\xf4\x90\x80\x80", 4));
	CU_ASSERT_TRUE(sanitize_valid_utf8("病院 \xf0\x9f\x92\x89", 11));
}

static void
test_bidi_and_good_text(void)
{
	/* RIGHT-TO-LEFT OVERRIDE could reorder "give 10 mg". */
	check("\xe2\x80\xae" "gm 01", 8, 0, "\xef\xbf\xbd" "gm 01");
	check("Grüße, 病院, \xf0\x9f\x92\x89",
	    strlen("Grüße, 病院, \xf0\x9f\x92\x89"), 0,
	    "Grüße, 病院, \xf0\x9f\x92\x89");
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "escape sequences are shown, not obeyed", test_escape_sequences },
		{ "JSON keeps DEL and C1 as \\u escapes; one-line copies",
		  test_json },
		{ "newlines kept only when asked, tabs to spaces",
		  test_newlines_and_tabs },
		{ "invalid UTF-8 becomes U+FFFD", test_invalid_utf8 },
		{ "bidi overrides neutralised, good text kept",
		  test_bidi_and_good_text },
		{ NULL, NULL }
	};

	return testlib_run("sanitize", NULL, NULL, cases);
}
