#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "src/hcwed/outbox.h"
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

static char *
subdir(const char *name)
{
	char	*d;

	if (asprintf(&d, "%s/%s", testlib_dir, name) == -1)
		abort();
	return d;
}

static void
put(struct outbox *ob, const char *cid, const char *body, int64_t ts)
{
	struct outbox_msg	m = { .cid = (char *)cid, .to = "bob",
				    .body = (char *)body, .urgent = ts % 2,
				    .ts = ts };

	outbox_put(ob, &m);
}

static struct outbox *
reopen(const char *dir, unsigned *bad)
{
	char		*cause = NULL;
	struct outbox	*ob = outbox_open(base, dir, bad, &cause);

	CU_ASSERT_PTR_NOT_NULL(ob);
	free(cause);
	return ob;
}

/* What one run keeps, the next reads back, oldest first; what was
 * acknowledged does not come back. */
static void
test_survives_a_restart(void)
{
	char			*dir = subdir("a/b/outbox");
	struct outbox		*ob;
	const struct outbox_msg	*m;
	struct stat		 st;
	unsigned		 bad;

	ob = reopen(dir, &bad);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(outbox_count(ob), 0);
	put(ob, "alice-3", "third", 3000);
	put(ob, "alice-1", "first\nwith \"quotes\" and \xc3\xa9", 1001);
	put(ob, "a/b c", "odd cid", 2000);
	outbox_del(ob, "alice-3");
	outbox_del(ob, "never-sent");
	CU_ASSERT_EQUAL(outbox_count(ob), 2);
	outbox_free(ob);

	CU_ASSERT_EQUAL(stat(dir, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);
	ob = reopen(dir, &bad);
	CU_ASSERT_EQUAL(outbox_count(ob), 2);
	m = outbox_get(ob, 0);
	CU_ASSERT_STRING_EQUAL(m->cid, "alice-1");
	CU_ASSERT_STRING_EQUAL(m->body, "first\nwith \"quotes\" and \xc3\xa9");
	CU_ASSERT_STRING_EQUAL(m->to, "bob");
	CU_ASSERT_TRUE(m->urgent);
	CU_ASSERT_EQUAL(m->ts, 1001);
	m = outbox_get(ob, 1);
	CU_ASSERT_STRING_EQUAL(m->cid, "a/b c");
	CU_ASSERT_FALSE(m->urgent);
	CU_ASSERT_PTR_NULL(outbox_get(ob, 2));
	outbox_free(ob);
	free(dir);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	path[512];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* A file that is not a message is set aside, never lost and never sent;
 * a write a crash cut short is removed. */
static void
test_bad_files_set_aside(void)
{
	char		*dir = subdir("bad");
	char		 path[512];
	struct outbox	*ob;
	unsigned	 bad;

	ob = reopen(dir, &bad);
	outbox_free(ob);
	write_file(dir, "x.msg", "{\"cid\":\"x\",\"to\":\"bob\"");
	write_file(dir, "y.msg", "{\"cid\":\"y\",\"to\":\"bob\",\"body\":1,"
	    "\"ts\":5}");
	write_file(dir, "z.msg", "{\"cid\":\"z\",\"to\":\"bob\",\"body\":\"ok\","
	    "\"ts\":5}");
	write_file(dir, ".w.msg.tmp", "half");
	write_file(dir, "notes.txt", "left alone");
	ob = reopen(dir, &bad);
	CU_ASSERT_EQUAL(bad, 2);
	CU_ASSERT_EQUAL(outbox_count(ob), 1);
	CU_ASSERT_STRING_EQUAL(outbox_get(ob, 0)->cid, "z");
	outbox_free(ob);
	snprintf(path, sizeof path, "%s/x.msg.bad", dir);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	snprintf(path, sizeof path, "%s/.w.msg.tmp", dir);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	free(dir);
}

static int	errors;

static void
on_error(void *arg, const char *cause)
{
	errors++;
}

/* A write that fails is said, and the message is still in memory (a
 * directory where the temporary file goes fails even for root). */
static void
test_write_error_said(void)
{
	char		*dir = subdir("ro");
	char		 path[512];
	struct outbox	*ob;
	unsigned	 bad;

	ob = reopen(dir, &bad);
	outbox_on_error(ob, on_error, NULL);
	snprintf(path, sizeof path, "%s/.c1.msg.tmp", dir);
	CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
	put(ob, "c1", "unwritable", 1);
	for (int i = 0; i < 200 && errors == 0; i++) {
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		usleep(5000);
	}
	CU_ASSERT_EQUAL(errors, 1);
	CU_ASSERT_EQUAL(outbox_count(ob), 1);
	outbox_free(ob);
	rmdir(path);
	free(dir);
}

/* A server written as a path stays inside the outbox. */
static void
test_dir_names(void)
{
	char	*cause = NULL, *d;

	setenv("XDG_STATE_HOME", "/s", 1);
	d = outbox_dir("alice", "../../x:7000", &cause);
	CU_ASSERT_STRING_EQUAL(d, "/s/hcwed/outbox/alice@.._.._x:7000");
	free(d);
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/h", 1);
	d = outbox_dir("alice", "host:7000", &cause);
	CU_ASSERT_STRING_EQUAL(d, "/h/.local/state/hcwed/outbox/alice@host:7000");
	free(d);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	CU_ASSERT_PTR_NULL(outbox_dir("alice", "host:7000", &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "kept messages survive a restart", test_survives_a_restart },
		{ "bad files are set aside", test_bad_files_set_aside },
		{ "a failed write is said", test_write_error_said },
		{ "directory names", test_dir_names },
		{ NULL, NULL }
	};

	return testlib_run("outbox", setup, teardown, cases);
}
