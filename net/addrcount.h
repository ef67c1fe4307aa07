/*
 * Connections per client address, for hcwedd's per-address cap: a hash
 * table keyed by the IP address (the port is not part of the key).  Pure:
 * no I/O, so CUnit drives it directly.
 *
 * Memory: addrcount_free() releases the table and every entry.
 */
#ifndef HC_ADDRCOUNT_H
#define HC_ADDRCOUNT_H

#include <sys/socket.h>

#include <stdbool.h>

struct addrcount;

struct addrcount *addrcount_new(void);
void		 addrcount_free(struct addrcount *);

/*
 * Count one more connection from sa's address unless it already has
 * max (0: no cap); false when refused.  An address that is neither IPv4
 * nor IPv6 is not counted and never refused.
 */
bool		 addrcount_add(struct addrcount *, const struct sockaddr *,
		    unsigned max);
/* One connection from sa's address has gone. */
void		 addrcount_del(struct addrcount *, const struct sockaddr *);
/* Connections counted for sa's address. */
unsigned	 addrcount_get(const struct addrcount *, const struct sockaddr *);

#endif
