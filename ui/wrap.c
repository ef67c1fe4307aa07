#include "config.h"

#include "src/base/utf8.h"
#include "ui/wrap.h"

struct wrap_state {
	struct wrap_line	*out;
	size_t			 max;
	size_t			 n;
};

static void
wrap_emit(struct wrap_state *st, const char *s, size_t off, size_t len)
{
	if (st->n < st->max) {
		st->out[st->n].off = off;
		st->out[st->n].len = len;
		st->out[st->n].width = utf8_width(s + off, len);
	}
	st->n++;
}

size_t
wrap_text(const char *s, size_t len, int width, struct wrap_line *out,
    size_t max)
{
	struct wrap_state	 st = { out, max, 0 };
	size_t			 start = 0, off = 0, brk = 0, after_brk = 0;
	int			 col = 0, col_at_brk = 0, n, w;
	uint32_t		 cp;

	if (width < 1)
		width = 1;
	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0) {
			cp = UTF8_REPLACEMENT;
			n = 1;
		}
		if (cp == '\n') {
			wrap_emit(&st, s, start, off - start);
			off += n;
			start = off;
			col = 0;
			brk = 0;
			continue;
		}
		w = utf8_cpwidth(cp);
		if (col + w > width && off > start) {
			if (cp == ' ') {
				/* The space that overflows is the break. */
				wrap_emit(&st, s, start, off - start);
				off += n;
				start = off;
				col = 0;
				brk = 0;
				continue;
			}
			if (brk > start) {
				/* Break at the last space; the space goes. */
				wrap_emit(&st, s, start, brk - start);
				start = after_brk;
				col -= col_at_brk;
			} else {
				wrap_emit(&st, s, start, off - start);
				start = off;
				col = 0;
			}
			brk = 0;
		}
		if (cp == ' ') {
			brk = off;
			after_brk = off + n;
			col_at_brk = col + w;
		}
		col += w;
		off += n;
	}
	wrap_emit(&st, s, start, len - start);
	return st.n;
}
