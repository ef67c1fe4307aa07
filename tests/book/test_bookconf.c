#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/book/bookconf.h"
#include "tests/testlib.h"

static int
setup(void)
{
	testlib_dir_setup();
	setenv("XDG_CONFIG_HOME", testlib_dir, 1);
	unsetenv("HCWED_HOTEL_KEY");
	unsetenv("HCWED_BAND_KEY");
	return 0;
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	char	*path = xasprintf("%s/%s", testlib_dir, name);
	FILE	*f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

/* Load text as the config file; the cause (or NULL) is returned. */
static char *
load(struct bookconf *bc, const char *text, bool finish)
{
	char	*path = write_file("book.conf", text, 0600), *cause = NULL;

	bookconf_init(bc);
	if (bookconf_load(bc, path, &cause) == 0 && finish)
		bookconf_finish(bc, &cause);
	free(path);
	return cause;
}

static void
test_settings(void)
{
	struct bookconf	 bc;
	char		*key = write_file("h.key", "abc123 \n", 0600);
	char		*text, *cause;

	text = xasprintf("server = 127.0.0.1:7000\n"
	    "hotel_url = http://127.0.0.1:8080/hotel/api\n"
	    "band_url = http://127.0.0.1:8080/band/api\n"
	    "hotel_key_file = %s\nbook_rate = 0.5\nbook_burst = 2\n"
	    "book_bucket = per-service\nbook_timeout = 12s\n"
	    "book_connect_timeout = 500ms\nbook_attempts = 6\nbook_poll = 2\n",
	    key);
	setenv("HCWED_BAND_KEY", "bandkey", 1);
	cause = load(&bc, text, true);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_STRING_EQUAL(bc.key[BOOK_HOTEL], "abc123");
	CU_ASSERT_STRING_EQUAL(bc.key[BOOK_BAND], "bandkey");
	CU_ASSERT_STRING_EQUAL(bc.url[BOOK_BAND], "http://127.0.0.1:8080/band/api");
	CU_ASSERT_EQUAL(bc.rate_mhz, 500);
	CU_ASSERT_EQUAL(bc.burst, 2);
	CU_ASSERT_TRUE(bc.per_service);
	CU_ASSERT_EQUAL(bc.timeout_ms, 12000);
	CU_ASSERT_EQUAL(bc.connect_timeout_ms, 500);
	CU_ASSERT_EQUAL(bc.attempts, 6);
	CU_ASSERT_EQUAL(bc.poll_ms, 2000);
	bookconf_free(&bc);
	/* The environment wins over a key file. */
	setenv("HCWED_HOTEL_KEY", "fromenv", 1);
	cause = load(&bc, text, true);
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_STRING_EQUAL(bc.key[BOOK_HOTEL], "fromenv");
	bookconf_free(&bc);
	unsetenv("HCWED_HOTEL_KEY");
	unsetenv("HCWED_BAND_KEY");
	free(text);
	free(key);
}

static void
expect(const char *text, const char *want)
{
	struct bookconf	 bc;
	char		*cause = load(&bc, text, true);

	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL && strstr(cause, want) == NULL) {
		fprintf(stderr, "\ngot \"%s\", want \"%s\"\n", cause, want);
		CU_FAIL("wrong message");
	}
	free(cause);
	bookconf_free(&bc);
}

static void
test_bad_values(void)
{
	expect("book_rate = 0\n", "book.conf:1: book_rate: \"0\" is not a rate");
	expect("book_rate = -1\n", "is not a rate");
	expect("book_rate = 1000\n", "is not a rate");
	expect("book_rate = 1.5x\n", "is not a rate");
	expect("book_burst = 0\n", "book_burst: 0 is outside 1..100");
	expect("book_bucket = each\n", "not shared or per-service");
	expect("book_timeout = soon\n", "is not a duration");
	expect("book_attempts = 1000\n", "outside 1..100");
	expect("", "no hotel URL");
	expect("hotel_url = http://a/hotel/api\n", "no band URL");
	expect("hotel_url = ftp://a\nband_url = http://b\n",
	    "hotel URL \"ftp://a\" is not http:// or https://");
	expect("hotel_url = http://a\nband_url = http://b\n",
	    "no hotel API key: set HCWED_HOTEL_KEY or hotel_key_file");
}

static void
test_key_files(void)
{
	char	*open_key = write_file("open.key", "k\n", 0644);
	char	*group_key = write_file("group.key", "k\n", 0640);
	char	*empty = write_file("empty.key", "\n", 0600);
	char	*spaced = write_file("spaced.key", "a b\n", 0600);
	char	*good = write_file("good.key", "k1\nsecond line ignored\n", 0400);
	char	*key = NULL, *cause = NULL, *missing;

	CU_ASSERT_EQUAL(bookconf_read_key(open_key, &key, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "readable by group or others "
	    "(mode 644); run: chmod 600"));
	free(cause);
	CU_ASSERT_EQUAL(bookconf_read_key(group_key, &key, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "(mode 640)"));
	free(cause);
	CU_ASSERT_EQUAL(bookconf_read_key(empty, &key, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "no key on the first line"));
	free(cause);
	CU_ASSERT_EQUAL(bookconf_read_key(spaced, &key, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "space or control"));
	free(cause);
	missing = xasprintf("%s/none.key", testlib_dir);
	CU_ASSERT_EQUAL(bookconf_read_key(missing, &key, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "No such file"));
	free(cause);
	CU_ASSERT_EQUAL(bookconf_read_key(good, &key, &cause), 0);
	CU_ASSERT_STRING_EQUAL(key, "k1");
	free(key);
	free(open_key);
	free(group_key);
	free(empty);
	free(spaced);
	free(good);
	free(missing);
}

static void
test_default_path(void)
{
	struct bookconf	 bc;
	char		*path = conf_client_path(), *want, *cause = NULL;

	want = xasprintf("%s/hcwed/config", testlib_dir);
	CU_ASSERT_STRING_EQUAL(path, want);
	/* No config file at all is not an error: URLs may come as options. */
	bookconf_init(&bc);
	CU_ASSERT_EQUAL(bookconf_load(&bc, NULL, &cause), 0);
	CU_ASSERT_EQUAL(bc.rate_mhz, 1000);
	CU_ASSERT_EQUAL(bc.burst, 1);
	CU_ASSERT_FALSE(bc.per_service);
	bookconf_free(&bc);
	free(path);
	free(want);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "every setting, keys from file and environment", test_settings },
		{ "bad values name the file, line and setting", test_bad_values },
		{ "unsafe, empty, spaced and missing key files", test_key_files },
		{ "default path and no file", test_default_path },
		{ NULL, NULL }
	};

	return testlib_run("bookconf", setup, testlib_dir_teardown, cases);
}
