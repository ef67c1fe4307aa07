#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/keys.h"
#include "ui/shell_int.h"
#include "ui/theme.h"
#include "ui/wrap.h"

/*
 * The help overlay: the key table by scope, then each screen's own text
 * (the /commands, the glyphs), every item wrapped to the box with its
 * name in a column of its own, and where in it one is.
 */

#define SHELL_HELP_NAME_W	20
#define SHELL_HELP_MAX_W	100
#define SHELL_HELP_MOVE		": Up, Down, PgUp, PgDn; any other key closes "

struct shell_help_out {
	WINDOW	*w;
	int	 top, rows, cols;	/* the lines shown: top .. top + rows */
	int	 n;			/* lines so far */
};

static void
shell_help_put(struct shell_help_out *o, int x, const char *s, size_t len,
    enum theme_role role)
{
	int	y = o->n - o->top;

	if (o->w != NULL && y >= 0 && y < o->rows)
		theme_put(o->w, 1 + y, 2 + x, o->cols - 4 - x, s, len, role);
}

static void
shell_help_heading(struct shell_help_out *o, const char *text, size_t len)
{
	if (o->n > 0)
		o->n++;
	shell_help_put(o, 0, text, len, ROLE_TITLE);
	o->n++;
}

/* name in its column, then text wrapped beside it (below, when long). */
static void
shell_help_item(struct shell_help_out *o, const char *name, size_t nlen,
    const char *text, size_t tlen)
{
	struct wrap_line	 lines[16];
	int			 name_w = o->cols / 3, x, width;
	size_t			 n;

	/* A narrow box gives the text the room. */
	if (name_w > SHELL_HELP_NAME_W)
		name_w = SHELL_HELP_NAME_W;
	x = 2 + name_w;
	shell_help_put(o, 2, name, nlen, ROLE_NORMAL);
	if (utf8_width(name, nlen) >= name_w - 1) {
		o->n++;
		x = 4;
	}
	width = o->cols - 4 - x;
	n = wrap_text(text, tlen, width, lines, 16);
	for (size_t i = 0; i < n && i < 16; i++, o->n++)
		shell_help_put(o, x, text + lines[i].off, lines[i].len,
		    ROLE_NORMAL);
}

/*
 * A screen's text: a line without indent is a heading, "  NAME\tTEXT" an
 * item.
 */
static void
shell_help_text(struct shell_help_out *o, const char *t)
{
	const char	*end, *tab;

	for (; *t != '\0'; t = *end == '\0' ? end : end + 1) {
		end = t + strcspn(t, "\n");
		if (strncmp(t, "  ", 2) != 0) {
			shell_help_heading(o, t, (size_t)(end - t));
			continue;
		}
		tab = memchr(t, '\t', (size_t)(end - t));
		if (tab == NULL)
			tab = end;
		shell_help_item(o, t + 2, (size_t)(tab - t - 2),
		    tab < end ? tab + 1 : end, (size_t)(end - (tab < end ?
		    tab + 1 : end)));
	}
}

static void
shell_help_all(struct shell *sh, struct shell_help_out *o)
{
	char	keys[128];
	int	last = -1;

	for (size_t i = 0; i < keys_table_len; i++) {
		const struct keys_entry *e = &keys_table[i];

		if ((int)e->scope != last) {
			shell_help_heading(o, keys_scope_names[e->scope],
			    strlen(keys_scope_names[e->scope]));
			last = e->scope;
		}
		keys_describe(&sh->opts.keys, e->action, keys, sizeof keys);
		shell_help_item(o, keys, strlen(keys), e->help,
		    strlen(e->help));
	}
	for (int i = 0; i < sh->nscreens; i++) {
		if (sh->screens[i].help != NULL)
			shell_help_text(o, sh->screens[i].help);
	}
}

void
shell_draw_help(struct shell *sh)
{
	struct shell_help_out	 o = { NULL, 0, 0, 0, 0 };
	int			 rows = sh->layout.body.h - 2;
	int			 cols = sh->layout.body.w - 2;
	char			 foot[128];
	int			 n;

	if (cols > SHELL_HELP_MAX_W)
		cols = SHELL_HELP_MAX_W;
	o.cols = cols;
	o.rows = rows - 2;
	shell_help_all(sh, &o);
	sh->help_lines = o.n;
	if (sh->help_top > o.n - o.rows)
		sh->help_top = o.n - o.rows < 0 ? 0 : o.n - o.rows;
	o.w = newwin(rows, cols, 1, (sh->layout.body.w - cols) / 2);
	werase(o.w);
	box(o.w, 0, 0);
	o.top = sh->help_top;
	o.n = 0;
	shell_help_all(sh, &o);
	theme_put(o.w, 0, 2, cols - 4, " hcwed help ", (size_t)-1, ROLE_TITLE);
	if (o.n > o.rows) {
		n = snprintf(foot, sizeof foot, " lines %d-%d of %d ",
		    o.top + 1, o.top + o.rows > o.n ? o.n : o.top + o.rows,
		    o.n);
		/* Narrow, where one is matters more than how to move. */
		if (n + (int)strlen(SHELL_HELP_MOVE) <= cols - 4)
			snprintf(foot + n - 1, sizeof foot - (size_t)n + 1, "%s",
			    SHELL_HELP_MOVE);
	} else
		snprintf(foot, sizeof foot, " any key closes ");
	theme_put(o.w, rows - 1, 2, cols - 4, foot, (size_t)-1, ROLE_TITLE);
	wnoutrefresh(o.w);
	delwin(o.w);
}

int
shell_help_key(struct shell *sh, int key)
{
	int	page = sh->layout.body.h - 5;

	if (page < 1)
		page = 1;
	switch (key) {
	case KEYS_UP:
		sh->help_top = sh->help_top > 0 ? sh->help_top - 1 : 0;
		break;
	case KEYS_DOWN:
		sh->help_top++;
		break;
	case KEYS_PGUP:
		sh->help_top = sh->help_top > page ? sh->help_top - page : 0;
		break;
	case KEYS_PGDN:
	case ' ':
		sh->help_top += page;
		break;
	case KEYS_HOME:
		sh->help_top = 0;
		break;
	case KEYS_END:
		sh->help_top = sh->help_lines;
		break;
	default:
		sh->help = false;
		break;
	}
	return SHELL_REDRAW;
}
