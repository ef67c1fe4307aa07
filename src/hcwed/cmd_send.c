#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "src/base/conf.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_client.h"
#include "src/hcwed/commands.h"

static int	cmd_send_run(int, char **);

const struct cmd_entry cmd_send_entry = {
	.name = "send",
	.usage =
	    "--server HOST:PORT --user NAME [--urgent] [--password-file FILE] "
	    "[--ca FILE | --insecure] [--timeout DURATION] TO TEXT",
	.summary = "send one message and wait until the server has stored it",
	.run = cmd_send_run,
};

static void
cmd_send_state(void *arg, enum client_state state, const char *reason,
    unsigned reconnect_ms)
{
	(void)reconnect_ms;
	cmd_client_state(arg, "send", state, reason);
}

static void
cmd_send_ack(void *arg, const char *cid, int64_t mid, int64_t ts)
{
	struct cmd_client	*cc = arg;

	(void)cid;
	(void)ts;
	printf("%lld\n", (long long)mid);
	fflush(stdout);
	cmd_client_finish(cc, CMD_EXIT_OK);
}

static void
cmd_send_error(void *arg, int code, const char *message, const char *cmd,
    const char *cid)
{
	struct cmd_client	*cc = arg;

	cmd_client_error("send", code, message, cmd);
	if (cid != NULL)
		cmd_client_finish(cc, CMD_EXIT_FAILURE);
}

/* The same units as every duration in hcwed.conf, a plain number being
 * seconds; from a tenth of a second to a day. */
static int
cmd_send_duration(const char *value, unsigned long long *ms, char **cause)
{
	if (conf_duration_ms(value, ms, cause) == -1)
		return -1;
	if (*ms < 100 || *ms > 86400000ULL) {
		*cause = xasprintf("%s is not between 100ms and 1d", value);
		return -1;
	}
	return 0;
}

static void
cmd_send_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct cmd_client	*cc = arg;

	(void)fd;
	(void)what;
	fprintf(stderr, "hcwed send: no acknowledgement from %s in time; the "
	    "message may or may not have been stored\n", cc->conf.server);
	cmd_client_finish(cc, cc->logged_in ? CMD_EXIT_FAILURE :
	    CMD_EXIT_UNREACHABLE);
}

static int
cmd_send_run(int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_CLIENT_OPTIONS,
		{ "urgent", no_argument, NULL, 'U' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_client	 cc;
	struct client_cb	 cb = { .state = cmd_send_state,
				    .ack = cmd_send_ack,
				    .error = cmd_send_error };
	struct event		*timer;
	struct timeval		 tv;
	enum proto_priority	 prio = PROTO_PRIO_NORMAL;
	unsigned long long	 timeout_ms = 30000;
	char			*cause, *safe;
	int			 ch, rc;

	if ((rc = cmd_client_init(&cc)) != CMD_EXIT_OK)
		return rc;
	optind = 1;
	while ((ch = cmd_getopt("hcwed send", argc, argv, opts)) != -1) {
		if (cmd_client_option(&cc, ch, optarg))
			continue;
		if (ch == 'U')
			prio = PROTO_PRIO_URGENT;
		else if (ch == 't' && cmd_send_duration(optarg, &timeout_ms,
		    &cause) == -1) {
			fprintf(stderr, "hcwed send: --timeout: %s\n", cause);
			free(cause);
			clientconf_free(&cc.conf);
			return CMD_EXIT_USAGE;
		} else if (ch != 't') {
			clientconf_free(&cc.conf);
			return cmd_usage(&cmd_send_entry);
		}
	}
	if (argc - optind != 2) {
		clientconf_free(&cc.conf);
		return cmd_usage(&cmd_send_entry);
	}
	if ((rc = cmd_client_open(&cc, "send", true, &cb)) != CMD_EXIT_OK) {
		cmd_client_close(&cc);
		return rc;
	}
	if (client_send(cc.client, argv[optind], argv[optind + 1],
	    strlen(argv[optind + 1]), prio, NULL, NULL, &cause) == -1) {
		/* The cause quotes the arguments, which a script may have
		 * taken from anywhere. */
		safe = sanitize_line(cause);
		fprintf(stderr, "hcwed send: %s\n", safe);
		free(safe);
		free(cause);
		cmd_client_close(&cc);
		return CMD_EXIT_USAGE;
	}
	timer = evtimer_new(cc.base, cmd_send_timeout, &cc);
	tv.tv_sec = (time_t)(timeout_ms / 1000);
	tv.tv_usec = (suseconds_t)(timeout_ms % 1000 * 1000);
	evtimer_add(timer, &tv);
	event_base_dispatch(cc.base);
	event_free(timer);
	rc = cc.status;
	cmd_client_close(&cc);
	return rc;
}
