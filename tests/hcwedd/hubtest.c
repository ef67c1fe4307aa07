#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/passwd.h"
#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

static char	*ht_hashes[3];
static const char *ht_names[3] = { "alice", "bob", "carol" };

static void
ht_write(void *arg, const char *line, size_t len)
{
	struct ht_conn	*c = arg;

	if (c->n < HT_LINES)
		c->lines[c->n++] = xstrndup(line, len);
}

static void
ht_closecb(void *arg)
{
	struct ht_conn	*c = arg;

	c->closed = true;
}

static const struct hub_ops ht_ops = { ht_write, ht_closecb, NULL };

void
ht_init(struct ht *t)
{
	struct hub_limits	none = { 0 };

	ht_init_limits(t, &none);
}

void
ht_init_limits(struct ht *t, const struct hub_limits *guard)
{
	struct hub_config	 cfg = { .server = "hcwedd/test" };
	struct store_user	 u;
	char			*cause = NULL, pw[32];

	memset(t, 0, sizeof *t);
	t->dir = testlib_tmpdir("test_hub");
	t->path = xasprintf("%s/hub.db", t->dir);
	if (store_open(t->path, &t->store, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(pw, sizeof pw, "pw-%s", ht_names[i]);
		if (ht_hashes[i] == NULL &&
		    passwd_hash(pw, &ht_hashes[i], &cause) != 0)
			exit(99);
		memset(&u, 0, sizeof u);
		snprintf(u.name, sizeof u.name, "%s", ht_names[i]);
		snprintf(u.display, sizeof u.display, "The %s", ht_names[i]);
		snprintf(u.role, sizeof u.role, i == 1 ? "nurse" : "doctor");
		u.hash = ht_hashes[i];
		if (store_user_add(t->store, &u, &cause) != 0)
			exit(99);
	}
	proto_limits_default(&cfg.limits);
	cfg.limits.line_max = 1024;
	cfg.limits.body_max = 100;
	cfg.batch_max = HT_BATCH_MAX;
	cfg.guard = *guard;
	t->hub = hub_create(t->store, &cfg);
}

void
ht_done(struct ht *t)
{
	hub_free(t->hub);
	store_close(t->store);
	testlib_rmdir(t->dir);
	free(t->dir);
	free(t->path);
}

struct ht_conn *
ht_open(struct ht *t)
{
	struct ht_conn	*c = xcalloc(1, sizeof *c);

	c->s = hub_session_open(t->hub, &ht_ops, c);
	return c;
}

struct ht_conn *
ht_login(struct ht *t, const char *user)
{
	struct ht_conn	*c = ht_open(t);
	char		 line[128];

	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	snprintf(line, sizeof line, "{\"cmd\":\"login\",\"user\":\"%s\","
	    "\"password\":\"pw-%s\"}", user, user);
	ht_in(c, line);
	if (strcmp(ht_str(c, 1, "reply"), "login") != 0) {
		fprintf(stderr, "login %s failed: %s\n", user, ht_line(c, 1));
		exit(99);
	}
	ht_clear(c);
	return c;
}

void
ht_close(struct ht_conn *c)
{
	if (c->s != NULL)
		hub_session_close(c->s);
	ht_clear(c);
	free(c);
}

void
ht_in(struct ht_conn *c, const char *line)
{
	hub_session_input(c->s, line, strlen(line), HT_NOW);
}

void
ht_in_at(struct ht_conn *c, const char *line, int64_t now)
{
	hub_session_input(c->s, line, strlen(line), now);
}

void
ht_clear(struct ht_conn *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->lines[i]);
	c->n = 0;
}

const char *
ht_line(struct ht_conn *c, size_t i)
{
	return i < c->n ? c->lines[i] : "";
}

static struct json_object *
ht_member(struct ht_conn *c, size_t i, const char *key, struct json_object **root)
{
	struct json_object	*v;

	*root = NULL;
	if (i >= c->n || (*root = json_tokener_parse(c->lines[i])) == NULL)
		return NULL;
	if (!json_object_object_get_ex(*root, key, &v))
		return NULL;
	return v;
}

int64_t
ht_int(struct ht_conn *c, size_t i, const char *key)
{
	struct json_object	*root, *v = ht_member(c, i, key, &root);
	int64_t			 n = -1;

	if (v != NULL && json_object_is_type(v, json_type_int))
		n = json_object_get_int64(v);
	json_object_put(root);
	return n;
}

const char *
ht_str(struct ht_conn *c, size_t i, const char *key)
{
	/* A few buffers in turn, so two results can be compared. */
	static char		 bufs[HT_STR_KEPT][256];
	static unsigned		 next;
	char			*buf = bufs[next++ % HT_STR_KEPT];
	struct json_object	*root, *v = ht_member(c, i, key, &root);

	buf[0] = '\0';
	if (v != NULL)
		snprintf(buf, sizeof bufs[0], "%s", json_object_get_string(v));
	json_object_put(root);
	return buf;
}

size_t
ht_count(struct ht_conn *c, const char *key, const char *value)
{
	size_t	n = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(ht_str(c, i, key), value) == 0)
			n++;
	}
	return n;
}

size_t
ht_stored(struct ht *t, const char *user, const char *peer)
{
	struct proto_message	*msgs;
	size_t			 n;
	bool			 more;
	char			*cause;

	if (store_history(t->store, user, peer, 0, 500, &msgs, &n, &more,
	    &cause) != 0)
		exit(99);
	store_messages_free(msgs, n);
	return n;
}

struct ht_conn *
ht_open_from(struct ht *t, const char *peer)
{
	struct ht_conn	*c = ht_open(t);

	hub_session_set_peer(c->s, peer);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_clear(c);
	return c;
}

int64_t
ht_try_login(struct ht_conn *c, const char *user, const char *pw,
    int64_t now)
{
	char	line[160];

	ht_clear(c);
	snprintf(line, sizeof line, "{\"cmd\":\"login\",\"user\":\"%s\","
	    "\"password\":\"%s\"}", user, pw);
	ht_in_at(c, line, now);
	if (strcmp(ht_str(c, 0, "reply"), "login") == 0)
		return 0;
	return ht_int(c, 0, "error");
}

static int
ht_rows_cb(void *arg, const struct store_audit *a)
{
	struct ht_rows	*r = arg;

	if (r->n < HT_ROWS)
		r->a[r->n++] = *a;
	return 0;
}

void
ht_audit_rows(struct ht *t, struct ht_rows *r, int64_t now)
{
	char	*cause = NULL;

	hub_flush(t->hub, now);
	r->n = 0;
	if (store_audit_walk(t->store, 0, NULL, ht_rows_cb, r, &cause) != 0)
		exit(99);
}

size_t
ht_rows_count(const struct ht_rows *r, const char *event, const char *user)
{
	size_t	n = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->a[i].event, event) == 0 &&
		    (user == NULL || strcmp(r->a[i].user, user) == 0))
			n++;
	}
	return n;
}
