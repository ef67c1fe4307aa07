#include "config.h"

#include <sys/ioctl.h>

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
	/* The key hints come and go with the screen's wishes. */
	shell_relayout(sh);
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
		shell_quit_ask(sh);
		break;
	default:
		return SHELL_UNHANDLED;
	}
	return SHELL_HANDLED | SHELL_REDRAW;
}

/*
 * Only an unlocked screen with nothing over it sees a click: a click on
 * the lock view must not open a conversation (and send read receipts for
 * text nobody saw).  y and x are the terminal's, from 0.
 */
void
shell_mouse(struct shell *sh, int y, int x, int button)
{
	struct shell_screen	*s;

	if (sh->locked || sh->help || sh->current < 0 ||
	    sh->layout.too_small)
		return;
	s = &sh->screens[sh->current];
	if (s->mouse == NULL)
		return;
	shell_idle_reset(sh);
	if (layout_contains(&sh->layout.body, y, x) &&
	    s->mouse(s->arg, y - sh->layout.body.y,
	    x - sh->layout.body.x, button) & SHELL_REDRAW)
		shell_dirty(sh);
}

void
shell_quit_ask(struct shell *sh)
{
	if (sh->opts.quit_check != NULL && sh->opts.quit_check(
	    sh->opts.quit_arg, sh->quit_ask, sizeof sh->quit_ask)) {
		shell_dirty(sh);
		return;
	}
	sh->quit_ask[0] = '\0';
	shell_quit(sh);
}

void
shell_key(struct shell *sh, int key)
{
	struct shell_screen	*s;

	if (sh->quit_ask[0] != '\0') {
		sh->quit_ask[0] = '\0';
		if (key == 'y' || key == 'Y')
			shell_quit(sh);
		shell_dirty(sh);
		return;
	}
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

/*
 * A pasted block goes to the screen as one piece; the lock view takes its
 * first line (a password from a password manager), nothing else does.
 */
void
shell_paste(struct shell *sh, const char *text, size_t len, bool cut)
{
	struct shell_screen	*s;

	if (sh->locked) {
		lock_paste(sh, text, len);
		shell_dirty(sh);
		return;
	}
	if (sh->help || sh->current < 0 || sh->layout.too_small)
		return;
	s = &sh->screens[sh->current];
	if (s->paste != NULL && s->paste(s->arg, text, len, cut) &
	    SHELL_REDRAW)
		shell_dirty(sh);
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
	layout_shell(sh->rows, sh->cols, sh->current >= 0 ?
	    sh->screens[sh->current].rows_wanted : 0, &sh->layout);
	if (sh->layout.too_small)
		return;
	b = &sh->layout.body;
	wresize(sh->body, b->h, b->w);
	mvwin(sh->body, b->y, b->x);
	wresize(sh->status, sh->layout.status.h, sh->layout.status.w);
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
