#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "net/addr.h"
#include "net/tls.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_client.h"
#include "src/hcwed/commands.h"

int
cmd_client_init(struct cmd_client *cc)
{
	char	*cause;

	memset(cc, 0, sizeof *cc);
	if (clientconf_load(&cc->conf, NULL, &cause) == -1) {
		fprintf(stderr, "hcwed: %s\n", cause);
		free(cause);
		clientconf_free(&cc->conf);
		return CMD_EXIT_USAGE;
	}
	return CMD_EXIT_OK;
}

bool
cmd_client_option(struct cmd_client *cc, int ch, const char *arg)
{
	char	**field;

	switch (ch) {
	case 's':
		field = &cc->conf.server;
		break;
	case 'u':
		field = &cc->conf.user;
		break;
	case 'P':
		field = &cc->conf.password_file;
		break;
	case 'A':
		field = &cc->conf.tls_ca;
		break;
	case 'I':
		cc->conf.plaintext = true;
		return true;
	default:
		return false;
	}
	free(*field);
	*field = xstrdup(arg);
	return true;
}

int
cmd_client_tls(struct cmd_client *cc, const char *cmd)
{
	char	*cause;

	if (cc->conf.plaintext) {
		fprintf(stderr, "hcwed%s%s: warning: the connection to %s is NOT "
		    "ENCRYPTED (--insecure or tls = no): passwords and messages "
		    "can be read on the network\n", cmd != NULL ? " " : "",
		    cmd != NULL ? cmd : "", cc->conf.server);
		return CMD_EXIT_OK;
	}
	if ((cc->tls = tls_client_ctx(cc->conf.tls_ca, &cause)) == NULL) {
		fprintf(stderr, "hcwed%s%s: %s\n", cmd != NULL ? " " : "",
		    cmd != NULL ? cmd : "", cause);
		free(cause);
		return CMD_EXIT_USAGE;
	}
	return CMD_EXIT_OK;
}

int
cmd_client_open(struct cmd_client *cc, const char *cmd, bool reconnect,
    struct client_cb *cb)
{
	struct client_config	 cfg = { .reconnect = reconnect };
	char			*host, *password, *cause;
	unsigned		 port;
	int			 rc;

	if (cc->conf.server == NULL || cc->conf.user == NULL) {
		fprintf(stderr, "hcwed %s: --server and --user are needed (or "
		    "server and user in the configuration file)\n", cmd);
		return CMD_EXIT_USAGE;
	}
	if (!proto_name_valid(cc->conf.user)) {
		fprintf(stderr, "hcwed %s: invalid user name: %s\n", cmd,
		    cc->conf.user);
		return CMD_EXIT_USAGE;
	}
	if (addr_split(cc->conf.server, &host, &port, &cause) == -1) {
		fprintf(stderr, "hcwed %s: %s\n", cmd, cause);
		free(cause);
		return CMD_EXIT_USAGE;
	}
	if ((rc = cmd_client_tls(cc, cmd)) != CMD_EXIT_OK) {
		free(host);
		return rc;
	}
	if ((password = clientconf_password(&cc->conf, &cause)) == NULL) {
		fprintf(stderr, "hcwed %s: %s\n", cmd, cause);
		free(cause);
		free(host);
		return CMD_EXIT_USAGE;
	}
	/* A server that goes away mid-write must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	if ((cc->base = event_base_new()) == NULL) {
		fprintf(stderr, "hcwed %s: event_base_new failed\n", cmd);
		exit(CMD_EXIT_FAILURE);
	}
	cfg.host = host;
	cfg.port = port;
	cfg.user = cc->conf.user;
	cfg.password = password;
	cfg.tls = cc->tls;
	if (cb->arg == NULL)
		cb->arg = cc;
	cc->client = client_new(cc->base, &cfg, cb);
	explicit_bzero(password, strlen(password));
	free(password);
	free(host);
	cc->status = CMD_EXIT_OK;
	client_start(cc->client);
	return CMD_EXIT_OK;
}

void
cmd_client_finish(struct cmd_client *cc, int status)
{
	cc->status = status;
	event_base_loopbreak(cc->base);
}

bool
cmd_client_state(struct cmd_client *cc, const char *cmd,
    enum client_state state, const char *reason)
{
	char	*safe;

	switch (state) {
	case CLIENT_LOGGED_IN:
		cc->logged_in = true;
		return false;
	case CLIENT_AUTH_FAILED:
		safe = sanitize_line(reason != NULL ? reason : "refused");
		fprintf(stderr, "hcwed %s: %s\n", cmd, safe);
		free(safe);
		cmd_client_finish(cc, client_refusal(cc->client) ==
		    PROTO_E_LOCKED ? CMD_EXIT_LOCKED : CMD_EXIT_AUTH);
		return true;
	case CLIENT_DISCONNECTED:
		if (cc->logged_in)
			return false;
		safe = sanitize_line(reason != NULL ? reason : "disconnected");
		fprintf(stderr, "hcwed %s: %s: %s\n", cmd, cc->conf.server,
		    safe);
		free(safe);
		cmd_client_finish(cc, CMD_EXIT_UNREACHABLE);
		return true;
	default:
		return false;
	}
}

void
cmd_client_close(struct cmd_client *cc)
{
	client_free(cc->client);
	SSL_CTX_free(cc->tls);
	if (cc->base != NULL)
		event_base_free(cc->base);
	clientconf_free(&cc->conf);
}

void
cmd_client_error(const char *cmd, int code, const char *message,
    const char *what)
{
	char	*m = sanitize_line(message != NULL ? message : "");
	char	*w = sanitize_line(what != NULL ? what : "-");

	fprintf(stderr, "hcwed %s: %s (%d, %s)\n", cmd, m, code, w);
	free(w);
	free(m);
}
