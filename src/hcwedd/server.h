/*
 * The TCP front of hcwedd: a libevent listener, one bufferevent per
 * connection (TLS through bufferevent_openssl when configured), line
 * framing, bounded output, the transport's abuse limits (a pre-login
 * timeout, a per-address connection cap), and the per-loop-turn flush of
 * the hub's group commit, on threads of its own when given the database's
 * path (src/hubcommit.h).  The hub (src/hub.h) does everything else.
 */
#ifndef HC_SERVER_H
#define HC_SERVER_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "src/hcwedd/hub.h"

struct event_base;
struct server;

struct server_config {
	const char	*listen;	/* HOST:PORT, port 0 for any */
	const char	*ready_file;	/* NULL, or where to write HOST:PORT */
	size_t		 line_max;	/* bytes including "\n" */
	size_t		 out_max;	/* unsent bytes before a slow reader
					 * is disconnected */
	SSL_CTX		*tls;		/* NULL: plaintext; borrowed, must
					 * outlive the server (or its
					 * replacement by server_set_tls) */
	unsigned	 login_timeout_ms; /* from accept to login */
	unsigned	 addr_conn_max;	/* per client address; 0: no cap */
	const char	*commit_db;	/* NULL: commit on the loop thread;
					 * else the hub's database, for the
					 * commit threads' own connections */
};

#define SERVER_OUT_MAX		(4U * 1024 * 1024)
#define SERVER_DRAIN_SECONDS	5
#define SERVER_LOGIN_TIMEOUT_MS	30000
#define SERVER_ADDR_CONN_MAX	64
#define SERVER_ACCEPT_REST_SECONDS 1	/* after accept() fails (EMFILE) */

/*
 * Listen and serve hub on base.  -1 with a malloc'd *cause (which names
 * the address) if the address cannot be used.  The server uses base and
 * hub without owning them; server_free() releases the server.
 */
int	server_start(struct event_base *, struct hub *,
	    const struct server_config *, struct server **, char **cause);
/*
 * Stop accepting, let the hub commit and say bye, and leave the event
 * loop once every connection has closed (at most SERVER_DRAIN_SECONDS).
 */
void	server_stop(struct server *, const char *reason);
/* Waits for the batch being committed, if any, first. */
void	server_free(struct server *);
/*
 * Serve new connections with tls (borrowed, as in server_config); open
 * ones keep the context they were made with, which OpenSSL keeps alive
 * for them, so the caller may free the old one at once.  A plaintext
 * server stays plaintext.
 */
void	server_set_tls(struct server *, SSL_CTX *tls);

#endif
