/*
 * The client library's inside, shared by net/client.c (outbox, receipts,
 * the public calls), net/client_conn.c (connection, timers, backoff) and
 * net/client_recv.c (what the server sends).
 *
 * Memory: struct client owns its copies of host, user, password (wiped
 * before it is freed) and software, the outbox bodies, the pending
 * requests with their mids, the receipt lists, the bufferevent, the
 * timers and the evdns base it made itself (own_dns); client_free()
 * releases them all.  base, tls and a configured evdns base are the
 * caller's and outlive the client.  tests/net/test_client_dns.c reads
 * dns to see that the client has a resolver of its own.
 */
#ifndef HC_CLIENT_INT_H
#define HC_CLIENT_INT_H

#include <sys/queue.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "net/client.h"

/* Remembered ids for dropping repeats (a live event racing a sync page). */
#define CLIENT_SEEN_MAX	2048

struct client_seen {
	int64_t	floor;		/* everything up to here was seen */
	int64_t	ids[CLIENT_SEEN_MAX];
	size_t	n;
	size_t	next;
};

/* An outbox entry: owned by the outbox until acknowledged. */
struct client_out {
	TAILQ_ENTRY(client_out)	 entry;
	char			 cid[PROTO_CID_MAX + 1];
	char			 to[PROTO_NAME_MAX + 1];
	char			*body;
	size_t			 body_len;
	enum proto_priority	 priority;
	bool			 inflight;	/* sent on this connection */
};
TAILQ_HEAD(client_outq, client_out);

/* A request awaiting its reply; replies come in request order. */
struct client_req {
	TAILQ_ENTRY(client_req)	 entry;
	enum proto_cmd		 cmd;
	char			 tag[16];
	char			 cid[PROTO_CID_MAX + 1];	/* send */
	enum proto_state	 state;				/* receipt */
	int64_t			*mids;				/* receipt */
	size_t			 n;
};
TAILQ_HEAD(client_reqq, client_req);

/* Message ids waiting for a receipt request. */
struct client_mids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

struct client {
	struct event_base	*base;
	struct client_cb	 cb;
	char			*host;
	unsigned		 port;
	char			*user;
	char			*password;
	char			*software;
	SSL_CTX			*tls;
	struct evdns_base	*dns;
	bool			 own_dns;	/* made here, freed here */
	bool			 reconnect;
	unsigned		 idle_ms, dead_ms, backoff_min, backoff_max;

	enum client_state	 state;
	struct bufferevent	*bev;
	struct event		*keepalive;	/* idle ping, dead peer, connect */
	struct event		*retry;		/* reconnect, or resend pending */
	bool			 ping_sent;
	unsigned		 attempt;	/* failures since the last login */
	int			 refusal;	/* code behind CLIENT_AUTH_FAILED */
	uint64_t		 rng;
	unsigned		 tagseq;
	struct proto_limits	 limits;	/* the server's, from hello */

	struct client_outq	 outbox;
	size_t			 npending;
	struct client_reqq	 reqs;
	struct client_mids	 delivered;	/* to acknowledge */
	struct client_mids	 read;

	bool			 has_cursor;
	int64_t			 after;
	int64_t			 receipts_after;
	bool			 syncing;	/* a sync page is on its way */
	bool			 resync;	/* one was refused: ask again */
	/*
	 * The presence the user chose (from this client or another of their
	 * sessions), said again after a login that starts elsewhere.
	 */
	bool			 chose;
	enum proto_presence	 chosen;
	struct client_seen	 seen_mids;
	struct client_seen	 seen_rids;
	unsigned		 cidseq;
	char			 cidbase[24];
};

/* net/client.c */
void	client_set_state(struct client *, enum client_state, const char *,
	    unsigned);
void	client_request(struct client *, struct proto_request *,
	    struct client_req *);
void	client_flush(struct client *);
/* Logged in with the session's presence as the server set it. */
void	client_on_login(struct client *, enum proto_presence);
/* Ask for the next sync page from the cursors, syncing meanwhile. */
void	client_sync_next(struct client *);
void	client_on_disconnect(struct client *);
void	client_mids_add(struct client_mids *, int64_t);
bool	client_seen_add(struct client_seen *, int64_t);

/* net/client_conn.c */
void	client_connect(struct client *);
void	client_drop(struct client *, const char *reason, bool retry);
void	client_write(struct client *, const char *, size_t);
void	client_rearm(struct client *);

/* net/client_recv.c */
void	client_recv(struct client *, const char *line, size_t len);

#endif
