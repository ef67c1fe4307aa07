#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto_json.h"
#include "src/base/xmalloc.h"

#define PROTO_VERSION_MAX	65535

static int
proto_decode_hello(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	int64_t	v;

	if (proto_json_int(obj, "version", true, 1, PROTO_VERSION_MAX, &v,
	    err) != 0)
		return -1;
	req->hello.version = (unsigned)v;
	if (proto_json_copy(obj, "client", false, req->hello.client,
	    sizeof req->hello.client, err) == -1)
		return -1;
	return 0;
}

static int
proto_decode_login(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	if (proto_json_name(obj, "user", false, req->login.user, err) != 0)
		return -1;
	if (proto_json_copy(obj, "password", true, req->login.password,
	    sizeof req->login.password, err) != 0)
		return -1;
	if (req->login.password[0] == '\0') {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"password\" must not be empty");
		return -1;
	}
	return 0;
}

static int
proto_decode_presence(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	const char	*s;

	if (proto_json_string(obj, "status", true, SIZE_MAX, &s, NULL, err) != 0)
		return -1;
	if (proto_presence_parse(s, &req->presence.status) == -1 ||
	    req->presence.status == PROTO_PRESENCE_OFFLINE) {
		proto_err_set(err, PROTO_E_INVALID, "member \"status\" must be "
		    "\"available\", \"busy\" or \"away\"");
		return -1;
	}
	return 0;
}

static int
proto_decode_send(struct json_object *obj, const struct proto_limits *limits,
    struct proto_request *req, struct proto_err *err)
{
	const char	*s;
	size_t		 n;
	char		 buf[16];
	int		 rc;

	if (proto_json_name(obj, "to", true, req->send.to, err) != 0)
		return -1;
	if (proto_json_string(obj, "body", true, SIZE_MAX, &s, &n, err) != 0)
		return -1;
	if (n == 0) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"body\" must not be empty");
		return -1;
	}
	if (n > limits->body_max) {
		proto_err_set(err, PROTO_E_TOO_LONG,
		    "body too long: %zu bytes, limit %zu", n, limits->body_max);
		return -1;
	}
	if (proto_json_string(obj, "cid", true, SIZE_MAX, &s, &n, err) != 0)
		return -1;
	if (!proto_cid_valid(s, n)) {
		proto_err_set(err, PROTO_E_INVALID, "member \"cid\" must be "
		    "1..%d printable ASCII characters", PROTO_CID_MAX);
		return -1;
	}
	memcpy(req->send.cid, s, n + 1);
	req->send.priority = PROTO_PRIO_NORMAL;
	rc = proto_json_string(obj, "priority", false, SIZE_MAX, &s, NULL, err);
	if (rc == -1)
		return -1;
	if (rc == 0 && (strlen(s) >= sizeof buf ||
	    proto_priority_parse(s, &req->send.priority) == -1)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"priority\" must be \"normal\" or \"urgent\"");
		return -1;
	}
	/* Only now, so that a refused request owns nothing. */
	proto_json_string(obj, "body", true, SIZE_MAX, &s, &n, err);
	req->send.body = xstrndup(s, n);
	req->send.body_len = n;
	return 0;
}

static int
proto_decode_receipt(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	struct json_object	*arr, *v;
	const char		*s;
	size_t			 n;

	if (proto_json_string(obj, "state", true, SIZE_MAX, &s, NULL, err) != 0)
		return -1;
	if (proto_state_parse(s, &req->receipt.state) == -1 ||
	    req->receipt.state == PROTO_STATE_STORED) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"state\" must be \"delivered\" or \"read\"");
		return -1;
	}
	if (proto_json_array(obj, "mids", true, 1, PROTO_RECEIPT_MAX, &arr, &n,
	    err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) <= 0 ||
		    json_object_get_int64(v) == INT64_MAX) {
			proto_err_set(err, PROTO_E_INVALID, "member \"mids\" "
			    "must hold positive integers (item %zu)", i);
			return -1;
		}
	}
	req->receipt.mids = xreallocarray(NULL, n, sizeof *req->receipt.mids);
	for (size_t i = 0; i < n; i++)
		req->receipt.mids[i] =
		    json_object_get_int64(json_object_array_get_idx(arr, i));
	req->receipt.n = n;
	return 0;
}

static int
proto_decode_limit(struct json_object *obj, unsigned def, unsigned *out,
    struct proto_err *err)
{
	int64_t	v;
	int	rc;

	if ((rc = proto_json_int(obj, "limit", false, 1, PROTO_PAGE_MAX, &v,
	    err)) == -1)
		return -1;
	*out = rc == 0 ? (unsigned)v : def;
	return 0;
}

static int
proto_decode_history(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	int	rc;

	if (proto_json_name(obj, "with", true, req->history.with, err) != 0)
		return -1;
	if ((rc = proto_json_int(obj, "before", false, 0, INT64_MAX,
	    &req->history.before, err)) == -1)
		return -1;
	if (rc == 1)
		req->history.before = 0;
	return proto_decode_limit(obj, PROTO_HISTORY_DEFAULT,
	    &req->history.limit, err);
}

static int
proto_decode_sync(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	int	rc;

	if ((rc = proto_json_int(obj, "after", false, 0, INT64_MAX,
	    &req->sync.after, err)) == -1)
		return -1;
	req->sync.undelivered = rc == 1;
	if (rc == 1)
		req->sync.after = 0;
	if ((rc = proto_json_int(obj, "receipts_after", false, 0, INT64_MAX,
	    &req->sync.receipts_after, err)) == -1)
		return -1;
	if (rc == 1)
		req->sync.receipts_after = 0;
	return proto_decode_limit(obj, PROTO_SYNC_DEFAULT, &req->sync.limit,
	    err);
}

static int
proto_decode_receipts(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	int	rc;

	if (proto_json_int(obj, "mid", true, 1, INT64_MAX,
	    &req->receipts.mid, err) != 0)
		return -1;
	if ((rc = proto_json_int(obj, "after", false, 0, INT64_MAX,
	    &req->receipts.after, err)) == -1)
		return -1;
	if (rc == 1)
		req->receipts.after = 0;
	return proto_decode_limit(obj, PROTO_PAGE_MAX, &req->receipts.limit,
	    err);
}

/* Read cmd and tag first, so that any later error can echo them. */
static int
proto_decode_envelope(struct json_object *obj, struct proto_request *req,
    struct proto_err *err)
{
	struct json_object	*v;
	const char		*s = NULL;
	size_t			 n = 0;
	bool			 known = false;

	if (json_object_object_get_ex(obj, "cmd", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    proto_cmd_parse(json_object_get_string(v), &req->cmd) == 0) {
		known = true;
		strcpy(err->cmd, proto_cmd_name(req->cmd));
		err->has_cmd = true;
		err->cmd_kind = req->cmd;
	}
	if (proto_json_string(obj, "tag", false, SIZE_MAX, &s, &n, err) == -1)
		return -1;
	if (s != NULL && n > PROTO_TAG_MAX) {
		proto_err_set(err, PROTO_E_INVALID, "member \"tag\" too long: "
		    "%zu bytes, limit %d", n, PROTO_TAG_MAX);
		return -1;
	}
	if (s != NULL) {
		memcpy(req->tag, s, n + 1);
		memcpy(err->tag, s, n + 1);
	}
	if (proto_json_string(obj, "cmd", true, SIZE_MAX, &s, &n, err) != 0)
		return -1;
	if (!known) {
		/* Echo an unknown name only when it is short and plain. */
		if (n < sizeof err->cmd && proto_cid_valid(s, n))
			memcpy(err->cmd, s, n + 1);
		proto_err_set(err, PROTO_E_UNKNOWN_COMMAND,
		    "unknown command: %.64s", s);
		return -1;
	}
	return 0;
}

int
proto_decode_request(const char *line, size_t len,
    const struct proto_limits *limits, struct proto_request *req,
    struct proto_err *err)
{
	struct json_object	*obj;
	int			 rc = 0;

	memset(req, 0, sizeof *req);
	memset(err, 0, sizeof *err);
	if ((obj = proto_json_parse(line, len, limits, err)) == NULL)
		return -1;
	if (proto_decode_envelope(obj, req, err) == -1) {
		json_object_put(obj);
		memset(req, 0, sizeof *req);
		return -1;
	}
	switch (req->cmd) {
	case PROTO_CMD_HELLO:
		rc = proto_decode_hello(obj, req, err);
		break;
	case PROTO_CMD_LOGIN:
		rc = proto_decode_login(obj, req, err);
		break;
	case PROTO_CMD_PRESENCE:
		rc = proto_decode_presence(obj, req, err);
		break;
	case PROTO_CMD_SEND:
		rc = proto_decode_send(obj, limits, req, err);
		break;
	case PROTO_CMD_RECEIPT:
		rc = proto_decode_receipt(obj, req, err);
		break;
	case PROTO_CMD_HISTORY:
		rc = proto_decode_history(obj, req, err);
		break;
	case PROTO_CMD_SYNC:
		rc = proto_decode_sync(obj, req, err);
		break;
	case PROTO_CMD_RECEIPTS:
		rc = proto_decode_receipts(obj, req, err);
		break;
	case PROTO_CMD_LOGOUT:
	case PROTO_CMD_WHO:
	case PROTO_CMD_PING:
	case PROTO_CMD_UNREAD:
		break;
	}
	json_object_put(obj);
	if (rc == -1) {
		proto_request_free(req);
		return -1;
	}
	memset(err, 0, sizeof *err);
	return 0;
}

void
proto_request_free(struct proto_request *req)
{
	if (req->cmd == PROTO_CMD_SEND)
		free(req->send.body);
	else if (req->cmd == PROTO_CMD_RECEIPT)
		free(req->receipt.mids);
	memset(req, 0, sizeof *req);
}
