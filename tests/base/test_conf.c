#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "tests/testlib.h"

struct seen {
	char	keys[8][32];
	char	values[8][64];
	int	n;
};

static int
collect(void *arg, const char *key, const char *value, char **cause)
{
	struct seen *s = arg;

	if (strcmp(key, "reject") == 0) {
		*cause = strdup("not allowed");
		return -1;
	}
	strcpy(s->keys[s->n], key);
	strcpy(s->values[s->n], value);
	s->n++;
	return 0;
}

static void
test_parse_settings(void)
{
	struct seen	 s = { .n = 0 };
	char		*cause = NULL;

	CU_ASSERT_EQUAL(conf_parse("t", "# comment\n\nlisten = 127.0.0.1:7000\n"
	    "  display = \"Dr \\\"House\\\"\"  \nempty =\n", collect, &s, &cause), 0);
	CU_ASSERT_EQUAL(s.n, 3);
	CU_ASSERT_STRING_EQUAL(s.keys[0], "listen");
	CU_ASSERT_STRING_EQUAL(s.values[0], "127.0.0.1:7000");
	CU_ASSERT_STRING_EQUAL(s.values[1], "Dr \"House\"");
	CU_ASSERT_STRING_EQUAL(s.values[2], "");
}

static void
test_parse_errors_name_line(void)
{
	struct seen	 s = { .n = 0 };
	char		*cause = NULL;

	CU_ASSERT_EQUAL(conf_parse("f.conf", "a = 1\nno equals here\n", collect,
	    &s, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:2: expected \"key = value\"");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("f.conf", "x = \"open\n", collect, &s,
	    &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:1: unterminated quoted value");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("f.conf", "\n\nreject = 1\n", collect, &s,
	    &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:3: reject: not allowed");
	free(cause);
	CU_ASSERT_EQUAL(conf_load("/nonexistent/x.conf", collect, &s, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "No such file"));
	free(cause);
}

static void
test_values(void)
{
	unsigned long long	 v;
	bool			 b;
	char			*cause = NULL;

	CU_ASSERT_EQUAL(conf_uint("42", 1, 100, &v, &cause), 0);
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_EQUAL(conf_uint("420", 1, 100, &v, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "420 is outside 1..100");
	free(cause);
	CU_ASSERT_EQUAL(conf_uint("-1", 0, 100, &v, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(conf_uint("12abc", 0, 100, &v, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(conf_bool("yes", &b, &cause), 0);
	CU_ASSERT_TRUE(b);
	CU_ASSERT_EQUAL(conf_bool("maybe", &b, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(conf_duration_ms("250ms", &v, &cause), 0);
	CU_ASSERT_EQUAL(v, 250);
	CU_ASSERT_EQUAL(conf_duration_ms("10", &v, &cause), 0);
	CU_ASSERT_EQUAL(v, 10000);
	CU_ASSERT_EQUAL(conf_duration_ms("5m", &v, &cause), 0);
	CU_ASSERT_EQUAL(v, 300000);
	CU_ASSERT_EQUAL(conf_duration_ms("5 weeks", &v, &cause), -1);
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "settings, comments and quoted values", test_parse_settings },
		{ "errors name the file and line", test_parse_errors_name_line },
		{ "number, boolean and duration values", test_values },
		{ NULL, NULL }
	};

	return testlib_run("conf", NULL, NULL, cases);
}
