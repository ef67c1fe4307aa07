/*
 * libFuzzer target: one request line through proto_decode_request().
 * Whatever decodes must encode again and decode to the same request, so
 * the encoder and decoder cannot drift apart.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_same(const struct proto_request *a, const struct proto_request *b)
{
	if (a->cmd != b->cmd || strcmp(a->tag, b->tag) != 0)
		abort();
	switch (a->cmd) {
	case PROTO_CMD_HELLO:
		if (a->hello.version != b->hello.version ||
		    strcmp(a->hello.client, b->hello.client) != 0)
			abort();
		break;
	case PROTO_CMD_LOGIN:
		if (strcmp(a->login.user, b->login.user) != 0 ||
		    strcmp(a->login.password, b->login.password) != 0)
			abort();
		break;
	case PROTO_CMD_PRESENCE:
		if (a->presence.status != b->presence.status)
			abort();
		break;
	case PROTO_CMD_SEND:
		if (strcmp(a->send.to, b->send.to) != 0 ||
		    a->send.body_len != b->send.body_len ||
		    memcmp(a->send.body, b->send.body, a->send.body_len) != 0 ||
		    a->send.priority != b->send.priority ||
		    strcmp(a->send.cid, b->send.cid) != 0)
			abort();
		break;
	case PROTO_CMD_RECEIPT:
		if (a->receipt.state != b->receipt.state ||
		    a->receipt.n != b->receipt.n ||
		    memcmp(a->receipt.mids, b->receipt.mids,
		    a->receipt.n * sizeof *a->receipt.mids) != 0)
			abort();
		break;
	case PROTO_CMD_HISTORY:
		if (strcmp(a->history.with, b->history.with) != 0 ||
		    a->history.before != b->history.before ||
		    a->history.limit != b->history.limit)
			abort();
		break;
	case PROTO_CMD_SYNC:
		if (a->sync.undelivered != b->sync.undelivered ||
		    a->sync.after != b->sync.after ||
		    a->sync.receipts_after != b->sync.receipts_after ||
		    a->sync.limit != b->sync.limit)
			abort();
		break;
	case PROTO_CMD_LOGOUT:
	case PROTO_CMD_WHO:
	case PROTO_CMD_PING:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_limits	 limits, relaxed;
	struct proto_request	 req, again;
	struct proto_err	 err;
	char			*line;
	size_t			 len;

	proto_limits_default(&limits);
	limits.line_max = 4096;
	limits.body_max = 1024;
	if (proto_decode_request((const char *)data, size, &limits, &req,
	    &err) != 0) {
		if (err.code < 400 || err.code > 599 || err.message[0] == '\0')
			abort();
		return 0;
	}
	line = proto_encode_request(&req, &len);
	if (len == 0 || line[len - 1] != '\n' || strlen(line) != len)
		abort();
	/* Escaping may lengthen the line; the limit is not what is tested. */
	relaxed = limits;
	relaxed.line_max = SIZE_MAX;
	if (proto_decode_request(line, len - 1, &relaxed, &again, &err) != 0) {
		log_error("re-encoded request does not decode: %s: %s",
		    err.message, line);
		abort();
	}
	fuzz_same(&req, &again);
	proto_request_free(&again);
	proto_request_free(&req);
	free(line);
	return 0;
}
