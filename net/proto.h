/*
 * The hcwed line protocol codec (docs/PROTOCOL.md): one JSON object per
 * line.  Pure: bytes in, structs out; structs in, bytes out.  No I/O, no
 * clock; the same code serves hcwedd, the client library and the fuzzers.
 *
 * Memory: a decoded struct is released with its *_free() (proto_types.h).
 * Every proto_encode_*() returns a malloc'd, NUL-terminated line ending in
 * "\n" that the caller frees; *len (when non-NULL) receives its length.
 */
#ifndef HC_PROTO_H
#define HC_PROTO_H

#include "net/proto_types.h"

/*
 * Decode one request line (without its "\n").  0 and a filled *out, or -1
 * and a filled *err (never both).  The caller frees *out with
 * proto_request_free().
 */
int	proto_decode_request(const char *line, size_t len,
	    const struct proto_limits *, struct proto_request *out,
	    struct proto_err *err);

/* Decode one server line; the caller frees *out with proto_smsg_free(). */
int	proto_decode_server(const char *line, size_t len,
	    const struct proto_limits *, struct proto_smsg *out,
	    struct proto_err *err);

/* Client side: encode a request. */
char	*proto_encode_request(const struct proto_request *, size_t *len);

/* Server side: encode replies and events.  tag may be "" (omitted). */
char	*proto_encode_error(int code, const char *message, const char *cmd,
	    const char *tag, size_t *len);
/* The same with "retry_after_ms" (when >= 0), for 423 and 429. */
char	*proto_encode_wait(int code, const char *message, const char *cmd,
	    const char *tag, int64_t retry_after_ms, size_t *len);
char	*proto_encode_hello(const char *tag, const char *server,
	    const struct proto_limits *, size_t *len);
char	*proto_encode_login(const char *tag, const struct proto_user *,
	    size_t *len);
/* {"reply":name} for logout, presence and receipt. */
char	*proto_encode_ok(const char *name, const char *tag, size_t *len);
char	*proto_encode_pong(const char *tag, size_t *len);
char	*proto_encode_ack(const char *tag, const char *cid, int64_t mid,
	    int64_t ts, bool duplicate, size_t *len);
char	*proto_encode_who(const char *tag, const struct proto_user *,
	    size_t n, size_t *len);
/*
 * A page of history or sync read from the store, borrowed by the encoders.
 * History messages are oldest first, the newest page of those asked for;
 * last and last_receipt are sync's cursors once the whole page has gone,
 * after and receipts_after those it was asked from.
 */
struct proto_page {
	const struct proto_message	*msgs;
	size_t				 n;
	const struct proto_receipt	*receipts;
	size_t				 nreceipts;
	int64_t				 after, receipts_after;
	int64_t				 last, last_receipt;
	bool				 more;
};
/*
 * The reply keeps within max bytes ("\n" included; 0: no bound): history
 * keeps the newest messages that fit, sync the oldest and then the oldest
 * receipts, with the cursors of what went and "more" set for what did not.
 * At least one message goes, so that paging always moves on (one longer
 * than max alone was stored under a larger line limit).
 */
char	*proto_encode_history(const char *tag, const char *with,
	    const struct proto_page *, size_t max, size_t *len);
char	*proto_encode_sync(const char *tag, const struct proto_page *,
	    size_t max, size_t *len);
/* The receipts of message mid: p's receipts, last_receipt, more. */
char	*proto_encode_receipts(const char *tag, int64_t mid,
	    const struct proto_page *p, size_t max, size_t *len);
char	*proto_encode_message(const struct proto_message *, size_t *len);
char	*proto_encode_receipt(const struct proto_receipt *, size_t *len);
char	*proto_encode_presence(const char *user, enum proto_presence,
	    size_t *len);
char	*proto_encode_bye(const char *reason, size_t *len);
/*
 * net/proto_unread.c.  The unread counts, newest conversation first, as
 * many as fit in max bytes (0: no bound), "more" when some did not; last
 * is the newest mid the counts took in.
 */
char	*proto_encode_unread(const char *tag, const struct proto_unread *,
	    size_t n, int64_t last, size_t max, size_t *len);
/* An account added (or, deleted, gone): its who entry. */
char	*proto_encode_account(const struct proto_user *, bool deleted,
	    size_t *len);

#endif
