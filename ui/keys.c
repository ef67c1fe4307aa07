#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/log.h"
#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/keys.h"

const struct keys_entry keys_table[] = {
	{ KA_HELP, KEYS_GLOBAL, "help", "F1 ?",
	  "show or hide this help (? only from the contact list)" },
	{ KA_SCREEN_1, KEYS_GLOBAL, "screen-1", "F2",
	  "show the chat screen" },
	{ KA_SCREEN_2, KEYS_GLOBAL, "screen-2", "F3",
	  "show the wedding screen" },
	{ KA_REDRAW, KEYS_GLOBAL, "redraw", "Ctrl-L",
	  "redraw the whole terminal" },
	{ KA_LOCK, KEYS_GLOBAL, "lock", "Alt-L",
	  "lock the screen now" },
	{ KA_QUIT, KEYS_GLOBAL, "quit", "F10 Ctrl-Q",
	  "quit hcwed (asks first while messages wait)" },
	{ KA_FOCUS, KEYS_CHAT, "focus", "Tab Esc",
	  "move between the contact list and the input line" },
	{ KA_SCROLL_UP, KEYS_CHAT, "scroll-up", "PgUp",
	  "scroll the conversation up a page, loading older history" },
	{ KA_SCROLL_DOWN, KEYS_CHAT, "scroll-down", "PgDn",
	  "scroll the conversation down a page" },
	{ KA_SCROLL_TOP, KEYS_CHAT, "scroll-top", "Home",
	  "go to the oldest message loaded" },
	{ KA_SCROLL_BOTTOM, KEYS_CHAT, "scroll-bottom", "End",
	  "go to the newest message" },
	{ KA_GOTO, KEYS_CHAT, "goto",
	  "Alt-1 Alt-2 Alt-3 Alt-4 Alt-5 Alt-6 Alt-7 Alt-8 Alt-9",
	  "open conversation 1 to 9 (the numbers in the activity list; "
	  "the n-th key given opens the n-th)" },
	{ KA_CONV_NEXT, KEYS_CHAT, "next-conversation", "Alt-Right Alt-N",
	  "open the next numbered conversation" },
	{ KA_CONV_PREV, KEYS_CHAT, "previous-conversation", "Alt-Left Alt-P",
	  "open the previous numbered conversation" },
	{ KA_NEXT_UNREAD, KEYS_CHAT, "next-unread", "Alt-A",
	  "open the next conversation with unread messages, urgent first" },
	{ KA_RECONNECT, KEYS_CHAT, "reconnect", "Alt-R",
	  "while offline, connect now rather than at the next attempt" },
	{ KA_SEND, KEYS_INPUT, "send", "Enter",
	  "send the message or run the command" },
	{ KA_COMPLETE, KEYS_INPUT, "complete", "Tab",
	  "complete a name or /command, Tab again for the next; on a blank "
	  "word, move to the contact list" },
	{ KA_NEWLINE, KEYS_INPUT, "newline", "Alt-Enter",
	  "start a new line inside the message" },
	{ KA_LEFT, KEYS_INPUT, "left", "Left Ctrl-B",
	  "move the cursor left" },
	{ KA_RIGHT, KEYS_INPUT, "right", "Right Ctrl-F",
	  "move the cursor right" },
	{ KA_HOME, KEYS_INPUT, "line-start", "Ctrl-A",
	  "move to the start of the line" },
	{ KA_END, KEYS_INPUT, "line-end", "Ctrl-E",
	  "move to the end of the line" },
	{ KA_BACKSPACE, KEYS_INPUT, "backspace", "Backspace Ctrl-H",
	  "delete the character before the cursor" },
	{ KA_DELETE, KEYS_INPUT, "delete", "Delete Ctrl-D",
	  "delete the character under the cursor" },
	{ KA_KILL_START, KEYS_INPUT, "kill-start", "Ctrl-U",
	  "delete from the start of the line to the cursor" },
	{ KA_KILL_END, KEYS_INPUT, "kill-end", "Ctrl-K",
	  "delete from the cursor to the end of the line" },
	{ KA_KILL_WORD, KEYS_INPUT, "kill-word", "Ctrl-W",
	  "delete the word before the cursor" },
	{ KA_HISTORY_PREV, KEYS_INPUT, "history-prev", "Up Ctrl-P",
	  "recall the previous line typed" },
	{ KA_HISTORY_NEXT, KEYS_INPUT, "history-next", "Down Ctrl-N",
	  "recall the next line typed" },
	{ KA_CONTACT_UP, KEYS_CONTACTS, "contact-up", "Up Ctrl-P",
	  "select the contact above" },
	{ KA_CONTACT_DOWN, KEYS_CONTACTS, "contact-down", "Down Ctrl-N",
	  "select the contact below" },
	{ KA_CONTACT_OPEN, KEYS_CONTACTS, "contact-open", "Enter",
	  "open the conversation with the selected contact" },
	{ KA_FILTER_CLEAR, KEYS_CONTACTS, "filter-clear", "Ctrl-U",
	  "clear the filter typed over the contact list" },
	{ KA_SLOT_LEFT, KEYS_DASH, "slot-left", "Left h",
	  "move the cursor to the previous slot" },
	{ KA_SLOT_RIGHT, KEYS_DASH, "slot-right", "Right l",
	  "move the cursor to the next slot" },
	{ KA_SLOT_UP, KEYS_DASH, "slot-up", "Up k",
	  "move the cursor up a grid row" },
	{ KA_SLOT_DOWN, KEYS_DASH, "slot-down", "Down j",
	  "move the cursor down a grid row" },
	{ KA_SLOT_FIRST, KEYS_DASH, "slot-first", "Home",
	  "move the cursor to slot 1" },
	{ KA_SLOT_GOTO, KEYS_DASH, "slot-goto", "g",
	  "go to a slot: type its number, then Enter" },
	{ KA_SLOT_COMMON, KEYS_DASH, "slot-common", "c",
	  "move the cursor to the earliest slot free at both services" },
	{ KA_RESERVE, KEYS_DASH, "reserve", "Enter",
	  "reserve the cursor slot at both services (manual and assist modes)" },
	{ KA_CANCEL_PAIR, KEYS_DASH, "cancel-pair", "Delete x",
	  "release the cursor slot at both services (manual and assist modes)" },
	{ KA_MODE, KEYS_DASH, "mode", "m",
	  "switch the planner mode: auto, manual, assist" },
	{ KA_LOG_UP, KEYS_DASH, "log-up", "PgUp",
	  "scroll the request log back" },
	{ KA_LOG_DOWN, KEYS_DASH, "log-down", "PgDn",
	  "scroll the request log forward" },
	{ KA_LOG_END, KEYS_DASH, "log-end", "End",
	  "follow the newest requests again" },
	{ KA_LOG_SERVICE, KEYS_DASH, "log-service", "s",
	  "show requests to both services, the hotel only or the band only" },
	{ KA_LOG_STATUS, KEYS_DASH, "log-status", "f",
	  "show requests of any status, failures only or successes only" },
};
const size_t keys_table_len = sizeof keys_table / sizeof keys_table[0];

const char *const keys_scope_names[KEYS_NSCOPES] = {
	"everywhere", "chat screen", "input line", "contact list",
	"wedding screen"
};

static const struct {
	const char	*name;
	int		 key;
} keys_names[] = {
	{ "Up", KEYS_UP }, { "Down", KEYS_DOWN }, { "Left", KEYS_LEFT },
	{ "Right", KEYS_RIGHT }, { "Home", KEYS_HOME }, { "End", KEYS_END },
	{ "PgUp", KEYS_PGUP }, { "PgDn", KEYS_PGDN },
	{ "Backspace", KEYS_BACKSPACE }, { "Delete", KEYS_DELETE },
	{ "S-Tab", KEYS_BTAB }, { "Enter", KEYS_ENTER }, { "Tab", KEYS_TAB },
	{ "Esc", KEYS_ESC }, { "Space", ' ' },
};

const struct keys_entry *
keys_entry(enum keys_action a)
{
	for (size_t i = 0; i < keys_table_len; i++) {
		if (keys_table[i].action == a)
			return &keys_table[i];
	}
	return NULL;
}

int
keys_parse(const char *name)
{
	int		mod = 0, n, key;
	uint32_t	cp;
	char		*end;

	for (;;) {
		if (strncasecmp(name, "Alt-", 4) == 0 && name[4] != '\0') {
			mod |= KEYS_META;
			name += 4;
		} else if (strncasecmp(name, "M-", 2) == 0 && name[2] != '\0') {
			mod |= KEYS_META;
			name += 2;
		} else
			break;
	}
	if ((strncasecmp(name, "Ctrl-", 5) == 0 && name[5] != '\0') ||
	    (strncasecmp(name, "C-", 2) == 0 && name[2] != '\0')) {
		name += name[1] == '-' ? 2 : 5;
		if (name[1] != '\0')
			return -1;
		if (name[0] >= 'a' && name[0] <= 'z')
			return mod | (name[0] - 'a' + 1);
		if (name[0] >= 'A' && name[0] <= 'Z')
			return mod | (name[0] - 'A' + 1);
		return -1;
	}
	for (size_t i = 0; i < sizeof keys_names / sizeof keys_names[0]; i++) {
		if (strcasecmp(name, keys_names[i].name) == 0)
			return mod | keys_names[i].key;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		key = strtol(name + 1, &end, 10);
		if (*end == '\0' && key >= 1 && key <= 12)
			return mod | KEYS_F(key);
		return -1;
	}
	n = utf8_decode(name, strlen(name), &cp);
	if (n < 1 || name[n] != '\0' || cp < 0x20 || cp == 0x7f)
		return -1;
	/* Alt with a letter arrives as ESC + the letter in either case. */
	if (mod != 0 && cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	return mod | (int)cp;
}

char *
keys_name(int key, char *buf, size_t size)
{
	const char	*alt = (key & KEYS_META) ? "Alt-" : "";
	int		 k = key & ~KEYS_META;
	char		 u[5];

	for (size_t i = 0; i < sizeof keys_names / sizeof keys_names[0]; i++) {
		if (keys_names[i].key == k) {
			snprintf(buf, size, "%s%s", alt, keys_names[i].name);
			return buf;
		}
	}
	if (k >= KEYS_F(1) && k <= KEYS_F(12))
		snprintf(buf, size, "%sF%d", alt, k - KEYS_F0);
	else if (k >= 1 && k <= 26)
		snprintf(buf, size, "%sCtrl-%c", alt, 'A' + k - 1);
	else if (k >= 'a' && k <= 'z' && *alt != '\0')
		snprintf(buf, size, "%s%c", alt, k - 'a' + 'A');
	else if (k > 0x20 && k < 0x110000) {
		u[utf8_encode(k, u)] = '\0';
		snprintf(buf, size, "%s%s", alt, u);
	} else
		snprintf(buf, size, "%s<%#x>", alt, k);
	return buf;
}

void
keys_init_defaults(struct keys *k)
{
	char	*copy, *word, *save;
	int	 n;

	memset(k, 0, sizeof *k);
	for (size_t i = 0; i < keys_table_len; i++) {
		copy = xstrdup(keys_table[i].defaults);
		n = 0;
		for (word = strtok_r(copy, " ", &save); word != NULL;
		    word = strtok_r(NULL, " ", &save)) {
			if (n == KEYS_PER_ACTION ||
			    (k->bound[keys_table[i].action][n] =
			    keys_parse(word)) < 0)
				log_fatalx("bad default key %s", word);
			n++;
		}
		free(copy);
	}
}

int
keys_rebind(struct keys *k, const char *action, const char *keys,
    char **cause)
{
	const struct keys_entry	*e = NULL;
	int			 tmp[KEYS_PER_ACTION] = { 0 }, n = 0, key;
	char			*copy, *word, *save;

	for (size_t i = 0; i < keys_table_len; i++) {
		if (strcmp(keys_table[i].name, action) == 0)
			e = &keys_table[i];
	}
	if (e == NULL) {
		*cause = xasprintf("unknown action \"%s\"", action);
		return -1;
	}
	copy = xstrdup(keys);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		if ((key = keys_parse(word)) < 0) {
			*cause = xasprintf("unknown key \"%s\"", word);
			free(copy);
			return -1;
		}
		if (n == KEYS_PER_ACTION) {
			*cause = xasprintf("at most %d keys per action",
			    KEYS_PER_ACTION);
			free(copy);
			return -1;
		}
		tmp[n++] = key;
	}
	free(copy);
	if (n == 0) {
		*cause = xasprintf("no key given for \"%s\"", action);
		return -1;
	}
	memcpy(k->bound[e->action], tmp, sizeof tmp);
	return 0;
}

enum keys_action
keys_lookup(const struct keys *k, enum keys_scope scope, int key)
{
	return keys_lookup_nth(k, scope, key, NULL);
}

enum keys_action
keys_lookup_nth(const struct keys *k, enum keys_scope scope, int key,
    int *nth)
{
	for (size_t i = 0; i < keys_table_len; i++) {
		if (keys_table[i].scope != scope)
			continue;
		for (int j = 0; j < KEYS_PER_ACTION; j++) {
			if (k->bound[keys_table[i].action][j] == 0)
				break;
			if (k->bound[keys_table[i].action][j] != key)
				continue;
			if (nth != NULL)
				*nth = j;
			return keys_table[i].action;
		}
	}
	return KA_NONE;
}

char *
keys_describe(const struct keys *k, enum keys_action a, char *buf,
    size_t size)
{
	char	name[32];
	size_t	used = 0;

	buf[0] = '\0';
	for (int j = 0; j < KEYS_PER_ACTION && k->bound[a][j] != 0; j++) {
		keys_name(k->bound[a][j], name, sizeof name);
		used += snprintf(buf + used, used < size ? size - used : 0,
		    "%s%s", j > 0 ? ", " : "", name);
		if (used >= size)
			break;
	}
	return buf;
}
