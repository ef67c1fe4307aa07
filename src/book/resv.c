#include "config.h"

#include <json-c/json.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/book/booking.h"
#include "src/book/resv.h"

/* The deepest valid body is an array of objects. */
#define RESV_DEPTH	4

int
resv_slot_parse(const char *s, size_t len, unsigned *slot, char **cause)
{
	unsigned long	v = 0;
	size_t		i;

	if (len == 0) {
		*cause = xstrdup("empty slot id");
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			*cause = xasprintf("slot id \"%.*s\" is not a decimal "
			    "number", (int)(len > 32 ? 32 : len), s);
			return -1;
		}
		/* Stop accumulating early so a long id cannot overflow. */
		if (v <= BOOK_SLOT_MAX)
			v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < BOOK_SLOT_MIN || v > BOOK_SLOT_MAX) {
		*cause = xasprintf("slot id \"%.*s\" is outside %d..%d",
		    (int)(len > 32 ? 32 : len), s, BOOK_SLOT_MIN, BOOK_SLOT_MAX);
		return -1;
	}
	*slot = (unsigned)v;
	return 0;
}

static int
resv_id_value(struct json_object *v, unsigned *slot, char **cause)
{
	int64_t	n;

	switch (json_object_get_type(v)) {
	case json_type_string:
		return resv_slot_parse(json_object_get_string(v),
		    (size_t)json_object_get_string_len(v), slot, cause);
	case json_type_int:
		n = json_object_get_int64(v);
		if (n < BOOK_SLOT_MIN || n > BOOK_SLOT_MAX) {
			*cause = xasprintf("slot id %lld is outside %d..%d",
			    (long long)n, BOOK_SLOT_MIN, BOOK_SLOT_MAX);
			return -1;
		}
		*slot = (unsigned)n;
		return 0;
	default:
		*cause = xasprintf("\"id\" is a %s, not a string",
		    json_type_to_name(json_object_get_type(v)));
		return -1;
	}
}

static int
resv_id_object(struct json_object *o, unsigned *slot, char **cause)
{
	struct json_object	*v;

	if (!json_object_is_type(o, json_type_object)) {
		*cause = xasprintf("expected an object, got %s",
		    json_type_to_name(json_object_get_type(o)));
		return -1;
	}
	if (!json_object_object_get_ex(o, "id", &v)) {
		*cause = xstrdup("missing \"id\"");
		return -1;
	}
	return resv_id_value(v, slot, cause);
}

static int
resv_ids(struct json_object *a, struct resv_body *out, char **cause)
{
	size_t	 n, i;
	char	*why = NULL;

	if (!json_object_is_type(a, json_type_array)) {
		*cause = xasprintf("expected an array, got %s",
		    json_type_to_name(json_object_get_type(a)));
		return -1;
	}
	n = json_object_array_length(a);
	if (n > RESV_LIST_MAX) {
		*cause = xasprintf("list of %zu entries is longer than %d", n,
		    RESV_LIST_MAX);
		return -1;
	}
	out->ids = xcalloc(n == 0 ? 1 : n, sizeof *out->ids);
	for (i = 0; i < n; i++) {
		if (resv_id_object(json_object_array_get_idx(a, i),
		    &out->ids[i], &why) == -1) {
			*cause = xasprintf("entry %zu: %s", i, why);
			free(why);
			return -1;
		}
	}
	out->nids = n;
	return 0;
}

static int
resv_message(struct json_object *o, bool required, struct resv_body *out,
    char **cause)
{
	struct json_object	*v;
	size_t			 len;

	if (!json_object_object_get_ex(o, "message", &v)) {
		if (!required)
			return 0;
		*cause = xstrdup("missing \"message\"");
		return -1;
	}
	if (!json_object_is_type(v, json_type_string)) {
		*cause = xasprintf("\"message\" is a %s, not a string",
		    json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	len = (size_t)json_object_get_string_len(v);
	if (len > RESV_MESSAGE_MAX)
		len = RESV_MESSAGE_MAX;
	out->message = xstrndup(json_object_get_string(v), len);
	return 0;
}

static int
resv_error(struct json_object *o, struct resv_body *out, char **cause)
{
	struct json_object	*v;
	int64_t			 code;

	if (!json_object_is_type(o, json_type_object)) {
		*cause = xasprintf("expected an object, got %s",
		    json_type_to_name(json_object_get_type(o)));
		return -1;
	}
	if (!json_object_object_get_ex(o, "code", &v)) {
		*cause = xstrdup("missing \"code\"");
		return -1;
	}
	if (!json_object_is_type(v, json_type_int)) {
		*cause = xasprintf("\"code\" is a %s, not an integer",
		    json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	code = json_object_get_int64(v);
	if (code < 100 || code > 599) {
		*cause = xasprintf("\"code\" %lld is not an HTTP status",
		    (long long)code);
		return -1;
	}
	out->code = (int)code;
	return resv_message(o, true, out, cause);
}

static int
resv_dispatch(struct json_object *root, enum resv_kind kind,
    struct resv_body *out, char **cause)
{
	switch (kind) {
	case RESV_ID:
		return resv_id_object(root, &out->id, cause);
	case RESV_IDS:
		return resv_ids(root, out, cause);
	case RESV_ERROR:
		return resv_error(root, out, cause);
	case RESV_MESSAGE:
		if (!json_object_is_type(root, json_type_object)) {
			*cause = xasprintf("expected an object, got %s",
			    json_type_to_name(json_object_get_type(root)));
			return -1;
		}
		return resv_message(root, false, out, cause);
	}
	*cause = xstrdup("unknown body kind");
	return -1;
}

int
resv_parse(const char *buf, size_t len, enum resv_kind kind,
    struct resv_body *out, char **cause)
{
	struct json_tokener	*tok;
	struct json_object	*root;
	size_t			 end;
	char			*why = NULL;
	int			 rc;

	memset(out, 0, sizeof *out);
	out->kind = kind;
	if (len == 0) {
		*cause = xstrdup("empty body");
		return -1;
	}
	if (len > INT32_MAX || memchr(buf, '\0', len) != NULL) {
		*cause = xstrdup("body is not JSON text");
		return -1;
	}
	if ((tok = json_tokener_new_ex(RESV_DEPTH)) == NULL)
		log_fatalx("json_tokener_new: out of memory");
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (root == NULL) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		*cause = xasprintf("body is not JSON: %s",
		    e == json_tokener_continue ? "truncated" :
		    json_tokener_error_desc(e));
		json_tokener_free(tok);
		return -1;
	}
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; end < len; end++) {
		if (!isspace((unsigned char)buf[end])) {
			*cause = xstrdup("trailing data after the JSON value");
			json_object_put(root);
			return -1;
		}
	}
	rc = resv_dispatch(root, kind, out, &why);
	json_object_put(root);
	if (rc == -1) {
		*cause = why;
		resv_body_free(out);
	}
	return rc;
}

void
resv_body_free(struct resv_body *b)
{
	free(b->ids);
	free(b->message);
	memset(b, 0, sizeof *b);
}
