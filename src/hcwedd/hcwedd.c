#include "config.h"

#include <event2/event.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/addr.h"
#include "net/tls.h"
#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/hcwedd/hcwedd.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/server.h"
#include "src/hcwedd/store.h"

static const char hcwedd_usage[] =
    "usage: hcwedd [--listen HOST:PORT] [--db PATH] [--config FILE]\n"
    "              [--ready-file PATH] [--log-file PATH] [--log-level LEVEL]\n"
    "              [--tls-cert FILE --tls-key FILE | --insecure]\n"
    "       hcwedd user add|passwd|del|list|unlock ...\n"
    "       hcwedd audit [--since TIME] [--user NAME] [--json] [--db PATH]\n"
    "       hcwedd --help | --version\n"
    "\n"
    "  --listen HOST:PORT   address to serve (default " HCWEDD_LISTEN ")\n"
    "  --db PATH            SQLite database (default\n"
    "                       $XDG_STATE_HOME/hcwed/hcwedd.db)\n"
    "  --config FILE        read settings from a hcwedd.conf\n"
    "  --ready-file PATH    write the bound HOST:PORT there once listening\n"
    "  --log-file PATH      log there instead of standard error\n"
    "  --log-level LEVEL    error, warn, info (default) or debug\n"
    "  --tls-cert FILE      serve TLS with this certificate chain (PEM)\n"
    "  --tls-key FILE       and this private key (PEM, mode 600)\n"
    "  --insecure           allow plaintext on a non-loopback address\n"
    "\nSee hcwedd(8) for details.\n";

struct hcwedd {
	struct event_base	*base;
	struct server		*server;
	const struct hcwedd_conf *hc;
	SSL_CTX			*tls;		/* NULL: plaintext */
	const char		*stop_reason;
};

/*
 * A renewed certificate is taken without a restart: new connections get
 * it, open ones keep theirs.  One that does not load keeps the old.
 */
static void
hcwedd_reload_tls(struct hcwedd *d)
{
	SSL_CTX	*tls;
	char	*cause;

	if (d->tls == NULL)
		return;
	if ((tls = tls_server_ctx(d->hc->tls_cert, d->hc->tls_key,
	    &cause)) == NULL) {
		log_warn("SIGHUP: keeping the old certificate: %s", cause);
		free(cause);
		return;
	}
	server_set_tls(d->server, tls);
	SSL_CTX_free(d->tls);
	d->tls = tls;
	log_info("SIGHUP: certificate reloaded cert=%s", d->hc->tls_cert);
}

static void
hcwedd_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	hub_tick(arg, clock_wall_ms());
}

static void
hcwedd_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct hcwedd	*d = arg;

	if (sig == SIGHUP) {
		if (log_reopen() != 0)
			log_warn("SIGHUP: cannot reopen the log file");
		else
			log_info("SIGHUP: log file reopened");
		hcwedd_reload_tls(d);
		return;
	}
	log_info("signal=%s: draining", sig == SIGTERM ? "TERM" : "INT");
	server_stop(d->server, "server shutting down");
}

static int
hcwedd_die(const char *what, char *cause, int status)
{
	fprintf(stderr, "hcwedd: %s%s\n", what, cause);
	free(cause);
	return status;
}

/*
 * TLS from the certificate and key, or plaintext where that is allowed:
 * on loopback, or off it with an explicit insecure.  The exit status, or
 * -1 to go on.
 */
static int
hcwedd_tls(struct hcwedd_conf *hc, SSL_CTX **tls)
{
	char	*cause;
	int	 loopback;

	*tls = NULL;
	if ((hc->tls_cert == NULL) != (hc->tls_key == NULL)) {
		fprintf(stderr, "hcwedd: tls_cert and tls_key go together: set "
		    "both (--tls-cert, --tls-key) or neither\n");
		return CMD_EXIT_USAGE;
	}
	if (hc->tls_cert != NULL) {
		if ((*tls = tls_server_ctx(hc->tls_cert, hc->tls_key,
		    &cause)) == NULL)
			return hcwedd_die("", cause, CMD_EXIT_USAGE);
		return -1;
	}
	/* An unresolvable address is server_start()'s to report. */
	if ((loopback = addr_loopback(hc->listen, &cause)) == -1)
		free(cause);
	if (loopback == 0 && !hc->insecure) {
		fprintf(stderr, "hcwedd: refusing plaintext on %s, which is not "
		    "a loopback address: set tls_cert and tls_key (--tls-cert, "
		    "--tls-key), or allow it with --insecure\n", hc->listen);
		return CMD_EXIT_USAGE;
	}
	if (loopback == 0)
		log_warn("insecure: no TLS off loopback, passwords and "
		    "messages cross the network unencrypted addr=%s",
		    hc->listen);
	return -1;
}

static int
hcwedd_serve(struct hcwedd_conf *hc)
{
	struct hcwedd		 d = { 0 };
	struct hub_config	 hcfg = { .server = "hcwedd/" PACKAGE_VERSION };
	struct server_config	 scfg = { 0 };
	struct store		*store;
	struct hub		*hub;
	struct event		*sigs[3], *tick;
	static const int	 signos[3] = { SIGTERM, SIGINT, SIGHUP };
	static const struct timeval tick_tv = { 0, 250 * 1000 };
	char			*cause;
	int			 rc;

	if ((rc = hcwedd_tls(hc, &d.tls)) != -1)
		return rc;
	d.hc = hc;
	if (hcwedd_conf_db(hc, &cause) != 0)
		return hcwedd_die("", cause, CMD_EXIT_USAGE);
	if (store_open(hc->db, &store, &cause) != 0)
		return hcwedd_die("", cause, CMD_EXIT_FAILURE);
	proto_limits_default(&hcfg.limits);
	hcfg.limits.line_max = hc->line_max;
	hcfg.limits.body_max = hc->body_max;
	hcfg.batch_max = hc->batch_max;
	hcfg.guard = (struct hub_limits){
		.throttle_after = hc->throttle_after,
		.throttle_addr_after = hc->throttle_addr_after,
		.throttle_max_ms = (int64_t)hc->throttle_max_ms,
		.throttle_window_ms = (int64_t)hc->throttle_window_ms,
		.lock_failures = hc->lockout_failures,
		.lock_window_ms = (int64_t)hc->lockout_window_ms,
		.lock_ms = (int64_t)hc->lockout_ms,
		.send_rate = hc->send_rate,
		.send_burst = hc->send_burst,
		.request_limits = hc->request_limits,
	};
	hub = hub_create(store, &hcfg);
	signal(SIGPIPE, SIG_IGN);
	/* A shell hands out 1024; the server is sized for more. */
	log_info("open files limit=%llu", (unsigned long long)addr_fds_raise());
	d.base = event_base_new();
	scfg.listen = hc->listen;
	scfg.ready_file = hc->ready_file;
	scfg.line_max = hc->line_max;
	scfg.out_max = hc->out_max;
	scfg.tls = d.tls;
	scfg.login_timeout_ms = hc->login_timeout_ms;
	scfg.addr_conn_max = hc->addr_conn_max;
	scfg.commit_db = hc->db;
	if (server_start(d.base, hub, &scfg, &d.server, &cause) != 0) {
		hub_free(hub);
		store_close(store);
		event_base_free(d.base);
		SSL_CTX_free(d.tls);
		return hcwedd_die("", cause, CMD_EXIT_FAILURE);
	}
	for (int i = 0; i < 3; i++) {
		sigs[i] = evsignal_new(d.base, signos[i], hcwedd_signal_cb, &d);
		evsignal_add(sigs[i], NULL);
	}
	tick = event_new(d.base, -1, EV_PERSIST, hcwedd_tick_cb, hub);
	evtimer_add(tick, &tick_tv);
	log_info("listening addr=%s db=%s tls=%s version=%s", hc->listen,
	    hc->db, d.tls != NULL ? "yes" : "no", PACKAGE_VERSION);
	event_base_dispatch(d.base);
	/* What a deadline cut short is committed here, before the exit. */
	hub_flush(hub, 0);
	server_free(d.server);
	hub_free(hub);
	store_close(store);
	for (int i = 0; i < 3; i++)
		event_free(sigs[i]);
	event_free(tick);
	event_base_free(d.base);
	SSL_CTX_free(d.tls);
	log_info("stopped");
	return CMD_EXIT_OK;
}

static const struct cmd_entry *const hcwedd_cmds[] = {
	&hcwedd_user_cmd, &hcwedd_audit_cmd,
	NULL
};

static const struct cmd_program hcwedd_program = {
	.name = "hcwedd",
	.manual = "hcwedd(8)",
	.cmds = hcwedd_cmds,
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "insecure", no_argument, NULL, 'I' },
		{ "listen", required_argument, NULL, 'l' },
		{ "log-file", required_argument, NULL, 'f' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*c;
	struct hcwedd_conf	 hc, cli;
	const char		*config = NULL;
	enum log_level		 level;
	char			*cause;
	int			 ch, rc;

	if ((c = cmd_find(&hcwedd_program, argc, argv)) != NULL) {
		log_open("hcwedd", NULL);
		log_set_level(LOG_LEVEL_WARN);
		return cmd_run(&hcwedd_program, c, argc, argv);
	}
	memset(&cli, 0, sizeof cli);
	while ((ch = cmd_getopt("hcwedd", argc, argv, longopts)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			hcwedd_conf_set(&cli.db, optarg);
			break;
		case 'f':
			hcwedd_conf_set(&cli.log_file, optarg);
			break;
		case 'h':
			fputs(hcwedd_usage, stdout);
			return CMD_EXIT_OK;
		case 'l':
			hcwedd_conf_set(&cli.listen, optarg);
			break;
		case 'L':
			hcwedd_conf_set(&cli.log_level, optarg);
			break;
		case 'r':
			hcwedd_conf_set(&cli.ready_file, optarg);
			break;
		case 'C':
			hcwedd_conf_set(&cli.tls_cert, optarg);
			break;
		case 'K':
			hcwedd_conf_set(&cli.tls_key, optarg);
			break;
		case 'I':
			cli.insecure = true;
			break;
		case 'V':
			printf("hcwedd %s\n", PACKAGE_VERSION);
			return CMD_EXIT_OK;
		default:
			fputs(hcwedd_usage, stderr);
			return CMD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hcwedd: unexpected argument \"%s\"\n%s",
		    argv[optind], hcwedd_usage);
		hcwedd_conf_free(&cli);
		return CMD_EXIT_USAGE;
	}
	hcwedd_conf_init(&hc);
	if (config != NULL && hcwedd_conf_load(&hc, config, &cause) != 0) {
		hcwedd_conf_free(&cli);
		hcwedd_conf_free(&hc);
		return hcwedd_die("", cause, CMD_EXIT_USAGE);
	}
	/* The command line wins over the file. */
	if (cli.listen != NULL)
		hcwedd_conf_set(&hc.listen, cli.listen);
	if (cli.db != NULL)
		hcwedd_conf_set(&hc.db, cli.db);
	if (cli.log_file != NULL)
		hcwedd_conf_set(&hc.log_file, cli.log_file);
	if (cli.log_level != NULL)
		hcwedd_conf_set(&hc.log_level, cli.log_level);
	if (cli.ready_file != NULL)
		hcwedd_conf_set(&hc.ready_file, cli.ready_file);
	if (cli.tls_cert != NULL)
		hcwedd_conf_set(&hc.tls_cert, cli.tls_cert);
	if (cli.tls_key != NULL)
		hcwedd_conf_set(&hc.tls_key, cli.tls_key);
	if (cli.insecure)
		hc.insecure = true;
	hcwedd_conf_free(&cli);
	if (log_level_parse(hc.log_level, &level) != 0) {
		fprintf(stderr, "hcwedd: log level \"%s\": expected error, "
		    "warn, info or debug\n", hc.log_level);
		hcwedd_conf_free(&hc);
		return CMD_EXIT_USAGE;
	}
	if (log_open("hcwedd", hc.log_file) != 0) {
		fprintf(stderr, "hcwedd: %s: cannot open the log file\n",
		    hc.log_file);
		hcwedd_conf_free(&hc);
		return CMD_EXIT_FAILURE;
	}
	log_set_level(level);
	rc = hcwedd_serve(&hc);
	hcwedd_conf_free(&hc);
	log_close();
	return rc;
}
