#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/addr.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_client.h"
#include "src/hcwed/cmd_ui.h"
#include "src/hcwed/commands.h"
#include "src/hcwed/history.h"
#include "src/hcwed/statedir.h"
#include "ui/chat.h"
#include "ui/uiconf.h"

static int
cmd_ui_usage(void)
{
	fprintf(stderr, "usage: %s\n", CMD_UI_USAGE);
	return CMD_EXIT_USAGE;
}

bool
cmd_ui_configured(void)
{
	struct cmd_client	cc;
	bool			ready;

	if (cmd_client_init(&cc) != CMD_EXIT_OK)
		return true;	/* let the client say what is wrong */
	ready = cc.conf.server != NULL && cc.conf.user != NULL;
	clientconf_free(&cc.conf);
	return ready;
}

/* Options and both readers of the configuration file. */
static int
cmd_ui_setup(int argc, char **argv, struct cmd_client *cc, struct uiconf *u)
{
	static const struct option opts[] = {
		CMD_CLIENT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	char	*cause;
	int	 ch, rc;

	if ((rc = cmd_client_init(cc)) != CMD_EXIT_OK)
		return rc;
	uiconf_defaults(u);
	if (uiconf_load(u, NULL, &cause) == -1) {
		fprintf(stderr, "hcwed: %s\n", cause);
		free(cause);
		return CMD_EXIT_USAGE;
	}
	optind = 1;
	while ((ch = cmd_getopt("hcwed", argc, argv, opts)) != -1) {
		if (!cmd_client_option(cc, ch, optarg))
			return cmd_ui_usage();
	}
	if (optind != argc)
		return cmd_ui_usage();
	if (cc->conf.server == NULL || cc->conf.user == NULL) {
		fprintf(stderr, "hcwed: --server and --user are needed (or "
		    "server and user in the configuration file)\n");
		return CMD_EXIT_USAGE;
	}
	if (!proto_name_valid(cc->conf.user)) {
		fprintf(stderr, "hcwed: invalid user name: %s\n",
		    cc->conf.user);
		return CMD_EXIT_USAGE;
	}
	return CMD_EXIT_OK;
}

static void
cmd_ui_typed(void *arg, const char *line)
{
	struct cmd_ui	*ui = arg;

	history_add(ui->history, line);
}

/* Lines typed before, for Up; a history that cannot be kept is said. */
static void
cmd_ui_history_open(struct cmd_ui *ui, struct chat *chat, const char *server,
    size_t max)
{
	char	*path, *cause = NULL, **lines = NULL, buf[320];
	size_t	 n = 0;

	if ((path = statedir_path("history", ui->cfg.user, server,
	    &cause)) != NULL)
		ui->history = history_open(shell_base(ui->sh), path, max,
		    &lines, &n, &cause);
	free(path);
	if (cause != NULL) {
		snprintf(buf, sizeof buf, "no input history (%s)", cause);
		chat_model_notice(ui->model, buf);
		free(cause);
	}
	chat_history_load(chat, lines, n);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static int
cmd_ui_session(struct cmd_client *cc, struct uiconf *u, struct cmd_ui *ui)
{
	struct shell_options	 so = { .keys = u->keys, .mouse = u->mouse,
				    .lock_ms = u->lock_ms,
				    .password = cmd_ui_password,
				    .password_arg = ui,
				    .quit_check = cmd_ui_quit_check,
				    .quit_arg = ui, .notify = u->notify,
				    .wedding_sound = u->wedding_sound };
	struct chat_options	 co = { .urgent_alert_ms = u->urgent_ms,
				    .paste_confirm_lines =
				    u->paste_confirm_lines,
				    .highlight = u->highlight,
				    .typed = cmd_ui_typed, .typed_arg = ui };
	struct chat_backend	 be;
	struct dash_backend	 dbe;
	struct chat		*chat;
	struct dash		*dash;
	char			*cause;

	if ((ui->sh = shell_create(&so, &cause)) == NULL) {
		fprintf(stderr, "hcwed: %s\n", cause);
		free(cause);
		return CMD_EXIT_FAILURE;
	}
	snprintf(shell_status(ui->sh)->user, sizeof shell_status(ui->sh)->user,
	    "%s", cc->conf.user);
	snprintf(shell_status(ui->sh)->presence,
	    sizeof shell_status(ui->sh)->presence, "available");
	shell_status(ui->sh)->unencrypted = ui->cfg.tls == NULL;
	cmd_ui_backend(ui, &be);
	ui->model = chat_model_create(cc->conf.user, u->scrollback, &be);
	chat = chat_create(ui->sh, ui->model, &so.keys, &co);
	cmd_ui_history_open(ui, chat, cc->conf.server, u->history_lines);
	cmd_ui_book_new(ui);
	cmd_ui_book_backend(ui, &dbe);
	dash = dash_create(ui->sh, &so.keys, &dbe);
	cmd_ui_book_start(ui, dash);
	cmd_ui_outbox_open(ui, cc->conf.server);
	cmd_ui_connect(ui);
	shell_run(ui->sh);
	cmd_ui_book_free(ui);
	cmd_ui_close(ui);
	cmd_ui_outbox_close(ui);
	history_free(ui->history);
	dash_free(dash);
	chat_free(chat);
	chat_model_free(ui->model);
	shell_free(ui->sh);
	return CMD_EXIT_OK;
}

int
cmd_ui_run(int argc, char **argv)
{
	struct cmd_client	 cc;
	struct uiconf		 u;
	struct cmd_ui		 ui;
	char			*host = NULL, *cause;
	unsigned		 port;
	int			 rc;

	memset(&ui, 0, sizeof ui);
	if ((rc = cmd_ui_setup(argc, argv, &cc, &u)) != CMD_EXIT_OK)
		goto out;
	rc = CMD_EXIT_USAGE;
	if (addr_split(cc.conf.server, &host, &port, &cause) == -1) {
		fprintf(stderr, "hcwed: %s\n", cause);
		free(cause);
		goto out;
	}
	if ((rc = cmd_client_tls(&cc, NULL)) != CMD_EXIT_OK)
		goto out;
	rc = CMD_EXIT_USAGE;
	/* Asked before the screen takes over the terminal, without echo. */
	if ((ui.password = clientconf_password(&cc.conf, &cause)) == NULL) {
		fprintf(stderr, "hcwed: %s\n", cause);
		free(cause);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	/* Log lines on stderr would write over the screen. */
	log_open("hcwed", getenv("HCWED_LOG") != NULL ? getenv("HCWED_LOG") :
	    "/dev/null");
	ui.cfg.host = host;
	ui.cfg.port = port;
	ui.cfg.user = cc.conf.user;
	ui.cfg.tls = cc.tls;
	rc = cmd_ui_session(&cc, &u, &ui);
out:
	SSL_CTX_free(cc.tls);
	free(host);
	clientconf_free(&cc.conf);
	return rc;
}
