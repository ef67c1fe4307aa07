/*
 * The shell's state, shared by its files (shell.c: loop and keys;
 * shell_draw.c: status bar, help and the too-small notice; lock.c: the
 * password view).  Nothing outside ui/shell*.c and ui/lock.c uses this.
 *
 * Memory: struct shell owns its event base and events, lock_input and the
 * queued posts (each post is freed once run, the rest by shell_free());
 * the screens' arg pointers belong to whoever registered them.
 */
#ifndef HC_SHELL_INT_H
#define HC_SHELL_INT_H

#include <pthread.h>

#include <event2/util.h>

#include "ui/input.h"
#include "ui/layout.h"
#include "ui/screen.h"
#include "ui/theme.h"

#define SHELL_MAX_SCREENS	8

/* Work handed to the loop by shell_post(). */
struct shell_post {
	void			(*fn)(void *);
	void			*arg;
	struct shell_post	*next;
};

struct shell {
	struct shell_options	 opts;
	struct event_base	*base;
	struct event		*ev_stdin, *ev_winch, *ev_term, *ev_hup;
	struct event		*ev_draw, *ev_clock, *ev_idle, *ev_wake;
	bool			 draw_pending;
	bool			 quit;
	char			 title[64];	/* as last set, or "" */

	WINDOW			*body, *status, *keywin;
	struct layout_shell	 layout;
	int			 rows, cols;

	struct shell_screen	 screens[SHELL_MAX_SCREENS];
	int			 nscreens, current;
	struct shell_status	 st;

	bool			 help;
	int			 help_top;

	bool			 locked;
	char			 lock_msg[128];
	struct input		*lock_input;

	pthread_mutex_t		 post_lock;
	struct shell_post	*posts, **posts_tail;
};

/* shell.c: loop callbacks, wired up by shell_init.c */
void	shell_on_draw_cb(evutil_socket_t, short, void *);
void	shell_on_clock_cb(evutil_socket_t, short, void *);
void	shell_on_idle_cb(evutil_socket_t, short, void *);
void	shell_on_stdin_cb(evutil_socket_t, short, void *);
void	shell_on_winch_cb(evutil_socket_t, short, void *);
void	shell_on_term_cb(evutil_socket_t, short, void *);
void	shell_on_wake_cb(evutil_socket_t, short, void *);
void	shell_relayout(struct shell *);
void	shell_idle_reset(struct shell *);

/* shell_draw.c */
void	shell_draw_status(struct shell *);
void	shell_draw_help(struct shell *);
int	shell_help_key(struct shell *, int key);
void	shell_draw_small(struct shell *);

/* lock.c */
void	lock_draw(struct shell *, WINDOW *);
void	lock_key(struct shell *, int key);

#endif
