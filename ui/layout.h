/*
 * Where things go on the screen: pure arithmetic from the terminal size to
 * rectangles, so every size can be tested without a terminal.
 *
 * The shell owns the bottom rows (the status bar, and the key hints below
 * it when the terminal has room); a screen gets the body above them.  The chat screen splits its body into the contact list on the
 * left, a one-column rule, the conversation title and messages on the
 * right, and the input line across the bottom of the body.
 */
#ifndef HC_LAYOUT_H
#define HC_LAYOUT_H

#include <stdbool.h>

/* Smallest terminal hcwed draws in; below it the shell says so instead. */
#define LAYOUT_MIN_ROWS		10
#define LAYOUT_MIN_COLS		40
/* The input line grows with the text up to this many rows. */
#define LAYOUT_INPUT_MAX	4

struct layout_rect {
	int	y, x;
	int	h, w;		/* 0 when hidden */
};

/* From this many rows the bottom row holds the key hints. */
#define LAYOUT_HINTS_ROWS	14

struct layout_shell {
	bool			too_small;
	bool			hints;		/* status has a second row */
	struct layout_rect	body;
	struct layout_rect	status;		/* the bar, then the hints */
};

struct layout_chat {
	struct layout_rect	contacts;
	struct layout_rect	rule;		/* vertical line after contacts */
	struct layout_rect	title;		/* conversation name, presence */
	struct layout_rect	messages;
	struct layout_rect	input;
};

/* body_min: rows the screen shown would rather have than the hints. */
void	layout_shell(int rows, int cols, int body_min, struct layout_shell *);
/* body is the shell's body; input_rows is clamped to 1..LAYOUT_INPUT_MAX. */
void	layout_chat(const struct layout_rect *body, int input_rows,
	    struct layout_chat *);
/* Width of the contact list for a body this wide. */
int	layout_contacts_width(int cols);
/* True when (y, x) is inside r. */
bool	layout_contains(const struct layout_rect *r, int y, int x);

#endif
