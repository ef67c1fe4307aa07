#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "tests/testlib.h"
#include "ui/keys.h"

static void
test_parse_and_name(void)
{
	static const char *names[] = {
		"Ctrl-A", "Alt-1", "Alt-Enter", "F1", "F10", "PgUp", "PgDn",
		"Home", "End", "Up", "Tab", "Esc", "?", "/", "Alt-L", "Backspace",
		"Alt-PgUp", "é",
	};
	char	buf[32];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int	k = keys_parse(names[i]);

		CU_ASSERT(k > 0);
		CU_ASSERT_STRING_EQUAL(keys_name(k, buf, sizeof buf), names[i]);
	}
	CU_ASSERT_EQUAL(keys_parse("C-a"), 1);
	CU_ASSERT_EQUAL(keys_parse("ctrl-a"), 1);
	CU_ASSERT_EQUAL(keys_parse("M-x"), KEYS_META | 'x');
	CU_ASSERT_EQUAL(keys_parse("Alt-X"), KEYS_META | 'x');
	CU_ASSERT_EQUAL(keys_parse("F12"), KEYS_F(12));
	CU_ASSERT_EQUAL(keys_parse("Enter"), '\r');
	CU_ASSERT_EQUAL(keys_parse("F13"), -1);
	CU_ASSERT_EQUAL(keys_parse("Ctrl-"), -1);
	CU_ASSERT_EQUAL(keys_parse("Ctrl-AB"), -1);
	CU_ASSERT_EQUAL(keys_parse("Hyper-A"), -1);
	CU_ASSERT_EQUAL(keys_parse(""), -1);
}

static void
test_defaults_and_lookup(void)
{
	struct keys	k;
	char		buf[64];
	int		nth = -1;

	keys_init_defaults(&k);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, KEYS_F(1)), KA_HELP);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, KEYS_F(2)), KA_SCREEN_1);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, KEYS_F(3)), KA_SCREEN_2);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, KEYS_F(10)), KA_QUIT);
	CU_ASSERT_EQUAL(keys_lookup_nth(&k, KEYS_CHAT, KEYS_META | '3', &nth),
	    KA_GOTO);
	CU_ASSERT_EQUAL(nth, 2);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CHAT, KEYS_META | KEYS_RIGHT),
	    KA_CONV_NEXT);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_INPUT, 0x17), KA_KILL_WORD);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_INPUT, KEYS_META | '\r'),
	    KA_NEWLINE);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CHAT, KEYS_PGUP), KA_SCROLL_UP);
	/* Scopes are separate: Up is history in the input line. */
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_INPUT, KEYS_UP), KA_HISTORY_PREV);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CONTACTS, KEYS_UP), KA_CONTACT_UP);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, 'x'), KA_NONE);
	CU_ASSERT_STRING_EQUAL(keys_describe(&k, KA_QUIT, buf, sizeof buf),
	    "F10, Ctrl-Q");
}

static void
test_rebind(void)
{
	struct keys	 k;
	char		*cause = NULL;

	keys_init_defaults(&k);
	CU_ASSERT_EQUAL(keys_rebind(&k, "scroll-up", "Ctrl-B Alt-V", &cause), 0);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CHAT, 2), KA_SCROLL_UP);
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CHAT, KEYS_META | 'v'),
	    KA_SCROLL_UP);
	/* Rebinding replaces: PgUp no longer scrolls. */
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_CHAT, KEYS_PGUP), KA_NONE);

	CU_ASSERT_EQUAL(keys_rebind(&k, "fly", "F3", &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "unknown action \"fly\"");
	free(cause);
	CU_ASSERT_EQUAL(keys_rebind(&k, "quit", "Ctrl-Q Hyper-Q", &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "unknown key \"Hyper-Q\"");
	free(cause);
	CU_ASSERT_EQUAL(keys_rebind(&k, "quit", "  ", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(keys_rebind(&k, "quit",
	    "F3 F4 F5 F6 F7 F8 F9 F11 F12 Alt-F1", &cause), -1);
	free(cause);
	/* A failed rebind leaves the binding as it was. */
	CU_ASSERT_EQUAL(keys_lookup(&k, KEYS_GLOBAL, 0x11), KA_QUIT);
}

static void
test_table_complete(void)
{
	for (int a = KA_NONE + 1; a < KA_COUNT; a++)
		CU_ASSERT_PTR_NOT_NULL(keys_entry(a));
	for (size_t i = 0; i < keys_table_len; i++) {
		for (size_t j = i + 1; j < keys_table_len; j++)
			CU_ASSERT(strcmp(keys_table[i].name,
			    keys_table[j].name) != 0);
	}
}

/*
 * The KEYS section of hcwed(1) lists every binding as
 * ".It Cm KEY , Cm KEY" followed by the help text, in table order.
 */
static void
test_man_page_agrees(void)
{
	const char	*top = getenv("top_srcdir");
	char		*path, line[512], want[512], *w;
	FILE		*f;
	size_t		 i = 0;
	bool		 in_keys = false, want_help = false;

	path = xasprintf("%s/man/hcwed.1", top != NULL ? top : "..");
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".Sh ", 4) == 0) {
			in_keys = strcmp(line, ".Sh KEYS") == 0;
			continue;
		}
		if (!in_keys)
			continue;
		if (want_help) {
			if (strcmp(line, keys_table[i - 1].help) != 0)
				fprintf(stderr, "man: \"%s\" wants help \"%s\"\n",
				    line, keys_table[i - 1].help);
			CU_ASSERT_STRING_EQUAL(line, keys_table[i - 1].help);
			want_help = false;
			continue;
		}
		if (strncmp(line, ".It Cm ", 7) != 0)
			continue;
		CU_ASSERT_FATAL(i < keys_table_len);
		w = want + snprintf(want, sizeof want, ".It Cm ");
		for (const char *p = keys_table[i].defaults; *p != '\0'; p++) {
			/* mdoc reads a lone "?" as punctuation: escape it. */
			if ((p == keys_table[i].defaults || p[-1] == ' ') &&
			    strchr(".,;:?!()[]|", *p) != NULL &&
			    (p[1] == ' ' || p[1] == '\0'))
				w += sprintf(w, "\\&");
			if (*p == ' ')
				w += sprintf(w, " , Cm ");
			else
				*w++ = *p;
		}
		*w = '\0';
		if (strcmp(line, want) != 0)
			fprintf(stderr, "man has \"%s\", table wants \"%s\"\n",
			    line, want);
		CU_ASSERT_STRING_EQUAL(line, want);
		i++;
		want_help = true;
	}
	CU_ASSERT_EQUAL(i, keys_table_len);
	fclose(f);
	free(path);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "key names parse and print back", test_parse_and_name },
		{ "default bindings by scope", test_defaults_and_lookup },
		{ "rebinding from the config", test_rebind },
		{ "every action is in the table once", test_table_complete },
		{ "hcwed(1) KEYS matches the table", test_man_page_agrees },
		{ NULL, NULL }
	};

	return testlib_run("keys", NULL, NULL, cases);
}
