/*
 * The HTTP front of hcwed-slotd (libevent evhttp): the reservation API of
 * both services and the admin API, with bounded requests, timeouts,
 * keep-alive, the failure schedule and group commit.
 *
 * A reply that reports a change waits until the change's batch is
 * committed (src/slotcommit.h); other replies go out at once.
 *
 * The front borrows base, svc and faults; slothttp_free() frees only the
 * front itself (and its listener): drain svc before, so that no reply is
 * left waiting.
 */
#ifndef HC_SLOTHTTP_H
#define HC_SLOTHTTP_H

#include <stdbool.h>
#include <stdint.h>

struct event_base;
struct evhttp_request;
struct slotfault;
struct slotsvc;

struct slothttp_conf {
	bool		serve[2];	/* by enum slotsvc_service */
	uint64_t	timeout_ms;	/* idle and read timeout */
	uint64_t	header_timeout_ms;	/* a whole request; 0: none */
	unsigned	conn_max;	/* per address; 0: no cap */
};

struct slothttp;

struct slothttp	*slothttp_new(struct event_base *, struct slotsvc *,
		    struct slotfault *, const struct slothttp_conf *);
void		 slothttp_free(struct slothttp *);
/* Listen on host:port and write the bound address to ready_file if set. */
int		 slothttp_listen(struct slothttp *, const char *host,
		    unsigned port, const char *ready_file, char **cause);

void		 slothttp_send(struct slothttp *, struct evhttp_request *,
		    int code, const char *body, bool wait_commit);
void		 slothttp_send_error(struct slothttp *,
		    struct evhttp_request *, int code, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* Admin routes (net/slothttp_admin.c); path starts with "/admin/". */
void		 slothttp_admin(struct slothttp *, struct evhttp_request *,
		    const char *path);
struct slotsvc	*slothttp_svc(struct slothttp *);
/*
 * The bearer token of req: 1 with *key and *len, 0 if there is no
 * Authorization header, -1 if it is malformed.
 */
int		 slothttp_bearer(struct evhttp_request *, const char **key,
		    size_t *len);
/* The same for a header value: 1 with *key pointing into value, or -1. */
int		 slothttp_bearer_parse(const char *value, const char **key,
		    size_t *len);

#endif
