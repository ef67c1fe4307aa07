/*
 * The types of the hcwed line protocol (docs/PROTOCOL.md): limits, codes,
 * commands, and the structs the codec (net/proto.h) fills and reads.
 * Everything that stores or routes messages needs these and none of the
 * codec.
 *
 * Memory: a struct owns its heap fields (message bodies, arrays); release
 * it with the matching *_free(), which leaves it zeroed.
 */
#ifndef HC_PROTO_TYPES_H
#define HC_PROTO_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION		1
#define PROTO_LINE_MAX		65536	/* default, bytes including "\n" */
#define PROTO_BODY_MAX		16384	/* default, bytes of UTF-8 */
#define PROTO_NAME_MAX		32	/* user names: [a-z0-9._-], 1..32 */
#define PROTO_DISPLAY_MAX	64
#define PROTO_ROLE_MAX		32
#define PROTO_PASSWORD_MAX	256
#define PROTO_CID_MAX		64	/* client-chosen message id */
#define PROTO_TAG_MAX		64	/* echoed request tag */
#define PROTO_CLIENT_MAX	64	/* client software name in hello */
#define PROTO_PAGE_MAX		500	/* messages in one history/sync page */
#define PROTO_RECEIPT_MAX	500	/* message ids in one receipt request */
#define PROTO_HISTORY_DEFAULT	50	/* history page without "limit" */
#define PROTO_SYNC_DEFAULT	100	/* sync page without "limit" */
#define PROTO_BROADCAST		"*"

/* Error codes (the "error" member); PROTOCOL.md section 6 lists them. */
enum proto_code {
	PROTO_E_MALFORMED = 400,	/* not JSON, not an object, bad UTF-8 */
	PROTO_E_LOGIN_REQUIRED = 401,	/* command needs a logged-in session */
	PROTO_E_BAD_CREDENTIALS = 403,	/* login refused */
	PROTO_E_NO_SUCH_USER = 404,	/* unknown recipient or conversation */
	PROTO_E_UNKNOWN_COMMAND = 405,
	PROTO_E_STATE = 409,		/* not valid in this session state */
	PROTO_E_TOO_LONG = 413,		/* line or body over its limit */
	PROTO_E_INVALID = 422,		/* missing field, wrong type or value */
	PROTO_E_LOCKED = 423,		/* account locked after failed logins */
	PROTO_E_VERSION = 426,		/* protocol version not supported */
	PROTO_E_RATE = 429,		/* slow down */
	PROTO_E_INTERNAL = 500,		/* the store failed; retry later */
	PROTO_E_UNAVAILABLE = 503,	/* shutting down or overloaded */
};

enum proto_cmd {
	PROTO_CMD_HELLO,
	PROTO_CMD_LOGIN,
	PROTO_CMD_LOGOUT,
	PROTO_CMD_WHO,
	PROTO_CMD_PRESENCE,
	PROTO_CMD_SEND,
	PROTO_CMD_RECEIPT,
	PROTO_CMD_HISTORY,
	PROTO_CMD_SYNC,
	PROTO_CMD_PING,
	PROTO_CMD_RECEIPTS,
	PROTO_CMD_UNREAD,
};

enum proto_priority {
	PROTO_PRIO_NORMAL,
	PROTO_PRIO_URGENT,
};

enum proto_presence {
	PROTO_PRESENCE_OFFLINE,		/* only ever reported by the server */
	PROTO_PRESENCE_AVAILABLE,
	PROTO_PRESENCE_BUSY,
	PROTO_PRESENCE_AWAY,
};

/* Receipt states, ordered: a message's state only moves forward. */
enum proto_state {
	PROTO_STATE_STORED,
	PROTO_STATE_DELIVERED,
	PROTO_STATE_READ,
};

/* Limits a decoder enforces; proto_limits_default() fills the defaults. */
struct proto_limits {
	size_t	line_max;
	size_t	body_max;
};

/* Why decoding failed: code is an enum proto_code. */
struct proto_err {
	int	code;
	char	message[160];
	char	tag[PROTO_TAG_MAX + 1];	/* request tag if it could be read */
	char	cmd[16];		/* command name if it could be read */
	bool	has_cmd;		/* cmd names a known command */
	enum proto_cmd cmd_kind;	/* which, when has_cmd */
};

struct proto_request {
	enum proto_cmd	cmd;
	char		tag[PROTO_TAG_MAX + 1];		/* "" if none */
	union {
		struct {
			unsigned	version;
			char		client[PROTO_CLIENT_MAX + 1];
		} hello;
		struct {
			char	user[PROTO_NAME_MAX + 1];
			char	password[PROTO_PASSWORD_MAX + 1];
		} login;
		struct {
			enum proto_presence	status;	/* never OFFLINE */
		} presence;
		struct {
			char			 to[PROTO_NAME_MAX + 1]; /* or "*" */
			char			*body;		/* owned */
			size_t			 body_len;
			enum proto_priority	 priority;
			char			 cid[PROTO_CID_MAX + 1];
		} send;
		struct {
			enum proto_state	 state;	/* DELIVERED or READ */
			int64_t			*mids;	/* owned */
			size_t			 n;
		} receipt;
		struct {
			char		with[PROTO_NAME_MAX + 1]; /* or "*" */
			int64_t		before;	/* 0: from the newest */
			unsigned	limit;	/* 1..PROTO_PAGE_MAX, default 50 */
		} history;
		struct {
			bool		undelivered;	/* no "after" given */
			int64_t		after;
			int64_t		receipts_after;
			unsigned	limit;
		} sync;
		struct {
			int64_t		mid;	/* one of the user's own */
			int64_t		after;	/* rid cursor, 0: all */
			unsigned	limit;	/* 1..PROTO_PAGE_MAX, default 500 */
		} receipts;
	};
};

/* A stored message as the server reports it. */
struct proto_message {
	int64_t			 mid;
	int64_t			 ts;		/* ms since the epoch, UTC */
	char			 from[PROTO_NAME_MAX + 1];
	char			 to[PROTO_NAME_MAX + 1];	/* or "*" */
	char			*body;		/* owned */
	size_t			 body_len;
	enum proto_priority	 priority;
	char			 cid[PROTO_CID_MAX + 1];
	/* Only on messages the reader sent: how far it has got. */
	bool			 has_state;
	enum proto_state	 state;
};

struct proto_receipt {
	int64_t			rid;	/* receipt cursor for sync */
	int64_t			mid;
	int64_t			ts;
	char			by[PROTO_NAME_MAX + 1];
	enum proto_state	state;
};

struct proto_user {
	char			user[PROTO_NAME_MAX + 1];
	char			display[PROTO_DISPLAY_MAX + 1];
	char			role[PROTO_ROLE_MAX + 1];
	enum proto_presence	presence;
};

/* What the server sends, decoded by clients. */
enum proto_smsg_kind {
	PROTO_S_ERROR,		/* {"error":...} */
	PROTO_S_HELLO,		/* {"reply":"hello"} */
	PROTO_S_LOGIN,		/* {"reply":"login"} */
	PROTO_S_OK,		/* logout, presence, receipt: {"reply":NAME} */
	PROTO_S_PONG,
	PROTO_S_ACK,		/* {"reply":"ack"}: a send is durable */
	PROTO_S_WHO,
	PROTO_S_HISTORY,
	PROTO_S_SYNC,
	PROTO_S_MESSAGE,	/* {"event":"message"} */
	PROTO_S_RECEIPT,	/* {"event":"receipt"} */
	PROTO_S_PRESENCE,	/* {"event":"presence"} */
	PROTO_S_BYE,		/* {"event":"bye"}: the server closes */
	PROTO_S_UNREAD,		/* {"reply":"unread"} */
	PROTO_S_USER,		/* {"event":"user"}: an account came or went */
};

/* One conversation's messages to the user not yet read by any session. */
struct proto_unread {
	char			with[PROTO_NAME_MAX + 1];	/* or "*" */
	unsigned		unread;
	unsigned		urgent;
};

struct proto_smsg {
	enum proto_smsg_kind	kind;
	char			tag[PROTO_TAG_MAX + 1];
	char			name[16];	/* PROTO_S_OK: the reply name */
	union {
		struct {
			int	code;
			char	message[256];
			char	cmd[16];
		} error;
		struct {
			unsigned	version;
			char		server[PROTO_CLIENT_MAX + 1];
			size_t		line_max;
			size_t		body_max;
		} hello;
		struct proto_user	login;	/* presence is the session's */
		struct {
			char	cid[PROTO_CID_MAX + 1];
			int64_t	mid;
			int64_t	ts;
			bool	duplicate;	/* cid was already stored */
		} ack;
		struct {
			struct proto_user	*users;		/* owned */
			size_t			 n;
		} who;
		struct {
			char			 with[PROTO_NAME_MAX + 1];
			struct proto_message	*msgs;		/* owned */
			size_t			 n;
			bool			 more;
		} history;
		struct {
			struct proto_message	*msgs;		/* owned */
			size_t			 n;
			struct proto_receipt	*receipts;	/* owned */
			size_t			 nreceipts;
			int64_t			 last;		/* mid cursor */
			int64_t			 last_receipt;	/* rid cursor */
			bool			 more;
		} sync;
		struct proto_message	message;
		struct proto_receipt	receipt;
		struct {
			char			user[PROTO_NAME_MAX + 1];
			enum proto_presence	presence;
		} presence;
		struct {
			char	reason[256];
		} bye;
		struct {
			struct proto_unread	*convs;		/* owned */
			size_t			 n;
			int64_t			 last;	/* the newest mid counted */
			bool			 more;
		} unread;
		struct {
			struct proto_user	 user;
			bool			 deleted;
		} account;
	};
};

void	proto_limits_default(struct proto_limits *);

/* Name <-> enum; *_parse returns -1 for an unknown name. */
const char	*proto_cmd_name(enum proto_cmd);
const char	*proto_presence_name(enum proto_presence);
int		 proto_presence_parse(const char *, enum proto_presence *);
const char	*proto_state_name(enum proto_state);
int		 proto_state_parse(const char *, enum proto_state *);
const char	*proto_priority_name(enum proto_priority);
int		 proto_priority_parse(const char *, enum proto_priority *);
int		 proto_cmd_parse(const char *, enum proto_cmd *);
/* A user name valid for the protocol: [a-z0-9._-], 1..PROTO_NAME_MAX. */
bool		 proto_name_valid(const char *);
/* A client id: 1..PROTO_CID_MAX printable ASCII bytes (0x20..0x7e). */
bool		 proto_cid_valid(const char *, size_t);
/* Strict UTF-8 check (no overlongs, no surrogates, no NUL). */
bool		 proto_utf8_valid(const char *, size_t);

/* Release what a struct owns; it is left zeroed. */
void	proto_request_free(struct proto_request *);
void	proto_smsg_free(struct proto_smsg *);
void	proto_message_free(struct proto_message *);

#endif
