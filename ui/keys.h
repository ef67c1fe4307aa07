/*
 * The one key table: every action hcwed's screens understand, its default
 * keys and its help text.  Key handling, the help overlay and the KEYS
 * section of hcwed(1) all come from it (tests/test_keys.c fails when the
 * man page and the table disagree), and the config file rebinds keys by
 * action name.
 *
 * Keys are plain ints independent of curses: a Unicode code point for a
 * character (Ctrl-A is 1, Enter is '\r'), KEYS_* for the named keys, and
 * KEYS_META added when Alt was held.  ui/shell.c translates curses input.
 */
#ifndef HC_KEYS_H
#define HC_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEYS_META	0x1000000
enum {
	KEYS_NONE = 0x200000,
	KEYS_UP,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_HOME,
	KEYS_END,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_BACKSPACE,
	KEYS_DELETE,
	KEYS_BTAB,
	KEYS_F0,		/* KEYS_F0 + n is Fn, n = 1..12 */
};
#define KEYS_F(n)	(KEYS_F0 + (n))
#define KEYS_ENTER	'\r'
#define KEYS_TAB	'\t'
#define KEYS_ESC	0x1b

/* Where a binding applies; a screen looks up its scopes in order. */
enum keys_scope {
	KEYS_GLOBAL,		/* every screen */
	KEYS_CHAT,		/* the chat screen */
	KEYS_INPUT,		/* editing the input line */
	KEYS_CONTACTS,		/* the contact list has the focus */
	KEYS_DASH,		/* the wedding dashboard */
	KEYS_NSCOPES
};

enum keys_action {
	KA_NONE,
	KA_SCREEN_1,
	KA_SCREEN_2,
	KA_HELP,
	KA_REDRAW,
	KA_LOCK,
	KA_QUIT,
	KA_FOCUS,
	KA_SCROLL_UP,
	KA_SCROLL_DOWN,
	KA_SCROLL_TOP,
	KA_SCROLL_BOTTOM,
	KA_GOTO,
	KA_CONV_NEXT,
	KA_CONV_PREV,
	KA_NEXT_UNREAD,
	KA_RECONNECT,
	KA_SEND,
	KA_COMPLETE,
	KA_NEWLINE,
	KA_LEFT,
	KA_RIGHT,
	KA_HOME,
	KA_END,
	KA_BACKSPACE,
	KA_DELETE,
	KA_KILL_START,
	KA_KILL_END,
	KA_KILL_WORD,
	KA_HISTORY_PREV,
	KA_HISTORY_NEXT,
	KA_CONTACT_UP,
	KA_CONTACT_DOWN,
	KA_CONTACT_OPEN,
	KA_FILTER_CLEAR,
	KA_SLOT_LEFT,
	KA_SLOT_RIGHT,
	KA_SLOT_UP,
	KA_SLOT_DOWN,
	KA_SLOT_FIRST,
	KA_SLOT_GOTO,
	KA_SLOT_COMMON,
	KA_RESERVE,
	KA_CANCEL_PAIR,
	KA_MODE,
	KA_LOG_UP,
	KA_LOG_DOWN,
	KA_LOG_END,
	KA_LOG_SERVICE,
	KA_LOG_STATUS,
	KA_COUNT
};

#define KEYS_PER_ACTION	9

struct keys_entry {
	enum keys_action	 action;
	enum keys_scope		 scope;
	const char		*name;		/* for rebinding: "scroll-up" */
	const char		*defaults;	/* "PgUp Ctrl-B": space separated */
	const char		*help;		/* one line, for overlay and man */
};

/* The table, in the order of the help overlay and the man page. */
extern const struct keys_entry keys_table[];
extern const size_t keys_table_len;
extern const char *const keys_scope_names[KEYS_NSCOPES];

/* Current bindings: the defaults, then whatever the config rebinds. */
struct keys {
	int	bound[KA_COUNT][KEYS_PER_ACTION];	/* 0 ends a list */
};

void	keys_init_defaults(struct keys *);
/*
 * Bind action name to space separated keys ("PgUp Ctrl-B"), replacing
 * its defaults.  -1 with a malloc'd *cause for an unknown action or key.
 */
int	keys_rebind(struct keys *, const char *action, const char *keys,
	    char **cause);
/* The action bound to key in scope, or KA_NONE. */
enum keys_action keys_lookup(const struct keys *, enum keys_scope, int key);
/* The same, with which of the action's keys it was (0 for the first)
 * in *nth: "goto" opens the conversation of that number. */
enum keys_action keys_lookup_nth(const struct keys *, enum keys_scope,
	    int key, int *nth);
const struct keys_entry *keys_entry(enum keys_action);

/* "Ctrl-A", "Alt-1", "PgUp", "F10", "?" ... -1 when unknown. */
int	keys_parse(const char *name);
/* The name of key, written into buf (size >= 32); returns buf. */
char	*keys_name(int key, char *buf, size_t size);
/* The keys bound to action as "PgUp, Ctrl-B" into buf; returns buf. */
char	*keys_describe(const struct keys *, enum keys_action, char *buf,
	    size_t size);

#endif
