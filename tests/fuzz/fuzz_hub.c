/*
 * libFuzzer target: the request dispatcher of hcwedd (src/hub*.c) on an
 * in-memory store, fed raw lines from three sessions.  The input is split
 * on "\n"; each line is
 *
 *   N<request>	request (without "\n") from session N % 3
 *   .		end of an event-loop turn: hub_flush(), the clock moves 1 s
 *   ~N		session N % 3 disconnects and a new one connects
 *
 * Every line the hub writes must end in "\n" and decode with the client's
 * decoder, so the server can never say something its clients cannot read.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/passwd.h"
#include "src/hcwedd/store.h"

#define FUZZ_SESSIONS	3
#define FUZZ_START	1795000000000LL

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_conn {
	struct hub_session	*s;
	bool			 closed;
};

static const char *fuzz_users[] = { "alice", "bob", "carol" };

static void
fuzz_write(void *arg, const char *line, size_t len)
{
	struct proto_limits	limits;
	struct proto_smsg	m;
	struct proto_err	err;

	if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len - 1))
		abort();
	proto_limits_default(&limits);
	limits.line_max = SIZE_MAX;
	limits.body_max = SIZE_MAX;
	if (proto_decode_server(line, len - 1, &limits, &m, &err) != 0) {
		log_error("hub wrote a line clients cannot decode: %s: %.*s",
		    err.message, (int)len, line);
		abort();
	}
	proto_smsg_free(&m);
}

static void
fuzz_close(void *arg)
{
	struct fuzz_conn	*c = arg;

	c->closed = true;
}

static const struct hub_ops fuzz_ops = { fuzz_write, fuzz_close, NULL };

static struct store *
fuzz_store(void)
{
	struct store		*st;
	struct store_user	 u;
	char			*cause;

	if (store_open(":memory:", &st, &cause) != 0) {
		log_error("store: %s", cause);
		abort();
	}
	for (size_t i = 0; i < sizeof fuzz_users / sizeof fuzz_users[0]; i++) {
		memset(&u, 0, sizeof u);
		snprintf(u.name, sizeof u.name, "%s", fuzz_users[i]);
		snprintf(u.display, sizeof u.display, "The %s", fuzz_users[i]);
		snprintf(u.role, sizeof u.role, "nurse");
		u.disabled = i == 2;
		if (passwd_hash(fuzz_users[i], &u.hash, &cause) != 0 ||
		    store_user_add(st, &u, &cause) != 0) {
			log_error("store: %s", cause);
			abort();
		}
		free(u.hash);
	}
	return st;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_set_level(LOG_LEVEL_ERROR);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hub_config	 cfg = { .server = "hcwedd/fuzz" };
	struct fuzz_conn	 conns[FUZZ_SESSIONS];
	struct store		*st = fuzz_store();
	struct hub		*hub;
	const char		*p = (const char *)data, *end = p + size, *nl;
	int64_t			 now = FUZZ_START;
	size_t			 i;

	proto_limits_default(&cfg.limits);
	cfg.limits.line_max = 1024;
	cfg.limits.body_max = 100;
	cfg.batch_max = 8;
	hub = hub_create(st, &cfg);
	for (i = 0; i < FUZZ_SESSIONS; i++) {
		conns[i].closed = false;
		conns[i].s = hub_session_open(hub, &fuzz_ops, &conns[i]);
	}
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p == 1 && *p == '.') {
			hub_flush(hub, now);
			now += 1000;
		} else if (nl - p >= 2 && *p == '~') {
			conns[(uint8_t)p[1] % FUZZ_SESSIONS].closed = true;
		} else if (nl > p) {
			i = (uint8_t)*p % FUZZ_SESSIONS;
			if (!conns[i].closed)
				hub_session_input(conns[i].s, p + 1,
				    (size_t)(nl - p - 1), now);
		}
		/* The transport closes from its own loop, never in a callback. */
		for (i = 0; i < FUZZ_SESSIONS; i++) {
			if (conns[i].closed) {
				hub_session_close(conns[i].s);
				conns[i].closed = false;
				conns[i].s = hub_session_open(hub, &fuzz_ops,
				    &conns[i]);
			}
		}
	}
	hub_shutdown(hub, "fuzz input done", now);
	hub_free(hub);
	store_close(st);
	return 0;
}
