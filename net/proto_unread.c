#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto_json.h"

/*
 * The read state that one session shares with the others of its user:
 * the unread counts asked for at login, and the accounts announced while
 * logged in (docs/PROTOCOL.md 5.12, 7.5).
 */

static struct json_object *
proto_unread_envelope(const char *tag, int64_t last, bool more)
{
	struct json_object	*obj = json_object_new_object();

	json_object_object_add(obj, "reply", json_object_new_string("unread"));
	json_object_object_add(obj, "conversations", json_object_new_array());
	json_object_object_add(obj, "last", json_object_new_int64(last));
	json_object_object_add(obj, "more", json_object_new_boolean(more));
	if (tag != NULL && *tag != '\0')
		json_object_object_add(obj, "tag", json_object_new_string(tag));
	return obj;
}

char *
proto_encode_unread(const char *tag, const struct proto_unread *convs,
    size_t n, int64_t last, size_t max, size_t *len)
{
	struct json_object	*obj = proto_unread_envelope(tag, last, true);
	struct json_object	*arr, *c;
	size_t			 used = proto_json_len(obj) + 1, k;
	bool			 more = false;

	json_object_object_get_ex(obj, "conversations", &arr);
	for (k = 0; k < n; k++) {
		c = json_object_new_object();
		json_object_object_add(c, "with",
		    json_object_new_string(convs[k].with));
		json_object_object_add(c, "unread",
		    json_object_new_int64(convs[k].unread));
		json_object_object_add(c, "urgent",
		    json_object_new_int64(convs[k].urgent));
		used += proto_json_len(c) + 1;
		if (max != 0 && used > max) {
			json_object_put(c);
			more = true;
			break;
		}
		json_object_array_add(arr, c);
	}
	json_object_object_add(obj, "more", json_object_new_boolean(more));
	return proto_json_line(obj, len);
}

char *
proto_encode_account(const struct proto_user *u, bool deleted, size_t *len)
{
	struct json_object	*obj = json_object_new_object();

	json_object_object_add(obj, "event", json_object_new_string("user"));
	json_object_object_add(obj, "user", json_object_new_string(u->user));
	json_object_object_add(obj, "display",
	    json_object_new_string(u->display));
	json_object_object_add(obj, "role", json_object_new_string(u->role));
	json_object_object_add(obj, "presence",
	    json_object_new_string(proto_presence_name(u->presence)));
	if (deleted)
		json_object_object_add(obj, "deleted",
		    json_object_new_boolean(true));
	return proto_json_line(obj, len);
}
