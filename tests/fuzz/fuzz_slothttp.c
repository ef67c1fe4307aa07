/*
 * libFuzzer target: how hcwed-slotd reads an API request, the path and
 * method (slothttp_route), the slot id in the path (slothttp_parse_slot)
 * and the Authorization header (slothttp_bearer_parse).  The input is one
 * byte (the method; its top bit turns the band service off), the path up
 * to "\n", then the header value; both are NUL-terminated copies, as
 * evhttp hands them over.
 */
#include "config.h"

#include <event2/http.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slothttp_int.h"

#define FUZZ_SLOTS	500

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum evhttp_cmd_type fuzz_methods[] = {
	EVHTTP_REQ_GET, EVHTTP_REQ_POST, EVHTTP_REQ_HEAD, EVHTTP_REQ_PUT,
	EVHTTP_REQ_DELETE, EVHTTP_REQ_OPTIONS, EVHTTP_REQ_TRACE,
	EVHTTP_REQ_CONNECT, EVHTTP_REQ_PATCH,
};

static void
fuzz_route(enum evhttp_cmd_type cmd, bool band, const char *path)
{
	struct slothttp_conf	 conf = { .serve = { true, band } };
	struct slotcall		 c;
	const char		*allow = NULL;
	char			*msg = NULL;
	int			 code;

	memset(&c, 0, sizeof c);
	code = slothttp_route(&conf, cmd, &c, path, &allow);
	if (code == 405 && allow == NULL)
		abort();
	if (code != 0)
		return;
	/* Only the routes that name slots take their text from the path. */
	if (c.op != SLOTOP_AVAILABLE &&
	    (c.slot_text < path || c.slot_text > path + strlen(path)))
		abort();
	if (c.op != SLOTOP_RESERVE && c.op != SLOTOP_CANCEL)
		return;
	code = slothttp_parse_slot(&c, FUZZ_SLOTS, &msg);
	if (code == 0 && (c.slot < 1 || c.slot > FUZZ_SLOTS || msg != NULL))
		abort();
	if (code != 0 && ((code != 400 && code != 403) || msg == NULL))
		abort();
	free(msg);
}

static void
fuzz_bearer(const char *value)
{
	const char	*key;
	size_t		 len;

	if (slothttp_bearer_parse(value, &key, &len) != 1)
		return;
	if (len == 0 || key < value || key + len > value + strlen(value) ||
	    memchr(key, ' ', len) != NULL || memchr(key, '\t', len) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data + 1, *nl;
	char		*path, *value;
	size_t		 left;

	if (size == 0)
		return 0;
	left = size - 1;
	nl = memchr(p, '\n', left);
	path = xstrndup(p, nl != NULL ? (size_t)(nl - p) : left);
	value = nl != NULL ? xstrndup(nl + 1, left - (size_t)(nl + 1 - p)) :
	    xstrdup("");
	/* evhttp hands an empty path over as "/". */
	if (*path == '\0') {
		free(path);
		path = xstrdup("/");
	}
	fuzz_route(fuzz_methods[data[0] % (sizeof fuzz_methods /
	    sizeof fuzz_methods[0])], (data[0] & 0x80) == 0, path);
	fuzz_bearer(value);
	free(path);
	free(value);
	return 0;
}
