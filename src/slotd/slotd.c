#include "config.h"

#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "net/addr.h"
#include "src/base/log.h"
#include "src/slotd/slotadmin.h"
#include "src/slotd/slotbots.h"
#include "src/slotd/slotfault.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slotopt.h"
#include "src/slotd/slotsvc.h"

static void
slotd_stop(evutil_socket_t sig, short what, void *arg)
{
	log_info("signal %d, stopping", (int)sig);
	event_base_loopbreak(arg);
}

static void
slotd_poll(evutil_socket_t fd, short what, void *arg)
{
	slotsvc_poll(arg);
}

static int
slotd_serve(struct slotopt *o)
{
	struct event_base	*base;
	struct slotsvc		*svc;
	struct slotfault	*faults;
	struct slothttp		*http;
	struct slotbots		*bots = NULL;
	struct slothttp_conf	 hc = { .timeout_ms = o->timeout_ms,
				    .header_timeout_ms = o->header_timeout_ms,
				    .conn_max = o->conn_max };
	struct event		*sigterm, *sigint, *poll;
	struct timeval		 second = { 1, 0 };
	char			*host, *cause;
	unsigned		 port;

	if (addr_split(o->listen, &host, &port, &cause) != 0)
		goto usage;
	if ((base = event_base_new()) == NULL)
		log_fatalx("event_base_new failed");
	if ((svc = slotsvc_new(&o->svc, base, o->db, &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		free(host);
		event_base_free(base);
		return CMD_EXIT_FAILURE;
	}
	if (!o->seed_set) {
		if (sodium_init() < 0)
			log_fatalx("libsodium failed to initialise");
		randombytes_buf(&o->seed, sizeof o->seed);
	}
	faults = slotfault_new(&o->knobs, o->seed);
	memcpy(hc.serve, o->serve, sizeof hc.serve);
	http = slothttp_new(base, svc, faults, &hc);
	if (o->bots > 0 && (bots = slotbots_new(base, svc, o->bots, o->seed,
	    &cause)) == NULL)
		log_fatalx("bots: %s", cause);
	if (slothttp_listen(http, host, port, o->ready_file, &cause) != 0)
		log_fatalx("%s", cause);
	log_info("listening on %s, db %s, faults %s, seed %llu, bots %u",
	    o->listen, o->db, o->profile, (unsigned long long)o->seed, o->bots);
	sigterm = evsignal_new(base, SIGTERM, slotd_stop, base);
	sigint = evsignal_new(base, SIGINT, slotd_stop, base);
	poll = event_new(base, -1, EV_PERSIST, slotd_poll, svc);
	evsignal_add(sigterm, NULL);
	evsignal_add(sigint, NULL);
	evtimer_add(poll, &second);
	event_base_dispatch(base);

	slotbots_free(bots);
	/* Every acknowledged change is on disk before the process ends. */
	slotsvc_drain(svc);
	slothttp_free(http);
	slotsvc_free(svc);
	event_free(sigterm);
	event_free(sigint);
	event_free(poll);
	event_base_free(base);
	slotfault_free(faults);
	free(host);
	log_info("stopped");
	return CMD_EXIT_OK;
usage:
	fprintf(stderr, "hcwed-slotd: %s\n", cause);
	free(cause);
	return CMD_EXIT_USAGE;
}

static const struct cmd_program slotd_program = {
	.name = "hcwed-slotd",
	.manual = "hcwed-slotd(8)",
	.cmds = slotadmin_cmds,
};

int
main(int argc, char **argv)
{
	const struct cmd_entry	*c;
	struct slotopt		 o;
	enum log_level		 level;
	char			*cause;
	int			 rc;

	log_open("hcwed-slotd", NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((c = cmd_find(&slotd_program, argc, argv)) != NULL)
		return cmd_run(&slotd_program, c, argc, argv);
	if (slotopt_parse(&o, argc - 1, argv + 1, &cause) != 0) {
		fprintf(stderr, "hcwed-slotd: %s\n", cause);
		free(cause);
		slotopt_usage(stderr);
		slotopt_free(&o);
		return CMD_EXIT_USAGE;
	}
	if (o.help || o.version) {
		if (o.help)
			slotopt_usage(stdout);
		else
			printf("hcwed-slotd %s\n", PACKAGE_VERSION);
		slotopt_free(&o);
		return CMD_EXIT_OK;
	}
	if (log_level_parse(o.log_level, &level) != 0) {
		fprintf(stderr, "hcwed-slotd: unknown log level \"%s\"\n",
		    o.log_level);
		slotopt_free(&o);
		return CMD_EXIT_USAGE;
	}
	log_set_level(level);
	rc = slotd_serve(&o);
	slotopt_free(&o);
	return rc;
}
