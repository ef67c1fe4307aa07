/*
 * Helpers shared by the codec's decoders and encoders (net/proto_*.c),
 * not part of the codec's interface.  Every getter fills *err with a 422
 * naming the member (or 400 for invalid UTF-8 inside a string) and returns
 * -1 when the member is missing, of the wrong type or out of range.
 * Strings returned by the getters are borrowed from the JSON object.
 */
#ifndef HC_PROTO_JSON_H
#define HC_PROTO_JSON_H

#include <json-c/json.h>

#include "net/proto.h"

/* Deepest nesting any protocol line needs, with room to spare. */
#define PROTO_JSON_DEPTH	8

void	proto_err_set(struct proto_err *, int code, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Check a raw line (length, UTF-8) and parse it into a JSON object the
 * caller releases with json_object_put().  NULL and *err on failure.
 */
struct json_object	*proto_json_parse(const char *line, size_t len,
			    const struct proto_limits *, struct proto_err *);

/*
 * Getters: 0 when the member is present and valid, 1 when it is absent
 * (or null) and optional, -1 with *err otherwise.
 */
int	proto_json_string(struct json_object *, const char *key, bool required,
	    size_t max, const char **out, size_t *len, struct proto_err *);
/* Copy a string member of at most size - 1 bytes into buf. */
int	proto_json_copy(struct json_object *, const char *key, bool required,
	    char *buf, size_t size, struct proto_err *);
/* A user name, or "*" when broadcast is allowed; always required. */
int	proto_json_name(struct json_object *, const char *key, bool broadcast,
	    char buf[PROTO_NAME_MAX + 1], struct proto_err *);
int	proto_json_int(struct json_object *, const char *key, bool required,
	    int64_t min, int64_t max, int64_t *out, struct proto_err *);
int	proto_json_bool(struct json_object *, const char *key, bool required,
	    bool *out, struct proto_err *);
/* An array member: *out borrowed, *n its length (max enforced). */
int	proto_json_array(struct json_object *, const char *key, bool required,
	    size_t min, size_t max, struct json_object **out, size_t *n,
	    struct proto_err *);

/* The length of obj's line without its "\n"; obj is kept. */
size_t	 proto_json_len(struct json_object *obj);
/* Serialise obj as one compact line ending in "\n", then release obj. */
char	*proto_json_line(struct json_object *obj, size_t *len);

#endif
