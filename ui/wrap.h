/*
 * Word wrapping at render time: the scrollback keeps whole messages and
 * each draw wraps them for the current width, so a resize re-wraps
 * everything.  Widths are terminal columns (a CJK character or an emoji
 * takes two, and is never split across lines).
 *
 * Input must be sanitised text (src/sanitize.h): valid UTF-8 whose only
 * control character is '\n', which always ends a line.
 */
#ifndef HC_WRAP_H
#define HC_WRAP_H

#include <stddef.h>

struct wrap_line {
	size_t	off;		/* byte offset of the line in the text */
	size_t	len;		/* bytes, without the space or '\n' it broke at */
	int	width;		/* columns */
};

/*
 * Wrap s[0..len) to width columns (width < 1 counts as 1).  Fills at most
 * max lines into out (out may be NULL when max is 0) and returns how many
 * lines the text needs, so a caller can count first and fill second.
 * Empty text is one empty line.
 */
size_t	wrap_text(const char *s, size_t len, int width,
	    struct wrap_line *out, size_t max);

#endif
