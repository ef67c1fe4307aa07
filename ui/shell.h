/*
 * The shell owns the terminal: one libevent loop on the main thread reads
 * the keyboard, runs timers, handles SIGWINCH and runs work posted by
 * other threads; ncursesw is touched only from here and from the screens'
 * callbacks, which the loop calls.  Changes mark the shell dirty and the
 * loop draws once, with one doupdate(), after the events of a turn.
 *
 * Screens (chat, wedding dashboard, ...) register a struct shell_screen;
 * the first is F1/Alt-1, the second F2/Alt-2.  docs/DESIGN.md, "Client
 * UI", describes the contract.
 */
#ifndef HC_SHELL_H
#define HC_SHELL_H

#include <stdbool.h>

#include "ui/curses.h"
#include "ui/keys.h"

struct event_base;
struct shell;

/* What key and mouse callbacks return. */
#define SHELL_UNHANDLED	0
#define SHELL_HANDLED	0x1
#define SHELL_REDRAW	0x2

enum shell_event {
	SHELL_SHOW,		/* the screen became the current one */
	SHELL_HIDE,
	SHELL_LOCKED,		/* the lock view is up: drop any secrets drawn */
	SHELL_UNLOCKED,
};

struct shell_screen {
	const char	*name;		/* status bar tab: "chat" */
	void		*arg;
	/*
	 * Draw the whole body into win (already erased).  Return true to
	 * show the terminal cursor where win's cursor is left.
	 */
	bool		(*draw)(void *arg, WINDOW *win);
	/* A key (ui/keys.h code) the shell did not take: SHELL_* flags. */
	int		(*key)(void *arg, int key);
	/* The body is now rows x cols (also called once when added). */
	void		(*resize)(void *arg, int rows, int cols);
	void		(*event)(void *arg, enum shell_event);
	/*
	 * True while the user is typing a line: printable keys then go to the
	 * screen even when a global binding (like "?") uses them.  May be
	 * NULL.
	 */
	bool		(*editing)(void *arg);
	/* Mouse at body-relative (y, x); button 1 click, 4/5 wheel.  May be
	 * NULL. */
	int		(*mouse)(void *arg, int y, int x, int button);
};

/* The status bar's fields; change them, then call shell_dirty(). */
struct shell_status {
	char		user[64];
	char		presence[16];	/* "available", "busy", "away" */
	char		conn[64];	/* "online", "reconnecting in 4s" */
	bool		unencrypted;	/* no TLS: said on the bar, always */
	unsigned	unread;
	unsigned	urgent;
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
};

/* Start curses and the loop.  -1 with a malloc'd *cause when stdin or
 * stdout is not a terminal. */
struct shell	*shell_create(const struct shell_options *, char **cause);
/* Stop curses and free everything; the screens' args are the caller's. */
void		 shell_free(struct shell *);

/* Add a screen (copied); returns its index.  The first added is shown. */
int		 shell_add_screen(struct shell *, const struct shell_screen *);

struct event_base *shell_base(struct shell *);
struct shell_status *shell_status(struct shell *);
/* Redraw at the end of this loop turn. */
void		 shell_dirty(struct shell *);
/*
 * From any thread: run fn(arg) on the loop thread soon.  This is how a
 * worker hands results to the UI; it never draws itself.
 */
void		 shell_post(struct shell *, void (*fn)(void *), void *arg);
/* Ring the bell and set the terminal title (no message text in it). */
void		 shell_alert(struct shell *, const char *title);

/* Open the key help overlay. */
void		 shell_help(struct shell *);

/* Show the password view with message; hides every screen. */
void		 shell_lock(struct shell *, const char *message);
void		 shell_unlock(struct shell *);
bool		 shell_locked(const struct shell *);

/* Run until shell_quit(); returns 0. */
int		 shell_run(struct shell *);
void		 shell_quit(struct shell *);

#endif
