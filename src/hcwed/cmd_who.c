#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "src/base/sanitize.h"
#include "src/hcwed/cmd_client.h"
#include "src/hcwed/commands.h"

static int	cmd_who_run(int, char **);

const struct cmd_entry cmd_who_entry = {
	.name = "who",
	.usage = "--server HOST:PORT --user NAME [--password-file FILE] "
	    "[--ca FILE | --insecure]",
	.summary = "list every account with its role and presence",
	.run = cmd_who_run,
};

static void
cmd_who_state(void *arg, enum client_state state, const char *reason,
    unsigned reconnect_ms)
{
	struct cmd_client	*cc = arg;
	char			*cause;

	(void)reconnect_ms;
	if (cmd_client_state(cc, "who", state, reason))
		return;
	if (state == CLIENT_LOGGED_IN && client_who(cc->client, &cause) == -1) {
		fprintf(stderr, "hcwed who: %s\n", cause);
		free(cause);
		cmd_client_finish(cc, CMD_EXIT_FAILURE);
	} else if (state == CLIENT_DISCONNECTED) {
		cause = sanitize_line(reason != NULL ? reason : "disconnected");
		fprintf(stderr, "hcwed who: %s\n", cause);
		free(cause);
		cmd_client_finish(cc, CMD_EXIT_FAILURE);
	}
}

static void
cmd_who_result(void *arg, const struct proto_user *users, size_t n)
{
	char	*user, *display, *role;

	printf("%-16s %-32s %-12s %s\n", "USER", "DISPLAY", "ROLE",
	    "PRESENCE");
	for (size_t i = 0; i < n; i++) {
		/* Names come from the server: shown, never obeyed. */
		user = sanitize_line(users[i].user);
		display = sanitize_line(users[i].display[0] != '\0' ?
		    users[i].display : "-");
		role = sanitize_line(users[i].role[0] != '\0' ?
		    users[i].role : "-");
		printf("%-16s %-32s %-12s %s\n", user, display, role,
		    proto_presence_name(users[i].presence));
		free(user);
		free(display);
		free(role);
	}
	fflush(stdout);
	cmd_client_finish(arg, CMD_EXIT_OK);
}

static void
cmd_who_error(void *arg, int code, const char *message, const char *cmd,
    const char *cid)
{
	(void)cid;
	cmd_client_error("who", code, message, cmd);
	cmd_client_finish(arg, CMD_EXIT_FAILURE);
}

static int
cmd_who_run(int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_CLIENT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_client	cc;
	struct client_cb	cb = { .state = cmd_who_state,
				    .who = cmd_who_result,
				    .error = cmd_who_error };
	int			ch, rc;

	if ((rc = cmd_client_init(&cc)) != CMD_EXIT_OK)
		return rc;
	optind = 1;
	while ((ch = cmd_getopt("hcwed who", argc, argv, opts)) != -1) {
		if (!cmd_client_option(&cc, ch, optarg)) {
			clientconf_free(&cc.conf);
			return cmd_usage(&cmd_who_entry);
		}
	}
	if (optind != argc) {
		clientconf_free(&cc.conf);
		return cmd_usage(&cmd_who_entry);
	}
	if ((rc = cmd_client_open(&cc, "who", false, &cb)) == CMD_EXIT_OK) {
		event_base_dispatch(cc.base);
		rc = cc.status;
	}
	cmd_client_close(&cc);
	return rc;
}
