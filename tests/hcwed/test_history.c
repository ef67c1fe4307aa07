#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "src/hcwed/history.h"
#include "tests/testlib.h"

static struct event_base	*base;

static int
setup(void)
{
	base = event_base_new();
	return base == NULL || testlib_dir_setup();
}

static int
teardown(void)
{
	event_base_free(base);
	return testlib_dir_teardown();
}

static void
free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void
test_escape(void)
{
	static const char *const lines[] = {
		"plain", "two\nlines", "a \\n that is text", "\\", "end\\",
	};
	char	*rec, *back;

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		rec = history_escape(lines[i]);
		CU_ASSERT_PTR_NULL(strchr(rec, '\n'));
		back = history_unescape(rec);
		CU_ASSERT_STRING_EQUAL(back, lines[i]);
		free(rec);
		free(back);
	}
}

/* Lines come back after a restart, the newest max of them, and the file
 * is the user's alone. */
static void
test_survives_a_restart(void)
{
	char		*path, **lines, *cause;
	size_t		 n;
	struct history	*h;
	struct stat	 st;

	if (asprintf(&path, "%s/state/history/alice@h:1", testlib_dir) == -1)
		abort();
	h = history_open(base, path, 3, &lines, &n, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(n, 0);
	free_lines(lines, n);
	history_add(h, "one");
	history_add(h, "K+ 6.1\nrepeat at 02:00");
	history_add(h, "");
	history_add(h, "/msg bob hi");
	history_add(h, "four");
	history_free(h);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);

	h = history_open(base, path, 3, &lines, &n, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(lines[0], "K+ 6.1\nrepeat at 02:00");
	CU_ASSERT_STRING_EQUAL(lines[1], "/msg bob hi");
	CU_ASSERT_STRING_EQUAL(lines[2], "four");
	free_lines(lines, n);
	history_free(h);

	/* 0 keeps nothing, and removes what was kept. */
	CU_ASSERT_PTR_NULL(history_open(base, path, 0, &lines, &n, &cause));
	CU_ASSERT_PTR_NULL(cause);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	free(path);
}

/* A folder that cannot be made is said, not fatal. */
static void
test_open_error(void)
{
	char	**lines, *cause = NULL, *path;
	size_t	  n;
	FILE	 *f;

	if (asprintf(&path, "%s/afile", testlib_dir) == -1)
		abort();
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fclose(f);
	free(path);
	if (asprintf(&path, "%s/afile/history/x", testlib_dir) == -1)
		abort();
	CU_ASSERT_PTR_NULL(history_open(base, path, 10, &lines, &n, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	free(path);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "records escape line breaks", test_escape },
		{ "lines survive a restart, the newest kept", test_survives_a_restart },
		{ "an unusable folder is said", test_open_error },
		{ NULL, NULL }
	};

	return testlib_run("history", setup, teardown, cases);
}
