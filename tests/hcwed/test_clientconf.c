#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/clientconf.h"
#include "tests/testlib.h"

static int
setup(void)
{
	testlib_dir_setup();
	unsetenv("HCWED_PASSWORD");
	return 0;
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	char	*path = xasprintf("%s/%s", testlib_dir, name);
	FILE	*f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static void
test_path(void)
{
	char	*p;

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/h", 1);
	p = conf_client_path();
	CU_ASSERT_STRING_EQUAL(p, "/x/cfg/hcwed/config");
	free(p);
	/* A relative XDG_CONFIG_HOME is invalid and ignored, as the spec says. */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	p = conf_client_path();
	CU_ASSERT_STRING_EQUAL(p, "/home/h/.config/hcwed/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	CU_ASSERT_PTR_NULL(conf_client_path());
}

static void
test_load(void)
{
	struct clientconf	 c = { .user = xstrdup("cli") };
	char			*cause = NULL, *path, *cfgdir;

	path = write_file("config", "# hcwed\nserver = 127.0.0.1:7000\n"
	    "user = alice\npassword_command = \"echo s3cret\"\n"
	    "scrollback = 500\nbook_rate = 2\n", 0600);
	CU_ASSERT_EQUAL(clientconf_load(&c, path, &cause), 0);
	CU_ASSERT_STRING_EQUAL(c.server, "127.0.0.1:7000");
	CU_ASSERT_STRING_EQUAL(c.user, "alice");
	CU_ASSERT_STRING_EQUAL(c.password_command, "echo s3cret");
	CU_ASSERT_PTR_NULL(c.password_file);
	clientconf_free(&c);
	free(path);

	/* The default location, found through XDG_CONFIG_HOME. */
	cfgdir = xasprintf("%s/hcwed", testlib_dir);
	mkdir(cfgdir, 0700);
	path = write_file("hcwed/config", "user = bob\n", 0600);
	setenv("XDG_CONFIG_HOME", testlib_dir, 1);
	CU_ASSERT_EQUAL(clientconf_load(&c, NULL, &cause), 0);
	CU_ASSERT_STRING_EQUAL(c.user, "bob");
	clientconf_free(&c);
	remove(path);
	free(path);
	/* A missing default file is no error. */
	CU_ASSERT_EQUAL(clientconf_load(&c, NULL, &cause), 0);
	CU_ASSERT_PTR_NULL(c.user);
	unsetenv("XDG_CONFIG_HOME");
	free(cfgdir);

	path = write_file("bad", "server\n", 0600);
	CU_ASSERT_EQUAL(clientconf_load(&c, path, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "bad:1:"));
	free(cause);
	free(path);
	/* A key no reader of the file knows is a typo, not someone else's. */
	path = write_file("typo", "user = alice\nlock_timout = 5m\n", 0600);
	CU_ASSERT_EQUAL(clientconf_load(&c, path, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause,
	    "typo:2: lock_timout: unknown setting \"lock_timout\""));
	free(cause);
	free(path);
	clientconf_free(&c);
}

static void
test_password_sources(void)
{
	struct clientconf	 c = { .user = NULL };
	char			*cause = NULL, *pw, *path;

	path = write_file("pw", "file-secret\nsecond line\n", 0600);
	c.password_file = path;
	c.password_command = xstrdup("echo cmd-secret");
	setenv("HCWED_PASSWORD", "env-secret", 1);
	pw = clientconf_password(&c, &cause);
	CU_ASSERT_STRING_EQUAL(pw, "env-secret");
	free(pw);
	unsetenv("HCWED_PASSWORD");
	pw = clientconf_password(&c, &cause);
	CU_ASSERT_STRING_EQUAL(pw, "file-secret");
	free(pw);
	c.password_file = NULL;
	pw = clientconf_password(&c, &cause);
	CU_ASSERT_STRING_EQUAL(pw, "cmd-secret");
	free(pw);

	free(c.password_command);
	c.password_command = xstrdup("echo partial; exit 3");
	CU_ASSERT_PTR_NULL(clientconf_password(&c, &cause));
	CU_ASSERT_STRING_EQUAL(cause, "password_command failed (non-zero exit)");
	free(cause);
	free(c.password_command);
	c.password_command = xstrdup("true");
	CU_ASSERT_PTR_NULL(clientconf_password(&c, &cause));
	CU_ASSERT_STRING_EQUAL(cause, "password_command failed (no output)");
	free(cause);
	free(c.password_command);
	free(path);
}

static void
test_password_file_must_be_private(void)
{
	char	*cause = NULL, *path, *want;

	path = write_file("shared", "secret\n", 0640);
	CU_ASSERT_PTR_NULL(clientconf_read_secret(path, &cause));
	want = xasprintf("%s is accessible by group or others (mode 640); "
	    "refusing to read a password from it (chmod 600 %s)", path, path);
	CU_ASSERT_STRING_EQUAL(cause, want);
	free(want);
	free(cause);
	chmod(path, 0604);
	CU_ASSERT_PTR_NULL(clientconf_read_secret(path, &cause));
	free(cause);
	free(path);

	path = write_file("empty", "\n", 0600);
	CU_ASSERT_PTR_NULL(clientconf_read_secret(path, &cause));
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "empty password"));
	free(cause);
	free(path);

	CU_ASSERT_PTR_NULL(clientconf_read_secret("/nonexistent/pw", &cause));
	CU_ASSERT_STRING_EQUAL(cause, "/nonexistent/pw: No such file or "
	    "directory");
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "XDG_CONFIG_HOME, then ~/.config", test_path },
		{ "keys read, others left alone, errors located", test_load },
		{ "password: env, then file, then command", test_password_sources },
		{ "password file readable by others is refused",
		  test_password_file_must_be_private },
		{ NULL, NULL }
	};

	return testlib_run("clientconf", setup, testlib_dir_teardown, cases);
}
