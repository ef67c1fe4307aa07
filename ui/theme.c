#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/theme.h"

struct theme_def {
	const char	*name;
	short		 fg;		/* -1: the terminal's default */
	attr_t		 mono;		/* the attribute with or without colour */
};

static struct theme_def theme_defs[ROLE_NROLES] = {
	[ROLE_NORMAL] = { "normal", -1, A_NORMAL },
	[ROLE_STATUS] = { "status", -1, A_REVERSE },
	[ROLE_TITLE] = { "title", -1, A_BOLD },
	[ROLE_SELECTED] = { "selected", -1, A_REVERSE },
	[ROLE_URGENT] = { "urgent", COLOR_RED, A_BOLD },
	[ROLE_OWN] = { "own", COLOR_CYAN, A_BOLD },
	[ROLE_PEER] = { "peer", COLOR_YELLOW, A_BOLD },
	[ROLE_TIME] = { "time", -1, A_DIM },
	[ROLE_DAY] = { "day", COLOR_BLUE, A_BOLD },
	[ROLE_PENDING] = { "pending", COLOR_MAGENTA, A_NORMAL },
	[ROLE_ERROR] = { "error", COLOR_RED, A_BOLD },
	[ROLE_UNREAD] = { "unread", COLOR_GREEN, A_BOLD },
	[ROLE_HIGHLIGHT] = { "highlight", COLOR_YELLOW + 8, A_BOLD | A_UNDERLINE },
	[ROLE_AVAILABLE] = { "available", COLOR_GREEN, A_NORMAL },
	[ROLE_BUSY] = { "busy", COLOR_RED, A_NORMAL },
	[ROLE_AWAY] = { "away", COLOR_YELLOW, A_NORMAL },
	[ROLE_SLOT_FREE] = { "slot-free", COLOR_GREEN, A_NORMAL },
	[ROLE_SLOT_COMMON] = { "slot-common", COLOR_GREEN + 8, A_BOLD },
	[ROLE_SLOT_TAKEN] = { "slot-taken", COLOR_RED, A_NORMAL },
	[ROLE_SLOT_MINE] = { "slot-mine", COLOR_CYAN, A_BOLD },
	[ROLE_SLOT_PAIR] = { "slot-pair", COLOR_CYAN + 8, A_BOLD | A_UNDERLINE },
	[ROLE_SLOT_FLIGHT] = { "slot-flight", COLOR_YELLOW, A_BOLD },
	[ROLE_SLOT_UNKNOWN] = { "slot-unknown", COLOR_MAGENTA, A_BOLD },
	[ROLE_SLOT_BLOCKED] = { "slot-blocked", COLOR_BLUE, A_DIM },
	[ROLE_SLOT_STALE] = { "slot-stale", -1, A_DIM },
};

static const char *theme_colours[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static bool	theme_coloured;

int
theme_set(const char *role, const char *colour, char **cause)
{
	struct theme_def	*d = NULL;
	const char		*c = colour;
	char			*end;
	long			 n;
	int			 bright = 0;

	for (int i = 0; i < ROLE_NROLES; i++) {
		if (strcmp(theme_defs[i].name, role) == 0)
			d = &theme_defs[i];
	}
	if (d == NULL) {
		*cause = xasprintf("unknown colour role \"%s\"", role);
		return -1;
	}
	if (strcasecmp(c, "default") == 0) {
		d->fg = -1;
		return 0;
	}
	n = strtol(c, &end, 10);
	if (end != c && *end == '\0' && n >= 0 && n <= 255) {
		d->fg = n;
		return 0;
	}
	if (strncasecmp(c, "bright-", 7) == 0) {
		bright = 8;
		c += 7;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(c, theme_colours[i]) == 0) {
			d->fg = i + bright;
			return 0;
		}
	}
	*cause = xasprintf("unknown colour \"%s\"", colour);
	return -1;
}

void
theme_init(void)
{
	const char	*nc = getenv("NO_COLOR");

	theme_coloured = false;
	if ((nc != NULL && *nc != '\0') || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (int i = 0; i < ROLE_NROLES; i++) {
		short	fg = theme_defs[i].fg;

		if (fg >= COLORS)
			fg = fg % 8;
		init_pair(i + 1, fg, -1);
	}
	theme_coloured = true;
}

void
theme_get(enum theme_role r, attr_t *attr, short *pair)
{
	*attr = theme_defs[r].mono;
	*pair = theme_coloured && theme_defs[r].fg >= 0 ? r + 1 : 0;
}

attr_t
theme_attr(enum theme_role r)
{
	attr_t	a;
	short	p;

	theme_get(r, &a, &p);
	return a | COLOR_PAIR(p);
}

int
theme_put(WINDOW *w, int y, int x, int width, const char *s, size_t len,
    enum theme_role role)
{
	size_t		off = 0;
	uint32_t	cp;
	int		n, cols = 0, cw;
	attr_t		attr;
	short		pair;

	if (len == (size_t)-1)
		len = strlen(s);
	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0)
			break;
		cw = utf8_cpwidth(cp);
		if (cols + cw > width)
			break;
		cols += cw;
		off += n;
	}
	if (off == 0)
		return 0;
	theme_get(role, &attr, &pair);
	wattr_set(w, attr, pair, NULL);
	mvwaddnstr(w, y, x, s, off);
	wattr_set(w, A_NORMAL, 0, NULL);
	return cols;
}

int
theme_put_cut(WINDOW *w, int y, int x, int width, const char *s, size_t len,
    enum theme_role role)
{
	int	cols;

	if (len == (size_t)-1)
		len = strlen(s);
	if (width < 2 || utf8_width(s, len) <= width)
		return theme_put(w, y, x, width, s, len, role);
	cols = theme_put(w, y, x, width - 1, s, len, role);
	return cols + theme_put(w, y, x + cols, 1, "\xe2\x80\xa6", 3, role);
}
