#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_ui.h"

static enum chat_presence
cmd_ui_presence_in(enum proto_presence p)
{
	switch (p) {
	case PROTO_PRESENCE_AVAILABLE:
		return CHAT_AVAILABLE;
	case PROTO_PRESENCE_BUSY:
		return CHAT_BUSY;
	case PROTO_PRESENCE_AWAY:
		return CHAT_AWAY;
	default:
		return CHAT_OFFLINE;
	}
}

static enum chat_state
cmd_ui_state_in(enum proto_state s)
{
	switch (s) {
	case PROTO_STATE_READ:
		return CHAT_READ;
	case PROTO_STATE_DELIVERED:
		return CHAT_DELIVERED;
	default:
		return CHAT_STORED;
	}
}

static void
cmd_ui_msg_in(const struct proto_message *pm, struct chat_msg_in *in)
{
	memset(in, 0, sizeof *in);
	in->mid = pm->mid;
	in->ts = pm->ts;
	in->from = pm->from;
	in->to = pm->to;
	in->text = pm->body;
	in->len = pm->body_len;
	in->cid = pm->cid;
	in->urgent = pm->priority == PROTO_PRIO_URGENT;
	in->has_state = pm->has_state;
	in->state = cmd_ui_state_in(pm->state);
}

/*
 * The unread counts from the server: at every login, and whenever another
 * session reads what this one has not loaded.  One request at a time;
 * asking again meanwhile asks once more after its answer.
 */
static void
cmd_ui_ask_unread(struct cmd_ui *ui)
{
	char	*cause;

	if (ui->unread_asked) {
		ui->unread_again = true;
		return;
	}
	if (client_unread(ui->client, &cause) == -1) {
		free(cause);
		return;
	}
	ui->unread_asked = true;
	ui->unread_again = false;
}

static void
cmd_ui_on_unread(void *arg, const struct proto_unread *convs, size_t n,
    int64_t last)
{
	struct cmd_ui		*ui = arg;
	struct chat_unread_in	*in = xreallocarray(NULL, n + 1, sizeof *in);

	for (size_t i = 0; i < n; i++)
		in[i] = (struct chat_unread_in){ .with = convs[i].with,
		    .unread = convs[i].unread, .urgent = convs[i].urgent };
	chat_model_unread(ui->model, in, n, last);
	free(in);
	ui->unread_asked = false;
	if (ui->unread_again)
		cmd_ui_ask_unread(ui);
}

static void
cmd_ui_on_account(void *arg, const struct proto_user *u, bool deleted)
{
	struct cmd_ui	*ui = arg;

	if (strcmp(u->user, ui->cfg.user) == 0)
		return;
	chat_model_contact(ui->model, u->user, u->display, deleted ?
	    "account deleted" : u->role, deleted ? CHAT_OFFLINE :
	    cmd_ui_presence_in(u->presence));
}

/* The status bar counts down to the next attempt, once a second. */
static void
cmd_ui_on_countdown(evutil_socket_t fd, short what, void *arg)
{
	struct cmd_ui	*ui = arg;
	struct timeval	 tv = { 1, 0 };

	if (ui->retry_left == 0)
		return;
	ui->retry_left--;
	chat_model_connection(ui->model, CHAT_CONN_RETRY, ui->retry_left);
	if (ui->retry_left > 0)
		evtimer_add(ui->ev_countdown, &tv);
}

static void
cmd_ui_on_state(void *arg, enum client_state st, const char *reason,
    unsigned reconnect_ms)
{
	struct cmd_ui	*ui = arg;
	struct timeval	 tv = { 1, 0 };
	char		*cause, msg[160];

	evtimer_del(ui->ev_countdown);
	switch (st) {
	case CLIENT_CONNECTING:
	case CLIENT_CONNECTED:
		chat_model_connection(ui->model, CHAT_CONN_CONNECTING, 0);
		break;
	case CLIENT_LOGGED_IN:
		ui->logged_in = true;
		ui->offline_since = 0;
		chat_model_conn_error(ui->model, 0, NULL);
		chat_model_connection(ui->model, CHAT_CONN_ONLINE, 0);
		if (client_who(ui->client, &cause) == -1)
			free(cause);
		ui->unread_asked = false;
		cmd_ui_ask_unread(ui);
		break;
	case CLIENT_AUTH_FAILED:
		chat_model_connection(ui->model, CHAT_CONN_OFFLINE, 0);
		ui->need_login = true;
		snprintf(msg, sizeof msg, "%s: %s. Try again.",
		    ui->cfg.host, reason != NULL ? reason : "login refused");
		shell_lock(ui->sh, msg);
		break;
	case CLIENT_DISCONNECTED:
		/* Why, until it is fixed: it stays on screen while the
		 * client is not connected, and goes once it is. */
		if (ui->offline_since == 0)
			ui->offline_since = clock_wall_ms();
		if (reason != NULL)
			chat_model_conn_error(ui->model, ui->offline_since,
			    reason);
		ui->retry_left = (reconnect_ms + 999) / 1000;
		chat_model_connection(ui->model, ui->retry_left > 0 ?
		    CHAT_CONN_RETRY : CHAT_CONN_OFFLINE, ui->retry_left);
		if (ui->retry_left > 0)
			evtimer_add(ui->ev_countdown, &tv);
		break;
	}
}

static void
cmd_ui_on_message(void *arg, const struct proto_message *pm)
{
	struct cmd_ui		*ui = arg;
	struct chat_msg_in	 in;

	cmd_ui_msg_in(pm, &in);
	chat_model_message(ui->model, &in);
}

static void
cmd_ui_on_ack(void *arg, const char *cid, int64_t mid, int64_t ts)
{
	struct cmd_ui	*ui = arg;

	cmd_ui_outbox_del(ui, cid);
	chat_model_state(ui->model, cid, mid, CHAT_STORED);
}

static void
cmd_ui_on_receipt(void *arg, const struct proto_receipt *r)
{
	struct cmd_ui	*ui = arg;

	/* Read in another of this user's sessions. */
	if (strcmp(r->by, ui->cfg.user) == 0) {
		if (r->state == PROTO_STATE_READ &&
		    !chat_model_read_elsewhere(ui->model, r->mid))
			cmd_ui_ask_unread(ui);
		return;
	}
	chat_model_state(ui->model, NULL, r->mid, cmd_ui_state_in(r->state));
}

static void
cmd_ui_on_presence(void *arg, const char *user, enum proto_presence p)
{
	struct cmd_ui	*ui = arg;

	/* One's own account is not a contact (the status bar shows it). */
	if (strcmp(user, ui->cfg.user) == 0)
		return;
	chat_model_presence(ui->model, user, cmd_ui_presence_in(p));
}

static void
cmd_ui_on_who(void *arg, const struct proto_user *users, size_t n)
{
	struct cmd_ui	*ui = arg;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(users[i].user, ui->cfg.user) == 0)
			continue;
		chat_model_contact(ui->model, users[i].user, users[i].display,
		    users[i].role, cmd_ui_presence_in(users[i].presence));
	}
}

static void
cmd_ui_on_history(void *arg, const char *with,
    const struct proto_message *msgs, size_t n, bool more)
{
	struct cmd_ui		*ui = arg;
	struct chat_msg_in	*in = xreallocarray(NULL, n + 1, sizeof *in);

	for (size_t i = 0; i < n; i++)
		cmd_ui_msg_in(&msgs[i], &in[i]);
	chat_model_history(ui->model, with, in, n, more);
	free(in);
}

static void
cmd_ui_on_error(void *arg, int code, const char *message, const char *cmd,
    const char *cid)
{
	struct cmd_ui	*ui = arg;
	char		 buf[384];

	/* Counts kept here are the fallback (an older server has none). */
	if (cmd != NULL && strcmp(cmd, "unread") == 0) {
		ui->unread_asked = false;
		return;
	}
	/* Refused for good: it will not go however often it is sent. */
	if (cid != NULL)
		cmd_ui_outbox_del(ui, cid);
	snprintf(buf, sizeof buf, "%s%s: %s (%d)",
	    cid != NULL ? "message not sent, " : "", cmd, message, code);
	chat_model_notice(ui->model, buf);
}

void
cmd_ui_connect(struct cmd_ui *ui)
{
	struct client_cb	cb = {
		.state = cmd_ui_on_state,
		.message = cmd_ui_on_message,
		.ack = cmd_ui_on_ack,
		.receipt = cmd_ui_on_receipt,
		.presence = cmd_ui_on_presence,
		.who = cmd_ui_on_who,
		.history = cmd_ui_on_history,
		.unread = cmd_ui_on_unread,
		.account = cmd_ui_on_account,
		.error = cmd_ui_on_error,
		.arg = ui,
	};

	if (ui->ev_countdown == NULL)
		ui->ev_countdown = evtimer_new(shell_base(ui->sh),
		    cmd_ui_on_countdown, ui);
	/* A new password means a new client, given the outbox again. */
	client_free(ui->client);
	ui->cfg.password = ui->password;
	ui->cfg.reconnect = true;
	ui->client = client_new(shell_base(ui->sh), &ui->cfg, &cb);
	cmd_ui_outbox_resend(ui);
	client_start(ui->client);
}

void
cmd_ui_password(void *arg, const char *pw)
{
	struct cmd_ui	*ui = arg;
	size_t		 len = strlen(pw);

	if (ui->need_login) {
		ui->need_login = false;
		sodium_memzero(ui->password, strlen(ui->password));
		free(ui->password);
		ui->password = xstrdup(pw);
		shell_unlock(ui->sh);
		cmd_ui_connect(ui);
		return;
	}
	if (clock_mono_ms() < ui->unlock_after) {
		shell_lock(ui->sh, "Too soon after a wrong password: wait a "
		    "moment. The screen stays locked.");
		return;
	}
	if (len == strlen(ui->password) &&
	    sodium_memcmp(pw, ui->password, len) == 0) {
		ui->unlock_failures = 0;
		shell_unlock(ui->sh);
		return;
	}
	/*
	 * Someone at an unattended screen may not guess at leisure: each
	 * wrong password waits longer, and past a few the server is asked,
	 * with its own limits on failed logins.
	 */
	if (++ui->unlock_failures >= CMD_UI_UNLOCK_TRIES) {
		ui->unlock_failures = 0;
		ui->need_login = true;
		shell_lock(ui->sh, "Too many wrong passwords: the password now "
		    "logs in to the server again.");
		return;
	}
	ui->unlock_after = clock_mono_ms() +
	    (1000ULL << (ui->unlock_failures - 1));
	shell_lock(ui->sh, "Wrong password. The screen stays locked.");
}

static int
cmd_ui_send(void *arg, const char *to, const char *text, bool urgent,
    const char *cid)
{
	struct cmd_ui	*ui = arg;
	char		*cause;

	if (client_send(ui->client, to, text, strlen(text), urgent ?
	    PROTO_PRIO_URGENT : PROTO_PRIO_NORMAL, cid, NULL, &cause) == -1) {
		chat_model_notice(ui->model, cause);
		free(cause);
		return -1;
	}
	cmd_ui_outbox_put(ui, to, text, urgent, cid, clock_wall_ms());
	return 0;
}

static void
cmd_ui_read(void *arg, const int64_t *mids, size_t n)
{
	struct cmd_ui	*ui = arg;

	client_read(ui->client, mids, n);
}

static void
cmd_ui_history(void *arg, const char *peer, int64_t before, unsigned limit)
{
	struct cmd_ui	*ui = arg;
	char		*cause;

	if (client_history(ui->client, peer, before, limit, &cause) == -1) {
		/* Offline: nothing more now; scrolling up asks again. */
		chat_model_history(ui->model, peer, NULL, 0, true);
		chat_model_notice(ui->model, cause);
		free(cause);
	}
}

static void
cmd_ui_presence(void *arg, enum chat_presence p)
{
	struct cmd_ui		*ui = arg;
	enum proto_presence	 pp = PROTO_PRESENCE_AVAILABLE;
	char			*cause;

	if (p == CHAT_BUSY)
		pp = PROTO_PRESENCE_BUSY;
	else if (p == CHAT_AWAY)
		pp = PROTO_PRESENCE_AWAY;
	if (client_presence(ui->client, pp, &cause) == -1) {
		chat_model_notice(ui->model, cause);
		free(cause);
	}
}

static void
cmd_ui_reconnect(void *arg)
{
	struct cmd_ui	*ui = arg;

	if (client_reconnect_now(ui->client)) {
		evtimer_del(ui->ev_countdown);
		return;
	}
	chat_model_notice(ui->model, client_state(ui->client) ==
	    CLIENT_LOGGED_IN ? "already connected" : "connecting already");
}

static void
cmd_ui_who(void *arg)
{
	struct cmd_ui	*ui = arg;
	char		*cause;

	if (client_who(ui->client, &cause) == -1) {
		chat_model_notice(ui->model, cause);
		free(cause);
	}
}

void
cmd_ui_backend(struct cmd_ui *ui, struct chat_backend *be)
{
	memset(be, 0, sizeof *be);
	be->arg = ui;
	be->send = cmd_ui_send;
	be->read = cmd_ui_read;
	be->history = cmd_ui_history;
	be->presence = cmd_ui_presence;
	be->who = cmd_ui_who;
	be->reconnect = cmd_ui_reconnect;
}

void
cmd_ui_close(struct cmd_ui *ui)
{
	client_free(ui->client);
	ui->client = NULL;
	if (ui->ev_countdown != NULL)
		event_free(ui->ev_countdown);
	if (ui->password != NULL) {
		sodium_memzero(ui->password, strlen(ui->password));
		free(ui->password);
	}
}
