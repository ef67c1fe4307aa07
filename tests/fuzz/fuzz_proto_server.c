/*
 * libFuzzer target: one server line through proto_decode_server(), the
 * parser every client runs on bytes from the network.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_limits	limits;
	struct proto_smsg	m;
	struct proto_err	err;

	proto_limits_default(&limits);
	limits.line_max = 8192;
	limits.body_max = 1024;
	if (proto_decode_server((const char *)data, size, &limits, &m,
	    &err) != 0) {
		if (err.code < 400 || err.code > 599 || err.message[0] == '\0')
			abort();
		return 0;
	}
	/* Fixed-size fields must come out terminated. */
	if (memchr(m.tag, '\0', sizeof m.tag) == NULL ||
	    memchr(m.name, '\0', sizeof m.name) == NULL)
		abort();
	if (m.kind == PROTO_S_MESSAGE && m.message.body_len > limits.body_max)
		abort();
	proto_smsg_free(&m);
	return 0;
}
