/*
 * What a screen gives the shell (ui/shell.h): callbacks that draw into a
 * curses window and take keys.  For ui/ only: it brings in curses.
 */
#ifndef HC_SCREEN_H
#define HC_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/curses.h"
#include "ui/shell.h"

/* A paste past this many bytes is cut (and the screen told so). */
#define SHELL_PASTE_MAX	(1024 * 1024)

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
	/*
	 * A pasted block, as one piece (line breaks as '\n'; cut when it
	 * was longer than the shell takes).  May be NULL: a paste is then
	 * dropped, never typed as keys.
	 */
	int		(*paste)(void *arg, const char *text, size_t len,
			    bool cut);
	/*
	 * The screen's part of the help overlay, after the keys: a line
	 * without indent is a heading, "  NAME\tTEXT" an item.  NULL for
	 * none; borrowed, it outlives the screen.
	 */
	const char	*help;
	/* Body rows the screen would rather have than the key hints (its
	 * fullest layout); 0 when any will do. */
	int		 rows_wanted;
};

/* Add a screen (copied); returns its index.  The first added is shown. */
int		 shell_add_screen(struct shell *, const struct shell_screen *);

#endif
