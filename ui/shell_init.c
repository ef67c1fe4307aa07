#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "ui/shell_int.h"
#include "ui/theme.h"

static int
shell_locale(char **cause)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	/* Wide characters need a UTF-8 LC_CTYPE; C.UTF-8 is always there
	 * on the systems hcwed supports. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL &&
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	*cause = xstrdup("no UTF-8 locale available (try LANG=C.UTF-8)");
	return -1;
}

static void
shell_curses(struct shell *sh)
{
	/* Keep the terminal's title, to give it back at the end. */
	fputs("\033[22;2t", stdout);
	fflush(stdout);
	initscr();
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	theme_init();
	sh->keywin = newpad(1, 1);
	keypad(sh->keywin, TRUE);
	nodelay(sh->keywin, TRUE);
	sh->body = newwin(1, 1, 0, 0);
	sh->status = newwin(1, 1, 0, 0);
	leaveok(sh->status, TRUE);
	shell_input_init(sh);
}

struct shell *
shell_create(const struct shell_options *opts, char **cause)
{
	struct shell	*sh;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the full-screen client needs a terminal");
		return NULL;
	}
	if (shell_locale(cause) == -1)
		return NULL;
	if (evthread_use_pthreads() == -1) {
		*cause = xstrdup("libevent has no pthreads support");
		return NULL;
	}
	sh = xcalloc(1, sizeof *sh);
	sh->opts = *opts;
	sh->current = -1;
	sh->lock_input = input_create(0);
	pthread_mutex_init(&sh->post_lock, NULL);
	sh->posts_tail = &sh->posts;

	sh->base = event_base_new();
	if (sh->base == NULL)
		log_fatalx("event_base_new failed");
	event_base_priority_init(sh->base, 2);
	if (evthread_make_base_notifiable(sh->base) == -1)
		log_fatalx("cannot make the event base notifiable");

	shell_curses(sh);
	sh->ev_stdin = event_new(sh->base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    shell_on_stdin_cb, sh);
	sh->ev_winch = evsignal_new(sh->base, SIGWINCH, shell_on_winch_cb, sh);
	sh->ev_term = evsignal_new(sh->base, SIGTERM, shell_on_term_cb, sh);
	sh->ev_hup = evsignal_new(sh->base, SIGHUP, shell_on_term_cb, sh);
	sh->ev_draw = event_new(sh->base, -1, 0, shell_on_draw_cb, sh);
	sh->ev_wake = event_new(sh->base, -1, 0, shell_on_wake_cb, sh);
	sh->ev_clock = evtimer_new(sh->base, shell_on_clock_cb, sh);
	sh->ev_idle = evtimer_new(sh->base, shell_on_idle_cb, sh);
	/* Drawing has the lowest priority: it runs after every input
	 * event of a loop turn, so a turn ends in one doupdate(). */
	event_priority_set(sh->ev_draw, 1);
	event_priority_set(sh->ev_stdin, 0);
	event_priority_set(sh->ev_wake, 0);
	event_add(sh->ev_stdin, NULL);
	evsignal_add(sh->ev_winch, NULL);
	evsignal_add(sh->ev_term, NULL);
	evsignal_add(sh->ev_hup, NULL);
	shell_on_clock_cb(-1, 0, sh);
	shell_relayout(sh);
	shell_idle_reset(sh);
	return sh;
}

void
shell_free(struct shell *sh)
{
	struct shell_post	*p, *next;

	if (sh == NULL)
		return;
	shell_input_end(sh);
	endwin();
	fputs("\033[23;2t", stdout);
	fflush(stdout);
	event_free(sh->ev_stdin);
	event_free(sh->ev_winch);
	event_free(sh->ev_term);
	event_free(sh->ev_hup);
	event_free(sh->ev_draw);
	event_free(sh->ev_wake);
	event_free(sh->ev_clock);
	event_free(sh->ev_idle);
	for (p = sh->posts; p != NULL; p = next) {
		next = p->next;
		free(p);
	}
	delwin(sh->body);
	delwin(sh->status);
	delwin(sh->keywin);
	input_free(sh->lock_input);
	event_base_free(sh->base);
	pthread_mutex_destroy(&sh->post_lock);
	free(sh);
}

int
shell_run(struct shell *sh)
{
	shell_dirty(sh);
	event_base_dispatch(sh->base);
	return 0;
}

void
shell_quit(struct shell *sh)
{
	sh->quit = true;
	event_base_loopbreak(sh->base);
}

struct event_base *
shell_base(struct shell *sh)
{
	return sh->base;
}

struct shell_status *
shell_status(struct shell *sh)
{
	return &sh->st;
}

void
shell_title(struct shell *sh, const char *title)
{
	if (strcmp(sh->title, title) == 0)
		return;
	snprintf(sh->title, sizeof sh->title, "%s", title);
	/* OSC 2 sets the title in xterm-like terminals and tmux; curses has
	 * no call for it, so it goes straight out. */
	fprintf(stdout, "\033]2;%s\007", title);
	fflush(stdout);
}

/* Inside tmux the sequence must pass through it to the terminal. */
static void
shell_notify(struct shell *sh, const char *title, const char *body)
{
	bool	tmux = getenv("TMUX") != NULL;

	if (sh->opts.notify == SHELL_NOTIFY_NONE || body == NULL)
		return;
	fputs(tmux ? "\033Ptmux;\033\033]" : "\033]", stdout);
	if (sh->opts.notify == SHELL_NOTIFY_OSC9)
		fprintf(stdout, "9;%s: %s\007", title, body);
	else
		fprintf(stdout, "777;notify;%s;%s\007", title, body);
	if (tmux)
		fputs("\033\\", stdout);
	fflush(stdout);
}

void
shell_alert(struct shell *sh, enum shell_alert_kind kind, const char *title,
    const char *body)
{
	bool	wedding = kind == SHELL_ALERT_WEDDING;

	if (!wedding || sh->opts.wedding_sound == SHELL_SOUND_BELL)
		beep();
	else if (sh->opts.wedding_sound == SHELL_SOUND_FLASH)
		flash();
	if (wedding && sh->opts.wedding_sound == SHELL_SOUND_NONE)
		return;
	/* Clinical counts in the title outrank the wedding. */
	if (title != NULL && (!wedding || strcmp(sh->title, "hcwed") == 0 ||
	    strncmp(sh->title, "hcwed: wedding", 14) == 0 ||
	    sh->title[0] == '\0'))
		shell_title(sh, title);
	shell_notify(sh, wedding ? "hcwed wedding" : "hcwed", body);
}
