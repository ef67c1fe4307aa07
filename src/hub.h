/*
 * The messaging hub of hcwedd: sessions, the session state machine of
 * docs/PROTOCOL.md, dispatch of every command, presence, routing and group
 * commit.  It knows nothing of sockets: a transport (net/server.c, or a
 * test, or a fuzzer) opens a session with two callbacks, feeds it complete
 * lines, and calls hub_flush() once per event-loop turn.
 *
 * Group commit: send and receipt requests are queued in a pending batch;
 * hub_flush() stores the whole batch in one durable transaction and only
 * then answers them and pushes the events.  Replies keep request order per
 * session: a reply to a later request waits behind a pending ack.
 *
 * Time is passed in (ms since the epoch) so tests control it.
 */
#ifndef HC_HUB_H
#define HC_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/proto.h"
#include "src/store.h"

struct hub;
struct hub_session;

/*
 * What the transport provides for one session.  Neither callback may call
 * back into the hub; in particular the transport calls hub_session_close()
 * later, from its own loop, never from inside these.
 */
struct hub_ops {
	/* Queue line (len bytes, ending in "\n") for the peer; the hub keeps
	 * ownership of line. */
	void	(*write)(void *arg, const char *line, size_t len);
	/* Close the connection once what was written has gone out. */
	void	(*close)(void *arg);
};

struct hub_config {
	struct proto_limits	 limits;
	size_t			 batch_max;	/* flush at this many requests */
	const char		*server;	/* "hcwedd/VERSION" for hello */
};

#define HUB_BATCH_MAX	1024

/* The hub uses store but does not own it. */
struct hub	*hub_create(struct store *, const struct hub_config *);
/* Frees every session still open (without calling their callbacks). */
void		 hub_free(struct hub *);

struct hub_session *hub_session_open(struct hub *, const struct hub_ops *,
		    void *arg);
/*
 * One request line without its "\n".  A line longer than the line limit
 * (len + 1 > line_max) is answered with 413 and the session is closed.
 */
void		 hub_session_input(struct hub_session *, const char *line,
		    size_t len, int64_t now);
/* The connection is gone: forget the session (presence, pending replies). */
void		 hub_session_close(struct hub_session *);

/* Whether the session has logged in (the transport's pre-login timeout). */
bool		 hub_session_logged_in(const struct hub_session *);

/* Whether a batch is waiting for hub_flush(). */
bool		 hub_pending(struct hub *);
/* Commit the pending batch, then answer it and push its events. */
void		 hub_flush(struct hub *, int64_t now);
/* Flush, say bye with reason to every session and close them all. */
void		 hub_shutdown(struct hub *, const char *reason, int64_t now);
/* Sessions not yet closed by the transport. */
size_t		 hub_sessions(struct hub *);

#endif
