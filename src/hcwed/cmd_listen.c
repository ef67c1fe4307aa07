#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "src/base/conf.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_client.h"
#include "src/hcwed/commands.h"

static int	cmd_listen_run(int, char **);

const struct cmd_entry cmd_listen_entry = {
	.name = "listen",
	.usage = "--server HOST:PORT --user NAME [--password-file FILE] "
	    "[--ca FILE | --insecure] [--read] [--count N]",
	.summary = "print messages, receipts and presence as JSON lines",
	.run = cmd_listen_run,
};

struct cmd_listen {
	struct cmd_client	cc;
	bool			read;		/* mark what is printed read */
	unsigned long long	count;		/* stop after this many; 0 never */
	unsigned long long	seen;
	struct event		*drain;
	unsigned		 drain_ticks;
	bool			 out_lost;	/* stdout failed: print nothing */
};

/*
 * Write one line and flush it; false once standard output has failed
 * (a reader such as head(1) that went away), which ends the listener at
 * once: what it has not written out in full it never marks read.
 */
static bool
cmd_listen_print(struct cmd_listen *l, char *line, size_t len)
{
	char	*safe;
	bool	 ok;

	if (l->out_lost) {
		free(line);
		return false;
	}
	safe = sanitize_json(line, len, &len);
	ok = fwrite(safe, 1, len, stdout) == len && fflush(stdout) == 0;
	free(safe);
	free(line);
	if (!ok) {
		/* A closed pipe is the reader's choice, not worth a word. */
		if (errno != EPIPE)
			fprintf(stderr, "hcwed listen: standard output: %s\n",
			    strerror(errno));
		l->out_lost = true;
		cmd_client_finish(&l->cc, CMD_EXIT_FAILURE);
	}
	return ok;
}

/* Stop once the server has taken our receipts, or after a while. */
static void
cmd_listen_drain(evutil_socket_t fd, short what, void *arg)
{
	struct cmd_listen	*l = arg;
	struct timeval		 tv = { 0, 20000 };

	(void)fd;
	(void)what;
	if (l->out_lost)
		return;
	if (client_unanswered(l->cc.client) == 0 || ++l->drain_ticks > 250 ||
	    client_state(l->cc.client) != CLIENT_LOGGED_IN)
		cmd_client_finish(&l->cc, CMD_EXIT_OK);
	else
		evtimer_add(l->drain, &tv);
}

static void
cmd_listen_stop(struct cmd_listen *l)
{
	struct timeval	tv = { 0, 0 };

	if (l->drain == NULL) {
		l->drain = evtimer_new(l->cc.base, cmd_listen_drain, l);
		evtimer_add(l->drain, &tv);
	}
}

static void
cmd_listen_state(void *arg, enum client_state state, const char *reason,
    unsigned reconnect_ms)
{
	struct cmd_listen	*l = arg;
	char			*safe;

	if (cmd_client_state(&l->cc, "listen", state, reason))
		return;
	if (state == CLIENT_DISCONNECTED) {
		safe = sanitize_line(reason != NULL ? reason : "disconnected");
		fprintf(stderr, "hcwed listen: %s; reconnecting in %u ms\n",
		    safe, reconnect_ms);
		free(safe);
	}
}

static void
cmd_listen_message(void *arg, const struct proto_message *m)
{
	struct cmd_listen	*l = arg;
	size_t			 len;
	char			*line;

	/* Messages queued while offline arrive together: --count still holds. */
	if (l->count != 0 && l->seen == l->count)
		return;
	line = proto_encode_message(m, &len);
	if (!cmd_listen_print(l, line, len))
		return;
	if (l->read && strcmp(m->from, l->cc.conf.user) != 0)
		client_read(l->cc.client, &m->mid, 1);
	if (l->count != 0 && ++l->seen == l->count)
		cmd_listen_stop(l);
}

static void
cmd_listen_receipt(void *arg, const struct proto_receipt *r)
{
	size_t	len;
	char	*line = proto_encode_receipt(r, &len);

	cmd_listen_print(arg, line, len);
}

static void
cmd_listen_presence(void *arg, const char *user, enum proto_presence p)
{
	size_t	len;
	char	*line = proto_encode_presence(user, p, &len);

	cmd_listen_print(arg, line, len);
}

static void
cmd_listen_error(void *arg, int code, const char *message, const char *cmd,
    const char *cid)
{
	(void)arg;
	(void)cid;
	cmd_client_error("listen", code, message, cmd);
}

static void
cmd_listen_signal(evutil_socket_t sig, short what, void *arg)
{
	struct cmd_listen	*l = arg;

	(void)sig;
	(void)what;
	cmd_listen_stop(l);
}

static int
cmd_listen_run(int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_CLIENT_OPTIONS,
		{ "read", no_argument, NULL, 'r' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_listen	 l = { .read = false };
	struct client_cb	 cb = { .state = cmd_listen_state,
				    .message = cmd_listen_message,
				    .receipt = cmd_listen_receipt,
				    .presence = cmd_listen_presence,
				    .error = cmd_listen_error, .arg = &l };
	struct event		*sigint, *sigterm;
	char			*cause;
	int			 ch, rc;

	if ((rc = cmd_client_init(&l.cc)) != CMD_EXIT_OK)
		return rc;
	optind = 1;
	while ((ch = cmd_getopt("hcwed listen", argc, argv, opts)) != -1) {
		if (cmd_client_option(&l.cc, ch, optarg))
			continue;
		if (ch == 'r')
			l.read = true;
		else if (ch == 'n' && conf_uint(optarg, 1, UINT32_MAX, &l.count,
		    &cause) == -1) {
			fprintf(stderr, "hcwed listen: --count: %s\n", cause);
			free(cause);
			clientconf_free(&l.cc.conf);
			return CMD_EXIT_USAGE;
		} else if (ch != 'n') {
			clientconf_free(&l.cc.conf);
			return cmd_usage(&cmd_listen_entry);
		}
	}
	if (optind != argc) {
		clientconf_free(&l.cc.conf);
		return cmd_usage(&cmd_listen_entry);
	}
	if ((rc = cmd_client_open(&l.cc, "listen", true, &cb)) != CMD_EXIT_OK) {
		cmd_client_close(&l.cc);
		return rc;
	}
	sigint = evsignal_new(l.cc.base, SIGINT, cmd_listen_signal, &l);
	sigterm = evsignal_new(l.cc.base, SIGTERM, cmd_listen_signal, &l);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	event_base_dispatch(l.cc.base);
	event_free(sigint);
	event_free(sigterm);
	if (l.drain != NULL)
		event_free(l.drain);
	rc = l.cc.status;
	cmd_client_close(&l.cc);
	return rc;
}
