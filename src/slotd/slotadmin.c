#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/slotd/slotadmin.h"
#include "src/slotd/slotbook.h"
#include "src/slotd/slotjson.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotstore.h"
#include "src/slotd/slotsvc.h"
#include "src/base/xmalloc.h"

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

static int
slotadmin_usage(void)
{
	fprintf(stderr, "usage: hcwed-slotd token add NAME [--admin] --db PATH\n"
	    "       hcwed-slotd token list --db PATH\n"
	    "       hcwed-slotd token revoke NAME --db PATH\n"
	    "       hcwed-slotd block|release RANGE [--service S] --db PATH\n"
	    "       hcwed-slotd journal --db PATH [--since ID] [--json]\n");
	return 2;
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

static int
slotadmin_token_add(struct slotstore *st, const char *name, bool admin)
{
	static const char	*user_kinds[] = { "hotel", "band" };
	static const char	*admin_kinds[] = { "admin" };
	const char		**kinds = admin ? admin_kinds : user_kinds;
	size_t			 n = admin ? 1 : 2;
	char			 keys[2][SLOTKEY_LEN + 1], hash[SLOTKEY_LEN + 1];
	char			*cause;

	if (*name == '\0' || strlen(name) > 63) {
		fprintf(stderr, "hcwed-slotd: a name has 1 to 63 characters\n");
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		slotkey_generate(keys[i]);
		slotkey_hash(keys[i], SLOTKEY_LEN, hash);
		if (slotstore_key_add(st, name, kinds[i], hash, time(NULL),
		    &cause) != 0) {
			fprintf(stderr, "hcwed-slotd: %s\n", cause);
			free(cause);
			return 1;
		}
	}
	if (slotstore_commit(st, &cause) != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s %s\n", kinds[i], keys[i]);
	return 0;
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
	enum slotsvc_service	 one;
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
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return 2;
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
		return 0;
	}
	rc = slotstore_journal_read(st, since, UINT32_MAX, slotadmin_print_entry,
	    NULL, &cause);
	if (rc == 0)
		return 0;
fail:
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return 1;
}

bool
slotadmin_is_command(const char *name)
{
	return strcmp(name, "token") == 0 || strcmp(name, "block") == 0 ||
	    strcmp(name, "release") == 0 || strcmp(name, "journal") == 0;
}

int
slotadmin_run(int argc, char **argv)
{
	struct slotadmin_args	 a;
	struct slotstore	*st;
	const char		*cmd = argv[0];
	char			*cause;
	int			 rc, n;

	if (slotadmin_parse(argc, argv, &a) != 0)
		return slotadmin_usage();
	if (strcmp(cmd, "token") == 0) {
		if (a.npos < 1 ||
		    (strcmp(a.pos[0], "list") == 0 && a.npos != 1) ||
		    (strcmp(a.pos[0], "list") != 0 && a.npos != 2))
			return slotadmin_usage();
		if (strcmp(a.pos[0], "add") != 0 && strcmp(a.pos[0], "list") != 0
		    && strcmp(a.pos[0], "revoke") != 0)
			return slotadmin_usage();
	} else if ((strcmp(cmd, "journal") == 0) != (a.npos == 0) ||
	    a.npos > 1)
		return slotadmin_usage();
	if ((st = slotstore_open(a.db, &cause)) == NULL) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		return 1;
	}
	rc = 0;
	if (strcmp(cmd, "journal") == 0)
		rc = slotadmin_journal(st, &a);
	else if (strcmp(cmd, "block") == 0 || strcmp(cmd, "release") == 0)
		rc = slotadmin_block(st, &a, strcmp(cmd, "block") == 0);
	else if (strcmp(a.pos[0], "add") == 0)
		rc = slotadmin_token_add(st, a.pos[1], a.admin);
	else if (strcmp(a.pos[0], "list") == 0) {
		if (slotstore_key_list(st, slotadmin_print_key, NULL,
		    &cause) != 0) {
			fprintf(stderr, "hcwed-slotd: %s\n", cause);
			free(cause);
			rc = 1;
		}
	} else if ((n = slotstore_key_revoke(st, a.pos[1], &cause)) < 0 ||
	    slotstore_touch(st, &cause) != 0 ||
	    slotstore_commit(st, &cause) != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		rc = 1;
	} else if (n == 0) {
		fprintf(stderr, "hcwed-slotd: %s has no active keys\n", a.pos[1]);
		rc = 1;
	}
	slotstore_close(st);
	return rc;
}
