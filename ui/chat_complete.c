#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/utf8.h"
#include "ui/chat_int.h"

/*
 * Tab in the input line, as irssi and WeeChat do it: the word before the
 * cursor is completed from the /commands when it is the line's first word
 * and starts with '/', else from the contacts' user names; Tab again puts
 * the next match in its place.  User names and command names are ASCII,
 * so what was inserted is removed byte by byte.
 */

#define CHAT_COMPLETE_MAX	512

static int
chat_complete_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names that start with word, sorted, into out; returns how many. */
static size_t
chat_complete_candidates(struct chat *c, const char *word, bool command,
    const char **out)
{
	struct chat_contact	*list[CHAT_COMPLETE_MAX];
	size_t			 n = 0, len = strlen(word), nc;

	if (command) {
		for (size_t i = 0; i < chat_ncmds; i++) {
			if (strncmp(chat_cmds[i].name, word, len) == 0 &&
			    strlen(chat_cmds[i].name) > 1)
				out[n++] = chat_cmds[i].name;
		}
	} else {
		nc = chat_model_contacts(c->m, list, CHAT_COMPLETE_MAX);
		for (size_t i = 0; i < nc; i++) {
			if (strcmp(list[i]->user, CHAT_BROADCAST) != 0 &&
			    strcmp(list[i]->user, chat_model_me(c->m)) != 0 &&
			    strncasecmp(list[i]->user, word, len) == 0)
				out[n++] = list[i]->user;
		}
	}
	qsort(out, n, sizeof *out, chat_complete_cmp);
	return n;
}

static void
chat_complete_erase(struct chat *c, size_t codepoints)
{
	while (codepoints-- > 0)
		input_edit(c->in, INPUT_BACKSPACE);
}

bool
chat_complete(struct chat *c)
{
	const char	*text = input_text(c->in), *cand[CHAT_COMPLETE_MAX];
	size_t		 cur = input_cursor(c->in), start = cur, n, k = 0;
	bool		 command;

	if (!c->comp_active) {
		while (start > 0 && text[start - 1] != ' ' &&
		    text[start - 1] != '\n')
			start = utf8_prev(text, start);
		if (start == cur || cur - start >= sizeof c->comp_word)
			return false;
		memcpy(c->comp_word, text + start, cur - start);
		c->comp_word[cur - start] = '\0';
		c->comp_command = start == 0 && text[0] == '/';
		c->comp_next = 0;
		c->comp_len = 0;
		for (size_t i = start; i < cur; i = utf8_next(text, cur, i))
			k++;
		c->comp_len = k;
	}
	command = c->comp_command;
	n = chat_complete_candidates(c, c->comp_word, command, cand);
	if (n == 0) {
		chat_set_notice(c, "nothing to complete from \"%s\"",
		    c->comp_word);
		c->comp_active = false;
		return true;
	}
	chat_complete_erase(c, c->comp_len);
	k = c->comp_next++ % n;
	input_insert(c->in, cand[k], strlen(cand[k]));
	input_insert(c->in, " ", 1);
	c->comp_len = strlen(cand[k]) + 1;
	c->comp_active = true;
	if (n > 1)
		chat_set_notice(c, "%zu matches for \"%s\" (Tab for the next)",
		    n, c->comp_word);
	return true;
}
