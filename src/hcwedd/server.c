#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/addr.h"
#include "net/addrcount.h"
#include "net/proto.h"
#include "net/tls.h"
#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hubauth.h"
#include "src/hcwedd/hubcommit.h"
#include "src/hcwedd/server.h"

struct conn {
	struct server		*srv;
	struct bufferevent	*bev;
	struct hub_session	*session;	/* NULL once detached */
	struct event		*ev_close;	/* detach outside hub calls */
	struct event		*ev_login;	/* pre-login timeout */
	struct sockaddr_storage	 addr;		/* counted in srv->addrs */
	bool			 closing;
	bool			 lingering;	/* output done, reading to EOF */
	bool			 peer_eof;	/* half-closed, answers due */
	char			 peer[64];
	TAILQ_ENTRY(conn)	 entry;
};

struct server {
	struct event_base	*base;
	struct hub		*hub;
	struct server_config	 config;
	struct evconnlistener	*listener;
	struct hubcommit	*commit;
	struct hubauth		*auth;
	struct event		*ev_deadline;
	struct event		*ev_accept;	/* accepting again, after EMFILE */
	const struct timeval	*login_tv;	/* a common timeout */
	struct addrcount	*addrs;
	TAILQ_HEAD(, conn)	 conns;
	size_t			 nconns;
	bool			 stopping;
};

static void
conn_free(struct conn *c)
{
	struct server	*srv = c->srv;

	if (c->session != NULL) {
		hub_session_close_at(c->session, clock_wall_ms());
		hubcommit_kick(srv->commit);	/* the logout's audit row */
	}
	TAILQ_REMOVE(&srv->conns, c, entry);
	srv->nconns--;
	addrcount_del(srv->addrs, (struct sockaddr *)&c->addr);
	bufferevent_free(c->bev);
	event_free(c->ev_close);
	event_free(c->ev_login);
	log_debug("closed peer=%s conns=%zu", c->peer, srv->nconns);
	free(c);
	if (srv->stopping && srv->nconns == 0)
		event_base_loopbreak(srv->base);
}

/*
 * Stop taking requests, send what is queued (and a bye), then close.  The
 * input is read and thrown away until the peer closes too: closing a
 * socket with unread input resets the connection, and the peer would lose
 * the last replies (a 413, a bye) before it read them.
 */
static void
conn_shutdown(struct conn *c, const char *bye)
{
	struct timeval	 drain = { SERVER_DRAIN_SECONDS, 0 };
	char		*line;
	size_t		 len;

	if (c->closing)
		return;
	c->closing = true;
	if (bye != NULL) {
		line = proto_encode_bye(bye, &len);
		bufferevent_write(c->bev, line, len);
		free(line);
	}
	bufferevent_set_timeouts(c->bev, &drain, &drain);
	event_active(c->ev_close, EV_TIMEOUT, 0);
}

/*
 * Everything is written: half-close and wait for the peer's EOF.  Over
 * TLS a close_notify goes first, so the peer can tell the end from a
 * truncation.
 */
static void
conn_linger(struct conn *c)
{
	SSL	*ssl;

	if (c->lingering)
		return;
	if (c->peer_eof) {
		conn_free(c);
		return;
	}
	c->lingering = true;
	if ((ssl = bufferevent_openssl_get_ssl(c->bev)) != NULL &&
	    SSL_is_init_finished(ssl))
		SSL_shutdown(ssl);
	shutdown(bufferevent_getfd(c->bev), SHUT_WR);
}

/*
 * A half-closed peer is closed once every line it sent has been answered:
 * not at once, since more answers may follow in the same call.
 */
static void
conn_answered(struct conn *c)
{
	if (c->peer_eof && !c->closing && !hub_session_busy(c->session) &&
	    !hub_session_paused(c->session) &&
	    evbuffer_get_length(bufferevent_get_input(c->bev)) == 0)
		event_active(c->ev_close, EV_TIMEOUT, 0);
}

static void
conn_hub_write(void *arg, const char *line, size_t len)
{
	struct conn	*c = arg;
	struct evbuffer	*out = bufferevent_get_output(c->bev);

	if (c->closing)
		return;
	evbuffer_add(out, line, len);
	if (evbuffer_get_length(out) > c->srv->config.out_max) {
		log_warn("slow reader peer=%s unsent=%zu", c->peer,
		    evbuffer_get_length(out));
		conn_shutdown(c, "slow reader: too much unsent output");
	}
	conn_answered(c);
}

static void
conn_hub_close(void *arg)
{
	conn_shutdown(arg, NULL);
}

/* Later, from the loop: the hub may not be called back from here. */
static void
conn_hub_resume(void *arg)
{
	struct conn	*c = arg;

	bufferevent_trigger(c->bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS |
	    BEV_TRIG_IGNORE_WATERMARKS);
}

static const struct hub_ops conn_hub_ops = {
	conn_hub_write, conn_hub_close, conn_hub_resume
};

/* Runs from the loop, so the hub is not in the middle of a call. */
static void
conn_detach_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn	*c = arg;

	/* A half-closed peer has had its answers: close as if asked to. */
	if (!c->closing) {
		conn_shutdown(c, NULL);
		return;
	}
	if (c->session != NULL) {
		hub_session_close_at(c->session, clock_wall_ms());
		c->session = NULL;
		hubcommit_kick(c->srv->commit);
	}
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		conn_linger(c);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct conn		*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 eol_len, max = c->srv->config.line_max;
	size_t			 len;
	int64_t			 now = clock_wall_ms();

	if (c->closing) {
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	/* While a login is checked, the input waits in the buffer. */
	while (!c->closing && !hub_session_paused(c->session)) {
		eol = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		if (eol.pos == -1 && evbuffer_get_length(in) < max)
			break;
		/* Over the limit with or without its "\n": the hub says 413
		 * and closes, having looked at the length only. */
		len = eol.pos == -1 ? max : (size_t)eol.pos;
		if (len + 1 > max)
			len = max;
		/* Pull up the "\n" too: an empty line still has a byte. */
		hub_session_input(c->session, (const char *)evbuffer_pullup(in,
		    (ev_ssize_t)(eol.pos == -1 ? len : len + 1)), len, now);
		evbuffer_drain(in, len + (eol.pos == (ev_ssize_t)len ? 1 : 0));
	}
	/* After the peer's EOF, what is left is a line it never ended. */
	if (c->peer_eof && !c->closing && !hub_session_paused(c->session))
		evbuffer_drain(in, evbuffer_get_length(in));
	hubcommit_kick(c->srv->commit);
	conn_answered(c);
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	if (c->closing && c->session == NULL)
		conn_linger(c);
}

/*
 * A connection that has not logged in by now is let go: with a bye if it
 * can still be told, at once if its TLS handshake never finished.
 */
static void
conn_login_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn	*c = arg;
	SSL		*ssl = bufferevent_openssl_get_ssl(c->bev);

	if (c->closing || c->session == NULL ||
	    hub_session_logged_in(c->session))
		return;
	if (ssl != NULL && !SSL_is_init_finished(ssl)) {
		log_info("login timeout peer=%s before the TLS handshake",
		    c->peer);
		conn_free(c);
		return;
	}
	log_info("login timeout peer=%s", c->peer);
	conn_shutdown(c, "login timeout");
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;
	char		*why;

	if (what & BEV_EVENT_TIMEOUT)
		log_info("drain timeout peer=%s", c->peer);
	else if ((what & BEV_EVENT_ERROR) && c->srv->config.tls != NULL &&
	    (why = tls_error(bev)) != NULL) {
		log_warn("tls error peer=%s reason=\"%s\"", c->peer, why);
		free(why);
	} else if (what & BEV_EVENT_ERROR)
		log_debug("connection error peer=%s", c->peer);
	/* The peer has said all it will; what it asked is still answered. */
	if ((what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) == BEV_EVENT_EOF &&
	    !c->closing && c->session != NULL) {
		c->peer_eof = true;
		conn_read_cb(bev, c);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
		conn_free(c);
}

/*
 * The one place a connection's bufferevent is made: with TLS the socket
 * is wrapped here, and everything above reads and writes plain lines.
 */
static struct bufferevent *
server_bufferevent(struct server *srv, evutil_socket_t fd)
{
	struct bufferevent	*bev;
	SSL			*ssl;

	if (srv->config.tls == NULL)
		return bufferevent_socket_new(srv->base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	if ((ssl = SSL_new(srv->config.tls)) == NULL)
		return NULL;
	bev = bufferevent_openssl_socket_new(srv->base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	/* A client that just closes its socket has still said goodbye. */
	if (bev != NULL)
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static void
server_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct server	*srv = arg;
	struct conn	*c;
	char		 host[INET6_ADDRSTRLEN], port[8];
	int		 one = 1;

	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	if (getnameinfo(sa, (socklen_t)salen, host, sizeof host, port,
	    sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) == 0)
		snprintf(c->peer, sizeof c->peer, "%s:%s", host, port);
	/* Refused before any TLS work, which is the expensive part. */
	if (!addrcount_add(srv->addrs, sa, srv->config.addr_conn_max)) {
		log_warn("refused peer=%s reason=\"%u connections from this "
		    "address already (addr_conn_max)\"", c->peer,
		    srv->config.addr_conn_max);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	if ((size_t)salen <= sizeof c->addr)
		memcpy(&c->addr, sa, (size_t)salen);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if ((c->bev = server_bufferevent(srv, fd)) == NULL) {
		log_error("accept peer=%s: cannot make a buffer", c->peer);
		addrcount_del(srv->addrs, (struct sockaddr *)&c->addr);
		evutil_closesocket(fd);
		free(c);
		return;
	}
	c->ev_close = event_new(srv->base, -1, 0, conn_detach_cb, c);
	c->ev_login = evtimer_new(srv->base, conn_login_cb, c);
	evtimer_add(c->ev_login, srv->login_tv);
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	/* Stop reading what is not being taken (a paused session's). */
	bufferevent_setwatermark(c->bev, EV_READ, 0, 2 * srv->config.line_max);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	c->session = hub_session_open(srv->hub, &conn_hub_ops, c);
	hub_session_set_peer(c->session, c->peer);
	TAILQ_INSERT_TAIL(&srv->conns, c, entry);
	srv->nconns++;
	log_debug("accepted peer=%s conns=%zu", c->peer, srv->nconns);
}

static void
server_accept_again_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server	*srv = arg;

	if (!srv->stopping)
		evconnlistener_enable(srv->listener);
}

/*
 * Out of file descriptors (or memory), accept() fails at once for as long
 * as connections wait in the backlog, and the listener would spin on it.
 * It rests a second instead, with one line in the log each time; the
 * waiting connections keep until then.
 */
static void
server_accept_error_cb(struct evconnlistener *l, void *arg)
{
	struct server	*srv = arg;
	struct timeval	 rest = { SERVER_ACCEPT_REST_SECONDS, 0 };
	int		 err = EVUTIL_SOCKET_ERROR();

	log_warn("accept: %s: not accepting for %d s (connections=%zu)",
	    evutil_socket_error_to_string(err), SERVER_ACCEPT_REST_SECONDS,
	    srv->nconns);
	evconnlistener_disable(l);
	evtimer_add(srv->ev_accept, &rest);
}

static int
server_listen(struct server *srv, char **cause)
{
	struct addrinfo	 hints, *res;
	char		*host, portstr[8];
	unsigned	 port;
	int		 rc;

	if (addr_split(srv->config.listen, &host, &port, cause) != 0)
		return -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(portstr, sizeof portstr, "%u", port);
	rc = getaddrinfo(host, portstr, &hints, &res);
	free(host);
	if (rc != 0) {
		*cause = xasprintf("%s: %s", srv->config.listen,
		    gai_strerror(rc));
		return -1;
	}
	srv->listener = evconnlistener_new_bind(srv->base, server_accept_cb,
	    srv, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, SOMAXCONN,
	    res->ai_addr, (int)res->ai_addrlen);
	freeaddrinfo(res);
	if (srv->listener == NULL) {
		*cause = xasprintf("%s: cannot listen: %s", srv->config.listen,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	evconnlistener_set_error_cb(srv->listener, server_accept_error_cb);
	return 0;
}

int
server_start(struct event_base *base, struct hub *hub,
    const struct server_config *config, struct server **out, char **cause)
{
	struct server	*srv;
	struct timeval	 login;

	srv = xcalloc(1, sizeof *srv);
	srv->base = base;
	srv->hub = hub;
	srv->config = *config;
	if (srv->config.out_max == 0)
		srv->config.out_max = SERVER_OUT_MAX;
	if (srv->config.login_timeout_ms == 0)
		srv->config.login_timeout_ms = SERVER_LOGIN_TIMEOUT_MS;
	login.tv_sec = srv->config.login_timeout_ms / 1000;
	login.tv_usec = (srv->config.login_timeout_ms % 1000) * 1000;
	/* One queue for every connection's timer instead of a heap entry. */
	srv->login_tv = event_base_init_common_timeout(base, &login);
	TAILQ_INIT(&srv->conns);
	if ((srv->commit = hubcommit_new(base, hub, config->commit_db,
	    HUBCOMMIT_CHECKPOINT_PAGES, clock_wall_ms, cause)) == NULL) {
		free(srv);
		return -1;
	}
	srv->ev_accept = evtimer_new(base, server_accept_again_cb, srv);
	if (server_listen(srv, cause) != 0 || (config->ready_file != NULL &&
	    addr_write_ready_file(config->ready_file,
	    evconnlistener_get_fd(srv->listener), cause) != 0)) {
		if (srv->listener != NULL)
			evconnlistener_free(srv->listener);
		hubcommit_free(srv->commit);
		event_free(srv->ev_accept);
		free(srv);
		return -1;
	}
	srv->addrs = addrcount_new();
	srv->auth = hubauth_new(base, hub);
	*out = srv;
	return 0;
}

static void
server_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server	*srv = arg;

	log_warn("stop: %zu connections still draining, closing them",
	    srv->nconns);
	event_base_loopbreak(srv->base);
}

void
server_stop(struct server *srv, const char *reason)
{
	struct timeval	deadline = { SERVER_DRAIN_SECONDS, 0 };

	if (srv->stopping)
		return;
	srv->stopping = true;
	evconnlistener_disable(srv->listener);
	hub_shutdown(srv->hub, reason, clock_wall_ms());
	if (srv->nconns == 0) {
		event_base_loopbreak(srv->base);
		return;
	}
	srv->ev_deadline = evtimer_new(srv->base, server_deadline_cb, srv);
	evtimer_add(srv->ev_deadline, &deadline);
}

void
server_set_tls(struct server *srv, SSL_CTX *tls)
{
	if (srv->config.tls != NULL)
		srv->config.tls = tls;
}

void
server_free(struct server *srv)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&srv->conns)) != NULL)
		conn_free(c);
	hubauth_free(srv->auth);
	hubcommit_free(srv->commit);
	event_free(srv->ev_accept);
	if (srv->ev_deadline != NULL)
		event_free(srv->ev_deadline);
	evconnlistener_free(srv->listener);
	addrcount_free(srv->addrs);
	free(srv);
}
