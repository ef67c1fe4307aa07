#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto_json.h"
#include "src/base/xmalloc.h"

/* Copy at most size - 1 bytes, cutting before a partial UTF-8 sequence. */
static void
proto_copy_trunc(char *buf, size_t size, const char *s)
{
	size_t	n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static int
proto_decode_presence_value(struct json_object *obj, const char *key,
    enum proto_presence *out, struct proto_err *err)
{
	const char	*s;

	if (proto_json_string(obj, key, true, SIZE_MAX, &s, NULL, err) != 0)
		return -1;
	if (proto_presence_parse(s, out) == -1) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" is not a presence", key);
		return -1;
	}
	return 0;
}

static int
proto_decode_user(struct json_object *obj, struct proto_user *u,
    struct proto_err *err)
{
	if (!json_object_is_type(obj, json_type_object)) {
		proto_err_set(err, PROTO_E_INVALID, "a user must be an object");
		return -1;
	}
	if (proto_json_name(obj, "user", false, u->user, err) != 0 ||
	    proto_json_copy(obj, "display", false, u->display,
	    sizeof u->display, err) == -1 ||
	    proto_json_copy(obj, "role", false, u->role, sizeof u->role,
	    err) == -1)
		return -1;
	return proto_decode_presence_value(obj, "presence", &u->presence, err);
}

static int
proto_decode_unread(struct json_object *obj, struct proto_smsg *m,
    struct proto_err *err)
{
	struct json_object	*arr, *c;
	struct proto_unread	*u;
	int64_t			 v;
	size_t			 n;

	m->kind = PROTO_S_UNREAD;
	if (proto_json_array(obj, "conversations", true, 0, SIZE_MAX, &arr, &n,
	    err) != 0 ||
	    proto_json_int(obj, "last", true, 0, INT64_MAX, &m->unread.last,
	    err) != 0 ||
	    proto_json_bool(obj, "more", false, &m->unread.more, err) == -1)
		return -1;
	m->unread.convs = xcalloc(n + 1, sizeof *m->unread.convs);
	for (m->unread.n = 0; m->unread.n < n; m->unread.n++) {
		c = json_object_array_get_idx(arr, m->unread.n);
		u = &m->unread.convs[m->unread.n];
		if (!json_object_is_type(c, json_type_object)) {
			proto_err_set(err, PROTO_E_INVALID,
			    "a conversation must be an object");
			return -1;
		}
		if (proto_json_copy(c, "with", true, u->with, sizeof u->with,
		    err) != 0 ||
		    proto_json_int(c, "unread", true, 0, UINT32_MAX, &v,
		    err) != 0)
			return -1;
		u->unread = (unsigned)v;
		if (proto_json_int(c, "urgent", true, 0, UINT32_MAX, &v,
		    err) != 0)
			return -1;
		u->urgent = (unsigned)v;
	}
	return 0;
}

static int
proto_decode_message(struct json_object *obj,
    const struct proto_limits *limits, struct proto_message *m,
    struct proto_err *err)
{
	const char	*s;
	size_t		 n;
	int		 rc;

	memset(m, 0, sizeof *m);
	if (!json_object_is_type(obj, json_type_object)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "a message must be an object");
		return -1;
	}
	if (proto_json_int(obj, "mid", true, 1, INT64_MAX, &m->mid, err) != 0 ||
	    proto_json_int(obj, "ts", true, 0, INT64_MAX, &m->ts, err) != 0 ||
	    proto_json_name(obj, "from", false, m->from, err) != 0 ||
	    proto_json_name(obj, "to", true, m->to, err) != 0 ||
	    proto_json_copy(obj, "cid", false, m->cid, sizeof m->cid,
	    err) == -1)
		return -1;
	if ((rc = proto_json_string(obj, "priority", false, SIZE_MAX, &s, NULL,
	    err)) == -1)
		return -1;
	if (rc == 0 && proto_priority_parse(s, &m->priority) == -1) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"priority\" must be \"normal\" or \"urgent\"");
		return -1;
	}
	if ((rc = proto_json_string(obj, "state", false, SIZE_MAX, &s, NULL,
	    err)) == -1)
		return -1;
	if (rc == 0) {
		if (proto_state_parse(s, &m->state) == -1) {
			proto_err_set(err, PROTO_E_INVALID,
			    "member \"state\" is not a message state");
			return -1;
		}
		m->has_state = true;
	}
	if (proto_json_string(obj, "body", true, limits->body_max, &s, &n,
	    err) != 0)
		return -1;
	m->body = xstrndup(s, n);
	m->body_len = n;
	return 0;
}

static int
proto_decode_receipt_value(struct json_object *obj, struct proto_receipt *r,
    struct proto_err *err)
{
	const char	*s;

	if (!json_object_is_type(obj, json_type_object)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "a receipt must be an object");
		return -1;
	}
	if (proto_json_int(obj, "rid", true, 1, INT64_MAX, &r->rid, err) != 0 ||
	    proto_json_int(obj, "mid", true, 1, INT64_MAX, &r->mid, err) != 0 ||
	    proto_json_int(obj, "ts", true, 0, INT64_MAX, &r->ts, err) != 0 ||
	    proto_json_name(obj, "by", false, r->by, err) != 0 ||
	    proto_json_string(obj, "state", true, SIZE_MAX, &s, NULL, err) != 0)
		return -1;
	if (proto_state_parse(s, &r->state) == -1) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"state\" is not a message state");
		return -1;
	}
	return 0;
}

/* messages: an array of message objects into a malloc'd array. */
static int
proto_decode_messages(struct json_object *obj,
    const struct proto_limits *limits, struct proto_message **out, size_t *n,
    struct proto_err *err)
{
	struct json_object	*arr;
	size_t			 len;

	if (proto_json_array(obj, "messages", true, 0, SIZE_MAX, &arr, &len,
	    err) != 0)
		return -1;
	*out = xcalloc(len, sizeof **out);
	for (*n = 0; *n < len; (*n)++) {
		if (proto_decode_message(json_object_array_get_idx(arr, *n),
		    limits, &(*out)[*n], err) == -1)
			return -1;
	}
	return 0;
}

static int
proto_decode_hello_reply(struct json_object *obj, struct proto_smsg *m,
    struct proto_err *err)
{
	struct json_object	*lim;
	int64_t			 v, line, body;

	if (proto_json_int(obj, "version", true, 1, UINT16_MAX, &v, err) != 0 ||
	    proto_json_copy(obj, "server", false, m->hello.server,
	    sizeof m->hello.server, err) == -1)
		return -1;
	m->hello.version = (unsigned)v;
	if (!json_object_object_get_ex(obj, "limits", &lim) ||
	    !json_object_is_type(lim, json_type_object)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"limits\" must be an object");
		return -1;
	}
	if (proto_json_int(lim, "line", true, 2, INT32_MAX, &line, err) != 0 ||
	    proto_json_int(lim, "body", true, 1, INT32_MAX, &body, err) != 0)
		return -1;
	m->hello.line_max = (size_t)line;
	m->hello.body_max = (size_t)body;
	return 0;
}

static int
proto_decode_reply(struct json_object *obj, const char *name,
    const struct proto_limits *limits, struct proto_smsg *m,
    struct proto_err *err)
{
	struct json_object	*arr;
	size_t			 n;

	if (strcmp(name, "hello") == 0) {
		m->kind = PROTO_S_HELLO;
		return proto_decode_hello_reply(obj, m, err);
	}
	if (strcmp(name, "login") == 0) {
		m->kind = PROTO_S_LOGIN;
		return proto_decode_user(obj, &m->login, err);
	}
	if (strcmp(name, "logout") == 0 || strcmp(name, "presence") == 0 ||
	    strcmp(name, "receipt") == 0) {
		m->kind = PROTO_S_OK;
		strcpy(m->name, name);
		return 0;
	}
	if (strcmp(name, "pong") == 0) {
		m->kind = PROTO_S_PONG;
		return 0;
	}
	if (strcmp(name, "ack") == 0) {
		m->kind = PROTO_S_ACK;
		if (proto_json_copy(obj, "cid", true, m->ack.cid,
		    sizeof m->ack.cid, err) != 0 ||
		    proto_json_int(obj, "mid", true, 1, INT64_MAX, &m->ack.mid,
		    err) != 0 ||
		    proto_json_int(obj, "ts", true, 0, INT64_MAX, &m->ack.ts,
		    err) != 0 ||
		    proto_json_bool(obj, "duplicate", false, &m->ack.duplicate,
		    err) == -1)
			return -1;
		return 0;
	}
	if (strcmp(name, "who") == 0) {
		m->kind = PROTO_S_WHO;
		if (proto_json_array(obj, "users", true, 0, SIZE_MAX, &arr, &n,
		    err) != 0)
			return -1;
		m->who.users = xcalloc(n, sizeof *m->who.users);
		for (m->who.n = 0; m->who.n < n; m->who.n++) {
			if (proto_decode_user(json_object_array_get_idx(arr,
			    m->who.n), &m->who.users[m->who.n], err) == -1)
				return -1;
		}
		return 0;
	}
	if (strcmp(name, "unread") == 0)
		return proto_decode_unread(obj, m, err);
	if (strcmp(name, "history") == 0) {
		m->kind = PROTO_S_HISTORY;
		if (proto_json_name(obj, "with", true, m->history.with,
		    err) != 0 ||
		    proto_decode_messages(obj, limits, &m->history.msgs,
		    &m->history.n, err) == -1 ||
		    proto_json_bool(obj, "more", false, &m->history.more,
		    err) == -1)
			return -1;
		return 0;
	}
	if (strcmp(name, "sync") == 0) {
		m->kind = PROTO_S_SYNC;
		if (proto_decode_messages(obj, limits, &m->sync.msgs,
		    &m->sync.n, err) == -1 ||
		    proto_json_array(obj, "receipts", true, 0, SIZE_MAX, &arr,
		    &n, err) != 0)
			return -1;
		m->sync.receipts = xcalloc(n, sizeof *m->sync.receipts);
		for (m->sync.nreceipts = 0; m->sync.nreceipts < n;
		    m->sync.nreceipts++) {
			if (proto_decode_receipt_value(
			    json_object_array_get_idx(arr, m->sync.nreceipts),
			    &m->sync.receipts[m->sync.nreceipts], err) == -1)
				return -1;
		}
		if (proto_json_int(obj, "last", true, 0, INT64_MAX,
		    &m->sync.last, err) != 0 ||
		    proto_json_int(obj, "last_receipt", true, 0, INT64_MAX,
		    &m->sync.last_receipt, err) != 0 ||
		    proto_json_bool(obj, "more", false, &m->sync.more,
		    err) == -1)
			return -1;
		return 0;
	}
	proto_err_set(err, PROTO_E_UNKNOWN_COMMAND, "unknown reply: %.64s",
	    name);
	return -1;
}

static int
proto_decode_event(struct json_object *obj, const char *name,
    const struct proto_limits *limits, struct proto_smsg *m,
    struct proto_err *err)
{
	const char	*s = NULL;

	if (strcmp(name, "message") == 0) {
		m->kind = PROTO_S_MESSAGE;
		return proto_decode_message(obj, limits, &m->message, err);
	}
	if (strcmp(name, "receipt") == 0) {
		m->kind = PROTO_S_RECEIPT;
		return proto_decode_receipt_value(obj, &m->receipt, err);
	}
	if (strcmp(name, "presence") == 0) {
		m->kind = PROTO_S_PRESENCE;
		if (proto_json_name(obj, "user", false, m->presence.user,
		    err) != 0)
			return -1;
		return proto_decode_presence_value(obj, "presence",
		    &m->presence.presence, err);
	}
	if (strcmp(name, "user") == 0) {
		m->kind = PROTO_S_USER;
		if (proto_decode_user(obj, &m->account.user, err) == -1 ||
		    proto_json_bool(obj, "deleted", false, &m->account.deleted,
		    err) == -1)
			return -1;
		return 0;
	}
	if (strcmp(name, "bye") == 0) {
		m->kind = PROTO_S_BYE;
		if (proto_json_string(obj, "reason", false, SIZE_MAX, &s, NULL,
		    err) == -1)
			return -1;
		proto_copy_trunc(m->bye.reason, sizeof m->bye.reason,
		    s != NULL ? s : "");
		return 0;
	}
	proto_err_set(err, PROTO_E_UNKNOWN_COMMAND, "unknown event: %.64s",
	    name);
	return -1;
}

static int
proto_decode_error(struct json_object *obj, struct proto_smsg *m,
    struct proto_err *err)
{
	const char	*s = NULL;
	int64_t		 code;
	size_t		 n;

	m->kind = PROTO_S_ERROR;
	if (proto_json_int(obj, "error", true, 100, 999, &code, err) != 0 ||
	    proto_json_string(obj, "message", false, SIZE_MAX, &s, NULL,
	    err) == -1)
		return -1;
	m->error.code = (int)code;
	proto_copy_trunc(m->error.message, sizeof m->error.message,
	    s != NULL ? s : "");
	s = NULL;
	if (proto_json_string(obj, "cmd", false, SIZE_MAX, &s, &n, err) == -1)
		return -1;
	if (s != NULL && n < sizeof m->error.cmd)
		memcpy(m->error.cmd, s, n + 1);
	return 0;
}

int
proto_decode_server(const char *line, size_t len,
    const struct proto_limits *limits, struct proto_smsg *m,
    struct proto_err *err)
{
	struct json_object	*obj, *v;
	const char		*s;
	int			 rc;

	memset(m, 0, sizeof *m);
	memset(err, 0, sizeof *err);
	if ((obj = proto_json_parse(line, len, limits, err)) == NULL)
		return -1;
	rc = proto_json_copy(obj, "tag", false, m->tag, sizeof m->tag, err);
	if (rc != -1) {
		strcpy(err->tag, m->tag);
		if (json_object_object_get_ex(obj, "error", NULL))
			rc = proto_decode_error(obj, m, err);
		else if (json_object_object_get_ex(obj, "reply", &v))
			rc = proto_json_string(obj, "reply", true, 15, &s, NULL,
			    err) == 0 ? proto_decode_reply(obj, s, limits, m, err)
			    : -1;
		else if (json_object_object_get_ex(obj, "event", &v))
			rc = proto_json_string(obj, "event", true, 15, &s, NULL,
			    err) == 0 ? proto_decode_event(obj, s, limits, m, err)
			    : -1;
		else {
			proto_err_set(err, PROTO_E_INVALID, "missing member "
			    "\"reply\", \"event\" or \"error\"");
			rc = -1;
		}
	}
	json_object_put(obj);
	if (rc == -1) {
		proto_smsg_free(m);
		return -1;
	}
	memset(err, 0, sizeof *err);
	return 0;
}

void
proto_message_free(struct proto_message *msg)
{
	free(msg->body);
	memset(msg, 0, sizeof *msg);
}

void
proto_smsg_free(struct proto_smsg *m)
{
	switch (m->kind) {
	case PROTO_S_WHO:
		free(m->who.users);
		break;
	case PROTO_S_UNREAD:
		free(m->unread.convs);
		break;
	case PROTO_S_HISTORY:
		for (size_t i = 0; i < m->history.n; i++)
			proto_message_free(&m->history.msgs[i]);
		free(m->history.msgs);
		break;
	case PROTO_S_SYNC:
		for (size_t i = 0; i < m->sync.n; i++)
			proto_message_free(&m->sync.msgs[i]);
		free(m->sync.msgs);
		free(m->sync.receipts);
		break;
	case PROTO_S_MESSAGE:
		proto_message_free(&m->message);
		break;
	default:
		break;
	}
	memset(m, 0, sizeof *m);
}
