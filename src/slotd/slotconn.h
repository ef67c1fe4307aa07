/*
 * What evhttp does not do for hcwed-slotd: a cap on the connections one
 * address may hold, and a total deadline for a request's header (evhttp's
 * timeout is per read, so a byte every few seconds would hold a
 * connection for ever).  It makes evhttp's bufferevents
 * (evhttp_set_bevcb) to learn of each connection as it is accepted, and
 * knows it by its socket; a connection whose socket has closed is
 * forgotten within a quarter of a second.
 *
 * A connection over the cap, or whose header is late, is shut down; evhttp
 * then frees it as after any peer that went away.
 */
#ifndef HC_SLOTCONN_H
#define HC_SLOTCONN_H

#include <stdint.h>

struct event_base;
struct evhttp;
struct evhttp_request;
struct slotconn;

/* conn_max 0: no cap; header_ms 0: no deadline. */
struct slotconn	*slotconn_new(struct event_base *, struct evhttp *,
		    unsigned conn_max, uint64_t header_ms);
void		 slotconn_free(struct slotconn *);
/*
 * The request's header is in and its handler runs: its connection's
 * deadline waits until the reply has gone, then starts again.
 */
void		 slotconn_request(struct slotconn *, struct evhttp_request *);

#endif
