/*
 * Simulated classmates inside hcwed-slotd: each bot has its own hotel and
 * band key (named bot-N), acts at most once a second per key, and tries
 * to hold the earliest common slot at both services, upgrading to an
 * earlier pair when one frees up and releasing what it no longer needs.
 * Its moves go through the same books, commits and journal as requests.
 * slotbots_free() stops and frees the bots.
 */
#ifndef HC_SLOTBOTS_H
#define HC_SLOTBOTS_H

#include <stdint.h>

struct event_base;
struct slotsvc;
struct slotbots;

struct slotbots	*slotbots_new(struct event_base *, struct slotsvc *,
		    unsigned n, uint64_t seed, char **cause);
void		 slotbots_free(struct slotbots *);

#endif
