#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netdb.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "net/addrcount.h"
#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotconn.h"

/*
 * One connection, known by its socket: the descriptor, and the socket's
 * inode, which tells a closed one from a new socket given the same number.
 * The bufferevent is evhttp's; it is only used once, before evhttp can
 * have freed it.
 */
struct slotconn_rec {
	struct slotconn		*sc;
	struct bufferevent	*bev;		/* until slotconn_check() */
	struct event		*check;
	evutil_socket_t		 fd;
	ino_t			 ino;
	struct sockaddr_storage	 peer;
	bool			 counted;	/* in sc->addrs */
	bool			 busy;		/* a request is being answered */
	bool			 cut;		/* shut down by us */
	uint64_t		 since;		/* accepted, or last reply */
	LIST_ENTRY(slotconn_rec) entry;
};

struct slotconn {
	struct event_base	*base;
	struct addrcount	*addrs;
	unsigned		 conn_max;
	uint64_t		 header_ms;
	struct event		*sweep;
	uint64_t		 over_cap;	/* cut since the last sweep */
	LIST_HEAD(, slotconn_rec) recs;
};

/* Whether r's socket is still open under its descriptor. */
static bool
slotconn_alive(const struct slotconn_rec *r)
{
	struct stat	sb;

	return r->fd >= 0 && fstat(r->fd, &sb) == 0 && sb.st_ino == r->ino;
}

static void
slotconn_drop(struct slotconn_rec *r)
{
	if (r->counted)
		addrcount_del(r->sc->addrs, (struct sockaddr *)&r->peer);
	event_free(r->check);
	LIST_REMOVE(r, entry);
	free(r);
}

static void
slotconn_cut(struct slotconn_rec *r, const char *why)
{
	char	peer[NI_MAXHOST];

	if (r->cut || !slotconn_alive(r))
		return;
	r->cut = true;
	shutdown(r->fd, SHUT_RDWR);
	/* A flood over the cap is summed up by the sweep, not a line each. */
	if (why == NULL) {
		r->sc->over_cap++;
		return;
	}
	if (getnameinfo((struct sockaddr *)&r->peer, sizeof r->peer, peer,
	    sizeof peer, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(peer, sizeof peer, "?");
	log_info("closing a connection from %s: %s", peer, why);
}

/*
 * Made active by slotconn_bev(), so it runs right after the accept, when
 * evhttp has set the socket and before anything can have freed it.
 */
static void
slotconn_check(evutil_socket_t fd, short what, void *arg)
{
	struct slotconn_rec	*r = arg, *old, *next;
	socklen_t		 len = sizeof r->peer;
	struct stat		 sb;

	(void)fd;
	(void)what;
	r->fd = bufferevent_getfd(r->bev);
	r->bev = NULL;
	if (r->fd < 0 || fstat(r->fd, &sb) != 0 || getpeername(r->fd,
	    (struct sockaddr *)&r->peer, &len) != 0) {
		r->fd = -1;
		return;
	}
	r->ino = sb.st_ino;
	/* A connection that had this descriptor before has gone. */
	for (old = LIST_FIRST(&r->sc->recs); old != NULL; old = next) {
		next = LIST_NEXT(old, entry);
		if (old != r && old->fd == r->fd)
			slotconn_drop(old);
	}
	if (addrcount_add(r->sc->addrs, (struct sockaddr *)&r->peer,
	    r->sc->conn_max))
		r->counted = true;
	else
		slotconn_cut(r, NULL);
}

static struct bufferevent *
slotconn_bev(struct event_base *base, void *arg)
{
	struct slotconn		*sc = arg;
	struct slotconn_rec	*r = xcalloc(1, sizeof *r);

	if ((r->bev = bufferevent_socket_new(base, -1,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL)
		log_fatalx("slotd: cannot make a bufferevent");
	r->sc = sc;
	r->fd = -1;
	r->since = clock_mono_ms();
	r->check = event_new(base, -1, 0, slotconn_check, r);
	event_active(r->check, EV_TIMEOUT, 0);
	LIST_INSERT_HEAD(&sc->recs, r, entry);
	return r->bev;
}

static struct slotconn_rec *
slotconn_find(struct slotconn *sc, struct evhttp_request *req)
{
	struct evhttp_connection	*evcon;
	struct bufferevent		*bev;
	struct slotconn_rec		*r;
	evutil_socket_t			 fd;

	if ((evcon = evhttp_request_get_connection(req)) == NULL ||
	    (bev = evhttp_connection_get_bufferevent(evcon)) == NULL ||
	    (fd = bufferevent_getfd(bev)) < 0)
		return NULL;
	LIST_FOREACH(r, &sc->recs, entry) {
		if (r->fd == fd && slotconn_alive(r))
			return r;
	}
	return NULL;
}

static void
slotconn_replied(struct evhttp_request *req, void *arg)
{
	struct slotconn_rec	*r = arg;

	(void)req;
	r->busy = false;
	r->since = clock_mono_ms();
}

void
slotconn_request(struct slotconn *sc, struct evhttp_request *req)
{
	struct slotconn_rec	*r = slotconn_find(sc, req);

	if (r == NULL)
		return;
	r->busy = true;
	evhttp_request_set_on_complete_cb(req, slotconn_replied, r);
}

/* Forget closed connections, and cut those whose request is late. */
static void
slotconn_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct slotconn		*sc = arg;
	struct slotconn_rec	*r, *next;
	uint64_t		 now = clock_mono_ms();

	(void)fd;
	(void)what;
	if (sc->over_cap > 0) {
		log_info("closed %llu connections over the cap of %u an address",
		    (unsigned long long)sc->over_cap, sc->conn_max);
		sc->over_cap = 0;
	}
	for (r = LIST_FIRST(&sc->recs); r != NULL; r = next) {
		next = LIST_NEXT(r, entry);
		if (r->bev != NULL)
			continue;	/* not checked yet */
		if (!slotconn_alive(r))
			slotconn_drop(r);
		else if (sc->header_ms > 0 && !r->busy &&
		    now - r->since > sc->header_ms)
			slotconn_cut(r, "no complete request in time");
	}
}

struct slotconn *
slotconn_new(struct event_base *base, struct evhttp *http, unsigned conn_max,
    uint64_t header_ms)
{
	struct slotconn	*sc = xcalloc(1, sizeof *sc);
	struct timeval	 tick = { 0, 250 * 1000 };

	sc->base = base;
	sc->addrs = addrcount_new();
	sc->conn_max = conn_max;
	sc->header_ms = header_ms;
	LIST_INIT(&sc->recs);
	evhttp_set_bevcb(http, slotconn_bev, sc);
	sc->sweep = event_new(base, -1, EV_PERSIST, slotconn_sweep, sc);
	evtimer_add(sc->sweep, &tick);
	return sc;
}

void
slotconn_free(struct slotconn *sc)
{
	struct slotconn_rec	*r;

	if (sc == NULL)
		return;
	while ((r = LIST_FIRST(&sc->recs)) != NULL)
		slotconn_drop(r);
	event_free(sc->sweep);
	addrcount_free(sc->addrs);
	free(sc);
}
