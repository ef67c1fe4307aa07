/*
 * The line editor behind the input line: a UTF-8 buffer, a cursor and a
 * history, edited by actions (what the key table maps keys to), so it is
 * tested without a terminal.  Alt-Enter puts a '\n' in the text; Enter
 * (input_take) hands the whole text over.
 */
#ifndef HC_INPUT_H
#define HC_INPUT_H

#include <stdbool.h>
#include <stddef.h>

enum input_edit {
	INPUT_LEFT,
	INPUT_RIGHT,
	INPUT_HOME,		/* Ctrl-A */
	INPUT_END,		/* Ctrl-E */
	INPUT_BACKSPACE,
	INPUT_DELETE,
	INPUT_KILL_START,	/* Ctrl-U: from the start to the cursor */
	INPUT_KILL_END,		/* Ctrl-K: from the cursor to the end */
	INPUT_KILL_WORD,	/* Ctrl-W: the word before the cursor */
	INPUT_NEWLINE,		/* Alt-Enter */
	INPUT_HISTORY_PREV,	/* Up */
	INPUT_HISTORY_NEXT,	/* Down */
};

struct input;

/* history_max: lines remembered for Up/Down (0 keeps none). */
struct input	*input_create(size_t history_max);
void		 input_free(struct input *);

/* Insert UTF-8 text at the cursor (invalid bytes are dropped). */
void		 input_insert(struct input *, const char *s, size_t len);
/*
 * Insert a pasted block: line breaks kept, tabs expanded to the next
 * multiple of 8 columns, other control characters and the line breaks at
 * its end dropped.  Returns the lines it held (0 for nothing).
 */
unsigned	 input_paste(struct input *, const char *text, size_t len);
/* Apply an edit; false when it changed nothing (e.g. Left at the start). */
bool		 input_edit(struct input *, enum input_edit);
/*
 * Return the text (malloc'd; the caller frees) and clear the line.  A
 * non-empty text is added to the history.
 */
char		*input_take(struct input *);
/* Add line to the history, as if typed (the saved history, at start). */
void		 input_history_add(struct input *, const char *line);
void		 input_clear(struct input *);
/* Clear and overwrite every byte the buffer held (passwords). */
void		 input_wipe(struct input *);

/* The current text, NUL-terminated, valid until the next change. */
const char	*input_text(const struct input *);
size_t		 input_len(const struct input *);
/* Cursor as a byte offset into input_text(). */
size_t		 input_cursor(const struct input *);

#endif
