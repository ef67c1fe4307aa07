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
 * session: a reply to a later request waits behind a pending ack.  A
 * transport with a thread to spare stores batches there instead
 * (hub_batch_take, hub_batch_store, hub_batch_done), and the loop goes on
 * collecting the next batch meanwhile; the hub's thread then stores
 * nothing while it serves (see hub_set_wait).
 *
 * Time is passed in (ms since the epoch) so tests control it.
 */
#ifndef HC_HUB_H
#define HC_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/proto_types.h"
#include "src/hcwedd/store.h"

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
	/* Input may be fed again (see hub_session_paused); NULL if the
	 * transport never checks logins on another thread. */
	void	(*resume)(void *arg);
};

/*
 * Access limits; 0 turns one off.  Failed logins slow an attacker down
 * instead of locking a clinician out (docs/PROTOCOL.md 5.2).  A source is
 * an address, or an IPv6 /64; a familiar source is one the account has
 * logged in from before.  Every attempt is counted before its password is
 * checked, so attempts in flight count too.
 *
 * - A name from one source, and a name from every unfamiliar source
 *   together, may fail throttle_after times; then each attempt waits
 *   1 s after the previous one, doubling up to throttle_max_ms.
 * - An unfamiliar source may fail throttle_addr_after times, over any
 *   names, before it waits the same way.
 * - Failures are forgotten throttle_window_ms after the last one, and a
 *   good password clears its name.
 * - lock_failures failed checks of a name, from anywhere and with no good
 *   login between them (forgotten lock_window_ms after the last), lock it
 *   everywhere for lock_ms, familiar sources too, until it ends or an
 *   administrator lifts it ("hcwedd user unlock").
 *
 * A session may send send_rate messages a second with bursts of
 * send_burst (429 beyond, nothing stored).  With request_limits, an
 * account's other requests are limited too (hub_guard.c, hub_rates) and
 * others hear of its presence at most twice a second.  Failures are remembered for at
 * most guard_max names and sources; one that still holds an attempt back
 * is never forgotten to make room, and while every one remembered does, a
 * new one is refused as if held back.
 */
struct hub_limits {
	unsigned	 throttle_after;
	unsigned	 throttle_addr_after;
	int64_t		 throttle_max_ms;
	int64_t		 throttle_window_ms;
	unsigned	 lock_failures;
	int64_t		 lock_window_ms;
	int64_t		 lock_ms;
	unsigned	 send_rate;	/* <= 1000: the bucket counts ms */
	unsigned	 send_burst;
	bool		 request_limits;	/* per account: presence,
						 * receipt, history, sync, who */
	size_t		 guard_max;	/* names and sources remembered;
					 * 0: HUB_GUARD_MAX */
};

#define HUB_THROTTLE_AFTER	5
#define HUB_THROTTLE_ADDR_AFTER	20
#define HUB_THROTTLE_MAX_MS	(5 * 60 * 1000)
#define HUB_THROTTLE_WINDOW_MS	(60 * 60 * 1000)
#define HUB_LOCK_FAILURES	100
#define HUB_LOCK_WINDOW_MS	(24 * 60 * 60 * 1000)
#define HUB_LOCK_MS		(60 * 60 * 1000)
#define HUB_SEND_RATE		50
#define HUB_SEND_BURST		200

struct hub_config {
	struct proto_limits	 limits;
	struct hub_limits	 guard;
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
 * The peer's "HOST:PORT" (copied), for the lockout by address and the
 * audit trail; a session without one is audited as "local".
 */
void		 hub_session_set_peer(struct hub_session *,
		    const char *peer);
/*
 * One request line without its "\n".  A line longer than the line limit
 * (len + 1 > line_max) is answered with 413 and the session is closed.
 */
void		 hub_session_input(struct hub_session *, const char *line,
		    size_t len, int64_t now);
/*
 * The connection is gone: forget the session (presence, pending replies)
 * and audit the logout of a logged-in one at now.  hub_session_close()
 * dates it with the latest time the hub was given.
 */
void		 hub_session_close_at(struct hub_session *, int64_t now);
void		 hub_session_close(struct hub_session *);

/* Whether the session has logged in (the transport's pre-login timeout). */
bool		 hub_session_logged_in(const struct hub_session *);
/* Whether requests of the session wait for a batch to be stored. */
bool		 hub_session_busy(const struct hub_session *);
/*
 * Whether the session takes no input for now: its login is being checked
 * elsewhere, one of its requests waits for a batch stored elsewhere, or
 * the hub waits for one to shut down.  The transport holds the input back
 * until resume() (a shutdown ends the session instead).
 */
bool		 hub_session_paused(const struct hub_session *);

/*
 * What time alone brings, called by the transport a few times a second:
 * presence that was held back (HUB_PRESENCE_EVERY_MS) goes out, and the
 * account changes other processes recorded since the last call ("hcwedd
 * user del" and "passwd") end the sessions they concern with "bye".
 */
void		 hub_tick(struct hub *, int64_t now);

/* Whether a batch (or audit rows) is waiting for hub_flush(). */
bool		 hub_pending(struct hub *);
/*
 * Commit the pending batch on this thread, with the hub's store, then
 * answer it and push its events.  A batch being stored elsewhere is waited
 * for first.  For a transport without a commit thread, and at the end.
 */
void		 hub_flush(struct hub *, int64_t now);

/*
 * The same in three steps, for a transport that stores on another thread.
 * hub_batch_take() takes what is pending (NULL if nothing is) and may not
 * be called again before hub_batch_done(); hub_batch_store() touches only
 * the batch and the store given, so it may run on any thread, with a
 * store connection of its own; hub_batch_done(), on the hub's thread,
 * answers and routes and frees the batch.
 *
 * Setting wait tells the hub that the transport stores: the hub's own
 * thread then never commits, syncs or checkpoints while it serves (its
 * store only reads, and leaves the log to the transport's checkpoints:
 * store_wal_defer).  A request that must come after its session's pending
 * sends (a sync or history reads them, a logout or a line too long ends
 * the session after their acks) is held, with the session's input, until
 * hub_batch_done() has answered them; it is then answered in its place
 * and resume() called.  A shutdown holds every session the same way until
 * nothing is left to store.  For a held request the hub calls kick(arg),
 * which must not call back into the hub, to have the pending batch taken
 * soon; without a kick it calls wait(arg) if a batch is in hand.
 * hub_flush() calls wait(arg) for the batch in hand.  wait must see the
 * batch stored and hub_batch_done() called before it returns.
 */
struct hub_batch;
struct hub_batch *hub_batch_take(struct hub *, int64_t now);
void		 hub_batch_store(struct hub_batch *, struct store *);
void		 hub_batch_done(struct hub *, struct hub_batch *);
void		 hub_set_wait(struct hub *, void (*wait)(void *), void *arg);
void		 hub_set_kick(struct hub *, void (*kick)(void *), void *arg);

/*
 * Logins the same way: with a verifier set, the password hash (the slow
 * part) is handed to verify(arg, login), which must see hub_login_verify()
 * run, on any thread, and then hub_login_done() on the hub's thread.  The
 * login belongs to the hub; hub_login_done() frees it.  Without one, the
 * hash is checked within hub_session_input().
 */
struct hub_login;
void		 hub_set_verifier(struct hub *,
		    void (*verify)(void *, struct hub_login *), void *arg);
void		 hub_login_verify(struct hub_login *);
void		 hub_login_done(struct hub *, struct hub_login *);
/* Drop a login never verified: its session, if any, is told to retry. */
void		 hub_login_cancel(struct hub *, struct hub_login *);
/*
 * Say bye with reason to every session and close them all, once what they
 * sent is stored (at once without a commit thread).
 */
void		 hub_shutdown(struct hub *, const char *reason, int64_t now);
/* Sessions not yet closed by the transport. */
size_t		 hub_sessions(struct hub *);

#endif
