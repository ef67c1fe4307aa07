#include "config.h"

#include <sys/ioctl.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/log.h"
#include "src/base/utf8.h"
#include "src/base/xmalloc.h"
#include "ui/shell_int.h"

/*
 * Terminal input after curses: keys curses knows arrive as codes, the rest
 * as characters.  A small decoder on top of it takes what curses leaves
 * as text, so that nothing a terminal sends as a sequence is ever typed:
 * bracketed paste (one event for the whole block), SGR mouse reports
 * (any column, parsed here because tmux's terminfo entry only knows the
 * old encoding, which stops at column 223), the common cursor and
 * function keys under a TERM that does not describe them, and anything
 * else of the CSI or SS3 shape, which is dropped.
 */

/* Codes for define_key(): past every code curses hands out. */
#define SHELL_KEY_PASTE_START	(KEY_MAX + 1)
#define SHELL_KEY_PASTE_END	(KEY_MAX + 2)
#define SHELL_KEY_ALT_ARROW	(KEY_MAX + 3)	/* + 0..3: CSI 1;3 A..D */

enum {
	SHELL_IN_GROUND,
	SHELL_IN_ESC,		/* ESC seen: a chord, CSI or SS3 follows */
	SHELL_IN_CSI,
	SHELL_IN_SS3,
	SHELL_IN_X10,		/* the three bytes of an old mouse report */
};

void
shell_input_init(struct shell *sh)
{
	define_key("\033[200~", SHELL_KEY_PASTE_START);
	define_key("\033[201~", SHELL_KEY_PASTE_END);
	/* Alt-arrows, which terminfo names kUP3 and so on when it names
	 * them at all: one code each, whatever the entry says. */
	for (int i = 0; i < 4; i++) {
		char	seq[8];

		snprintf(seq, sizeof seq, "\033[1;3%c", "ABCD"[i]);
		define_key(seq, SHELL_KEY_ALT_ARROW + i);
	}
	/* Mouse reports are ours to parse (see above). */
	keyok(KEY_MOUSE, FALSE);
	fputs("\033[?2004h", stdout);
	if (sh->opts.mouse)
		fputs("\033[?1002h\033[?1006h", stdout);
	fflush(stdout);
}

void
shell_input_end(struct shell *sh)
{
	if (sh->opts.mouse)
		fputs("\033[?1006l\033[?1002l", stdout);
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	free(sh->paste);
}

static int	shell_input_final(int, unsigned);

/* curses key codes to ui/keys.h codes. */
static int
shell_translate(int r, wint_t wc)
{
	if (r == OK) {
		if (wc == 0x7f || wc == 0x08)
			return wc == 0x7f ? KEYS_BACKSPACE : 0x08;
		if (wc == '\n')
			return KEYS_ENTER;
		return (int)wc;
	}
	switch (wc) {
	case KEY_UP: return KEYS_UP;
	case KEY_DOWN: return KEYS_DOWN;
	case KEY_LEFT: return KEYS_LEFT;
	case KEY_RIGHT: return KEYS_RIGHT;
	case KEY_HOME: return KEYS_HOME;
	case KEY_END: return KEYS_END;
	case KEY_PPAGE: return KEYS_PGUP;
	case KEY_NPAGE: return KEYS_PGDN;
	case KEY_BACKSPACE: return KEYS_BACKSPACE;
	case KEY_DC: return KEYS_DELETE;
	case KEY_BTAB: return KEYS_BTAB;
	case KEY_ENTER: return KEYS_ENTER;
	}
	if (wc >= KEY_F(1) && wc <= KEY_F(12))
		return KEYS_F(wc - KEY_F0);
	if (wc >= SHELL_KEY_ALT_ARROW && wc < SHELL_KEY_ALT_ARROW + 4)
		return KEYS_META | shell_input_final("ABCD"[wc -
		    SHELL_KEY_ALT_ARROW], 0);
	return -1;
}

static void
shell_input_key(struct shell *sh, int key)
{
	shell_idle_reset(sh);
	shell_key(sh, key);
}

static void
shell_paste_add(struct shell *sh, const char *s, size_t n)
{
	if (sh->paste_len + n > SHELL_PASTE_MAX) {
		sh->paste_dropped += n;
		return;
	}
	if (sh->paste_len + n > sh->paste_size) {
		sh->paste_size = sh->paste_size == 0 ? 4096 : sh->paste_size;
		while (sh->paste_len + n > sh->paste_size)
			sh->paste_size *= 2;
		sh->paste = xreallocarray(sh->paste, 1, sh->paste_size);
	}
	memcpy(sh->paste + sh->paste_len, s, n);
	sh->paste_len += n;
}

static void
shell_paste_end(struct shell *sh)
{
	sh->pasting = false;
	if (sh->paste_dropped > 0)
		log_warn("paste cut: %zu bytes past %u dropped",
		    sh->paste_dropped, SHELL_PASTE_MAX);
	shell_idle_reset(sh);
	shell_paste(sh, sh->paste != NULL ? sh->paste : "", sh->paste_len,
	    sh->paste_dropped > 0);
	sh->paste_len = 0;
	sh->paste_dropped = 0;
}

/* A character in the ground state: typed, or part of a paste. */
static void
shell_input_char(struct shell *sh, int r, wint_t wc)
{
	char	buf[4];
	int	key;

	if (sh->pasting) {
		if (r != OK)
			return;
		/* Terminals send a pasted line break as Enter. */
		if (wc == '\r')
			wc = '\n';
		shell_paste_add(sh, buf, utf8_encode(wc, buf));
		return;
	}
	if ((key = shell_translate(r, wc)) >= 0)
		shell_input_key(sh, key);
}

/* SGR 1006: CSI < button ; column ; row M (press) or m (release). */
static void
shell_input_sgr_mouse(struct shell *sh, const char *p, int final)
{
	unsigned	b, x, y;
	int		button;

	if (sscanf(p, "<%u;%u;%u", &b, &x, &y) != 3 || final != 'M' ||
	    x == 0 || y == 0 || !sh->opts.mouse)
		return;
	/* Drop Shift, Alt and Ctrl; motion (32) is a drag, not a click. */
	b &= ~(4u | 8u | 16u);
	if (b == 0)
		button = 1;
	else if (b == 64)
		button = 4;
	else if (b == 65)
		button = 5;
	else
		return;
	shell_mouse(sh, (int)y - 1, (int)x - 1, button);
}

/* The old encoding, from a terminal without SGR: CSI M then three bytes,
 * each 32 more than the button, column and row (0 for a byte past 255). */
static void
shell_input_x10_mouse(struct shell *sh)
{
	unsigned char	*p = (unsigned char *)sh->csi;
	bool		 release = (p[0] & 3) == 3 && !(p[0] & 64);
	char		 sgr[32];

	snprintf(sgr, sizeof sgr, "<%u;%u;%u", p[0], p[1], p[2]);
	shell_input_sgr_mouse(sh, sgr, release ? 'm' : 'M');
}

/* The keys a terminal sends as CSI or SS3, for a TERM that lacks them. */
static int
shell_input_final(int final, unsigned n)
{
	static const struct {
		unsigned	n;
		int		key;
	} tilde[] = {
		{ 1, KEYS_HOME }, { 7, KEYS_HOME }, { 4, KEYS_END },
		{ 8, KEYS_END }, { 3, KEYS_DELETE }, { 5, KEYS_PGUP },
		{ 6, KEYS_PGDN }, { 11, KEYS_F(1) }, { 12, KEYS_F(2) },
		{ 13, KEYS_F(3) }, { 14, KEYS_F(4) }, { 15, KEYS_F(5) },
		{ 17, KEYS_F(6) }, { 18, KEYS_F(7) }, { 19, KEYS_F(8) },
		{ 20, KEYS_F(9) }, { 21, KEYS_F(10) }, { 23, KEYS_F(11) },
		{ 24, KEYS_F(12) },
	};

	switch (final) {
	case 'A': return KEYS_UP;
	case 'B': return KEYS_DOWN;
	case 'C': return KEYS_RIGHT;
	case 'D': return KEYS_LEFT;
	case 'H': return KEYS_HOME;
	case 'F': return KEYS_END;
	case 'Z': return KEYS_BTAB;
	case 'P': return KEYS_F(1);
	case 'Q': return KEYS_F(2);
	case 'R': return KEYS_F(3);
	case 'S': return KEYS_F(4);
	case '~':
		for (size_t i = 0; i < sizeof tilde / sizeof tilde[0]; i++) {
			if (tilde[i].n == n)
				return tilde[i].key;
		}
		break;
	}
	return -1;
}

static void
shell_input_csi(struct shell *sh, int final)
{
	const char	*p = sh->csi;
	char		*end;
	int		 key;

	sh->csi[sh->csi_len] = '\0';
	if (strcmp(p, "200") == 0 && final == '~') {
		sh->pasting = true;
		return;
	}
	if (strcmp(p, "201") == 0 && final == '~') {
		if (sh->pasting)
			shell_paste_end(sh);
		return;
	}
	if (sh->pasting)
		return;
	if (p[0] == '<') {
		shell_input_sgr_mouse(sh, p, final);
		return;
	}
	if (p[0] == '\0' && final == 'M') {
		sh->in_state = SHELL_IN_X10;
		sh->csi_len = 0;
		return;
	}
	/* "1;3C" is Alt-Right (the modifier less one is a mask of Shift 1,
	 * Alt 2, Ctrl 4); other modifiers are dropped, the key kept. */
	if ((key = shell_input_final(final, (unsigned)strtoul(p, &end,
	    10))) < 0)
		return;
	if (*end == ';' && ((strtoul(end + 1, NULL, 10) - 1) & 2))
		key |= KEYS_META;
	shell_input_key(sh, key);
}

/* One event from curses, through the decoder. */
static void
shell_input_event(struct shell *sh, int r, wint_t wc)
{
	int	key;

	switch (sh->in_state) {
	case SHELL_IN_ESC:
		sh->in_state = SHELL_IN_GROUND;
		if (r == OK && wc == '[') {
			sh->in_state = SHELL_IN_CSI;
			sh->csi_len = 0;
			return;
		}
		if (r == OK && wc == 'O') {
			sh->in_state = SHELL_IN_SS3;
			sh->csi_len = 0;
			return;
		}
		if (r == OK && wc == KEYS_ESC) {
			if (!sh->pasting)
				shell_input_key(sh, KEYS_ESC);
			sh->in_state = SHELL_IN_ESC;
			return;
		}
		/* Alt-x arrives as ESC then x. */
		if (!sh->pasting && (key = shell_translate(r, wc)) >= 0) {
			if (key >= 'A' && key <= 'Z')
				key += 'a' - 'A';
			shell_input_key(sh, key | KEYS_META);
			return;
		}
		break;
	case SHELL_IN_CSI:
		if (r == OK && wc >= 0x20 && wc <= 0x3f) {
			if (sh->csi_len + 1 < sizeof sh->csi)
				sh->csi[sh->csi_len++] = (char)wc;
			return;
		}
		sh->in_state = SHELL_IN_GROUND;
		if (r == OK && wc >= 0x40 && wc <= 0x7e) {
			shell_input_csi(sh, (int)wc);
			return;
		}
		/* Not a sequence after all: what broke it counts as itself. */
		break;
	case SHELL_IN_SS3:
		/* Old terminals put a modifier in it too: ESC O 5 D. */
		if (r == OK && wc >= 0x20 && wc <= 0x3f) {
			sh->csi_len++;
			return;
		}
		sh->in_state = SHELL_IN_GROUND;
		if (r == OK && wc >= 0x40 && wc <= 0x7e) {
			if (!sh->pasting && (key = shell_input_final((int)wc,
			    0)) >= 0)
				shell_input_key(sh, key);
			return;
		}
		break;
	case SHELL_IN_X10:
		if (r == OK && wc >= 32 && wc < 256)
			sh->csi[sh->csi_len++] = (char)(wc - 32);
		else
			sh->csi[sh->csi_len++] = 0;
		if (sh->csi_len == 3) {
			sh->in_state = SHELL_IN_GROUND;
			shell_input_x10_mouse(sh);
		}
		return;
	}
	if (r == KEY_CODE_YES && wc == SHELL_KEY_PASTE_START) {
		sh->pasting = true;
		return;
	}
	if (r == KEY_CODE_YES && wc == SHELL_KEY_PASTE_END) {
		if (sh->pasting)
			shell_paste_end(sh);
		return;
	}
	if (r == OK && wc == KEYS_ESC) {
		sh->in_state = SHELL_IN_ESC;
		return;
	}
	shell_input_char(sh, r, wc);
}

/*
 * What a read left half done: ESC alone is the Esc key, ESC [ or ESC O
 * alone is Alt-[ or Alt-O, and a sequence cut short is dropped.
 */
static void
shell_input_flush(struct shell *sh)
{
	int	state = sh->in_state;

	if (sh->pasting || state == SHELL_IN_X10)
		return;
	sh->in_state = SHELL_IN_GROUND;
	if (state == SHELL_IN_ESC)
		shell_input_key(sh, KEYS_ESC);
	else if (state == SHELL_IN_SS3 && sh->csi_len == 0)
		shell_input_key(sh, 'o' | KEYS_META);
	else if (state == SHELL_IN_CSI && sh->csi_len == 0)
		shell_input_key(sh, '[' | KEYS_META);
}

/*
 * Readable yet not one key: the terminal has gone (its pty hung up, or
 * stdin reached end of file).  The persistent event would otherwise fire
 * again at once, forever.
 */
static bool
shell_stdin_gone(void)
{
	struct pollfd	pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int		n;

	if (poll(&pfd, 1, 0) != 1)
		return false;
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	return ioctl(STDIN_FILENO, FIONREAD, &n) == 0 && n == 0;
}

void
shell_on_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell	*sh = arg;
	wint_t		 wc;
	int		 r;
	bool		 any = false;

	while (!sh->quit && (r = wget_wch(sh->keywin, &wc)) != ERR) {
		any = true;
		shell_input_event(sh, r, wc);
	}
	if (!sh->quit)
		shell_input_flush(sh);
	if (!any && shell_stdin_gone()) {
		log_info("the terminal has gone; quitting");
		shell_quit(sh);
	}
}
