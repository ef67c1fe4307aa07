#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto_json.h"
#include "src/base/xmalloc.h"

/*
 * Members are added in the order docs/PROTOCOL.md shows them (json-c keeps
 * insertion order), with the tag last.
 */

static struct json_object *
proto_obj(const char *kind, const char *name)
{
	struct json_object	*obj = json_object_new_object();

	json_object_object_add(obj, kind, json_object_new_string(name));
	return obj;
}

static void
proto_add_str(struct json_object *obj, const char *key, const char *s)
{
	json_object_object_add(obj, key, json_object_new_string(s));
}

static void
proto_add_int(struct json_object *obj, const char *key, int64_t v)
{
	json_object_object_add(obj, key, json_object_new_int64(v));
}

static void
proto_add_bool(struct json_object *obj, const char *key, bool v)
{
	json_object_object_add(obj, key, json_object_new_boolean(v));
}

static char *
proto_finish(struct json_object *obj, const char *tag, size_t *len)
{
	if (tag != NULL && *tag != '\0')
		proto_add_str(obj, "tag", tag);
	return proto_json_line(obj, len);
}

static struct json_object *
proto_user_obj(const struct proto_user *u)
{
	struct json_object	*obj = json_object_new_object();

	proto_add_str(obj, "user", u->user);
	proto_add_str(obj, "display", u->display);
	proto_add_str(obj, "role", u->role);
	proto_add_str(obj, "presence", proto_presence_name(u->presence));
	return obj;
}

/* A message without "event", as it appears in history and sync. */
static struct json_object *
proto_message_obj(struct json_object *obj, const struct proto_message *m)
{
	proto_add_int(obj, "mid", m->mid);
	proto_add_int(obj, "ts", m->ts);
	proto_add_str(obj, "from", m->from);
	proto_add_str(obj, "to", m->to);
	json_object_object_add(obj, "body",
	    json_object_new_string_len(m->body, (int)m->body_len));
	proto_add_str(obj, "priority", proto_priority_name(m->priority));
	proto_add_str(obj, "cid", m->cid);
	if (m->has_state)
		proto_add_str(obj, "state", proto_state_name(m->state));
	return obj;
}

static struct json_object *
proto_receipt_obj(struct json_object *obj, const struct proto_receipt *r)
{
	proto_add_int(obj, "rid", r->rid);
	proto_add_int(obj, "mid", r->mid);
	proto_add_str(obj, "by", r->by);
	proto_add_str(obj, "state", proto_state_name(r->state));
	proto_add_int(obj, "ts", r->ts);
	return obj;
}

char *
proto_encode_request(const struct proto_request *req, size_t *len)
{
	struct json_object	*obj = proto_obj("cmd", proto_cmd_name(req->cmd));
	struct json_object	*arr;

	switch (req->cmd) {
	case PROTO_CMD_HELLO:
		proto_add_int(obj, "version", req->hello.version);
		if (req->hello.client[0] != '\0')
			proto_add_str(obj, "client", req->hello.client);
		break;
	case PROTO_CMD_LOGIN:
		proto_add_str(obj, "user", req->login.user);
		proto_add_str(obj, "password", req->login.password);
		break;
	case PROTO_CMD_PRESENCE:
		proto_add_str(obj, "status",
		    proto_presence_name(req->presence.status));
		break;
	case PROTO_CMD_SEND:
		proto_add_str(obj, "to", req->send.to);
		json_object_object_add(obj, "body", json_object_new_string_len(
		    req->send.body, (int)req->send.body_len));
		proto_add_str(obj, "priority",
		    proto_priority_name(req->send.priority));
		proto_add_str(obj, "cid", req->send.cid);
		break;
	case PROTO_CMD_RECEIPT:
		proto_add_str(obj, "state", proto_state_name(req->receipt.state));
		arr = json_object_new_array_ext((int)req->receipt.n);
		for (size_t i = 0; i < req->receipt.n; i++)
			json_object_array_add(arr,
			    json_object_new_int64(req->receipt.mids[i]));
		json_object_object_add(obj, "mids", arr);
		break;
	case PROTO_CMD_HISTORY:
		proto_add_str(obj, "with", req->history.with);
		if (req->history.before > 0)
			proto_add_int(obj, "before", req->history.before);
		proto_add_int(obj, "limit", req->history.limit);
		break;
	case PROTO_CMD_SYNC:
		if (!req->sync.undelivered)
			proto_add_int(obj, "after", req->sync.after);
		proto_add_int(obj, "receipts_after", req->sync.receipts_after);
		proto_add_int(obj, "limit", req->sync.limit);
		break;
	case PROTO_CMD_RECEIPTS:
		proto_add_int(obj, "mid", req->receipts.mid);
		if (req->receipts.after > 0)
			proto_add_int(obj, "after", req->receipts.after);
		proto_add_int(obj, "limit", req->receipts.limit);
		break;
	case PROTO_CMD_LOGOUT:
	case PROTO_CMD_WHO:
	case PROTO_CMD_PING:
	case PROTO_CMD_UNREAD:
		break;
	}
	return proto_finish(obj, req->tag, len);
}

char *
proto_encode_error(int code, const char *message, const char *cmd,
    const char *tag, size_t *len)
{
	return proto_encode_wait(code, message, cmd, tag, -1, len);
}

char *
proto_encode_wait(int code, const char *message, const char *cmd,
    const char *tag, int64_t retry_after_ms, size_t *len)
{
	struct json_object	*obj = json_object_new_object();

	proto_add_int(obj, "error", code);
	proto_add_str(obj, "message", message != NULL ? message : "");
	if (cmd != NULL && *cmd != '\0')
		proto_add_str(obj, "cmd", cmd);
	if (retry_after_ms >= 0)
		proto_add_int(obj, "retry_after_ms", retry_after_ms);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_hello(const char *tag, const char *server,
    const struct proto_limits *limits, size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "hello");
	struct json_object	*lim = json_object_new_object();

	proto_add_int(obj, "version", PROTO_VERSION);
	proto_add_str(obj, "server", server);
	proto_add_int(lim, "line", (int64_t)limits->line_max);
	proto_add_int(lim, "body", (int64_t)limits->body_max);
	json_object_object_add(obj, "limits", lim);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_login(const char *tag, const struct proto_user *u, size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "login");

	proto_add_str(obj, "user", u->user);
	proto_add_str(obj, "display", u->display);
	proto_add_str(obj, "role", u->role);
	proto_add_str(obj, "presence", proto_presence_name(u->presence));
	return proto_finish(obj, tag, len);
}

char *
proto_encode_ok(const char *name, const char *tag, size_t *len)
{
	return proto_finish(proto_obj("reply", name), tag, len);
}

char *
proto_encode_pong(const char *tag, size_t *len)
{
	return proto_finish(proto_obj("reply", "pong"), tag, len);
}

char *
proto_encode_ack(const char *tag, const char *cid, int64_t mid, int64_t ts,
    bool duplicate, size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "ack");

	proto_add_str(obj, "cid", cid);
	proto_add_int(obj, "mid", mid);
	proto_add_int(obj, "ts", ts);
	if (duplicate)
		proto_add_bool(obj, "duplicate", true);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_who(const char *tag, const struct proto_user *users, size_t n,
    size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "who");
	struct json_object	*arr = json_object_new_array_ext((int)n);

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, proto_user_obj(&users[i]));
	json_object_object_add(obj, "users", arr);
	return proto_finish(obj, tag, len);
}

/*
 * How many of the n objs fit in *room bytes, each costing its length and
 * a comma, counted from the first or (backwards) from the last; at least
 * min, whatever they cost.  *room is what is left.
 */
static size_t
proto_fill(struct json_object **objs, size_t n, bool backwards,
    size_t min, size_t *room)
{
	size_t	k, cost;

	for (k = 0; k < n; k++) {
		cost = proto_json_len(objs[backwards ? n - 1 - k : k]) + 1;
		if (cost > *room && k >= min)
			break;
		*room = cost > *room ? 0 : *room - cost;
	}
	return k;
}

static struct json_object **
proto_message_objs(const struct proto_message *msgs, size_t n)
{
	struct json_object	**objs = xreallocarray(NULL, n + 1,
				    sizeof *objs);

	for (size_t i = 0; i < n; i++)
		objs[i] = proto_message_obj(json_object_new_object(), &msgs[i]);
	return objs;
}

/* Move objs [from, from + k) into a new array; put the rest. */
static struct json_object *
proto_array_of(struct json_object **objs, size_t n, size_t from, size_t k)
{
	struct json_object	*arr = json_object_new_array_ext((int)k);

	for (size_t i = 0; i < n; i++) {
		if (i >= from && i < from + k)
			json_object_array_add(arr, objs[i]);
		else
			json_object_put(objs[i]);
	}
	free(objs);
	return arr;
}

/*
 * What the envelope costs: the reply with empty arrays, widest cursors
 * (20 digits each) and the tag, and the "\n".
 */
static size_t
proto_envelope(const char *kind, const char *with, const char *tag)
{
	struct json_object	*obj = proto_obj("reply", kind);
	size_t			 n;

	if (with != NULL)
		proto_add_str(obj, "with", with);
	json_object_object_add(obj, "messages", json_object_new_array());
	if (with == NULL) {
		json_object_object_add(obj, "receipts",
		    json_object_new_array());
		proto_add_int(obj, "last", INT64_MIN);
		proto_add_int(obj, "last_receipt", INT64_MIN);
	}
	proto_add_bool(obj, "more", false);
	if (tag != NULL && *tag != '\0')
		proto_add_str(obj, "tag", tag);
	n = proto_json_len(obj) + 1;
	json_object_put(obj);
	return n;
}

char *
proto_encode_history(const char *tag, const char *with,
    const struct proto_page *p, size_t max, size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "history");
	struct json_object	**objs = proto_message_objs(p->msgs, p->n);
	size_t			 env = proto_envelope("history", with, tag);
	size_t			 room = max == 0 ? SIZE_MAX : max > env ?
				    max - env : 0;
	size_t			 k;

	/* Commas: one fewer than items, so the first is paid for ahead. */
	if (room != SIZE_MAX && p->n > 0)
		room++;
	k = proto_fill(objs, p->n, true, 1, &room);
	proto_add_str(obj, "with", with);
	json_object_object_add(obj, "messages",
	    proto_array_of(objs, p->n, p->n - k, k));
	proto_add_bool(obj, "more", p->more || k < p->n);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_sync(const char *tag, const struct proto_page *p, size_t max,
    size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "sync");
	struct json_object	**objs = proto_message_objs(p->msgs, p->n);
	struct json_object	**robjs;
	size_t			 env = proto_envelope("sync", NULL, tag);
	size_t			 room = max == 0 ? SIZE_MAX : max > env ?
				    max - env : 0;
	size_t			 k, kr;
	bool			 cut;

	/* Commas: one fewer than items in each array that has one. */
	if (room != SIZE_MAX)
		room += (p->n > 0) + (p->nreceipts > 0);
	k = proto_fill(objs, p->n, false, 1, &room);
	cut = k < p->n;
	robjs = xreallocarray(NULL, p->nreceipts + 1, sizeof *robjs);
	for (size_t i = 0; i < p->nreceipts; i++)
		robjs[i] = proto_receipt_obj(json_object_new_object(),
		    &p->receipts[i]);
	/* Receipts after cut messages would wait all the same. */
	kr = proto_fill(robjs, p->nreceipts, false, 0, &room);
	json_object_object_add(obj, "messages",
	    proto_array_of(objs, p->n, 0, k));
	json_object_object_add(obj, "receipts",
	    proto_array_of(robjs, p->nreceipts, 0, kr));
	proto_add_int(obj, "last", !cut ? p->last : k > 0 ?
	    p->msgs[k - 1].mid : p->after);
	proto_add_int(obj, "last_receipt", kr == p->nreceipts ?
	    p->last_receipt : kr > 0 ? p->receipts[kr - 1].rid :
	    p->receipts_after);
	proto_add_bool(obj, "more", p->more || cut || kr < p->nreceipts);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_receipts(const char *tag, int64_t mid,
    const struct proto_page *p, size_t max, size_t *len)
{
	struct json_object	*obj = proto_obj("reply", "receipts");
	struct json_object	*env = proto_obj("reply", "receipts");
	struct json_object	**robjs;
	size_t			 room, k, n;

	/* The envelope with the widest cursor, as proto_envelope() does. */
	proto_add_int(env, "mid", mid);
	json_object_object_add(env, "receipts", json_object_new_array());
	proto_add_int(env, "last", INT64_MIN);
	proto_add_bool(env, "more", false);
	if (tag != NULL && *tag != '\0')
		proto_add_str(env, "tag", tag);
	n = proto_json_len(env) + 1;
	json_object_put(env);
	room = max == 0 ? SIZE_MAX : max > n ? max - n + (p->nreceipts > 0) : 0;
	robjs = xreallocarray(NULL, p->nreceipts + 1, sizeof *robjs);
	for (size_t i = 0; i < p->nreceipts; i++)
		robjs[i] = proto_receipt_obj(json_object_new_object(),
		    &p->receipts[i]);
	k = proto_fill(robjs, p->nreceipts, false, 0, &room);
	proto_add_int(obj, "mid", mid);
	json_object_object_add(obj, "receipts",
	    proto_array_of(robjs, p->nreceipts, 0, k));
	proto_add_int(obj, "last", k == p->nreceipts ? p->last_receipt :
	    k > 0 ? p->receipts[k - 1].rid : p->receipts_after);
	proto_add_bool(obj, "more", p->more || k < p->nreceipts);
	return proto_finish(obj, tag, len);
}

char *
proto_encode_message(const struct proto_message *m, size_t *len)
{
	return proto_json_line(proto_message_obj(proto_obj("event", "message"),
	    m), len);
}

char *
proto_encode_receipt(const struct proto_receipt *r, size_t *len)
{
	return proto_json_line(proto_receipt_obj(proto_obj("event", "receipt"),
	    r), len);
}

char *
proto_encode_presence(const char *user, enum proto_presence p, size_t *len)
{
	struct json_object	*obj = proto_obj("event", "presence");

	proto_add_str(obj, "user", user);
	proto_add_str(obj, "presence", proto_presence_name(p));
	return proto_json_line(obj, len);
}

char *
proto_encode_bye(const char *reason, size_t *len)
{
	struct json_object	*obj = proto_obj("event", "bye");

	proto_add_str(obj, "reason", reason);
	return proto_json_line(obj, len);
}
