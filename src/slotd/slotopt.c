#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotopt.h"

static void
slotopt_str(char **dst, const char *value)
{
	free(*dst);
	*dst = xstrdup(value);
}

/* "service": which of the two the server answers for. */
static int
slotopt_service(void *field, const char *key, const char *value,
    char **cause)
{
	static const struct conf_name services[] = {
		{ "hotel", 1 }, { "band", 2 }, { "both", 3 }, { NULL, 0 }
	};
	bool		*serve = field;
	unsigned	 which;

	if (conf_enum(value, services, &which, cause) == -1)
		return -1;
	serve[SLOTSVC_HOTEL] = (which & 1) != 0;
	serve[SLOTSVC_BAND] = (which & 2) != 0;
	return 0;
}

/* "faults": a profile name, checked now and applied in slotopt_parse. */
static int
slotopt_faults(void *field, const char *key, const char *value, char **cause)
{
	struct slotfault_knobs	probe = { .unavailable = 0 };

	if (slotfault_profile(value, &probe, cause) != 0)
		return -1;
	slotopt_str(field, value);
	return 0;
}

/* "seed": also noted as given, as 0 is a seed like any other. */
static int
slotopt_seed(void *field, const char *key, const char *value, char **cause)
{
	struct slotopt		*o = field;
	unsigned long long	 v;

	if (conf_uint(value, 0, UINT64_MAX, &v, cause) != 0)
		return -1;
	o->seed = v;
	o->seed_set = true;
	return 0;
}

/*
 * Any other key may be a fault knob: checked now, kept to be applied over
 * the profile in slotopt_parse, whichever order they came in.
 */
static int
slotopt_knob(void *field, const char *key, const char *value, char **cause)
{
	struct slotopt		*o = field;
	struct slotfault_knobs	 probe = { .unavailable = 0 };

	switch (slotfault_set(&probe, key, value, cause)) {
	case -1:
		return -1;
	case 0:
		return CONF_UNKNOWN;
	}
	o->overrides = xreallocarray(o->overrides, o->noverrides + 2,
	    sizeof *o->overrides);
	o->overrides[o->noverrides++] = xstrdup(key);
	o->overrides[o->noverrides++] = xstrdup(value);
	return 0;
}

static const struct conf_name slotopt_rates[] = {
	{ "off", SLOTSVC_RATE_OFF }, { "count", SLOTSVC_RATE_COUNT },
	{ "enforce", SLOTSVC_RATE_ENFORCE }, { NULL, 0 }
};

#define SLOTOPT_FIELD(member)	CONF_FIELD(struct slotopt, member)

/* Every option, from the file or the command line (hcwed-slotd(8)). */
static const struct conf_key slotopt_keys[] = {
	{ .key = "listen", .type = CONF_STRING, SLOTOPT_FIELD(listen) },
	{ .key = "db", .type = CONF_STRING, SLOTOPT_FIELD(db) },
	{ .key = "ready-file", .type = CONF_STRING, SLOTOPT_FIELD(ready_file) },
	{ .key = "log-level", .type = CONF_STRING, SLOTOPT_FIELD(log_level) },
	{ .key = "service", .type = CONF_CUSTOM, SLOTOPT_FIELD(serve),
	  .set = slotopt_service },
	{ .key = "slots", .type = CONF_UINT, SLOTOPT_FIELD(svc.nslots),
	  .min = 1, .max = 100000 },
	{ .key = "max-holds", .type = CONF_UINT, SLOTOPT_FIELD(svc.max_holds),
	  .min = 1, .max = 100000 },
	{ .key = "bots", .type = CONF_UINT, SLOTOPT_FIELD(bots), .max = 1000 },
	{ .key = "rate-limit", .type = CONF_ENUM, SLOTOPT_FIELD(svc.rate),
	  .names = slotopt_rates },
	{ .key = "faults", .type = CONF_CUSTOM, SLOTOPT_FIELD(profile),
	  .set = slotopt_faults },
	{ .key = "seed", .type = CONF_CUSTOM, .set = slotopt_seed },
	{ .key = "timeout", .type = CONF_DURATION, SLOTOPT_FIELD(timeout_ms),
	  .min = 1 },
	{ .key = "header-timeout", .type = CONF_DURATION,
	  SLOTOPT_FIELD(header_timeout_ms) },
	{ .key = "conn-max", .type = CONF_UINT, SLOTOPT_FIELD(conn_max),
	  .max = 1000000 },
	{ .key = "journal-max", .type = CONF_UINT, SLOTOPT_FIELD(svc.journal_max),
	  .max = 1ULL << 40 },
	{ .key = "", .prefix = true, .type = CONF_CUSTOM, .set = slotopt_knob },
	{ .key = NULL }
};

static const struct conf_table slotopt_table = {
	.noun = "option",
	.keys = slotopt_keys,
};

static void
slotopt_defaults(struct slotopt *o)
{
	memset(o, 0, sizeof *o);
	o->listen = xstrdup("127.0.0.1:8080");
	o->db = xstrdup("hcwed-slotd.db");
	o->log_level = xstrdup("info");
	o->profile = xstrdup("none");
	o->serve[SLOTSVC_HOTEL] = o->serve[SLOTSVC_BAND] = true;
	o->svc.nslots = 500;
	o->svc.max_holds = 2;
	o->svc.journal_max = SLOTOPT_JOURNAL_MAX;
	o->header_timeout_ms = SLOTOPT_HEADER_TIMEOUT_MS;
	o->conn_max = SLOTOPT_CONN_MAX;
	o->svc.rate = SLOTSVC_RATE_ENFORCE;
	o->timeout_ms = 10000;
}

/* "--name value" or "--name=value"; flags take no value. */
static int
slotopt_argv(struct slotopt *o, int argc, char **argv, bool config_only,
    char **cause)
{
	char		*name, *eq, *why;
	const char	*value;
	int		 rc;

	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0) {
			*cause = xasprintf("unexpected argument \"%s\"", argv[i]);
			return -1;
		}
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			if (!config_only) {
				o->help |= argv[i][2] == 'h';
				o->version |= argv[i][2] == 'v';
			}
			continue;
		}
		name = xstrdup(argv[i] + 2);
		if ((eq = strchr(name, '=')) != NULL) {
			*eq = '\0';
			value = eq + 1;
		} else if (i + 1 < argc)
			value = argv[++i];
		else {
			*cause = xasprintf("--%s needs a value", name);
			free(name);
			return -1;
		}
		rc = 0;
		if (strcmp(name, "config") == 0) {
			if (config_only)
				slotopt_str(&o->config, value);
		} else if (!config_only &&
		    (rc = conf_set(&slotopt_table, o, name, value, &why)) != 0) {
			/* Named as the file names it, as the reason may not. */
			*cause = xasprintf("--%s: %s", name, why);
			free(why);
		}
		free(name);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
slotopt_parse(struct slotopt *o, int argc, char **argv, char **cause)
{
	slotopt_defaults(o);
	if (slotopt_argv(o, argc, argv, true, cause) != 0)
		return -1;
	if (o->config != NULL &&
	    conf_load(o->config, &slotopt_table, o, cause) != 0)
		return -1;
	if (slotopt_argv(o, argc, argv, false, cause) != 0)
		return -1;
	if (slotfault_profile(o->profile, &o->knobs, cause) != 0)
		return -1;
	for (unsigned i = 0; i < o->noverrides; i += 2) {
		if (slotfault_set(&o->knobs, o->overrides[i],
		    o->overrides[i + 1], cause) != 1)
			return -1;
	}
	return 0;
}

void
slotopt_free(struct slotopt *o)
{
	free(o->listen);
	free(o->db);
	free(o->ready_file);
	free(o->config);
	free(o->log_level);
	free(o->profile);
	for (unsigned i = 0; i < o->noverrides; i++)
		free(o->overrides[i]);
	free(o->overrides);
}

void
slotopt_usage(FILE *f)
{
	fprintf(f, "usage: hcwed-slotd [--listen HOST:PORT] [--db PATH] "
	    "[--ready-file PATH]\n"
	    "           [--service hotel|band|both] [--slots N] "
	    "[--max-holds N]\n"
	    "           [--rate-limit off|count|enforce] "
	    "[--faults none|course|harsh]\n"
	    "           [--unavailable P] [--outage-rate P] "
	    "[--outage-length DUR] [--drop P]\n"
	    "           [--fake-500 P] [--delay P] [--delay-max DUR] "
	    "[--reorder P]\n"
	    "           [--reorder-max DUR] [--reply-lost P] [--seed N] "
	    "[--bots N]\n"
	    "           [--timeout DUR] [--header-timeout DUR] "
	    "[--conn-max N]\n"
	    "           [--journal-max N] [--config FILE] "
	    "[--log-level LEVEL]\n"
	    "       hcwed-slotd token add NAME [--admin] --db PATH\n"
	    "       hcwed-slotd token list --db PATH\n"
	    "       hcwed-slotd token revoke NAME --db PATH\n"
	    "       hcwed-slotd block|release RANGE [--service S] --db PATH\n"
	    "       hcwed-slotd journal --db PATH [--since ID] [--json]\n"
	    "See hcwed-slotd(8).\n");
}
