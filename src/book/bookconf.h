/*
 * The wedding planner's settings: service URLs and API keys, the rate
 * limit and timeouts.  They live in the client's config file
 * ($XDG_CONFIG_HOME/hcwed/config, else ~/.config/hcwed/config), beside
 * settings of other parts of hcwed, which this loader ignores:
 *
 *	hotel_url = http://127.0.0.1:8080/hotel/api
 *	band_url = http://127.0.0.1:8080/band/api
 *	hotel_key_file = ~/.config/hcwed/hotel.key	(mode 0600 or stricter)
 *	band_key_file = ~/.config/hcwed/band.key
 *	book_rate = 1		requests per second, e.g. 0.5
 *	book_burst = 1
 *	book_bucket = shared	or per-service
 *	book_connect_timeout = 3s
 *	book_timeout = 10s	above the services' longest processing delay
 *	book_attempts = 4	per request, retries of 5xx and 429 included
 *	book_poll = 1s		refresh each service's slots this often
 *
 * HCWED_HOTEL_KEY and HCWED_BAND_KEY in the environment win over the key
 * files.  A key file readable by group or others is refused.
 *
 * Strings in struct bookconf are malloc'd; bookconf_free() releases them.
 */
#ifndef HC_BOOKCONF_H
#define HC_BOOKCONF_H

#include <stdbool.h>
#include <stdint.h>

#include "src/base/conf.h"
#include "src/book/booking.h"

struct bookconf {
	char		*url[BOOK_NSVC];
	char		*key[BOOK_NSVC];
	char		*key_file[BOOK_NSVC];
	unsigned	 rate_mhz;	/* requests per 1000 s */
	unsigned	 burst;
	bool		 per_service;	/* one bucket per service */
	unsigned long long connect_timeout_ms;
	unsigned long long timeout_ms;
	unsigned	 attempts;
	unsigned long long poll_ms;
};

void	bookconf_init(struct bookconf *);
void	bookconf_free(struct bookconf *);
/*
 * Read path (NULL: the default; a missing default file is not an error)
 * into *bc.  -1 with a malloc'd *cause.
 */
int	bookconf_load(struct bookconf *, const char *path, char **cause);
/* The planner's keys of the client file, for the other readers of it. */
extern const struct conf_table bookconf_table;
/*
 * Fill in the keys (environment first, then key files) and check that
 * both URLs and keys are there.  -1 with a malloc'd *cause saying which
 * setting is missing or which key file is unsafe.
 */
int	bookconf_finish(struct bookconf *, char **cause);
/* A key file's first line, refusing one readable by group or others. */
int	bookconf_read_key(const char *path, char **key, char **cause);

#endif
