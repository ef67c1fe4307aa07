/*
 * The hcwed client library: one logged-in session with an hcwedd, driven
 * by the caller's libevent base (the full-screen client and the script
 * subcommands share it).
 *
 * It keeps the session alive on its own: hello and login on every
 * connect, ping after ping_idle_ms of silence and a reconnect when no
 * answer comes within ping_dead_ms, reconnects with exponential backoff
 * and full jitter, and resumes with "sync" from the last message and
 * receipt cursors, so that the caller sees every message once, by mid.
 *
 * Messages go through an outbox that survives disconnects: a message sent
 * while disconnected is pending, is sent (again) with the same cid once
 * logged in, and is acknowledged to the caller exactly once.  Received
 * messages addressed to the user get a "delivered" receipt automatically;
 * "read" receipts are sent on request.
 *
 * Memory: every pointer handed to a callback is borrowed and valid only
 * during the call; the client copies what it keeps from the caller.
 * Callbacks may call any client_*() function except client_free().
 */
#ifndef HC_CLIENT_H
#define HC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "net/proto.h"

struct event_base;
struct evdns_base;
struct client;

enum client_state {
	CLIENT_CONNECTING,	/* resolving and connecting */
	CLIENT_CONNECTED,	/* TCP is up; hello and login are on their way */
	CLIENT_LOGGED_IN,	/* the session is usable */
	CLIENT_AUTH_FAILED,	/* refused (login, version): no retry */
	CLIENT_DISCONNECTED,	/* next attempt in reconnect_ms (0: none) */
};

struct client_config {
	const char	*host;
	unsigned	 port;
	const char	*user;
	const char	*password;
	const char	*software;	/* "client" in hello; NULL: hcwed/VERSION */
	/*
	 * TLS with this context (net/tls.h: it verifies the server's
	 * certificate against host); NULL speaks plaintext.  Borrowed: it
	 * must outlive the client.
	 */
	SSL_CTX		*tls;
	/*
	 * The resolver for host, which runs on the loop: a lookup never
	 * blocks it.  NULL: the client makes its own from /etc/resolv.conf
	 * and /etc/hosts and frees it with itself.  Otherwise borrowed (a
	 * test points one at a nameserver of its own): it must outlive the
	 * client.
	 */
	struct evdns_base *dns;
	bool		 reconnect;	/* retry after a lost connection */
	unsigned	 ping_idle_ms;	/* 0: 30000 */
	unsigned	 ping_dead_ms;	/* 0: 10000 (also the connect timeout) */
	unsigned	 backoff_min_ms; /* 0: 250 */
	unsigned	 backoff_max_ms; /* 0: 30000 */
	/*
	 * Cursors from an earlier run; with has_cursor
	 * false the first sync asks for the undelivered messages instead.
	 */
	bool		 has_cursor;
	int64_t		 after;
	int64_t		 receipts_after;
};

struct client_cb {
	void	(*state)(void *arg, enum client_state, const char *reason,
		    unsigned reconnect_ms);
	/* A message to or from the user, never the same mid twice. */
	void	(*message)(void *arg, const struct proto_message *);
	/* The server has stored the message sent with cid. */
	void	(*ack)(void *arg, const char *cid, int64_t mid, int64_t ts);
	/* On the user's own messages, and (by the user) on messages to the
	 * user that another of their sessions has read. */
	void	(*receipt)(void *arg, const struct proto_receipt *);
	void	(*presence)(void *arg, const char *user, enum proto_presence);
	void	(*who)(void *arg, const struct proto_user *, size_t n);
	void	(*history)(void *arg, const char *with,
		    const struct proto_message *, size_t n, bool more);
	/* client_unread()'s answer: what no session of the user has read;
	 * last is the newest mid the counts took in. */
	void	(*unread)(void *arg, const struct proto_unread *, size_t n,
		    int64_t last);
	/* An account was added, or deleted, while logged in. */
	void	(*account)(void *arg, const struct proto_user *, bool deleted);
	/*
	 * A request failed: cmd is its name, cid the message for a send the
	 * server refused for good (it has left the outbox), else NULL.
	 */
	void	(*error)(void *arg, int code, const char *message,
		    const char *cmd, const char *cid);
	void	*arg;
};

/*
 * Copies cfg (strings included) and cb.  Nothing happens until
 * client_start().  Free with client_free(), which calls no callback.
 */
struct client	*client_new(struct event_base *, const struct client_config *,
		    const struct client_cb *);
void		 client_start(struct client *);
void		 client_free(struct client *);

enum client_state client_state(const struct client *);
/* The error code that ended the session in CLIENT_AUTH_FAILED
 * (PROTO_E_LOCKED for a locked account); 0 before any refusal. */
int	client_refusal(const struct client *);
/* Disconnected: try again now rather than after the backoff.  False when
 * not disconnected (connecting, online, or refused: nothing to do). */
bool	client_reconnect_now(struct client *);

/*
 * Queue a message.  cid NULL picks a unique one; either way it is copied
 * to cid_out (PROTO_CID_MAX + 1 bytes) when cid_out is non-NULL.  -1 and
 * a malloc'd *cause for an invalid recipient, cid or body (empty, over
 * the server's body limit, not UTF-8).
 */
int	client_send(struct client *, const char *to, const char *body,
	    size_t len, enum proto_priority, const char *cid, char *cid_out,
	    char **cause);
/* Messages not yet acknowledged. */
size_t	client_pending(const struct client *);
/*
 * Requests awaiting their reply plus receipts not yet sent: 0 means the
 * server has taken everything (a caller about to exit waits for it).
 */
size_t	client_unanswered(const struct client *);

/* Mark messages read (queued while disconnected). */
void	client_read(struct client *, const int64_t *mids, size_t n);

/* Requests answered through the callbacks; -1 and *cause when offline. */
int	client_who(struct client *, char **cause);
int	client_history(struct client *, const char *with, int64_t before,
	    unsigned limit, char **cause);
int	client_presence(struct client *, enum proto_presence, char **cause);
int	client_unread(struct client *, char **cause);

#endif
