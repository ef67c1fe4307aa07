#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ui/chat_int.h"

/*
 * Highlights, as irssi's: another's message that names me, or one of the
 * words of the "highlight" setting, as a word of its own (so "bob" does
 * not light up "bobby"), in any case.
 */

/* The word at text[off, off + len) stands alone (not inside a longer
 * name). */
static bool
chat_word_alone(const char *text, size_t off, size_t len)
{
	unsigned char	before = off > 0 ? (unsigned char)text[off - 1] : ' ';
	unsigned char	after = (unsigned char)text[off + len];

	return !(isalnum(before) || before == '_') &&
	    !(isalnum(after) || after == '_');
}

static bool
chat_has_word(const char *text, const char *word, size_t len)
{
	if (len == 0)
		return false;
	for (const char *p = text; (p = strcasestr(p, word)) != NULL; p++) {
		if (chat_word_alone(text, (size_t)(p - text), len))
			return true;
	}
	return false;
}

/* Someone else's message naming me, or a word I asked to see. */
bool
chat_highlighted(const struct chat *c, const struct chat_msg *msg)
{
	const char	*w = c->opts.highlight, *end;
	char		 word[64];

	if (msg->own)
		return false;
	if (chat_has_word(msg->text, chat_model_me(c->m),
	    strlen(chat_model_me(c->m))))
		return true;
	while (w != NULL && *w != '\0') {
		w += strspn(w, " ");
		end = w + strcspn(w, " ");
		if (end > w && (size_t)(end - w) < sizeof word) {
			memcpy(word, w, (size_t)(end - w));
			word[end - w] = '\0';
			if (chat_has_word(msg->text, word, strlen(word)))
				return true;
		}
		w = end;
	}
	return false;
}
