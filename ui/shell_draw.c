#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/base/utf8.h"
#include "ui/keys.h"
#include "ui/shell_int.h"
#include "ui/theme.h"

/* The first key bound to a, as htop names its function keys. */
static const char *
shell_hint_key(struct shell *sh, enum keys_action a, char *buf, size_t size)
{
	return keys_name(sh->opts.keys.bound[a][0], buf, size);
}

/* "F1 Help  F2 Chat  F3 Wedding  Alt-1..9 Go to  F10 Quit". */
static void
shell_draw_hints(struct shell *sh, WINDOW *w, int y, int width)
{
	static const struct {
		enum keys_action	 a;
		const char		*label;
	} hints[] = {
		{ KA_HELP, "Help" }, { KA_SCREEN_1, "Chat" },
		{ KA_SCREEN_2, "Wedding" }, { KA_GOTO, "Go to" },
		{ KA_LOCK, "Lock" }, { KA_QUIT, "Quit" },
	};
	char	key[32];
	int	x = 0;

	wattr_set(w, A_NORMAL, 0, NULL);
	wmove(w, y, 0);
	wclrtoeol(w);
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		if (sh->opts.keys.bound[hints[i].a][0] == 0 ||
		    (hints[i].a == KA_GOTO && sh->current != 0))
			continue;
		shell_hint_key(sh, hints[i].a, key, sizeof key);
		if (hints[i].a == KA_GOTO && strcmp(key, "Alt-1") == 0)
			snprintf(key, sizeof key, "Alt-1..9");
		if (x + utf8_width(key, strlen(key)) + 1 +
		    (int)strlen(hints[i].label) > width)
			break;
		x += theme_put(w, y, x, width - x, key, (size_t)-1, ROLE_TITLE);
		x += theme_put(w, y, x, width - x, " ", 1, ROLE_NORMAL);
		x += theme_put(w, y, x, width - x, hints[i].label, (size_t)-1,
		    ROLE_STATUS);
		x += theme_put(w, y, x, width - x, "  ", 2, ROLE_NORMAL);
	}
}

void
shell_draw_status(struct shell *sh)
{
	struct shell_status	*st = &sh->st;
	WINDOW			*w = sh->status;
	char			 buf[256], clock[16];
	int			 x, width = sh->layout.status.w, avail;
	bool			 cut;
	time_t			 now = time(NULL);
	struct tm		 tm;

	wbkgdset(w, ' ' | theme_attr(ROLE_STATUS));
	werase(w);
	if (sh->layout.hints)
		shell_draw_hints(sh, w, 1, width);
	wattr_set(w, theme_attr(ROLE_STATUS), 0, NULL);
	if (sh->quit_ask[0] != '\0') {
		theme_put(w, 0, 0, width, sh->quit_ask, (size_t)-1, ROLE_URGENT);
		wnoutrefresh(w);
		return;
	}
	x = 0;
	if (sh->current >= 0) {
		snprintf(buf, sizeof buf, "[%s]", sh->screens[sh->current].name);
		x += theme_put(w, 0, x, width - x, buf, (size_t)-1, ROLE_STATUS);
	}
	snprintf(buf, sizeof buf, " %s (%s) | ", st->user,
	    st->presence[0] != '\0' ? st->presence : "-");
	theme_put(w, 0, x, width - x, buf, (size_t)-1, ROLE_STATUS);
	x += utf8_width(buf, strlen(buf));
	snprintf(buf, sizeof buf, "%s", st->conn[0] != '\0' ? st->conn :
	    "offline");
	theme_put(w, 0, x, width - x, buf, (size_t)-1, st->conn_bad ?
	    ROLE_URGENT : ROLE_STATUS);
	x += utf8_width(buf, strlen(buf));
	if (st->unencrypted) {
		theme_put(w, 0, x, width - x, " UNENCRYPTED", (size_t)-1,
		    ROLE_URGENT);
		x += 12;
	}
	/* The activity list says who, which says more than how many. */
	if (st->unread > 0 && st->act[0] == '\0') {
		snprintf(buf, sizeof buf, " | %u unread", st->unread);
		theme_put(w, 0, x, width - x, buf, (size_t)-1, ROLE_STATUS);
		x += utf8_width(buf, strlen(buf));
	}
	if (st->urgent > 0) {
		snprintf(buf, sizeof buf, " !%u URGENT", st->urgent);
		theme_put(w, 0, x, width - x, buf, (size_t)-1, ROLE_URGENT);
		x += utf8_width(buf, strlen(buf));
	}
	if (sh->locked) {
		theme_put(w, 0, x, width - x, " | LOCKED", (size_t)-1, ROLE_STATUS);
		x += 9;
	} else if (st->act[0] != '\0') {
		x += theme_put(w, 0, x, width - x - 8, " | Act: ", (size_t)-1,
		    ROLE_STATUS);
		avail = width - x - 8;
		cut = utf8_width(st->act, strlen(st->act)) > avail;
		x += theme_put(w, 0, x, cut ? avail - 1 : avail, st->act,
		    (size_t)-1, st->act_urgent ? ROLE_URGENT : ROLE_UNREAD);
		/* Cut short, and said to be. */
		if (cut && avail > 1)
			x += theme_put(w, 0, x, 1, "\xe2\x80\xa6", 3,
			    ROLE_STATUS);
	}
	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, " %H:%M ", &tm);
	if (x + 8 <= width)
		theme_put(w, 0, width - 7, 7, clock, (size_t)-1, ROLE_STATUS);
	wnoutrefresh(w);
}

void
shell_draw_small(struct shell *sh)
{
	char	msg[128];

	werase(stdscr);
	snprintf(msg, sizeof msg, "Terminal too small: %dx%d. hcwed needs at "
	    "least %dx%d.", sh->cols, sh->rows, LAYOUT_MIN_COLS,
	    LAYOUT_MIN_ROWS);
	/* Wrap by hand: the terminal may be narrower than the message. */
	for (int y = 0, off = 0; off < (int)strlen(msg) && y < sh->rows; y++) {
		mvwaddnstr(stdscr, y, 0, msg + off, sh->cols);
		off += sh->cols;
	}
	wnoutrefresh(stdscr);
}
