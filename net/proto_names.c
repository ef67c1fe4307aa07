#include "config.h"

#include <string.h>

#include "net/proto.h"

static const char *const proto_cmd_names[] = {
	[PROTO_CMD_HELLO] = "hello",
	[PROTO_CMD_LOGIN] = "login",
	[PROTO_CMD_LOGOUT] = "logout",
	[PROTO_CMD_WHO] = "who",
	[PROTO_CMD_UNREAD] = "unread",
	[PROTO_CMD_PRESENCE] = "presence",
	[PROTO_CMD_SEND] = "send",
	[PROTO_CMD_RECEIPT] = "receipt",
	[PROTO_CMD_HISTORY] = "history",
	[PROTO_CMD_SYNC] = "sync",
	[PROTO_CMD_PING] = "ping",
	[PROTO_CMD_RECEIPTS] = "receipts",
};

static const char *const proto_presence_names[] = {
	[PROTO_PRESENCE_OFFLINE] = "offline",
	[PROTO_PRESENCE_AVAILABLE] = "available",
	[PROTO_PRESENCE_BUSY] = "busy",
	[PROTO_PRESENCE_AWAY] = "away",
};

static const char *const proto_state_names[] = {
	[PROTO_STATE_STORED] = "stored",
	[PROTO_STATE_DELIVERED] = "delivered",
	[PROTO_STATE_READ] = "read",
};

static const char *const proto_priority_names[] = {
	[PROTO_PRIO_NORMAL] = "normal",
	[PROTO_PRIO_URGENT] = "urgent",
};

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

void
proto_limits_default(struct proto_limits *limits)
{
	limits->line_max = PROTO_LINE_MAX;
	limits->body_max = PROTO_BODY_MAX;
}

static const char *
proto_name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "?";
}

static int
proto_index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return (int)i;
	}
	return -1;
}

const char *
proto_cmd_name(enum proto_cmd cmd)
{
	return proto_name_of(proto_cmd_names, NITEMS(proto_cmd_names), cmd);
}

int
proto_cmd_parse(const char *s, enum proto_cmd *out)
{
	int	i;

	if ((i = proto_index_of(proto_cmd_names, NITEMS(proto_cmd_names),
	    s)) == -1)
		return -1;
	*out = (enum proto_cmd)i;
	return 0;
}

const char *
proto_presence_name(enum proto_presence p)
{
	return proto_name_of(proto_presence_names,
	    NITEMS(proto_presence_names), p);
}

int
proto_presence_parse(const char *s, enum proto_presence *out)
{
	int	i;

	if ((i = proto_index_of(proto_presence_names,
	    NITEMS(proto_presence_names), s)) == -1)
		return -1;
	*out = (enum proto_presence)i;
	return 0;
}

const char *
proto_state_name(enum proto_state state)
{
	return proto_name_of(proto_state_names, NITEMS(proto_state_names),
	    state);
}

int
proto_state_parse(const char *s, enum proto_state *out)
{
	int	i;

	if ((i = proto_index_of(proto_state_names, NITEMS(proto_state_names),
	    s)) == -1)
		return -1;
	*out = (enum proto_state)i;
	return 0;
}

const char *
proto_priority_name(enum proto_priority prio)
{
	return proto_name_of(proto_priority_names,
	    NITEMS(proto_priority_names), prio);
}

int
proto_priority_parse(const char *s, enum proto_priority *out)
{
	int	i;

	if ((i = proto_index_of(proto_priority_names,
	    NITEMS(proto_priority_names), s)) == -1)
		return -1;
	*out = (enum proto_priority)i;
	return 0;
}

bool
proto_name_valid(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > PROTO_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char	c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool
proto_cid_valid(const char *s, size_t len)
{
	if (len == 0 || len > PROTO_CID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	}
	return true;
}

/*
 * RFC 3629: the second byte's range depends on the first, which is what
 * rules out overlong forms, surrogates and code points past U+10FFFF.
 */
bool
proto_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;

	while (i < len) {
		unsigned char	c = p[i];
		unsigned char	lo = 0x80, hi = 0xbf;
		size_t		n;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			return false;
		if (len - i - 1 < n)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return false;
		}
		i += n + 1;
	}
	return true;
}
