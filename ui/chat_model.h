/*
 * What the chat screen shows, kept apart from curses: contacts,
 * conversations (bounded scrollback rings), unread counts and each own
 * message's state.  A messaging connection feeds it through the
 * chat_model_*() calls below (on the loop thread) and receives what the
 * user does through struct chat_backend.
 *
 * Text handed in is copied and sanitised (src/sanitize.h); the model owns
 * everything it holds.  Own messages are matched by their client id, so
 * a message resent after a reconnect, or echoed back by the server,
 * appears once.
 */
#ifndef HC_CHAT_MODEL_H
#define HC_CHAT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHAT_NAME_MAX		32
#define CHAT_CID_MAX		64
#define CHAT_BROADCAST		"*"	/* the "everyone" conversation */
#define CHAT_HISTORY_PAGE	50

enum chat_state {
	CHAT_PENDING,		/* typed, not yet acknowledged by the server */
	CHAT_STORED,
	CHAT_DELIVERED,
	CHAT_READ,
};

enum chat_presence {
	CHAT_OFFLINE,
	CHAT_AVAILABLE,
	CHAT_BUSY,
	CHAT_AWAY,
};

enum chat_conn {
	CHAT_CONN_OFFLINE,
	CHAT_CONN_CONNECTING,
	CHAT_CONN_ONLINE,
	CHAT_CONN_RETRY,	/* waiting retry_s seconds to reconnect */
};

struct chat_msg {
	int64_t		 mid;		/* 0 while pending */
	int64_t		 ts;		/* ms since the epoch */
	char		 from[CHAT_NAME_MAX + 1];
	char		 cid[CHAT_CID_MAX + 1];
	char		*text;		/* sanitised, may hold '\n' */
	bool		 own;
	bool		 urgent;
	bool		 fresh;		/* came live or by sync, not as history */
	enum chat_state	 state;		/* own: how far; others: READ once
					   the receipt went out */
	/* The screen's layout cache (ui/chat_draw.c): rows for the key
	 * cache_w (width and state), without a day separator; the local
	 * day, 0 until computed. */
	int		 cache_w, cache_rows;
	int		 day;
};

struct chat_contact {
	char		 user[CHAT_NAME_MAX + 1];
	char		*display;	/* sanitised */
	char		*role;		/* sanitised */
	enum chat_presence presence;
	unsigned	 unread;
	bool		 urgent;	/* an unread urgent message */
	struct ring	*msgs;		/* of struct chat_msg, oldest first */
	bool		 history_done;	/* nothing older on the server */
	bool		 history_pending;
};

/* A message as the connection reports it; strings are copied. */
struct chat_msg_in {
	int64_t		 mid;
	int64_t		 ts;
	const char	*from;
	const char	*to;		/* CHAT_BROADCAST for everyone */
	const char	*text;
	size_t		 len;
	const char	*cid;		/* NULL or "" when none */
	bool		 urgent;
	bool		 has_state;	/* own messages: state below */
	enum chat_state	 state;
};

/* What the user asks the connection to do.  Any member may be NULL. */
struct chat_backend {
	void	*arg;
	/* Send (queue while offline; resend with the same cid).  -1 when
	 * refused at once: it has said why through chat_model_notice(). */
	int	(*send)(void *arg, const char *to, const char *text,
		    bool urgent, const char *cid);
	void	(*read)(void *arg, const int64_t *mids, size_t n);
	/* Older messages than before (0: the newest); answer with
	 * chat_model_history(). */
	void	(*history)(void *arg, const char *peer, int64_t before,
		    unsigned limit);
	void	(*presence)(void *arg, enum chat_presence);
	void	(*who)(void *arg);
	/* Try to connect now, rather than after the backoff. */
	void	(*reconnect)(void *arg);
};

/* How the model tells its screen something changed. */
struct chat_model_hooks {
	void	*arg;
	void	(*changed)(void *arg);
	/* A new message from someone else arrived in c. */
	void	(*incoming)(void *arg, struct chat_contact *c,
		    const struct chat_msg *);
	/* An informational line for the user (command output, errors). */
	void	(*notice)(void *arg, const char *text);
};

struct chat_model;

struct chat_model *chat_model_create(const char *me, size_t scrollback,
		    const struct chat_backend *);
void		 chat_model_free(struct chat_model *);
void		 chat_model_set_hooks(struct chat_model *,
		    const struct chat_model_hooks *);
const char	*chat_model_me(const struct chat_model *);
const struct chat_backend *chat_model_backend(const struct chat_model *);

/* The feed, called by the connection. */
void	chat_model_contact(struct chat_model *, const char *user,
	    const char *display, const char *role, enum chat_presence);
void	chat_model_presence(struct chat_model *, const char *user,
	    enum chat_presence);
void	chat_model_message(struct chat_model *, const struct chat_msg_in *);
/* Own message acknowledged (cid -> mid) or a receipt (by mid). */
void	chat_model_state(struct chat_model *, const char *cid, int64_t mid,
	    enum chat_state);
/* A page of older messages for peer; more is false at the beginning. */
void	chat_model_history(struct chat_model *, const char *peer,
	    const struct chat_msg_in *msgs, size_t n, bool more);
/* The server's count of what no session has read in one conversation. */
struct chat_unread_in {
	const char	*with;		/* a user, or CHAT_BROADCAST */
	unsigned	 unread;
	unsigned	 urgent;
};
/*
 * Replace every conversation's unread count with the server's; messages
 * up to last are in those counts, so they are not counted again when
 * they arrive.
 */
void	chat_model_unread(struct chat_model *, const struct chat_unread_in *,
	    size_t n, int64_t last);
/*
 * Another session of the user read mid: it is no longer unread here.
 * False when mid is not a message loaded here (the counts may then be
 * stale: ask the server again).
 */
bool	chat_model_read_elsewhere(struct chat_model *, int64_t mid);
void	chat_model_connection(struct chat_model *, enum chat_conn,
	    unsigned retry_s);
/*
 * Why the connection is down (NULL once it is up again: the error goes
 * with its condition) and since when (ms since the epoch, 0 when up).
 */
void	chat_model_conn_error(struct chat_model *, int64_t since_ms,
	    const char *why);
/* The error ("" when none) and its time, for the screen. */
const char *chat_model_conn_why(const struct chat_model *, int64_t *since);
void	chat_model_notice(struct chat_model *, const char *text);

/* For the screen. */
enum chat_conn	chat_model_conn(const struct chat_model *, unsigned *retry_s);
size_t		chat_model_ncontacts(const struct chat_model *);
/*
 * Contacts in display order (unread first, then by name), keeping only
 * those whose name, display name or role contains filter (NULL: all).
 * Fills up to max and returns how many match.
 */
size_t		chat_model_sorted(struct chat_model *, const char *filter,
		    struct chat_contact **out, size_t max);
struct chat_contact *chat_model_find(struct chat_model *, const char *user);
/* Every contact, in no particular order; returns how many were filled. */
size_t		chat_model_contacts(struct chat_model *,
		    struct chat_contact **out, size_t max);
void		chat_model_contact_ensure(struct chat_model *, const char *user);
/* A client id no other message of this user has, into out. */
void		chat_model_cid(struct chat_model *, int64_t now_ms,
		    char out[CHAT_CID_MAX + 1]);
/* Add an own message, sent (or queued) under cid, as pending. */
struct chat_msg	*chat_model_add_own(struct chat_model *, const char *to,
		    const char *text, bool urgent, int64_t ts, const char *cid);
/* Mark c read: sends read receipts for its unread messages.  Returns
 * the oldest of them (where a "new" marker goes), 0 for none. */
int64_t		chat_model_mark_read(struct chat_model *, struct chat_contact *);
/* Totals for the status bar. */
void		chat_model_totals(const struct chat_model *, unsigned *unread,
		    unsigned *urgent);
const char	*chat_state_name(enum chat_state);
const char	*chat_presence_name(enum chat_presence);

#endif
