#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hcwedd.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/passwd.h"
#include "src/hcwedd/server.h"

void
hcwedd_conf_init(struct hcwedd_conf *hc)
{
	memset(hc, 0, sizeof *hc);
	hc->listen = xstrdup(HCWEDD_LISTEN);
	hc->log_level = xstrdup("info");
	hc->line_max = PROTO_LINE_MAX;
	hc->body_max = PROTO_BODY_MAX;
	hc->out_max = SERVER_OUT_MAX;
	hc->batch_max = HUB_BATCH_MAX;
	hc->throttle_after = HUB_THROTTLE_AFTER;
	hc->throttle_addr_after = HUB_THROTTLE_ADDR_AFTER;
	hc->throttle_max_ms = HUB_THROTTLE_MAX_MS;
	hc->throttle_window_ms = HUB_THROTTLE_WINDOW_MS;
	hc->lockout_failures = HUB_LOCK_FAILURES;
	hc->lockout_window_ms = HUB_LOCK_WINDOW_MS;
	hc->lockout_ms = HUB_LOCK_MS;
	hc->send_rate = HUB_SEND_RATE;
	hc->send_burst = HUB_SEND_BURST;
	hc->request_limits = true;
	hc->password_min = PASSWD_MIN_LEN;
	hc->password_check = true;
	hc->login_timeout_ms = SERVER_LOGIN_TIMEOUT_MS;
	hc->addr_conn_max = SERVER_ADDR_CONN_MAX;
}

void
hcwedd_conf_set(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

#define HCWEDD_FIELD(member)	CONF_FIELD(struct hcwedd_conf, member)

/* Every setting of hcwedd.conf(5); 0 turns a lockout or rate count off. */
static const struct conf_key hcwedd_conf_keys[] = {
	{ .key = "listen", .type = CONF_STRING, HCWEDD_FIELD(listen) },
	{ .key = "db", .type = CONF_STRING, HCWEDD_FIELD(db) },
	{ .key = "log_file", .type = CONF_STRING, HCWEDD_FIELD(log_file) },
	{ .key = "log_level", .type = CONF_STRING, HCWEDD_FIELD(log_level) },
	{ .key = "line_max", .type = CONF_UINT, HCWEDD_FIELD(line_max),
	  .min = 1024, .max = 16 << 20 },
	{ .key = "body_max", .type = CONF_UINT, HCWEDD_FIELD(body_max),
	  .min = 1, .max = 8 << 20 },
	{ .key = "output_max", .type = CONF_UINT, HCWEDD_FIELD(out_max),
	  .min = 65536, .max = 1ULL << 30 },
	{ .key = "batch_max", .type = CONF_UINT, HCWEDD_FIELD(batch_max),
	  .min = 1, .max = 65536 },
	{ .key = "throttle_after", .type = CONF_UINT,
	  HCWEDD_FIELD(throttle_after), .max = 1000 },
	{ .key = "throttle_addr_after", .type = CONF_UINT,
	  HCWEDD_FIELD(throttle_addr_after), .max = 100000 },
	{ .key = "throttle_max", .type = CONF_DURATION,
	  HCWEDD_FIELD(throttle_max_ms), .min = 1000,
	  .max = 24ULL * 3600 * 1000 },
	{ .key = "throttle_window", .type = CONF_DURATION,
	  HCWEDD_FIELD(throttle_window_ms), .min = 1000,
	  .max = 7ULL * 24 * 3600 * 1000 },
	{ .key = "lockout_failures", .type = CONF_UINT,
	  HCWEDD_FIELD(lockout_failures), .max = 100000 },
	{ .key = "lockout_window", .type = CONF_DURATION,
	  HCWEDD_FIELD(lockout_window_ms), .min = 1000,
	  .max = 7ULL * 24 * 3600 * 1000 },
	{ .key = "lockout_time", .type = CONF_DURATION,
	  HCWEDD_FIELD(lockout_ms), .min = 1000,
	  .max = 7ULL * 24 * 3600 * 1000 },
	{ .key = "send_rate", .type = CONF_UINT, HCWEDD_FIELD(send_rate),
	  .max = 1000 },
	{ .key = "send_burst", .type = CONF_UINT, HCWEDD_FIELD(send_burst),
	  .max = 100000 },
	{ .key = "tls_cert", .type = CONF_STRING, HCWEDD_FIELD(tls_cert) },
	{ .key = "tls_key", .type = CONF_STRING, HCWEDD_FIELD(tls_key) },
	{ .key = "insecure", .type = CONF_BOOL, HCWEDD_FIELD(insecure) },
	{ .key = "request_limits", .type = CONF_BOOL,
	  HCWEDD_FIELD(request_limits) },
	{ .key = "password_min_length", .type = CONF_UINT,
	  HCWEDD_FIELD(password_min), .min = 1, .max = PROTO_PASSWORD_MAX },
	{ .key = "password_check", .type = CONF_BOOL,
	  HCWEDD_FIELD(password_check) },
	{ .key = "login_timeout", .type = CONF_DURATION,
	  HCWEDD_FIELD(login_timeout_ms), .min = 100, .max = 3600000 },
	{ .key = "addr_conn_max", .type = CONF_UINT,
	  HCWEDD_FIELD(addr_conn_max), .max = 1000000 },
	{ .key = NULL }
};

static const struct conf_table hcwedd_conf_table = {
	.noun = "setting",
	.keys = hcwedd_conf_keys,
};

int
hcwedd_conf_load(struct hcwedd_conf *hc, const char *path, char **cause)
{
	return conf_load(path, &hcwedd_conf_table, hc, cause);
}

static int
hcwedd_mkdirs(char *path, char **cause)
{
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int
hcwedd_conf_db(struct hcwedd_conf *hc, char **cause)
{
	const char	*state = getenv("XDG_STATE_HOME"), *home;

	if (hc->db != NULL)
		return 0;
	if (state != NULL && *state == '/')
		hc->db = xasprintf("%s/hcwed/hcwedd.db", state);
	else if ((home = getenv("HOME")) != NULL && *home == '/')
		hc->db = xasprintf("%s/.local/state/hcwed/hcwedd.db", home);
	else {
		*cause = xstrdup("no --db given and neither XDG_STATE_HOME nor "
		    "HOME is set");
		return -1;
	}
	return hcwedd_mkdirs(hc->db, cause);
}

void
hcwedd_conf_free(struct hcwedd_conf *hc)
{
	free(hc->listen);
	free(hc->db);
	free(hc->log_file);
	free(hc->log_level);
	free(hc->ready_file);
	free(hc->tls_cert);
	free(hc->tls_key);
	memset(hc, 0, sizeof *hc);
}
