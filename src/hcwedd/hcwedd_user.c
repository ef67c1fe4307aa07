#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/proto.h"
#include "src/base/clock.h"
#include "src/base/noecho.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hcwedd.h"
#include "src/hcwedd/passwd.h"
#include "src/hcwedd/store.h"

static const char hcwedd_user_usage[] =
    "usage: hcwedd user add NAME --role ROLE [--display TEXT] [--db PATH]\n"
    "       hcwedd user passwd NAME [--db PATH]\n"
    "       hcwedd user del NAME [--db PATH]\n"
    "       hcwedd user list [--db PATH]\n"
    "       hcwedd user unlock NAME [--db PATH]\n"
    "(--config FILE reads db from a hcwedd.conf; the password is read from\n"
    "standard input when it is not a terminal)\n";

struct user_args {
	const char	*name;
	struct store_user user;		/* user add: the account made */
	const char	*hash;		/* user passwd */
	const char	*role;
	const char	*display;
	const char	*db;
	const char	*config;
	struct passwd_policy policy;	/* from the configuration */
};

static int __attribute__((format(printf, 1, 2)))
user_fail(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "hcwedd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return CMD_EXIT_FAILURE;
}

static bool
user_role_valid(const char *role)
{
	size_t	n = strlen(role);

	if (n == 0 || n > PROTO_ROLE_MAX)
		return false;
	return strspn(role, "abcdefghijklmnopqrstuvwxyz -") == n;
}

/*
 * Run change(st, a, cause) and write its audit row in one transaction:
 * an account change is never stored without its record.  change returns
 * 1 done, 0 no such user, or -1.
 */
static int
user_audited(struct store *st, const struct user_args *a, const char *event,
    int (*change)(struct store *, const struct user_args *, char **),
    char **cause)
{
	struct store_audit	 row;
	struct passwd		*pw = getpwuid(getuid());
	int			 rc;

	memset(&row, 0, sizeof row);
	row.ts = clock_wall_ms();
	snprintf(row.event, sizeof row.event, "%s", event);
	snprintf(row.user, sizeof row.user, "%s", a->name);
	snprintf(row.addr, sizeof row.addr, "local");
	if (pw != NULL)
		snprintf(row.detail, sizeof row.detail, "by %s (uid %u)",
		    pw->pw_name, (unsigned)getuid());
	else
		snprintf(row.detail, sizeof row.detail, "by uid %u",
		    (unsigned)getuid());
	if (store_begin(st, cause) != 0)
		return -1;
	if ((rc = change(st, a, cause)) != 1) {
		store_rollback(st);
		return rc;
	}
	if (store_audit_add(st, &row, 1, cause) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, cause) == 0 ? 1 : -1;
}

/* One line from stdin, or a no-echo prompt asked twice on a terminal. */
static char *
user_password(const char *name, bool confirm, char **cause)
{
	char		 line[2][PROTO_PASSWORD_MAX + 2];
	bool		 tty = isatty(STDIN_FILENO);
	int		 asks = tty && confirm ? 2 : 1;
	size_t		 n;

	if (tty)
		noecho_begin(STDIN_FILENO);
	for (int i = 0; i < asks; i++) {
		if (tty)
			fprintf(stderr, "%s for %s: ", i == 0 ? "Password" :
			    "Again", name);
		if (fgets(line[i], sizeof line[i], stdin) == NULL)
			line[i][0] = '\0';
		if (tty)
			fprintf(stderr, "\n");
		line[i][strcspn(line[i], "\r\n")] = '\0';
	}
	noecho_end();
	n = strlen(line[0]);
	if (n == 0) {
		*cause = xstrdup("no password given");
		return NULL;
	}
	if (n > PROTO_PASSWORD_MAX) {
		*cause = xasprintf("password longer than %d bytes",
		    PROTO_PASSWORD_MAX);
		return NULL;
	}
	if (asks == 2 && strcmp(line[0], line[1]) != 0) {
		*cause = xstrdup("the passwords do not match");
		return NULL;
	}
	return xstrdup(line[0]);
}

static int
user_add_change(struct store *st, const struct user_args *a, char **cause)
{
	/* The running server tells every session of the new account. */
	if (store_user_add(st, &a->user, cause) != 0 ||
	    store_account_changed(st, a->user.name, "add", clock_wall_ms(),
	    cause) != 0)
		return -1;
	return 1;
}

/* user add's options, checked before the database is touched. */
static int
user_add_args(const struct user_args *a)
{
	if (a->role == NULL || !user_role_valid(a->role)) {
		user_fail("--role is required: 1..%d of a-z, space and -, "
		    "such as doctor or nurse", PROTO_ROLE_MAX);
		return CMD_EXIT_USAGE;
	}
	if (a->display != NULL && (strlen(a->display) > PROTO_DISPLAY_MAX ||
	    !proto_utf8_valid(a->display, strlen(a->display)))) {
		user_fail("--display must be UTF-8 of at most %d bytes",
		    PROTO_DISPLAY_MAX);
		return CMD_EXIT_USAGE;
	}
	return CMD_EXIT_OK;
}

static int
user_add(struct store *st, struct user_args *a)
{
	struct store_user	*u = &a->user;
	char			*password, *cause;

	if ((password = user_password(a->name, true, &cause)) == NULL)
		goto fail;
	if (passwd_acceptable(&a->policy, password, a->name, &cause) != 0) {
		explicit_bzero(password, strlen(password));
		free(password);
		goto fail;
	}
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", a->name);
	snprintf(u->role, sizeof u->role, "%s", a->role);
	snprintf(u->display, sizeof u->display, "%s",
	    a->display != NULL ? a->display : a->name);
	u->created = clock_wall_ms();
	if (passwd_hash(password, &u->hash, &cause) != 0) {
		free(password);
		goto fail;
	}
	free(password);
	if (user_audited(st, a, "user_add", user_add_change, &cause) != 1) {
		free(u->hash);
		u->hash = NULL;
		goto fail;
	}
	free(u->hash);
	u->hash = NULL;
	printf("added %s (%s)\n", u->name, u->role);
	return CMD_EXIT_OK;
fail:
	user_fail("%s", cause);
	free(cause);
	return CMD_EXIT_FAILURE;
}

static int
user_passwd_change(struct store *st, const struct user_args *a,
    char **cause)
{
	int	rc = store_user_set_hash(st, a->name, a->hash, cause);

	/* The running server ends the sessions the old password opened. */
	if (rc == 1 && store_account_changed(st, a->name, "passwd",
	    clock_wall_ms(), cause) != 0)
		return -1;
	return rc;
}

static int
user_passwd(struct store *st, struct user_args *a)
{
	struct store_user	 u;
	char			*password, *hash, *cause;
	int			 rc;

	if ((rc = store_user_get(st, a->name, &u, &cause)) == 0)
		return user_fail("no such user: %s", a->name);
	if (rc == 1)
		free(u.hash);
	if (rc == -1 ||
	    (password = user_password(a->name, true, &cause)) == NULL)
		goto fail;
	if (passwd_acceptable(&a->policy, password, a->name, &cause) != 0) {
		explicit_bzero(password, strlen(password));
		free(password);
		goto fail;
	}
	rc = passwd_hash(password, &hash, &cause);
	free(password);
	if (rc != 0)
		goto fail;
	a->hash = hash;
	rc = user_audited(st, a, "user_passwd", user_passwd_change, &cause);
	a->hash = NULL;
	free(hash);
	if (rc == 0)
		return user_fail("no such user: %s", a->name);
	if (rc == -1)
		goto fail;
	printf("changed the password of %s\n", a->name);
	return CMD_EXIT_OK;
fail:
	user_fail("%s", cause);
	free(cause);
	return CMD_EXIT_FAILURE;
}

static int
user_del_change(struct store *st, const struct user_args *a, char **cause)
{
	return store_user_del(st, a->name, clock_wall_ms(), cause);
}

/*
 * The running server sees the user_unlock row at the next login and lifts
 * its lock after failed logins; the disabled flag goes at once.  A name
 * with no account can be locked too (failures count alike, so that a lock
 * does not tell which names exist), and unlocked the same.
 */
static int
user_unlock_change(struct store *st, const struct user_args *a,
    char **cause)
{
	return store_user_set_disabled(st, a->name, false, cause) == -1 ? -1 :
	    1;
}

/* A change that needs only the name; done is what the user is told. */
static int
user_simple(struct store *st, const struct user_args *a, const char *event,
    int (*change)(struct store *, const struct user_args *, char **),
    const char *done)
{
	char	*cause;
	int	 rc;

	if ((rc = user_audited(st, a, event, change, &cause)) == -1) {
		user_fail("%s", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	if (rc == 0)
		return user_fail("no such user: %s", a->name);
	printf("%s %s\n", done, a->name);
	return CMD_EXIT_OK;
}

static int
user_list(struct store *st)
{
	struct store_user	*users;
	size_t			 n;
	char			*cause;

	if (store_user_list(st, &users, &n, &cause) != 0) {
		user_fail("%s", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	printf("%-16s %-12s %-8s %s\n", "USER", "ROLE", "STATUS", "DISPLAY");
	for (size_t i = 0; i < n; i++) {
		/* A display name is anyone's text: shown, never obeyed. */
		char	*display = sanitize_line(users[i].display);

		printf("%-16s %-12s %-8s %s\n", users[i].name, users[i].role,
		    users[i].disabled ? "locked" : "active", display);
		free(display);
	}
	free(users);
	return CMD_EXIT_OK;
}

static int
user_usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "hcwedd: %s\n", why);
	fputs(hcwedd_user_usage, stderr);
	return CMD_EXIT_USAGE;
}

static int
user_run(const char *verb, struct user_args *a)
{
	struct hcwedd_conf	 hc;
	struct store		*st;
	char			*cause;
	int			 rc;

	hcwedd_conf_init(&hc);
	if ((a->config != NULL && hcwedd_conf_load(&hc, a->config,
	    &cause) != 0)) {
		hcwedd_conf_free(&hc);
		fprintf(stderr, "hcwedd: %s\n", cause);
		free(cause);
		return CMD_EXIT_USAGE;
	}
	if (a->db != NULL)
		hcwedd_conf_set(&hc.db, a->db);
	a->policy = (struct passwd_policy){ .min_len = hc.password_min,
	    .check = hc.password_check };
	if (hcwedd_conf_db(&hc, &cause) != 0 ||
	    store_open(hc.db, &st, &cause) != 0) {
		hcwedd_conf_free(&hc);
		rc = user_fail("%s", cause);
		free(cause);
		return rc;
	}
	hcwedd_conf_free(&hc);
	if (strcmp(verb, "add") == 0)
		rc = user_add(st, a);
	else if (strcmp(verb, "passwd") == 0)
		rc = user_passwd(st, a);
	else if (strcmp(verb, "del") == 0)
		rc = user_simple(st, a, "user_del", user_del_change, "deleted");
	else if (strcmp(verb, "unlock") == 0)
		rc = user_simple(st, a, "user_unlock", user_unlock_change,
		    "unlocked");
	else
		rc = user_list(st);
	store_close(st);
	return rc;
}

static int
user_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "display", required_argument, NULL, 'D' },
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct user_args	 a = { 0 };
	const char		*verb;
	int			 ch, wanted, rc;

	if (argc < 2)
		return user_usage("user: which of add, passwd, del, list, "
		    "unlock?");
	verb = argv[1];
	if (strcmp(verb, "add") != 0 && strcmp(verb, "passwd") != 0 &&
	    strcmp(verb, "del") != 0 && strcmp(verb, "list") != 0 &&
	    strcmp(verb, "unlock") != 0)
		return user_usage("user: unknown action");
	optind = 1;
	while ((ch = cmd_getopt("hcwedd user", argc - 1, argv + 1,
	    longopts)) != -1) {
		switch (ch) {
		case 'c': a.config = optarg; break;
		case 'd': a.db = optarg; break;
		case 'D': a.display = optarg; break;
		case 'r': a.role = optarg; break;
		default: return user_usage(NULL);
		}
	}
	if ((a.role != NULL || a.display != NULL) && strcmp(verb, "add") != 0)
		return user_usage("--role and --display are for user add");
	wanted = strcmp(verb, "list") == 0 ? 0 : 1;
	if (argc - 1 - optind != wanted)
		return user_usage(wanted ? "user: one NAME expected" :
		    "user list: no NAME expected");
	if (wanted) {
		a.name = argv[1 + optind];
		if (!proto_name_valid(a.name))
			return user_usage("NAME must be 1..32 of a-z, 0-9, "
			    ". _ -");
		/* Deleted accounts' messages keep such names. */
		if (strcmp(verb, "add") == 0 && a.name[0] == '.')
			return user_usage("NAME may not begin with \".\"");
	}
	if (strcmp(verb, "add") == 0 && (rc = user_add_args(&a)) != CMD_EXIT_OK)
		return rc;
	return user_run(verb, &a);
}

const struct cmd_entry hcwedd_user_cmd = {
	.name = "user",
	.usage = "add|passwd|del|list|unlock ...",
	.summary = "manage the accounts",
	.help = hcwedd_user_usage,
	.run = user_main,
};
