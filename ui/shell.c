#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "src/base/log.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "ui/shell_int.h"


void
shell_on_draw_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell		*sh = arg;
	struct shell_screen	*s;
	bool			 cursor = false;

	sh->draw_pending = false;
	if (sh->layout.too_small) {
		shell_draw_small(sh);
		doupdate();
		return;
	}
	werase(sh->body);
	if (sh->locked)
		lock_draw(sh, sh->body);
	else if (sh->current >= 0) {
		s = &sh->screens[sh->current];
		cursor = s->draw(s->arg, sh->body);
	}
	shell_draw_status(sh);
	wnoutrefresh(sh->status);
	if (sh->locked)
		cursor = true;
	if (sh->help && !sh->locked) {
		wnoutrefresh(sh->body);
		shell_draw_help(sh);
		cursor = false;
	} else
		wnoutrefresh(sh->body);
	curs_set(cursor ? 1 : 0);
	doupdate();
}

void
shell_dirty(struct shell *sh)
{
	if (sh->draw_pending)
		return;
	sh->draw_pending = true;
	event_active(sh->ev_draw, EV_TIMEOUT, 1);
}

/* The clock shows minutes: wake on the next minute boundary only. */
void
shell_on_clock_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell	*sh = arg;
	struct timeval	 tv = { 60 - time(NULL) % 60, 0 };

	evtimer_add(sh->ev_clock, &tv);
	if (what != 0)
		shell_dirty(sh);
}

void
shell_on_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell	*sh = arg;

	if (!sh->locked)
		shell_lock(sh, "Locked after a period without input.");
}

void
shell_idle_reset(struct shell *sh)
{
	struct timeval	tv;

	if (sh->opts.lock_ms == 0 || sh->locked)
		return;
	tv.tv_sec = sh->opts.lock_ms / 1000;
	tv.tv_usec = (sh->opts.lock_ms % 1000) * 1000;
	evtimer_add(sh->ev_idle, &tv);
}

void
shell_lock(struct shell *sh, const char *message)
{
	bool	 was = sh->locked;
	char	*safe = sanitize_line(message);
	size_t	 len = strlen(safe);

	/* The message may quote the server: shown, never obeyed, and cut
	 * only between characters. */
	if (len >= sizeof sh->lock_msg) {
		len = sizeof sh->lock_msg - 1;
		while (len > 0 && ((unsigned char)safe[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(sh->lock_msg, safe, len);
	sh->lock_msg[len] = '\0';
	free(safe);
	sh->locked = true;
	sh->help = false;
	input_clear(sh->lock_input);
	evtimer_del(sh->ev_idle);
	if (!was) {
		for (int i = 0; i < sh->nscreens; i++) {
			if (sh->screens[i].event != NULL)
				sh->screens[i].event(sh->screens[i].arg,
				    SHELL_LOCKED);
		}
	}
	/* Wipe the terminal itself too, not just what curses thinks. */
	clearok(curscr, TRUE);
	shell_dirty(sh);
}

void
shell_unlock(struct shell *sh)
{
	if (!sh->locked)
		return;
	sh->locked = false;
	input_clear(sh->lock_input);
	for (int i = 0; i < sh->nscreens; i++) {
		if (sh->screens[i].event != NULL)
			sh->screens[i].event(sh->screens[i].arg,
			    SHELL_UNLOCKED);
	}
	shell_idle_reset(sh);
	shell_dirty(sh);
}

void
shell_help(struct shell *sh)
{
	sh->help = true;
	sh->help_top = 0;
	shell_dirty(sh);
}

bool
shell_locked(const struct shell *sh)
{
	return sh->locked;
}

static void
shell_show(struct shell *sh, int index)
{
	if (index < 0 || index >= sh->nscreens || index == sh->current)
		return;
	if (sh->current >= 0 && sh->screens[sh->current].event != NULL)
		sh->screens[sh->current].event(sh->screens[sh->current].arg,
		    SHELL_HIDE);
	sh->current = index;
	if (sh->screens[index].event != NULL)
		sh->screens[index].event(sh->screens[index].arg, SHELL_SHOW);
	shell_dirty(sh);
}

static bool
shell_printable(int key)
{
	return key >= 0x20 && key < KEYS_NONE && key != 0x7f;
}

static int
shell_global(struct shell *sh, int key)
{
	struct shell_screen	*s = sh->current >= 0 ?
				    &sh->screens[sh->current] : NULL;
	enum keys_action	 a;

	a = keys_lookup(&sh->opts.keys, KEYS_GLOBAL, key);
	if (a == KA_NONE)
		return SHELL_UNHANDLED;
	if (shell_printable(key) && s != NULL && s->editing != NULL &&
	    s->editing(s->arg))
		return SHELL_UNHANDLED;
	switch (a) {
	case KA_SCREEN_1:
		shell_show(sh, 0);
		break;
	case KA_SCREEN_2:
		shell_show(sh, 1);
		break;
	case KA_HELP:
		sh->help = !sh->help;
		sh->help_top = 0;
		break;
	case KA_REDRAW:
		clearok(curscr, TRUE);
		break;
	case KA_LOCK:
		shell_lock(sh, "Locked.");
		break;
	case KA_QUIT:
		shell_quit(sh);
		break;
	default:
		return SHELL_UNHANDLED;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

/*
 * The event is always taken off the queue, but only an unlocked screen
 * with nothing over it sees it: a click on the lock view must not open a
 * conversation (and send read receipts for text nobody saw).
 */
static void
shell_mouse(struct shell *sh)
{
	struct shell_screen	*s;
	MEVENT			 me;
	int			 button = 0;

	if (getmouse(&me) != OK || sh->locked || sh->help ||
	    sh->current < 0 || sh->layout.too_small)
		return;
	s = &sh->screens[sh->current];
	if (s->mouse == NULL)
		return;
	shell_idle_reset(sh);
	if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		button = 1;
	else if (me.bstate & BUTTON4_PRESSED)
		button = 4;
	else if (me.bstate & BUTTON5_PRESSED)
		button = 5;
	if (button != 0 && layout_contains(&sh->layout.body, me.y, me.x) &&
	    s->mouse(s->arg, me.y - sh->layout.body.y,
	    me.x - sh->layout.body.x, button) & SHELL_REDRAW)
		shell_dirty(sh);
}

static void
shell_key(struct shell *sh, int key)
{
	struct shell_screen	*s;

	if (sh->locked) {
		lock_key(sh, key);
		shell_dirty(sh);
		return;
	}
	if (sh->help) {
		if (shell_help_key(sh, key) & SHELL_REDRAW)
			shell_dirty(sh);
		return;
	}
	if (shell_global(sh, key) & SHELL_REDRAW) {
		shell_dirty(sh);
		return;
	}
	if (sh->current < 0 || sh->layout.too_small)
		return;
	s = &sh->screens[sh->current];
	if (s->key(s->arg, key) & SHELL_REDRAW)
		shell_dirty(sh);
}

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
	return -1;
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

/* One event from curses: a key, a mouse report or a resize. */
static void
shell_event(struct shell *sh, int r, wint_t wc)
{
	int	key;

	if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
		shell_mouse(sh);
		return;
	}
	if ((key = shell_translate(r, wc)) < 0)
		return;
	shell_idle_reset(sh);
	shell_key(sh, key);
}

void
shell_on_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell	*sh = arg;
	wint_t		 wc, wc2;
	int		 r, r2, key;
	bool		 any = false;

	while (!sh->quit && (r = wget_wch(sh->keywin, &wc)) != ERR) {
		any = true;
		/* Alt-x arrives as ESC then x, in the same read. */
		if (r == OK && wc == KEYS_ESC &&
		    (r2 = wget_wch(sh->keywin, &wc2)) != ERR) {
			key = shell_translate(r2, wc2);
			if (key >= 0) {
				if (key >= 'A' && key <= 'Z')
					key += 'a' - 'A';
				shell_idle_reset(sh);
				shell_key(sh, key | KEYS_META);
				continue;
			}
			/* Not a chord: ESC stands alone, then the mouse
			 * report or resize behind it is handled as itself. */
			shell_event(sh, r, wc);
			if (sh->quit)
				break;
			r = r2;
			wc = wc2;
		}
		shell_event(sh, r, wc);
	}
	if (!any && shell_stdin_gone()) {
		log_info("the terminal has gone; quitting");
		shell_quit(sh);
	}
}

void
shell_on_winch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell	*sh = arg;
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0)
		return;
	resize_term(ws.ws_row, ws.ws_col);
	shell_relayout(sh);
	clearok(curscr, TRUE);
	shell_dirty(sh);
}

void
shell_on_term_cb(evutil_socket_t fd, short what, void *arg)
{
	shell_quit(arg);
}

void
shell_on_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shell		*sh = arg;
	struct shell_post	*p, *next;

	pthread_mutex_lock(&sh->post_lock);
	p = sh->posts;
	sh->posts = NULL;
	sh->posts_tail = &sh->posts;
	pthread_mutex_unlock(&sh->post_lock);
	for (; p != NULL; p = next) {
		next = p->next;
		p->fn(p->arg);
		free(p);
	}
}

void
shell_post(struct shell *sh, void (*fn)(void *), void *arg)
{
	struct shell_post	*p = xcalloc(1, sizeof *p);

	p->fn = fn;
	p->arg = arg;
	pthread_mutex_lock(&sh->post_lock);
	*sh->posts_tail = p;
	sh->posts_tail = &p->next;
	pthread_mutex_unlock(&sh->post_lock);
	/* Thread-safe because of evthread_use_pthreads(). */
	event_active(sh->ev_wake, EV_READ, 1);
}

void
shell_relayout(struct shell *sh)
{
	struct layout_rect	*b;

	getmaxyx(stdscr, sh->rows, sh->cols);
	layout_shell(sh->rows, sh->cols, &sh->layout);
	if (sh->layout.too_small)
		return;
	b = &sh->layout.body;
	wresize(sh->body, b->h, b->w);
	mvwin(sh->body, b->y, b->x);
	wresize(sh->status, 1, sh->layout.status.w);
	mvwin(sh->status, sh->layout.status.y, 0);
	for (int i = 0; i < sh->nscreens; i++)
		sh->screens[i].resize(sh->screens[i].arg, b->h, b->w);
}

int
shell_add_screen(struct shell *sh, const struct shell_screen *s)
{
	if (sh->nscreens == SHELL_MAX_SCREENS)
		log_fatalx("too many screens");
	sh->screens[sh->nscreens] = *s;
	if (!sh->layout.too_small)
		s->resize(s->arg, sh->layout.body.h, sh->layout.body.w);
	if (sh->current < 0) {
		sh->current = sh->nscreens;
		if (s->event != NULL)
			s->event(s->arg, SHELL_SHOW);
	}
	shell_dirty(sh);
	return sh->nscreens++;
}
