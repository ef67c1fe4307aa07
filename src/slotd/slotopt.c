#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/conf.h"
#include "src/slotd/slotopt.h"
#include "src/base/xmalloc.h"

static void
slotopt_str(char **dst, const char *value)
{
	free(*dst);
	*dst = xstrdup(value);
}

static int
slotopt_uint(const char *value, unsigned long long min,
    unsigned long long max, unsigned *out, char **cause)
{
	unsigned long long	v;

	if (conf_uint(value, min, max, &v, cause) != 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* One setting, from the file or the command line; 0 or -1 with *cause. */
static int
slotopt_set(void *arg, const char *name, const char *value, char **cause)
{
	struct slotopt		*o = arg;
	struct slotfault_knobs	 probe = { .unavailable = 0 };
	unsigned long long	 v;

	if (strcmp(name, "listen") == 0)
		slotopt_str(&o->listen, value);
	else if (strcmp(name, "db") == 0)
		slotopt_str(&o->db, value);
	else if (strcmp(name, "ready-file") == 0)
		slotopt_str(&o->ready_file, value);
	else if (strcmp(name, "log-level") == 0)
		slotopt_str(&o->log_level, value);
	else if (strcmp(name, "service") == 0) {
		o->serve[SLOTSVC_HOTEL] = strcmp(value, "band") != 0;
		o->serve[SLOTSVC_BAND] = strcmp(value, "hotel") != 0;
		if (strcmp(value, "hotel") != 0 && strcmp(value, "band") != 0 &&
		    strcmp(value, "both") != 0) {
			*cause = xasprintf("service must be hotel, band or "
			    "both, not \"%s\"", value);
			return -1;
		}
	} else if (strcmp(name, "slots") == 0)
		return slotopt_uint(value, 1, 100000, &o->svc.nslots, cause);
	else if (strcmp(name, "max-holds") == 0)
		return slotopt_uint(value, 1, 100000, &o->svc.max_holds, cause);
	else if (strcmp(name, "bots") == 0)
		return slotopt_uint(value, 0, 1000, &o->bots, cause);
	else if (strcmp(name, "rate-limit") == 0) {
		if (strcmp(value, "off") == 0)
			o->svc.rate = SLOTSVC_RATE_OFF;
		else if (strcmp(value, "count") == 0)
			o->svc.rate = SLOTSVC_RATE_COUNT;
		else if (strcmp(value, "enforce") == 0)
			o->svc.rate = SLOTSVC_RATE_ENFORCE;
		else {
			*cause = xasprintf("rate-limit must be off, count or "
			    "enforce, not \"%s\"", value);
			return -1;
		}
	} else if (strcmp(name, "faults") == 0) {
		if (slotfault_profile(value, &probe, cause) != 0)
			return -1;
		slotopt_str(&o->profile, value);
	} else if (strcmp(name, "seed") == 0) {
		if (conf_uint(value, 0, UINT64_MAX, &v, cause) != 0)
			return -1;
		o->seed = v;
		o->seed_set = true;
	} else if (strcmp(name, "timeout") == 0) {
		if (conf_duration_ms(value, &v, cause) != 0)
			return -1;
		if (v == 0) {
			*cause = xstrdup("timeout must be above 0");
			return -1;
		}
		o->timeout_ms = v;
	} else {
		switch (slotfault_set(&probe, name, value, cause)) {
		case -1:
			return -1;
		case 0:
			*cause = xasprintf("unknown option \"%s\"", name);
			return -1;
		}
		o->overrides = xreallocarray(o->overrides, o->noverrides + 2,
		    sizeof *o->overrides);
		o->overrides[o->noverrides++] = xstrdup(name);
		o->overrides[o->noverrides++] = xstrdup(value);
	}
	return 0;
}

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
	o->svc.rate = SLOTSVC_RATE_ENFORCE;
	o->timeout_ms = 10000;
}

/* "--name value" or "--name=value"; flags take no value. */
static int
slotopt_argv(struct slotopt *o, int argc, char **argv, bool config_only,
    char **cause)
{
	char		*name, *eq;
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
		} else if (!config_only)
			rc = slotopt_set(o, name, value, cause);
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
	    conf_load(o->config, slotopt_set, o, cause) != 0)
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
	    "           [--timeout DUR] [--config FILE] "
	    "[--log-level LEVEL]\n"
	    "       hcwed-slotd token add NAME [--admin] --db PATH\n"
	    "       hcwed-slotd token list --db PATH\n"
	    "       hcwed-slotd token revoke NAME --db PATH\n"
	    "       hcwed-slotd block|release RANGE [--service S] --db PATH\n"
	    "       hcwed-slotd journal --db PATH [--since ID] [--json]\n"
	    "See hcwed-slotd(8).\n");
}
