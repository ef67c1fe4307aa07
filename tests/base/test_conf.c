#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "tests/testlib.h"

struct seen {
	char	keys[8][32];
	char	values[8][64];
	int	n;
};

/* Every key, through a custom setter on the whole struct. */
static int
collect(void *field, const char *key, const char *value, char **cause)
{
	struct seen *s = field;

	if (strcmp(key, "reject") == 0) {
		*cause = strdup("not allowed");
		return -1;
	}
	strcpy(s->keys[s->n], key);
	strcpy(s->values[s->n], value);
	s->n++;
	return 0;
}

static const struct conf_key collect_keys[] = {
	{ .key = "", .prefix = true, .type = CONF_CUSTOM, .set = collect },
	{ .key = NULL }
};

static const struct conf_table collect_table = {
	.noun = "setting",
	.keys = collect_keys,
};

static void
test_parse_settings(void)
{
	struct seen	 s = { .n = 0 };
	char		*cause = NULL;

	CU_ASSERT_EQUAL(conf_parse("t", "# comment\n\nlisten = 127.0.0.1:7000\n"
	    "  display = \"Dr \\\"House\\\"\"  \nempty =\n", &collect_table, &s,
	    &cause), 0);
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

	CU_ASSERT_EQUAL(conf_parse("f.conf", "a = 1\nno equals here\n",
	    &collect_table, &s, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:2: expected \"key = value\"");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("f.conf", "x = \"open\n", &collect_table,
	    &s, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:1: unterminated quoted value");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("f.conf", "\n\nreject = 1\n",
	    &collect_table, &s, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "f.conf:3: reject: not allowed");
	free(cause);
	CU_ASSERT_EQUAL(conf_load("/nonexistent/x.conf", &collect_table, &s,
	    &cause), -1);
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
	/* The range messages say "7d", so 7d reads back. */
	CU_ASSERT_EQUAL(conf_duration_ms("7d", &v, &cause), 0);
	CU_ASSERT_EQUAL(v, 604800000);
	CU_ASSERT_EQUAL(conf_duration_ms("5 weeks", &v, &cause), -1);
	free(cause);
}

/* A settings struct with a field of each kind the table reader fills. */
struct settings {
	char			*name;
	bool			 flag;
	unsigned		 count;
	size_t			 size;
	uint8_t			 small;
	unsigned long long	 wait_ms;
	unsigned long long	 lag_ms;
	unsigned		 short_ms;
	unsigned		 mode;
	bool			 shared;
	char			 custom[16];
	char			 rest[16];
};

enum { MODE_OFF = 5, MODE_COUNT, MODE_ENFORCE };

static const struct conf_name modes[] = {
	{ "off", MODE_OFF }, { "count", MODE_COUNT },
	{ "enforce", MODE_ENFORCE }, { NULL, 0 }
};

static const struct conf_name buckets[] = {
	{ "each", false }, { "shared", true }, { NULL, 0 }
};

/* Upper case only; "pass" is not this setter's to judge. */
static int
set_custom(void *field, const char *key, const char *value, char **cause)
{
	if (strcmp(value, "pass") == 0)
		return CONF_UNKNOWN;
	if (strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(value)) {
		*cause = strdup("not upper case");
		return -1;
	}
	strcpy(field, value);
	return 0;
}

/* Prefix keys: field gets what followed the prefix. */
static int
set_rest(void *field, const char *key, const char *value, char **cause)
{
	strcpy(field, key);
	return 0;
}

#define FIELD(member)	CONF_FIELD(struct settings, member)

static const struct conf_key settings_keys[] = {
	{ .key = "name", .type = CONF_STRING, FIELD(name) },
	{ .key = "flag", .type = CONF_BOOL, FIELD(flag) },
	{ .key = "count", .type = CONF_UINT, FIELD(count), .min = 1,
	  .max = 100 },
	{ .key = "size", .type = CONF_UINT, FIELD(size), .min = 1024,
	  .max = 1 << 20 },
	{ .key = "small", .type = CONF_UINT, FIELD(small) },
	{ .key = "wait", .type = CONF_DURATION, FIELD(wait_ms), .min = 100,
	  .max = 3600000 },
	{ .key = "lag", .type = CONF_DURATION, FIELD(lag_ms), .min = 1 },
	{ .key = "short", .type = CONF_DURATION, FIELD(short_ms) },
	{ .key = "mode", .type = CONF_ENUM, FIELD(mode), .names = modes },
	{ .key = "bucket", .type = CONF_ENUM, FIELD(shared), .names = buckets },
	{ .key = "custom", .type = CONF_CUSTOM, FIELD(custom),
	  .set = set_custom },
	{ .key = "x.", .prefix = true, .type = CONF_CUSTOM, FIELD(rest),
	  .set = set_rest },
	{ .key = NULL }
};

static const struct conf_table settings_table = {
	.noun = "setting",
	.keys = settings_keys,
};

/* conf_set() on st: 1 if it succeeded or failed with the cause want. */
static int
set(struct settings *st, const char *key, const char *value,
    const char *want)
{
	char	*cause = NULL;
	int	 rc = conf_set(&settings_table, st, key, value, &cause), ok;

	ok = want == NULL ? rc == 0 && cause == NULL :
	    rc == -1 && cause != NULL && strcmp(cause, want) == 0;
	if (!ok)
		fprintf(stderr, "\n%s = %s: got %d \"%s\", want \"%s\"\n",
		    key, value, rc, cause != NULL ? cause : "(none)",
		    want != NULL ? want : "(success)");
	free(cause);
	return ok;
}

static void
test_table_string_bool(void)
{
	struct settings	st = { .name = NULL };

	CU_ASSERT(set(&st, "name", "first", NULL));
	CU_ASSERT(set(&st, "name", "second", NULL));
	CU_ASSERT_STRING_EQUAL(st.name, "second");
	CU_ASSERT(set(&st, "flag", "on", NULL));
	CU_ASSERT_TRUE(st.flag);
	CU_ASSERT(set(&st, "flag", "0", NULL));
	CU_ASSERT_FALSE(st.flag);
	CU_ASSERT(set(&st, "flag", "perhaps", "\"perhaps\" is not yes or no"));
	CU_ASSERT_FALSE(st.flag);
	free(st.name);
}

static void
test_table_uint(void)
{
	struct settings	st = { .count = 7, .size = 4096 };

	CU_ASSERT(set(&st, "count", "42", NULL));
	CU_ASSERT_EQUAL(st.count, 42);
	CU_ASSERT(set(&st, "count", "1", NULL));
	CU_ASSERT(set(&st, "count", "100", NULL));
	CU_ASSERT(set(&st, "count", "0", "0 is outside 1..100"));
	CU_ASSERT(set(&st, "count", "101", "101 is outside 1..100"));
	CU_ASSERT(set(&st, "count", "4x", "\"4x\" is not a number"));
	CU_ASSERT(set(&st, "count", "-1", "\"-1\" is not a number"));
	CU_ASSERT_EQUAL(st.count, 100);
	CU_ASSERT(set(&st, "size", "1048576", NULL));
	CU_ASSERT_EQUAL(st.size, 1048576);
	CU_ASSERT(set(&st, "size", "12", "12 is outside 1024..1048576"));
	/* Without a max, the bound is what the field holds. */
	CU_ASSERT(set(&st, "small", "255", NULL));
	CU_ASSERT_EQUAL(st.small, 255);
	CU_ASSERT(set(&st, "small", "256", "256 is outside 0..255"));
	CU_ASSERT_EQUAL(st.small, 255);
}

static void
test_table_duration(void)
{
	struct settings	st = { .wait_ms = 5 };

	CU_ASSERT(set(&st, "wait", "2s", NULL));
	CU_ASSERT_EQUAL(st.wait_ms, 2000);
	CU_ASSERT(set(&st, "wait", "1h", NULL));
	CU_ASSERT(set(&st, "wait", "50ms", "\"50ms\" is outside 100ms..1h"));
	CU_ASSERT(set(&st, "wait", "61m", "\"61m\" is outside 100ms..1h"));
	CU_ASSERT(set(&st, "wait", "soon", "\"soon\" is not a duration"));
	CU_ASSERT(set(&st, "wait", "5 weeks", "\"5 weeks\" is not a duration "
	    "(try 500ms, 10s, 5m, 1h)"));
	CU_ASSERT_EQUAL(st.wait_ms, 3600000);
	CU_ASSERT(set(&st, "lag", "5000h", NULL));
	CU_ASSERT_EQUAL(st.lag_ms, 5000ULL * 3600000);
	CU_ASSERT(set(&st, "lag", "0", "\"0\" is below 1ms"));
	/* A 32-bit field holds about 49 days of milliseconds. */
	CU_ASSERT(set(&st, "short", "0", NULL));
	CU_ASSERT(set(&st, "short", "2000h", "\"2000h\" is too long"));
	CU_ASSERT_EQUAL(st.short_ms, 0);
}

static void
test_table_enum(void)
{
	struct settings	st = { .mode = MODE_OFF };

	CU_ASSERT(set(&st, "mode", "count", NULL));
	CU_ASSERT_EQUAL(st.mode, MODE_COUNT);
	CU_ASSERT(set(&st, "mode", "Count",
	    "\"Count\" is not off, count or enforce"));
	CU_ASSERT(set(&st, "mode", "", "\"\" is not off, count or enforce"));
	CU_ASSERT_EQUAL(st.mode, MODE_COUNT);
	/* Into a bool, and two names read "a or b". */
	CU_ASSERT(set(&st, "bucket", "shared", NULL));
	CU_ASSERT_TRUE(st.shared);
	CU_ASSERT(set(&st, "bucket", "each", NULL));
	CU_ASSERT_FALSE(st.shared);
	CU_ASSERT(set(&st, "bucket", "both", "\"both\" is not each or shared"));
}

static void
test_table_custom_prefix(void)
{
	struct settings	st = { .custom = "" };

	CU_ASSERT(set(&st, "custom", "ABC", NULL));
	CU_ASSERT_STRING_EQUAL(st.custom, "ABC");
	CU_ASSERT(set(&st, "custom", "abc", "not upper case"));
	CU_ASSERT(set(&st, "custom", "pass", "unknown setting \"custom\""));
	CU_ASSERT_STRING_EQUAL(st.custom, "ABC");
	CU_ASSERT(set(&st, "x.quit", "F12", NULL));
	CU_ASSERT_STRING_EQUAL(st.rest, "quit");
	CU_ASSERT(set(&st, "x.", "F12", NULL));
	CU_ASSERT_STRING_EQUAL(st.rest, "");
}

static void
test_table_unknown(void)
{
	static const struct conf_table shared = {
		.shared = true,
		.keys = settings_keys,
	};
	struct settings	 st = { .count = 7 };
	char		*cause = NULL;

	CU_ASSERT(set(&st, "colour", "blue", "unknown setting \"colour\""));
	/* Neither a prefix of a key nor a key with more after it. */
	CU_ASSERT(set(&st, "coun", "1",
	    "unknown setting \"coun\" (did you mean \"count\"?)"));
	CU_ASSERT(set(&st, "counts", "1",
	    "unknown setting \"counts\" (did you mean \"count\"?)"));
	CU_ASSERT(set(&st, "bukcet", "each",
	    "unknown setting \"bukcet\" (did you mean \"bucket\"?)"));
	CU_ASSERT(set(&st, "x", "1", "unknown setting \"x\""));
	CU_ASSERT_EQUAL(conf_set(&shared, &st, "colour", "blue", &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_EQUAL(conf_set(&shared, &st, "count", "0", &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "0 is outside 1..100");
	free(cause);
	CU_ASSERT_EQUAL(st.count, 7);
}

/* A file's messages: where, which key, and the table's reason. */
static void
test_table_file(void)
{
	static const struct conf_table options = {
		.noun = "option",
		.keys = settings_keys,
	};
	struct settings	 st = { .name = NULL };
	char		*cause = NULL;

	CU_ASSERT_EQUAL(conf_parse("s.conf", "name = \"a b\"\ncount = 3\n"
	    "wait = 250ms\nmode = enforce\n", &settings_table, &st, &cause), 0);
	CU_ASSERT_STRING_EQUAL(st.name, "a b");
	CU_ASSERT_EQUAL(st.count, 3);
	CU_ASSERT_EQUAL(st.wait_ms, 250);
	CU_ASSERT_EQUAL(st.mode, MODE_ENFORCE);
	CU_ASSERT_EQUAL(conf_parse("s.conf", "count = 3\ncount = 420\n",
	    &settings_table, &st, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "s.conf:2: count: 420 is outside 1..100");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("bad.conf", "# x\ncolour = blue\n",
	    &settings_table, &st, &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause,
	    "bad.conf:2: colour: unknown setting \"colour\"");
	free(cause);
	CU_ASSERT_EQUAL(conf_parse("bad.conf", "bogus = 1\n", &options, &st,
	    &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause,
	    "bad.conf:1: bogus: unknown option \"bogus\"");
	free(cause);
	free(st.name);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "settings, comments and quoted values", test_parse_settings },
		{ "errors name the file and line", test_parse_errors_name_line },
		{ "number, boolean and duration values", test_values },
		{ "table: strings and booleans", test_table_string_bool },
		{ "table: numbers within range and field", test_table_uint },
		{ "table: durations within range and field",
		  test_table_duration },
		{ "table: names", test_table_enum },
		{ "table: custom setters and prefixes",
		  test_table_custom_prefix },
		{ "table: unknown keys refused or left to others",
		  test_table_unknown },
		{ "table: a file's messages", test_table_file },
		{ NULL, NULL }
	};

	return testlib_run("conf", NULL, NULL, cases);
}
