/*
 * hcwed with options and no subcommand: the full-screen client.
 * src/cmd_ui.c starts it; src/cmd_ui_client.c connects the client library
 * (net/client.h) to the chat screen's model (ui/chat_model.h).
 */
#ifndef HC_CMD_UI_H
#define HC_CMD_UI_H

#include <stdbool.h>

#include "net/client.h"
#include "ui/chat_model.h"
#include "ui/shell.h"

/* argv[0] is "hcwed"; returns the exit status. */
int	cmd_ui_run(int argc, char **argv);

/* The session behind the screen; cmd_ui_client.c owns its lifecycle. */
struct cmd_ui {
	struct shell		*sh;
	struct chat_model	*model;
	struct client		*client;
	struct client_config	 cfg;		/* strings owned here */
	char			*password;	/* wiped on free */
	bool			 logged_in;
	bool			 need_login;	/* the lock view asks for it */
	struct event		*ev_countdown;
	unsigned		 retry_left;
};

/* The chat_backend that drives ui->client. */
void	cmd_ui_backend(struct cmd_ui *, struct chat_backend *);
/* Start (or restart, with a new password) the client. */
void	cmd_ui_connect(struct cmd_ui *);
/* The lock view's password: a login attempt or an unlock. */
void	cmd_ui_password(void *arg, const char *pw);
void	cmd_ui_close(struct cmd_ui *);

#endif
