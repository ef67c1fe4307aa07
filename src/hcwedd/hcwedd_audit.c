#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/proto.h"
#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hcwedd.h"
#include "src/hcwedd/store.h"

static const char hcwedd_audit_usage[] =
    "usage: hcwedd audit [--since TIME] [--user NAME] [--json] [--db PATH]\n"
    "                    [--config FILE]\n"
    "  --since TIME   rows from TIME on: 2026-03-01, 2026-03-01T14:30,\n"
    "                 2026-03-01T14:30:00Z (no zone: local time), or a time\n"
    "                 ago such as 90s, 15m, 1h, 7d\n"
    "  --user NAME    rows by or about the account NAME\n"
    "  --json         one JSON object a line instead of a table\n";

struct audit_out {
	bool	 json;
	size_t	 rows;
};

/* "15m" ago: a number and one of s, m, h, d. */
static int
audit_relative(const char *s, int64_t now, int64_t *out)
{
	static const struct { char unit; int64_t ms; } units[] = {
		{ 's', 1000 }, { 'm', 60000 }, { 'h', 3600000 },
		{ 'd', 86400000 },
	};
	char		*end;
	long long	 v;

	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (end[0] == '\0' || end[1] != '\0' || v > 100000 * 365LL)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (*end == units[i].unit) {
			*out = now - v * units[i].ms;
			return 0;
		}
	}
	return -1;
}

/* ISO 8601 date, minutes or seconds, then nothing, Z or +HH:MM. */
static int
audit_iso(const char *s, int64_t *out)
{
	struct tm	 tm;
	const char	*p;
	int		 zh, zm, n = 0;
	long long	 zone = 0;
	time_t		 t;
	bool		 utc = false;

	memset(&tm, 0, sizeof tm);
	if ((p = strptime(s, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*p == 'T' || *p == ' ') {
		const char *q = strptime(p + 1, "%H:%M:%S", &tm);

		if (q == NULL && (q = strptime(p + 1, "%H:%M", &tm)) == NULL)
			return -1;
		p = q;
	}
	if (*p == 'Z' && p[1] == '\0')
		utc = true;
	else if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d%n", &zh,
	    &zm, &n) == 2 && p[1 + n] == '\0') {
		utc = true;
		zone = (zh * 3600LL + zm * 60LL) * (*p == '+' ? 1 : -1);
	} else if (*p != '\0')
		return -1;
	tm.tm_isdst = -1;
	if ((t = utc ? timegm(&tm) : mktime(&tm)) == (time_t)-1)
		return -1;
	*out = ((int64_t)t - zone) * 1000;
	return 0;
}

static void
audit_time(int64_t ms, char *buf, size_t size)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;
	size_t		n;

	gmtime_r(&t, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03dZ", (int)(ms % 1000));
}

static int
audit_print(void *arg, const struct store_audit *a)
{
	struct audit_out	*o = arg;
	struct json_object	*obj;
	char			 when[40], mid[24];

	audit_time(a->ts, when, sizeof when);
	if (!o->json) {
		if (o->rows++ == 0)
			printf("%-24s %-12s %-16s %-22s %-16s %8s %s\n", "TIME",
			    "EVENT", "USER", "ADDRESS", "PEER", "MID",
			    "DETAIL");
		snprintf(mid, sizeof mid, "%lld", (long long)a->mid);
		printf("%-24s %-12s %-16s %-22s %-16s %8s %s\n", when,
		    a->event, a->user, a->addr, a->peer[0] != '\0' ? a->peer :
		    "-", a->mid != 0 ? mid : "-", a->detail);
		return 0;
	}
	o->rows++;
	obj = json_object_new_object();
	json_object_object_add(obj, "id", json_object_new_int64(a->id));
	json_object_object_add(obj, "ts", json_object_new_int64(a->ts));
	json_object_object_add(obj, "time", json_object_new_string(when));
	json_object_object_add(obj, "event", json_object_new_string(a->event));
	json_object_object_add(obj, "user", json_object_new_string(a->user));
	json_object_object_add(obj, "addr", json_object_new_string(a->addr));
	json_object_object_add(obj, "peer", json_object_new_string(a->peer));
	json_object_object_add(obj, "mid", a->mid != 0 ?
	    json_object_new_int64(a->mid) : NULL);
	json_object_object_add(obj, "detail",
	    json_object_new_string(a->detail));
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
	json_object_put(obj);
	return 0;
}

static int
audit_fail(const char *what, char *cause, int status)
{
	fprintf(stderr, "hcwedd: %s%s\n", what, cause);
	free(cause);
	return status;
}

static int
audit_run(const char *config, const char *db, int64_t since,
    const char *user, struct audit_out *o)
{
	struct hcwedd_conf	 hc;
	struct store		*st;
	char			*cause;
	int			 rc;

	hcwedd_conf_init(&hc);
	if (config != NULL && hcwedd_conf_load(&hc, config, &cause) != 0) {
		hcwedd_conf_free(&hc);
		return audit_fail("", cause, CMD_EXIT_USAGE);
	}
	if (db != NULL)
		hcwedd_conf_set(&hc.db, db);
	if (hcwedd_conf_db(&hc, &cause) != 0 ||
	    store_open(hc.db, &st, &cause) != 0) {
		hcwedd_conf_free(&hc);
		return audit_fail("", cause, CMD_EXIT_FAILURE);
	}
	hcwedd_conf_free(&hc);
	rc = store_audit_walk(st, since, user, audit_print, o, &cause);
	store_close(st);
	if (rc != 0)
		return audit_fail("", cause, CMD_EXIT_FAILURE);
	if (!o->json && o->rows == 0)
		fprintf(stderr, "hcwedd: no audit rows match\n");
	return CMD_EXIT_OK;
}

static int
audit_usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "hcwedd: audit: %s\n", why);
	fputs(hcwedd_audit_usage, stderr);
	return CMD_EXIT_USAGE;
}

static int
audit_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct audit_out	 o = { false, 0 };
	const char		*config = NULL, *db = NULL, *user = NULL;
	int64_t			 since = 0, now = clock_wall_ms();
	int			 ch;

	optind = 1;
	while ((ch = cmd_getopt("hcwedd audit", argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 'd': db = optarg; break;
		case 'j': o.json = true; break;
		case 'u':
			if (!proto_name_valid(optarg))
				return audit_usage("--user NAME must be 1..32 "
				    "of a-z, 0-9, . _ -");
			user = optarg;
			break;
		case 's':
			if (audit_relative(optarg, now, &since) != 0 &&
			    audit_iso(optarg, &since) != 0)
				return audit_usage("--since: expected a time "
				    "such as 2026-03-01T14:30 or a time ago "
				    "such as 1h");
			break;
		default: return audit_usage(NULL);
		}
	}
	if (optind < argc)
		return audit_usage("unexpected argument");
	return audit_run(config, db, since, user, &o);
}

const struct cmd_entry hcwedd_audit_cmd = {
	.name = "audit",
	.usage = "[--since TIME] [--user NAME] [--json] [--db PATH]",
	.summary = "print the audit trail",
	.help = hcwedd_audit_usage,
	.run = audit_main,
};
