/*
 * Internals shared by the hub files: hub.c (sessions, input, the state
 * machine), hub_dispatch.c (the commands), hub_login.c (logins),
 * hub_batch.c (group commit and routing), hub_presence.c (accounts in memory and presence), hub_guard.c
 * (login lockout, send rate) and hub_audit.c (audit rows).
 */
#ifndef HC_HUB_INT_H
#define HC_HUB_INT_H

#include <sys/queue.h>

#include "src/base/bucket.h"
#include "src/hcwedd/hub.h"

enum hub_state {
	HUB_GREETING,
	HUB_HELLO,
	HUB_LOGGED_IN,
	HUB_CLOSED,		/* ended by the hub, waiting for the transport */
};

/* A reply slot: line is NULL while it waits for the batch. */
struct hub_out {
	TAILQ_ENTRY(hub_out)	 entry;
	char			*line;
	size_t			 len;
};

struct hub_user;

/*
 * Requests limited per account, however many sessions it has (sends are
 * limited per session, hub_guard_send): a runaway script must not flood
 * every session or the store.
 */
enum hub_rate {
	HUB_RATE_PRESENCE,
	HUB_RATE_RECEIPT,
	HUB_RATE_READ,		/* history and sync */
	HUB_RATE_WHO,
	HUB_RATE_COUNT
};
/* Others hear of one account's presence at most this often. */
#define HUB_PRESENCE_EVERY_MS	500
/* Conversations an "unread" reply counts at most. */
#define HUB_UNREAD_MAX		500

/*
 * What a session holds back until its sends are stored, with a commit
 * thread: the loop stores nothing itself, so a request that must come
 * after them waits (hub_hold), and the session's input with it.
 */
enum hub_hold {
	HUB_HOLD_NONE,
	HUB_HOLD_REQUEST,	/* sync, history or logout: run it then */
	HUB_HOLD_TOO_LONG,	/* a line too long: 413 and the end then */
};

struct hub_session {
	struct hub		*hub;
	const struct hub_ops	*ops;
	void			*arg;
	enum hub_state		 state;
	struct hub_user		*user;		/* when logged in */
	size_t			 pending;	/* ops in the batch */
	struct hub_login	*login;		/* being checked: no input */
	enum hub_hold		 hold;		/* no input either */
	struct proto_request	 held;		/* HUB_HOLD_REQUEST */
	int64_t			 held_at;
	char			 peer[STORE_AUDIT_ADDR];	/* HOST:PORT */
	char			 host[STORE_AUDIT_ADDR];	/* HOST or "" */
	struct bucket		 sends;
	TAILQ_HEAD(, hub_out)	 outq;
	TAILQ_ENTRY(hub_session) entry;		/* hub->sessions */
	TAILQ_ENTRY(hub_session) user_entry;	/* user->sessions */
};
TAILQ_HEAD(hub_sessions, hub_session);

/* An account as the hub knows it; kept for the life of the hub. */
struct hub_user {
	char			 name[PROTO_NAME_MAX + 1];
	char			 display[PROTO_DISPLAY_MAX + 1];
	char			 role[PROTO_ROLE_MAX + 1];
	enum proto_presence	 presence;	/* while it has sessions */
	struct hub_sessions	 sessions;
	size_t			 nsessions;
	bool			 gone;		/* deleted: kept for the ops
						 * that still point here */
	struct bucket		 rates[HUB_RATE_COUNT];	/* per account */
	enum proto_presence	 told;		/* what others last heard */
	int64_t			 told_at;
	bool			 dirty;		/* they are to hear again */
	TAILQ_ENTRY(hub_user)	 dirty_entry;
	struct hub_user		*next;		/* hash chain */
};
TAILQ_HEAD(hub_users, hub_user);

/* A send or receipt request waiting for the batch to commit. */
struct hub_op {
	bool			 is_send;
	struct hub_session	*session;	/* NULL once it has gone */
	struct hub_out		*out;
	struct hub_user		*from;
	char			 tag[PROTO_TAG_MAX + 1];
	char			 addr[STORE_AUDIT_ADDR];
	/* send */
	int64_t			 accounts_seen;	/* hub->changes_seen then */
	char			 to[PROTO_NAME_MAX + 1];
	char			 cid[PROTO_CID_MAX + 1];
	char			*body;
	size_t			 body_len;
	enum proto_priority	 priority;
	/* receipt */
	enum proto_state	 state;
	int64_t			*mids;
	size_t			 nmids;
};

/*
 * What a good login leaves to store with the next batch: the source it
 * came from, and the password hash at today's cost if it needs one.
 */
struct hub_seen {
	char			 user[PROTO_NAME_MAX + 1];
	char			 source[STORE_AUDIT_ADDR];	/* or "" */
	int64_t			 ts;
	char			*hash;		/* or NULL */
	char			*cause;		/* why it was not stored */
};

/*
 * A batch taken from the hub to be stored, on another thread perhaps.
 * While it is stored only the worker touches msgs, rcpts, fresh, the
 * results and causes; the loop may still clear an op's session.
 */
struct hub_batch {
	struct hub_op			*ops;
	size_t				 nops;
	struct store_put_msg		*msgs;
	size_t				 nmsgs;
	struct store_put_receipt	*rcpts;
	size_t				 nrcpts;
	struct store_audit		*audit;
	size_t				 naudit;
	struct store_new_receipt	*fresh;
	size_t				 nfresh;
	struct hub_seen			*seen;
	size_t				 nseen;
	int				 rc;
	char				*cause;
	int				 audit_rc;	/* the rows alone */
	char				*audit_cause;
};

#define HUB_USER_BUCKETS	256
/* A message event's bytes besides its body, escaped at most 6 times. */
#define HUB_EVENT_OVERHEAD	512
/*
 * What a history or sync page holding one message adds to its event: the
 * envelope with the widest cursors and tag, and "state".
 */
#define HUB_PAGE_OVERHEAD	256

/* Recent failed logins counted against one key (see hub_guard.c). */
#define HUB_GUARD_KEY	(2 + PROTO_NAME_MAX + 1 + STORE_AUDIT_ADDR)
struct hub_guard {
	char			 key[HUB_GUARD_KEY];
	unsigned		 failures;	/* in flight too */
	int64_t			 last;		/* the latest counted */
	int64_t			 locked_until;
	int64_t			 lock_id;	/* newest audit row at lock */
	bool			 told;		/* its threshold is audited */
	struct hub_guard	*next;		/* hash chain */
	TAILQ_ENTRY(hub_guard)	 entry;		/* least recent first */
};
TAILQ_HEAD(hub_guards, hub_guard);

#define HUB_GUARD_BUCKETS	1024
#define HUB_GUARD_MAX		16384	/* names and addresses remembered */
#define HUB_GUARD_FULL_WAIT_MS	1000	/* untracked names while all are locked */

struct hub {
	struct store		*store;
	struct hub_config	 config;
	char			*server;
	struct hub_sessions	 sessions;
	size_t			 nsessions;
	struct hub_user		*users[HUB_USER_BUCKETS];
	struct hub_op		*ops;
	size_t			 nops;
	size_t			 opscap;
	struct hub_batch	*inflight;	/* taken, not yet done */
	void			(*wait)(void *);	/* a commit thread */
	void			*wait_arg;
	void			(*kick)(void *);
	void			*kick_arg;
	struct hub_seen		*seen;		/* for the next batch */
	size_t			 nseen;
	char			*bye;		/* shutdown waits for a batch */
	int64_t			 bye_at;
	void			(*verify)(void *, struct hub_login *);
	void			*verify_arg;
	bool			 shutting_down;
	char			*dummy_hash;	/* verified for unknown users */
	int64_t			 now;		/* latest time given */
	int64_t			 changes_seen;	/* account_changes id */
	struct hub_users	 dirty;		/* presence to tell */
	struct hub_guard	*guards[HUB_GUARD_BUCKETS];
	struct hub_guards	 guard_order;
	size_t			 nguards;
	struct store_audit	*audit;		/* rows for the next commit */
	size_t			 naudit;
	size_t			 auditcap;
};

/* hub.c: output to one session. */
void	hub_emit(struct hub_session *, char *line, size_t len);
struct hub_out *hub_reserve(struct hub_session *);
void	hub_fill(struct hub_session *, struct hub_out *, char *line, size_t);
void	hub_event(struct hub_session *, const char *line, size_t len);
void	hub_error(struct hub_session *, int code, const char *cmd,
	    const char *tag, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* The same with "retry_after_ms": wait_ms, for 423 and 429. */
void	hub_error_wait(struct hub_session *, int code, const char *cmd,
	    const char *tag, int64_t wait_ms, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	hub_end(struct hub_session *, int64_t now, const char *how);
/*
 * Whether the request (NULL: a line too long) must wait for the session's
 * sends to be stored and was taken to be answered then; without a commit
 * thread they are stored at once instead, and the caller goes on.
 */
bool	hub_hold(struct hub_session *, struct proto_request *, int64_t now);
/* The session's sends are answered: what it held back goes on. */
void	hub_release(struct hub_session *);
/* The shutdown, once no send is left to store. */
void	hub_bye(struct hub *);

/* hub_dispatch.c */
/*
 * Whether the account's limit for the request's kind refuses it, with
 * 429 answered; once per request, not again when a held one runs.
 */
bool	hub_rate_refused(struct hub_session *, const struct proto_request *,
	    int64_t now);
void	hub_dispatch(struct hub_session *, struct proto_request *,
	    int64_t now);

/* hub_login.c */
void	hub_login_start(struct hub_session *, struct proto_request *,
	    int64_t now);
void	hub_login_forget(struct hub_session *);

/* hub_batch.c */
void	hub_queue_send(struct hub_session *, struct proto_request *,
	    int64_t now);
void	hub_queue_receipt(struct hub_session *, struct proto_request *,
	    int64_t now);
void	hub_batch_forget(struct hub *, struct hub_session *);
/*
 * Store that user logged in from source ("": nowhere to remember) at now,
 * and a new hash of theirs (takes hash; NULL: none), with the next batch.
 */
void	hub_seen(struct hub *, const char *user, const char *source,
	    char *hash, int64_t now);

/* hub_guard.c */
struct hub_guard_wait {
	int64_t		 wait_ms;
	bool		 locked;	/* a lock, not a delay */
};
/*
 * Whether a login of user from source (s->host) may have its password
 * checked now: true, and it is counted as a failure until
 * hub_guard_settle() says otherwise; or false and how long to wait.
 */
bool	hub_guard_admit(struct hub *, const char *user, const char *source,
	    bool familiar, int64_t now, struct hub_guard_wait *);
/* The outcome of an admitted login; peer is for the audit trail. */
enum hub_guard_outcome {
	HUB_GUARD_FAILED,
	HUB_GUARD_PASSED,
	HUB_GUARD_UNCHECKED,	/* the server gave up first: not counted */
};
void	hub_guard_settle(struct hub *, const char *user, const char *source,
	    bool familiar, const char *peer, enum hub_guard_outcome,
	    int64_t now);
bool	hub_guard_send(struct hub_session *, int64_t now);
/* Take one request of kind from the session's account; 0, or the wait. */
int64_t	hub_guard_rate(struct hub_session *, enum hub_rate, int64_t now);
/* The rate (a second) and burst of kind. */
void	hub_guard_rate_of(enum hub_rate, unsigned *per_s, unsigned *burst);
/* The host of "HOST:PORT" that failures count against, into host. */
void	hub_guard_host(const char *peer, char *host, size_t size);
void	hub_guards_free(struct hub *);

/* hub_audit.c */
void	hub_audit(struct hub_session *, int64_t now, const char *event,
	    const char *user, const char *peer, const char *detail);
/* The same for no session: addr is HOST:PORT, or "" for "local". */
void	hub_audit_row(struct hub *, int64_t now, const char *event,
	    const char *user, const char *addr, const char *peer,
	    const char *detail);
void	hub_audit_logout(struct hub_session *, int64_t now, const char *how);
void	hub_time(struct hub *, int64_t now);

/* hub_presence.c */
struct hub_user *hub_user_find(struct hub *, const char *name);
struct hub_user *hub_user_update(struct hub *, const struct store_user *);
void	hub_users_free(struct hub *);
void	hub_presence_attach(struct hub_session *, struct hub_user *);
void	hub_presence_detach(struct hub_session *);
void	hub_presence_set(struct hub_user *, enum proto_presence);
/* Tell what was held back, once HUB_PRESENCE_EVERY_MS has gone by. */
void	hub_presence_flush(struct hub *);
enum proto_presence hub_presence_of(struct hub *, const char *name);

#endif
