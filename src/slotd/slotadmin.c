#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/base/xmalloc.h"
#include "src/slotd/slotadmin.h"
#include "src/slotd/slotbook.h"
#include "src/slotd/slotjson.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotstore.h"
#include "src/slotd/slotsvc.h"

/* The widest range a block can name; the service ignores slots beyond. */
#define SLOTADMIN_MAX_SLOT	100000

struct slotadmin_args {
	const char	*pos[2];
	int		 npos;
	const char	*db;
	const char	*service;
	const char	*since;
	bool		 admin;
	bool		 json;
};

#define SLOTADMIN_USAGE \
	"usage: hcwed-slotd token add NAME [--admin] --db PATH\n" \
	"       hcwed-slotd token list --db PATH\n" \
	"       hcwed-slotd token revoke NAME --db PATH\n" \
	"       hcwed-slotd block|release RANGE [--service S] --db PATH\n" \
	"       hcwed-slotd journal --db PATH [--since ID] [--json]\n"

static int
slotadmin_usage(void)
{
	fputs(SLOTADMIN_USAGE, stderr);
	return CMD_EXIT_USAGE;
}

static int
slotadmin_parse(int argc, char **argv, struct slotadmin_args *a)
{
	memset(a, 0, sizeof *a);
	a->service = "both";
	for (int i = 1; i < argc; i++) {
		const char	**slot = NULL;

		if (strcmp(argv[i], "--admin") == 0)
			a->admin = true;
		else if (strcmp(argv[i], "--json") == 0)
			a->json = true;
		else if (strcmp(argv[i], "--db") == 0)
			slot = &a->db;
		else if (strcmp(argv[i], "--service") == 0)
			slot = &a->service;
		else if (strcmp(argv[i], "--since") == 0)
			slot = &a->since;
		else if (strncmp(argv[i], "--", 2) == 0 || a->npos == 2)
			return -1;
		else
			a->pos[a->npos++] = argv[i];
		if (slot != NULL) {
			if (++i == argc)
				return -1;
			*slot = argv[i];
		}
	}
	return a->db == NULL ? -1 : 0;
}

/* A name for token add, checked before the database is opened. */
static bool
slotadmin_name_valid(const char *name)
{
	if (*name == '\0' || strlen(name) > 63) {
		fprintf(stderr, "hcwed-slotd: a name has 1 to 63 characters\n");
		return false;
	}
	/* token list and the journal print names between spaces. */
	for (const char *p = name; *p != '\0'; p++) {
		if (*p <= ' ' || *p > '~') {
			fprintf(stderr, "hcwed-slotd: a name is printable ASCII "
			    "without spaces\n");
			return false;
		}
	}
	return true;
}

static int
slotadmin_token_add(struct slotstore *st, const char *name, bool admin)
{
	static const char	*user_kinds[] = { "hotel", "band" };
	static const char	*admin_kinds[] = { "admin" };
	const char		**kinds = admin ? admin_kinds : user_kinds;
	size_t			 n = admin ? 1 : 2;
	char			 keys[2][SLOTKEY_LEN + 1], hash[SLOTKEY_LEN + 1];
	char			*cause;

	for (size_t i = 0; i < n; i++) {
		slotkey_generate(keys[i]);
		slotkey_hash(keys[i], SLOTKEY_LEN, hash);
		if (slotstore_key_add(st, name, kinds[i], hash, time(NULL),
		    &cause) != 0) {
			fprintf(stderr, "hcwed-slotd: %s\n", cause);
			free(cause);
			return CMD_EXIT_FAILURE;
		}
	}
	if (slotstore_commit(st, &cause) != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s %s\n", kinds[i], keys[i]);
	return CMD_EXIT_OK;
}

static void
slotadmin_print_key(void *arg, const struct slotstore_key *k)
{
	char		when[32];
	time_t		t = (time_t)k->created;
	struct tm	tm;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	printf("%s %s %s %s\n", k->name, k->kind,
	    k->revoked ? "revoked" : "active", when);
}

static int
slotadmin_block(struct slotstore *st, const struct slotadmin_args *a,
    bool blocked)
{
	enum slotsvc_service	 one = SLOTSVC_HOTEL;	/* read unless "both" */
	unsigned		 from, to;
	char			*cause = NULL;
	int			 rc = 0;

	if (slotbook_range_parse(a->pos[0], SLOTADMIN_MAX_SLOT, &from, &to,
	    &cause) != 0)
		goto usage;
	if (strcmp(a->service, "both") != 0 &&
	    slotsvc_service_parse(a->service, &one) != 0) {
		cause = xasprintf("unknown service \"%s\"", a->service);
		goto usage;
	}
	for (int s = 0; s < SLOTSVC_NSERVICES && rc == 0; s++) {
		if (strcmp(a->service, "both") != 0 && s != (int)one)
			continue;
		for (unsigned slot = from; slot <= to && rc == 0; slot++)
			rc = slotstore_block_set(st, slotsvc_service_name(s),
			    slot, blocked, &cause);
	}
	if (rc == 0)
		rc = slotstore_touch(st, &cause);
	if (rc == 0)
		rc = slotstore_commit(st, &cause);
	if (rc != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	return CMD_EXIT_OK;
usage:
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return CMD_EXIT_USAGE;
}

static void
slotadmin_print_entry(void *arg, const struct slotstore_entry *e)
{
	printf("%lld %lld %s %s %s %s %d %s %llu%s\n", (long long)e->id,
	    (long long)e->time_ms, *e->key != '\0' ? e->key : "-",
	    *e->service != '\0' ? e->service : "-", e->method,
	    e->slot != NULL ? e->slot : "-", e->code, e->fault,
	    (unsigned long long)e->delay_ms, e->rate_violation ? " rate" : "");
}

static int
slotadmin_journal(struct slotstore *st, const struct slotadmin_args *a)
{
	long long	 since = 0;
	char		*end, *cause;
	json_object	*o;
	int		 rc;

	if (a->since != NULL) {
		since = strtoll(a->since, &end, 10);
		if (*a->since == '\0' || *end != '\0' || since < 0)
			return slotadmin_usage();
	}
	if (a->json) {
		if ((o = slotjson_journal(st, since, UINT32_MAX, &cause)) ==
		    NULL)
			goto fail;
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		return CMD_EXIT_OK;
	}
	rc = slotstore_journal_read(st, since, UINT32_MAX, slotadmin_print_entry,
	    NULL, &cause);
	if (rc == 0)
		return CMD_EXIT_OK;
fail:
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return CMD_EXIT_FAILURE;
}

/* The database the parsed arguments name; NULL with the exit status. */
static struct slotstore *
slotadmin_open(const struct slotadmin_args *a, int *rc)
{
	struct slotstore	*st;
	char			*cause;

	if ((st = slotstore_open(a->db, &cause)) == NULL) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		*rc = CMD_EXIT_FAILURE;
	}
	return st;
}

static int
slotadmin_token_revoke(struct slotstore *st, const char *name)
{
	char	*cause;
	int	 n;

	if ((n = slotstore_key_revoke(st, name, &cause)) < 0 ||
	    slotstore_touch(st, &cause) != 0 ||
	    slotstore_commit(st, &cause) != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	if (n == 0) {
		fprintf(stderr, "hcwed-slotd: %s has no active keys\n", name);
		return CMD_EXIT_FAILURE;
	}
	return CMD_EXIT_OK;
}

static int
slotadmin_token_list(struct slotstore *st)
{
	char	*cause;

	if (slotstore_key_list(st, slotadmin_print_key, NULL, &cause) == 0)
		return CMD_EXIT_OK;
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return CMD_EXIT_FAILURE;
}

static int
slotadmin_token(int argc, char **argv)
{
	struct slotadmin_args	 a;
	struct slotstore	*st;
	int			 rc;

	if (slotadmin_parse(argc, argv, &a) != 0 || a.npos == 0)
		return slotadmin_usage();
	/* list takes no NAME; add and revoke take one. */
	if (strcmp(a.pos[0], "list") == 0 ? a.npos != 1 :
	    a.npos != 2 || (strcmp(a.pos[0], "add") != 0 &&
	    strcmp(a.pos[0], "revoke") != 0))
		return slotadmin_usage();
	if (strcmp(a.pos[0], "add") == 0 && !slotadmin_name_valid(a.pos[1]))
		return CMD_EXIT_USAGE;
	if ((st = slotadmin_open(&a, &rc)) == NULL)
		return rc;
	if (a.npos == 1)
		rc = slotadmin_token_list(st);
	else if (strcmp(a.pos[0], "add") == 0)
		rc = slotadmin_token_add(st, a.pos[1], a.admin);
	else
		rc = slotadmin_token_revoke(st, a.pos[1]);
	slotstore_close(st);
	return rc;
}

static int
slotadmin_block_run(int argc, char **argv)
{
	struct slotadmin_args	 a;
	struct slotstore	*st;
	int			 rc;

	if (slotadmin_parse(argc, argv, &a) != 0 || a.npos != 1)
		return slotadmin_usage();
	if ((st = slotadmin_open(&a, &rc)) == NULL)
		return rc;
	rc = slotadmin_block(st, &a, strcmp(argv[0], "block") == 0);
	slotstore_close(st);
	return rc;
}

static int
slotadmin_journal_run(int argc, char **argv)
{
	struct slotadmin_args	 a;
	struct slotstore	*st;
	int			 rc;

	if (slotadmin_parse(argc, argv, &a) != 0 || a.npos != 0)
		return slotadmin_usage();
	if ((st = slotadmin_open(&a, &rc)) == NULL)
		return rc;
	rc = slotadmin_journal(st, &a);
	slotstore_close(st);
	return rc;
}

static const struct cmd_entry slotadmin_token_cmd = {
	.name = "token",
	.usage = "add NAME [--admin] | list | revoke NAME --db PATH",
	.summary = "issue, list and revoke API keys",
	.help = SLOTADMIN_USAGE,
	.run = slotadmin_token,
};

static const struct cmd_entry slotadmin_block_cmd = {
	.name = "block",
	.usage = "RANGE [--service S] --db PATH",
	.summary = "take slots out of service",
	.help = SLOTADMIN_USAGE,
	.run = slotadmin_block_run,
};

static const struct cmd_entry slotadmin_release_cmd = {
	.name = "release",
	.usage = "RANGE [--service S] --db PATH",
	.summary = "put blocked slots back",
	.help = SLOTADMIN_USAGE,
	.run = slotadmin_block_run,
};

static const struct cmd_entry slotadmin_journal_cmd = {
	.name = "journal",
	.usage = "--db PATH [--since ID] [--json]",
	.summary = "print the request journal",
	.help = SLOTADMIN_USAGE,
	.run = slotadmin_journal_run,
};

const struct cmd_entry *const slotadmin_cmds[] = {
	&slotadmin_token_cmd, &slotadmin_block_cmd, &slotadmin_release_cmd,
	&slotadmin_journal_cmd,
	NULL
};
