/*
 * The shell's state, shared by its files (shell.c: loop and keys;
 * shell_draw.c: status bar, help and the too-small notice; lock.c: the
 * password view; shell_input.c: the terminal's input).  Nothing outside ui/shell*.c and ui/lock.c uses this.
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
	char			 quit_ask[160];	/* the question, while asked */
	char			 title[64];	/* as last set, or "" */

	WINDOW			*body, *status, *keywin;
	struct layout_shell	 layout;
	int			 rows, cols;

	struct shell_screen	 screens[SHELL_MAX_SCREENS];
	int			 nscreens, current;
	struct shell_status	 st;

	bool			 help;
	int			 help_top;
	int			 help_lines;	/* as last drawn */

	bool			 locked;
	char			 lock_msg[128];
	struct input		*lock_input;

	/* shell_input.c's decoder: a sequence in progress, a paste. */
	int			 in_state;
	char			 csi[32];
	size_t			 csi_len;
	bool			 pasting;
	char			*paste;
	size_t			 paste_len, paste_size, paste_dropped;

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
/* What the decoder found: a key, a click or wheel (1, 4, 5) at the
 * terminal's y, x, a pasted block (cut: past SHELL_PASTE_MAX). */
void	shell_key(struct shell *, int key);
void	shell_mouse(struct shell *, int y, int x, int button);
void	shell_paste(struct shell *, const char *text, size_t len, bool cut);

/* shell_input.c: bracketed paste and mouse on, and off at the end. */
void	shell_input_init(struct shell *);
void	shell_input_end(struct shell *);

/* shell_draw.c */
void	shell_draw_status(struct shell *);
void	shell_draw_help(struct shell *);
int	shell_help_key(struct shell *, int key);
void	shell_draw_small(struct shell *);

/* lock.c */
void	lock_draw(struct shell *, WINDOW *);
void	lock_key(struct shell *, int key);
void	lock_paste(struct shell *, const char *text, size_t len);

#endif
