#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "net/proto_json.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"

void
proto_err_set(struct proto_err *err, int code, const char *fmt, ...)
{
	va_list	ap;

	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/*
 * Whether the raw line escapes a NUL anywhere, a member name included:
 * json-c cuts a name at its NUL without a word, so the text is where to
 * look.  An escaped backslash is skipped whole, so "\\u0000" is text.
 */
static bool
proto_json_has_nul(const char *line, size_t len)
{
	const char	*p = line, *end = line + len;

	while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		if (end - p >= 6 && p[1] == 'u' && memcmp(p + 2, "0000", 4) == 0)
			return true;
		p += 2;
		if (p >= end)
			break;
	}
	return false;
}

/*
 * The member names of the line's outer object, counted in the text: a
 * string at depth 1 followed by ':'.  json-c keeps only the last of two
 * members with one name, so fewer members than names means a repeat.
 */
static size_t
proto_json_names(const char *line, size_t len)
{
	size_t	names = 0, depth = 0;
	bool	in_string = false, closed = false;

	for (size_t i = 0; i < len; i++) {
		char	c = line[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"') {
				in_string = false;
				closed = depth == 1;
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == ':' && closed)
			names++;
		closed = false;
		if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
	}
	return names;
}

struct json_object *
proto_json_parse(const char *line, size_t len,
    const struct proto_limits *limits, struct proto_err *err)
{
	struct json_tokener	*tok;
	struct json_object	*obj;
	enum json_tokener_error	 jerr;

	/* The limit counts the "\n" the caller has already removed. */
	if (len >= limits->line_max) {
		proto_err_set(err, PROTO_E_TOO_LONG,
		    "line too long: %zu bytes, limit %zu", len + 1,
		    limits->line_max);
		return NULL;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (!proto_utf8_valid(line, len)) {
		proto_err_set(err, PROTO_E_MALFORMED, "invalid UTF-8");
		return NULL;
	}
	if (proto_json_has_nul(line, len)) {
		proto_err_set(err, PROTO_E_MALFORMED, "a string holds \\u0000");
		return NULL;
	}
	if (len > INT32_MAX) {
		proto_err_set(err, PROTO_E_TOO_LONG, "line too long");
		return NULL;
	}
	tok = json_tokener_new_ex(PROTO_JSON_DEPTH);
	if (tok == NULL)
		log_fatalx("json_tokener_new_ex failed");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, line, (int)len);
	jerr = json_tokener_get_error(tok);
	json_tokener_free(tok);
	if (obj == NULL) {
		if (jerr == json_tokener_continue)
			proto_err_set(err, PROTO_E_MALFORMED,
			    len == 0 ? "empty line" : "truncated JSON");
		else if (jerr == json_tokener_error_depth)
			proto_err_set(err, PROTO_E_MALFORMED,
			    "JSON nested too deeply");
		else
			proto_err_set(err, PROTO_E_MALFORMED, "not JSON: %s",
			    json_tokener_error_desc(jerr));
		return NULL;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		proto_err_set(err, PROTO_E_MALFORMED, "not a JSON object");
		return NULL;
	}
	/* Which of two "to" members counts is no question to leave open. */
	if (proto_json_names(line, len) !=
	    (size_t)json_object_object_length(obj)) {
		json_object_put(obj);
		proto_err_set(err, PROTO_E_MALFORMED,
		    "a member name appears twice");
		return NULL;
	}
	return obj;
}

/* 0 present, 1 absent or null. */
static int
proto_json_member(struct json_object *obj, const char *key, bool required,
    struct json_object **out, struct proto_err *err)
{
	if (!json_object_object_get_ex(obj, key, out) || *out == NULL) {
		if (required) {
			proto_err_set(err, PROTO_E_INVALID,
			    "missing member \"%s\"", key);
			return -1;
		}
		return 1;
	}
	return 0;
}

int
proto_json_string(struct json_object *obj, const char *key, bool required,
    size_t max, const char **out, size_t *len, struct proto_err *err)
{
	struct json_object	*v;
	int			 rc;
	size_t			 n;

	if ((rc = proto_json_member(obj, key, required, &v, err)) != 0)
		return rc;
	if (!json_object_is_type(v, json_type_string)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" must be a string", key);
		return -1;
	}
	*out = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	/* Escapes such as \u0000 or a lone \ud800 get past the line check. */
	if (!proto_utf8_valid(*out, n)) {
		proto_err_set(err, PROTO_E_MALFORMED,
		    "member \"%s\" holds NUL or invalid UTF-8", key);
		return -1;
	}
	if (n > max) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" too long: %zu bytes, limit %zu", key, n, max);
		return -1;
	}
	if (len != NULL)
		*len = n;
	return 0;
}

int
proto_json_copy(struct json_object *obj, const char *key, bool required,
    char *buf, size_t size, struct proto_err *err)
{
	const char	*s;
	size_t		 n;
	int		 rc;

	if ((rc = proto_json_string(obj, key, required, size - 1, &s, &n,
	    err)) != 0)
		return rc;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int
proto_json_name(struct json_object *obj, const char *key, bool broadcast,
    char buf[PROTO_NAME_MAX + 1], struct proto_err *err)
{
	const char	*s;

	if (proto_json_string(obj, key, true, SIZE_MAX, &s, NULL, err) != 0)
		return -1;
	if (broadcast && strcmp(s, PROTO_BROADCAST) == 0) {
		strcpy(buf, PROTO_BROADCAST);
		return 0;
	}
	if (!proto_name_valid(s)) {
		proto_err_set(err, PROTO_E_INVALID, "member \"%s\" is not a "
		    "user name (1..%d of a-z 0-9 . _ -%s)", key, PROTO_NAME_MAX,
		    broadcast ? ", or \"*\"" : "");
		return -1;
	}
	strcpy(buf, s);
	return 0;
}

int
proto_json_int(struct json_object *obj, const char *key, bool required,
    int64_t min, int64_t max, int64_t *out, struct proto_err *err)
{
	struct json_object	*v;
	int64_t			 n;
	int			 rc;

	if ((rc = proto_json_member(obj, key, required, &v, err)) != 0)
		return rc;
	if (!json_object_is_type(v, json_type_int)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" must be an integer", key);
		return -1;
	}
	/* json-c saturates what does not fit, so the extremes are refused. */
	n = json_object_get_int64(v);
	if (n < min || n > max || n == INT64_MAX || n == INT64_MIN) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" out of range %jd..%jd", key, (intmax_t)min,
		    (intmax_t)(max == INT64_MAX ? INT64_MAX - 1 : max));
		return -1;
	}
	*out = n;
	return 0;
}

int
proto_json_bool(struct json_object *obj, const char *key, bool required,
    bool *out, struct proto_err *err)
{
	struct json_object	*v;
	int			 rc;

	if ((rc = proto_json_member(obj, key, required, &v, err)) != 0)
		return rc;
	if (!json_object_is_type(v, json_type_boolean)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" must be true or false", key);
		return -1;
	}
	*out = json_object_get_boolean(v);
	return 0;
}

int
proto_json_array(struct json_object *obj, const char *key, bool required,
    size_t min, size_t max, struct json_object **out, size_t *n,
    struct proto_err *err)
{
	int	rc;

	if ((rc = proto_json_member(obj, key, required, out, err)) != 0)
		return rc;
	if (!json_object_is_type(*out, json_type_array)) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" must be an array", key);
		return -1;
	}
	*n = json_object_array_length(*out);
	if (*n < min || *n > max) {
		proto_err_set(err, PROTO_E_INVALID,
		    "member \"%s\" must hold %zu..%zu items, not %zu", key, min,
		    max, *n);
		return -1;
	}
	return 0;
}

char *
proto_json_line(struct json_object *obj, size_t *len)
{
	const char	*s;
	size_t		 n;
	char		*line;

	s = json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	line = xmalloc(n + 2);
	memcpy(line, s, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	json_object_put(obj);
	if (len != NULL)
		*len = n + 1;
	return line;
}

size_t
proto_json_len(struct json_object *obj)
{
	size_t	n;

	json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	return n;
}
