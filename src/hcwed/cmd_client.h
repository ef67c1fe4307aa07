/*
 * What the messaging subcommands (send, listen, who) share: the
 * --server/--user/--password-file/--ca/--insecure options over the
 * configuration file, the password, TLS, an event base and a client.
 *
 * Memory: cmd_client_close() releases everything cmd_client_init() and
 * cmd_client_open() made.
 */
#ifndef HC_CMD_CLIENT_H
#define HC_CMD_CLIENT_H

#include <getopt.h>
#include <stdbool.h>

#include "net/client.h"
#include "src/hcwed/clientconf.h"

#define CMD_CLIENT_OPTIONS \
	{ "server", required_argument, NULL, 's' }, \
	{ "user", required_argument, NULL, 'u' }, \
	{ "password-file", required_argument, NULL, 'P' }, \
	{ "ca", required_argument, NULL, 'A' }, \
	{ "insecure", no_argument, NULL, 'I' }

struct cmd_client {
	struct clientconf	 conf;
	struct event_base	*base;
	struct client		*client;
	SSL_CTX			*tls;		/* NULL: plaintext */
	int			 status;	/* exit status once the loop ends */
	bool			 logged_in;	/* at least once */
};

/* Read the configuration file; CMD_EXIT_OK or an exit status. */
int	cmd_client_init(struct cmd_client *);
/* Take a shared option; false if ch is not one. */
bool	cmd_client_option(struct cmd_client *, int ch, const char *arg);
/*
 * Get the password and start connecting with cb (cb->arg is set to cc
 * when NULL).  CMD_EXIT_OK or an exit status, with a message printed.
 */
int	cmd_client_open(struct cmd_client *, const char *cmd, bool reconnect,
	    struct client_cb *cb);
/*
 * TLS as configured (on unless tls = no or --insecure): cc->tls, or NULL
 * with a warning line on stderr that the connection is not encrypted.
 * CMD_EXIT_OK or an exit status, with a message printed.
 */
int	cmd_client_tls(struct cmd_client *, const char *cmd);
/* Stop the loop with an exit status. */
void	cmd_client_finish(struct cmd_client *, int status);
/*
 * The usual reaction to a state change: auth failure ends with
 * CMD_EXIT_AUTH; a lost connection before any login ends with
 * CMD_EXIT_UNREACHABLE.  Returns true when it ended the loop.
 */
bool	cmd_client_state(struct cmd_client *, const char *cmd,
	    enum client_state, const char *reason);
/* Print a server error reply for cmd; its text is shown, never obeyed. */
void	cmd_client_error(const char *cmd, int code, const char *message,
	    const char *what);
void	cmd_client_close(struct cmd_client *);

#endif
