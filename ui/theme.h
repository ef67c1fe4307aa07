/*
 * Colours by named role, so screens say what a thing is ("urgent",
 * "own message") and the theme decides how it looks.  Every role also has
 * a non-colour attribute (bold, reverse, underline), and state is always
 * written out in text as well, so NO_COLOR (https://no-color.org) and
 * monochrome terminals lose nothing.  Colours sit on the terminal's own
 * default background.
 */
#ifndef HC_THEME_H
#define HC_THEME_H

#include "ui/curses.h"

enum theme_role {
	ROLE_NORMAL,
	ROLE_STATUS,		/* the status bar */
	ROLE_TITLE,		/* pane titles */
	ROLE_SELECTED,		/* the selected contact */
	ROLE_URGENT,
	ROLE_OWN,		/* one's own name on messages */
	ROLE_PEER,		/* other senders */
	ROLE_TIME,
	ROLE_DAY,		/* day separators */
	ROLE_PENDING,		/* not yet acknowledged */
	ROLE_ERROR,
	ROLE_UNREAD,
	ROLE_HIGHLIGHT,		/* a message naming me or a word I chose */
	ROLE_AVAILABLE,
	ROLE_BUSY,
	ROLE_AWAY,
	/* Wedding dashboard cells; each state has its own glyph as well. */
	ROLE_SLOT_FREE,
	ROLE_SLOT_COMMON,	/* free at both services */
	ROLE_SLOT_TAKEN,
	ROLE_SLOT_MINE,
	ROLE_SLOT_PAIR,
	ROLE_SLOT_FLIGHT,
	ROLE_SLOT_UNKNOWN,
	ROLE_SLOT_BLOCKED,
	ROLE_SLOT_STALE,
	ROLE_NROLES
};

/*
 * Set a role's colour before theme_init: "red", "default", "bright-blue",
 * or a number 0..255.  -1 with a malloc'd *cause for an unknown role or
 * colour.
 */
int	theme_set(const char *role, const char *colour, char **cause);
/* After initscr(): set up colour pairs unless NO_COLOR is set. */
void	theme_init(void);
attr_t	theme_attr(enum theme_role);
/* Attribute and pair for wattr_set / setcchar. */
void	theme_get(enum theme_role, attr_t *attr, short *pair);

/*
 * Draw s[0..len) (len (size_t)-1: up to the NUL) at (y, x) in role, in at
 * most width columns, never splitting a wide character.  s must be
 * sanitised.  Returns the columns drawn.
 */
int	theme_put(WINDOW *, int y, int x, int width, const char *s,
	    size_t len, enum theme_role);
/* The same, ending in "…" when s does not fit: a cut is said to be one. */
int	theme_put_cut(WINDOW *, int y, int x, int width, const char *s,
	    size_t len, enum theme_role);

#endif
