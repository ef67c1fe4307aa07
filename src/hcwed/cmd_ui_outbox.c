#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_ui.h"
#include "src/hcwed/outbox.h"

/*
 * The outbox behind the chat screen: what was sent and not yet stored
 * survives the client, and the user is asked before quitting with any.
 */

static void
cmd_ui_outbox_error(void *arg, const char *cause)
{
	struct cmd_ui	*ui = arg;
	char		 buf[384];

	snprintf(buf, sizeof buf, "the outbox could not be written (%s): a "
	    "message not yet stored would not survive a quit", cause);
	chat_model_notice(ui->model, buf);
}

void
cmd_ui_outbox_open(struct cmd_ui *ui, const char *server)
{
	unsigned	 set_aside;
	char		*dir, *cause;

	if ((dir = outbox_dir(ui->cfg.user, server, &cause)) == NULL ||
	    (ui->outbox = outbox_open(shell_base(ui->sh), dir, &set_aside,
	    &cause)) == NULL) {
		snprintf(ui->outbox_note, sizeof ui->outbox_note, "no outbox "
		    "(%s): messages not yet stored are lost on quit", cause);
		free(cause);
		free(dir);
		return;
	}
	if (set_aside > 0)
		snprintf(ui->outbox_note, sizeof ui->outbox_note, "%u outbox "
		    "file%s could not be read and %s set aside as *.bad in %s",
		    set_aside, set_aside == 1 ? "" : "s",
		    set_aside == 1 ? "was" : "were", dir);
	outbox_on_error(ui->outbox, cmd_ui_outbox_error, ui);
	free(dir);
}

/*
 * Hand what the outbox holds to a new client, under each message's own
 * cid; the first time, show it in its conversation as pending too.
 */
void
cmd_ui_outbox_resend(struct cmd_ui *ui)
{
	const struct outbox_msg	*m;
	char			*cause;

	if (ui->outbox_note[0] != '\0') {
		chat_model_notice(ui->model, ui->outbox_note);
		ui->outbox_note[0] = '\0';
	}
	for (size_t i = 0; ui->outbox != NULL &&
	    (m = outbox_get(ui->outbox, i)) != NULL; i++) {
		if (client_send(ui->client, m->to, m->body, strlen(m->body),
		    m->urgent ? PROTO_PRIO_URGENT : PROTO_PRIO_NORMAL, m->cid,
		    NULL, &cause) == -1) {
			chat_model_notice(ui->model, cause);
			free(cause);
			continue;
		}
		if (!ui->outbox_shown)
			chat_model_add_own(ui->model, m->to, m->body, m->urgent,
			    m->ts, m->cid);
	}
	ui->outbox_shown = true;
}

void
cmd_ui_outbox_put(struct cmd_ui *ui, const char *to, const char *body,
    bool urgent, const char *cid, int64_t ts)
{
	struct outbox_msg	m = {
		.cid = (char *)cid, .to = (char *)to, .body = (char *)body,
		.urgent = urgent, .ts = ts
	};

	if (ui->outbox != NULL)
		outbox_put(ui->outbox, &m);
}

void
cmd_ui_outbox_del(struct cmd_ui *ui, const char *cid)
{
	if (ui->outbox != NULL)
		outbox_del(ui->outbox, cid);
}

bool
cmd_ui_quit_check(void *arg, char *q, size_t size)
{
	struct cmd_ui	*ui = arg;
	size_t		 n = ui->client != NULL ? client_pending(ui->client) : 0;

	if (n == 0)
		return false;
	if (ui->outbox != NULL)
		snprintf(q, size, "%zu message%s not yet stored: kept, sent at "
		    "the next start. Quit? y/n", n, n == 1 ? "" : "s");
	else
		snprintf(q, size, "%zu message%s not yet stored WILL BE LOST. "
		    "Quit? y/n", n, n == 1 ? "" : "s");
	return true;
}

void
cmd_ui_outbox_close(struct cmd_ui *ui)
{
	outbox_free(ui->outbox);
	ui->outbox = NULL;
}
