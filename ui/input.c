#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/base/sanitize.h"
#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/input.h"

struct input {
	char	 *buf;
	size_t	  len, size, cur;

	char	**hist;		/* oldest first */
	size_t	  nhist, hist_max;
	size_t	  hist_pos;	/* nhist when not browsing */
	char	 *saved;	/* the line being typed before browsing */
};

struct input *
input_create(size_t history_max)
{
	struct input	*in = xcalloc(1, sizeof *in);

	in->size = 64;
	in->buf = xcalloc(1, in->size);
	in->hist_max = history_max;
	if (history_max > 0)
		in->hist = xcalloc(history_max, sizeof *in->hist);
	return in;
}

void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	for (size_t i = 0; i < in->nhist; i++)
		free(in->hist[i]);
	free(in->hist);
	free(in->saved);
	free(in->buf);
	free(in);
}

static void
input_set(struct input *in, const char *s)
{
	in->len = 0;
	in->cur = 0;
	in->buf[0] = '\0';
	input_insert(in, s, strlen(s));
}

static void
input_splice(struct input *in, size_t from, size_t to, const char *s,
    size_t n)
{
	size_t	need = in->len - (to - from) + n + 1;

	if (need > in->size) {
		while (in->size < need)
			in->size *= 2;
		in->buf = xreallocarray(in->buf, 1, in->size);
	}
	memmove(in->buf + from + n, in->buf + to, in->len - to + 1);
	memcpy(in->buf + from, s, n);
	in->len = in->len - (to - from) + n;
}

void
input_insert(struct input *in, const char *s, size_t len)
{
	if (!sanitize_valid_utf8(s, len)) {
		size_t		off = 0;
		uint32_t	cp;
		int		n;

		while (off < len) {
			if ((n = utf8_decode(s + off, len - off, &cp)) < 0 ||
			    cp == 0) {
				off++;
				continue;
			}
			input_insert(in, s + off, n);
			off += n;
		}
		return;
	}
	input_splice(in, in->cur, in->cur, s, len);
	in->cur += len;
}

unsigned
input_paste(struct input *in, const char *text, size_t len)
{
	char		*clean = xmalloc(len * 8 + 1);
	size_t		 n = 0, off = 0, col = 0;
	unsigned	 lines;
	uint32_t	 cp;
	int		 k;

	while (off < len) {
		if ((k = utf8_decode(text + off, len - off, &cp)) < 0) {
			off++;
			continue;
		}
		if (cp == '\t') {
			do
				clean[n++] = ' ';
			while (++col % 8 != 0);
		} else if (cp == '\n') {
			clean[n++] = '\n';
			col = 0;
		} else if (cp >= 0x20 && cp != 0x7f) {
			memcpy(clean + n, text + off, k);
			n += k;
			col++;
		}
		off += k;
	}
	while (n > 0 && clean[n - 1] == '\n')
		n--;
	lines = n > 0;
	for (size_t i = 0; i < n; i++)
		lines += clean[i] == '\n';
	input_insert(in, clean, n);
	free(clean);
	return lines;
}

static bool
input_kill(struct input *in, size_t from, size_t to)
{
	if (from == to)
		return false;
	input_splice(in, from, to, "", 0);
	in->cur = from;
	return true;
}

static size_t
input_word_start(const struct input *in)
{
	size_t	off = in->cur;

	while (off > 0 && (in->buf[off - 1] == ' ' || in->buf[off - 1] == '\n'))
		off--;
	while (off > 0 && in->buf[off - 1] != ' ' && in->buf[off - 1] != '\n')
		off = utf8_prev(in->buf, off);
	return off;
}

static bool
input_history(struct input *in, bool older)
{
	if (older) {
		if (in->hist_pos == 0)
			return false;
		if (in->hist_pos == in->nhist) {
			free(in->saved);
			in->saved = xstrdup(in->buf);
		}
		in->hist_pos--;
		input_set(in, in->hist[in->hist_pos]);
		return true;
	}
	if (in->hist_pos >= in->nhist)
		return false;
	in->hist_pos++;
	if (in->hist_pos == in->nhist) {
		input_set(in, in->saved != NULL ? in->saved : "");
		free(in->saved);
		in->saved = NULL;
	} else
		input_set(in, in->hist[in->hist_pos]);
	return true;
}

bool
input_edit(struct input *in, enum input_edit e)
{
	size_t	old = in->cur;

	switch (e) {
	case INPUT_LEFT:
		in->cur = utf8_prev(in->buf, in->cur);
		break;
	case INPUT_RIGHT:
		in->cur = utf8_next(in->buf, in->len, in->cur);
		break;
	case INPUT_HOME:
		in->cur = 0;
		break;
	case INPUT_END:
		in->cur = in->len;
		break;
	case INPUT_BACKSPACE:
		return input_kill(in, utf8_prev(in->buf, in->cur), in->cur);
	case INPUT_DELETE:
		return input_kill(in, in->cur,
		    utf8_next(in->buf, in->len, in->cur));
	case INPUT_KILL_START:
		return input_kill(in, 0, in->cur);
	case INPUT_KILL_END:
		return input_kill(in, in->cur, in->len);
	case INPUT_KILL_WORD:
		return input_kill(in, input_word_start(in), in->cur);
	case INPUT_NEWLINE:
		input_insert(in, "\n", 1);
		return true;
	case INPUT_HISTORY_PREV:
		return input_history(in, true);
	case INPUT_HISTORY_NEXT:
		return input_history(in, false);
	}
	return in->cur != old;
}

void
input_history_add(struct input *in, const char *line)
{
	if (*line == '\0' || in->hist_max == 0)
		return;
	if (in->nhist == in->hist_max) {
		free(in->hist[0]);
		memmove(in->hist, in->hist + 1,
		    (in->nhist - 1) * sizeof *in->hist);
		in->nhist--;
	}
	in->hist[in->nhist++] = xstrdup(line);
	in->hist_pos = in->nhist;
}

char *
input_take(struct input *in)
{
	char	*text = xstrdup(in->buf);

	input_history_add(in, in->buf);
	in->hist_pos = in->nhist;
	free(in->saved);
	in->saved = NULL;
	input_clear(in);
	return text;
}

void
input_clear(struct input *in)
{
	in->len = 0;
	in->cur = 0;
	in->buf[0] = '\0';
}

const char *
input_text(const struct input *in)
{
	return in->buf;
}

size_t
input_len(const struct input *in)
{
	return in->len;
}

size_t
input_cursor(const struct input *in)
{
	return in->cur;
}

void
input_wipe(struct input *in)
{
	/* volatile: the stores must not be optimised away before free. */
	volatile char	*p = in->buf;

	for (size_t i = 0; i < in->size; i++)
		p[i] = '\0';
	input_clear(in);
}
