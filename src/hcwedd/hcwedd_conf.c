#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/hcwedd/server.h"
#include "src/base/conf.h"
#include "src/hcwedd/hcwedd.h"
#include "src/hcwedd/hub.h"
#include "src/base/xmalloc.h"

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
	hc->lockout_failures = HUB_LOCK_FAILURES;
	hc->lockout_addr_failures = HUB_LOCK_ADDR_FAILURES;
	hc->lockout_window_ms = HUB_LOCK_WINDOW_MS;
	hc->lockout_ms = HUB_LOCK_MS;
	hc->send_rate = HUB_SEND_RATE;
	hc->send_burst = HUB_SEND_BURST;
	hc->login_timeout_ms = SERVER_LOGIN_TIMEOUT_MS;
	hc->addr_conn_max = SERVER_ADDR_CONN_MAX;
}

void
hcwedd_conf_set(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

static int
hcwedd_conf_size(const char *value, unsigned long long min,
    unsigned long long max, size_t *out, char **cause)
{
	unsigned long long	v;

	if (conf_uint(value, min, max, &v, cause) != 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
hcwedd_conf_transport(struct hcwedd_conf *hc, const char *key,
    const char *value, char **cause)
{
	unsigned long long	v;

	if (strcmp(key, "tls_cert") == 0)
		hcwedd_conf_set(&hc->tls_cert, value);
	else if (strcmp(key, "tls_key") == 0)
		hcwedd_conf_set(&hc->tls_key, value);
	else if (strcmp(key, "insecure") == 0)
		return conf_bool(value, &hc->insecure, cause);
	else if (strcmp(key, "login_timeout") == 0) {
		if (conf_duration_ms(value, &v, cause) != 0)
			return -1;
		if (v < 100 || v > 3600000) {
			*cause = xasprintf("\"%s\" is outside 100ms..1h", value);
			return -1;
		}
		hc->login_timeout_ms = (unsigned)v;
	} else if (strcmp(key, "addr_conn_max") == 0) {
		if (conf_uint(value, 0, 1000000, &v, cause) != 0)
			return -1;
		hc->addr_conn_max = (unsigned)v;
	} else {
		*cause = xasprintf("unknown setting \"%s\"", key);
		return -1;
	}
	return 0;
}

static int
hcwedd_conf_uint(const char *value, unsigned long long max, unsigned *out,
    char **cause)
{
	unsigned long long	v;

	if (conf_uint(value, 0, max, &v, cause) != 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Lockout and send rate; 0 turns a count off. */
static int
hcwedd_conf_access(struct hcwedd_conf *hc, const char *key,
    const char *value, char **cause)
{
	unsigned long long	*ms;

	if (strcmp(key, "lockout_failures") == 0)
		return hcwedd_conf_uint(value, 1000, &hc->lockout_failures,
		    cause);
	if (strcmp(key, "lockout_addr_failures") == 0)
		return hcwedd_conf_uint(value, 100000,
		    &hc->lockout_addr_failures, cause);
	if (strcmp(key, "send_rate") == 0)
		return hcwedd_conf_uint(value, 1000, &hc->send_rate, cause);
	if (strcmp(key, "send_burst") == 0)
		return hcwedd_conf_uint(value, 100000, &hc->send_burst, cause);
	if (strcmp(key, "lockout_window") == 0)
		ms = &hc->lockout_window_ms;
	else if (strcmp(key, "lockout_time") == 0)
		ms = &hc->lockout_ms;
	else {
		*cause = xasprintf("unknown setting \"%s\"", key);
		return -1;
	}
	if (conf_duration_ms(value, ms, cause) != 0)
		return -1;
	if (*ms < 1000 || *ms > 7ULL * 24 * 3600 * 1000) {
		*cause = xasprintf("\"%s\" is outside 1s..7d", value);
		return -1;
	}
	return 0;
}

static int
hcwedd_conf_cb(void *arg, const char *key, const char *value, char **cause)
{
	struct hcwedd_conf	*hc = arg;

	if (strcmp(key, "listen") == 0)
		hcwedd_conf_set(&hc->listen, value);
	else if (strcmp(key, "db") == 0)
		hcwedd_conf_set(&hc->db, value);
	else if (strcmp(key, "log_file") == 0)
		hcwedd_conf_set(&hc->log_file, value);
	else if (strcmp(key, "log_level") == 0)
		hcwedd_conf_set(&hc->log_level, value);
	else if (strcmp(key, "line_max") == 0)
		return hcwedd_conf_size(value, 1024, 16 << 20, &hc->line_max,
		    cause);
	else if (strcmp(key, "body_max") == 0)
		return hcwedd_conf_size(value, 1, 8 << 20, &hc->body_max,
		    cause);
	else if (strcmp(key, "output_max") == 0)
		return hcwedd_conf_size(value, 65536, 1ULL << 30, &hc->out_max,
		    cause);
	else if (strcmp(key, "batch_max") == 0)
		return hcwedd_conf_size(value, 1, 65536, &hc->batch_max,
		    cause);
	else if (strncmp(key, "lockout_", 8) == 0 ||
	    strncmp(key, "send_", 5) == 0)
		return hcwedd_conf_access(hc, key, value, cause);
	else if (strncmp(key, "tls_", 4) == 0 || strcmp(key, "insecure") == 0 ||
	    strcmp(key, "login_timeout") == 0 ||
	    strcmp(key, "addr_conn_max") == 0)
		return hcwedd_conf_transport(hc, key, value, cause);
	else {
		*cause = xasprintf("unknown setting \"%s\"", key);
		return -1;
	}
	return 0;
}

int
hcwedd_conf_load(struct hcwedd_conf *hc, const char *path, char **cause)
{
	return conf_load(path, hcwedd_conf_cb, hc, cause);
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
