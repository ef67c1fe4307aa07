/*
 * The options of the hcwed-slotd server, from its configuration file and
 * its command line (the command line wins).  See hcwed-slotd(8).
 * slotopt_free() frees the strings the struct owns.
 */
#ifndef HC_SLOTOPT_H
#define HC_SLOTOPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "src/slotd/slotfault.h"
#include "src/slotd/slotsvc.h"

#define SLOTOPT_JOURNAL_MAX		1000000
#define SLOTOPT_HEADER_TIMEOUT_MS	10000
#define SLOTOPT_CONN_MAX		64

struct slotopt {
	char			*listen;
	char			*db;
	char			*ready_file;
	char			*config;
	bool			 serve[SLOTSVC_NSERVICES];
	struct slotsvc_conf	 svc;
	struct slotfault_knobs	 knobs;
	uint64_t		 seed;
	bool			 seed_set;
	unsigned		 bots;
	uint64_t		 timeout_ms;
	uint64_t		 header_timeout_ms;
	unsigned		 conn_max;
	char			*log_level;
	bool			 help;
	bool			 version;
	/* Profile name and knob overrides, applied in slotopt_parse. */
	char			*profile;
	char		       **overrides;
	unsigned		 noverrides;
};

/* Parse argv (after the program name); -1 with a malloc'd *cause. */
int	slotopt_parse(struct slotopt *, int argc, char **argv, char **cause);
void	slotopt_free(struct slotopt *);
void	slotopt_usage(FILE *);

#endif
