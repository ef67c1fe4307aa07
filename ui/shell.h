/*
 * The shell owns the terminal: one libevent loop on the main thread reads
 * the keyboard, runs timers, handles SIGWINCH and runs work posted by
 * other threads; ncursesw is touched only from here and from the screens'
 * callbacks, which the loop calls.  Changes mark the shell dirty and the
 * loop draws once, with one doupdate(), after the events of a turn.
 *
 * Screens (chat, wedding dashboard, ...) register a struct shell_screen
 * (ui/screen.h); the first is F1/Alt-1, the second F2/Alt-2.
 * docs/DESIGN.md, "Client UI", describes the contract.  This header is
 * free of curses, so the code that starts the client needs none.
 */
#ifndef HC_SHELL_H
#define HC_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/keys.h"

struct event_base;
struct shell;

/* The status bar's fields; change them, then call shell_dirty(). */
struct shell_status {
	char		user[64];
	char		presence[16];	/* "available", "busy", "away" */
	char		conn[64];	/* "online", "reconnecting in 4s" */
	bool		unencrypted;	/* no TLS: said on the bar, always */
	bool		conn_bad;	/* not connected: conn stands out */
	unsigned	unread;
	unsigned	urgent;
	/* Conversations with unread messages, as irssi's [Act: ...]. */
	char		act[160];
	bool		act_urgent;
};

enum shell_notify {
	SHELL_NOTIFY_NONE,
	SHELL_NOTIFY_OSC9,	/* ESC ] 9 ; text BEL: iTerm2, Windows Terminal */
	SHELL_NOTIFY_OSC777,	/* ESC ] 777 ; notify ; title ; body BEL: foot,
				   urxvt, WezTerm, Ghostty */
};

enum shell_sound {
	SHELL_SOUND_FLASH,	/* the visual bell */
	SHELL_SOUND_BELL,
	SHELL_SOUND_NONE,
};

/* A clinical alert always rings; a wedding one as the options say. */
enum shell_alert_kind {
	SHELL_ALERT_CLINICAL,
	SHELL_ALERT_WEDDING,
};

struct shell_options {
	struct keys	 keys;
	bool		 mouse;
	unsigned long long lock_ms;	/* idle time before locking; 0 never */
	/*
	 * The password typed into the lock view (also the login prompt).
	 * The callback answers with shell_unlock() or shell_lock() again;
	 * pw is wiped after it returns.
	 */
	void		(*password)(void *arg, const char *pw);
	void		*password_arg;
	/*
	 * Asked when the user quits: true, with a question put into q, to
	 * ask first (messages not yet sent).  May be NULL.
	 */
	bool		(*quit_check)(void *arg, char *q, size_t size);
	void		*quit_arg;
	/* Desktop notifications through the terminal, besides the bell. */
	enum shell_notify	 notify;
	/* How a wedding alert sounds; clinical ones always ring the bell. */
	enum shell_sound	 wedding_sound;
};

/* Start curses and the loop.  -1 with a malloc'd *cause when stdin or
 * stdout is not a terminal. */
struct shell	*shell_create(const struct shell_options *, char **cause);
/* Stop curses and free everything; the screens' args are the caller's. */
void		 shell_free(struct shell *);


struct event_base *shell_base(struct shell *);
struct shell_status *shell_status(struct shell *);
/* Redraw at the end of this loop turn. */
void		 shell_dirty(struct shell *);
/*
 * From any thread: run fn(arg) on the loop thread soon.  This is how a
 * worker hands results to the UI; it never draws itself.
 */
void		 shell_post(struct shell *, void (*fn)(void *), void *arg);
/*
 * Ring the bell (or what the options say for the kind), set the terminal
 * title and send body as a desktop notification when they are on.  No
 * message text in either: a title and a notification are seen by anyone
 * near the screen.  A wedding alert leaves a clinical title alone.
 */
void		 shell_alert(struct shell *, enum shell_alert_kind,
		    const char *title, const char *body);
/*
 * Set the terminal title, when it changes.  The terminal's own title is
 * saved at the start and comes back at the end (the xterm title stack).
 */
void		 shell_title(struct shell *, const char *title);

/* Open the key help overlay. */
void		 shell_help(struct shell *);

/* Show the password view with message; hides every screen. */
void		 shell_lock(struct shell *, const char *message);
void		 shell_unlock(struct shell *);
bool		 shell_locked(const struct shell *);

/* Run until shell_quit(); returns 0. */
int		 shell_run(struct shell *);
void		 shell_quit(struct shell *);
/* What the user's quit does: ask first when quit_check says so (y quits,
 * any other key stays), else quit. */
void		 shell_quit_ask(struct shell *);

#endif
