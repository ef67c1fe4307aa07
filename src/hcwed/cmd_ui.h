/*
 * hcwed with options and no subcommand: the full-screen client.
 * src/cmd_ui.c starts it; src/cmd_ui_client.c connects the client library
 * (net/client.h) to the chat screen's model (ui/chat_model.h);
 * src/cmd_ui_book.c runs the wedding planner and its HTTP worker behind
 * the dashboard (ui/dash.h); src/cmd_ui_outbox.c keeps unsent messages
 * on disk.
 */
#ifndef HC_CMD_UI_H
#define HC_CMD_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "net/client.h"
#include "ui/chat_model.h"
#include "ui/dash.h"
#include "ui/shell.h"

struct cmd_ui_book;
struct outbox;
struct history;

/* argv[0] is "hcwed"; returns the exit status. */
int	cmd_ui_run(int argc, char **argv);
/* The full-screen client's usage, first in "hcwed --help". */
#define CMD_UI_USAGE	"hcwed [--server HOST:PORT] [--user NAME] " \
			"[--password-file FILE] [--ca FILE | --insecure]"
/*
 * Whether a bare "hcwed" can open the client: the configuration file
 * names a server and a user (or is broken, which the client then says).
 */
bool	cmd_ui_configured(void);

/* The session behind the screen; cmd_ui_client.c owns its lifecycle. */
struct cmd_ui {
	struct shell		*sh;
	struct chat_model	*model;
	struct client		*client;
	struct client_config	 cfg;		/* strings owned here */
	char			*password;	/* wiped on free */
	bool			 logged_in;
	bool			 need_login;	/* the lock view asks for it */
	unsigned		 unlock_failures;	/* since the last unlock */
	uint64_t		 unlock_after;	/* no check before (mono ms) */
	struct event		*ev_countdown;
	unsigned		 retry_left;
	int64_t			 offline_since;	/* wall ms; 0 while connected */
	struct outbox		*outbox;	/* NULL: none could be had */
	struct history		*history;	/* NULL: none kept */
	char			 outbox_note[320]; /* said once on screen */
	bool			 outbox_shown;	/* its messages are in the model */
	bool			 unread_asked;	/* an "unread" is on its way */
	bool			 unread_again;	/* ask once more after it */
	struct cmd_ui_book	*book;		/* cmd_ui_book.c's */
};

/* The chat_backend that drives ui->client. */
void	cmd_ui_backend(struct cmd_ui *, struct chat_backend *);
/* Start (or restart, with a new password) the client. */
void	cmd_ui_connect(struct cmd_ui *);
/*
 * The lock view's password: a login attempt or an unlock.  After a wrong
 * unlock the next is not checked for 1 s, doubling; the
 * CMD_UI_UNLOCK_TRIES-th wrong one in a row makes the next password a
 * login to the server.
 */
#define CMD_UI_UNLOCK_TRIES	5
void	cmd_ui_password(void *arg, const char *pw);
void	cmd_ui_close(struct cmd_ui *);

/* cmd_ui_outbox.c: the outbox on disk (src/hcwed/outbox.h).  Open it
 * once the screen is up, resend into every new client; quit_check is
 * the shell's (ui/shell.h); close waits for its writes. */
void	cmd_ui_outbox_open(struct cmd_ui *, const char *server);
void	cmd_ui_outbox_resend(struct cmd_ui *);
void	cmd_ui_outbox_put(struct cmd_ui *, const char *to, const char *body,
	    bool urgent, const char *cid, int64_t ts);
void	cmd_ui_outbox_del(struct cmd_ui *, const char *cid);
bool	cmd_ui_quit_check(void *arg, char *q, size_t size);
void	cmd_ui_outbox_close(struct cmd_ui *);

/* The planner behind the dashboard: allocate, then the backend for
 * dash_create(), then start once the screen exists.  Without the booking
 * settings start tells the dashboard why; free stops the worker. */
void	cmd_ui_book_new(struct cmd_ui *);
void	cmd_ui_book_backend(struct cmd_ui *, struct dash_backend *);
void	cmd_ui_book_start(struct cmd_ui *, struct dash *);
void	cmd_ui_book_free(struct cmd_ui *);

#endif
