#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>

#include "net/client_int.h"
#include "net/tls.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"

static void	client_read_cb(struct bufferevent *, void *);
static void	client_event_cb(struct bufferevent *, short, void *);

static struct timeval
client_tv(unsigned ms)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	return tv;
}

/* xorshift64: jitter needs spread, not secrecy. */
static uint64_t
client_random(struct client *cl)
{
	cl->rng ^= cl->rng << 13;
	cl->rng ^= cl->rng >> 7;
	cl->rng ^= cl->rng << 17;
	return cl->rng;
}

/* Full jitter: uniform in [0, min(max, min_ms * 2^attempt)]. */
static unsigned
client_backoff(struct client *cl)
{
	uint64_t	cap = cl->backoff_min;

	for (unsigned i = 0; i < cl->attempt && cap < cl->backoff_max; i++)
		cap *= 2;
	if (cap > cl->backoff_max)
		cap = cl->backoff_max;
	cl->attempt++;
	return (unsigned)(client_random(cl) % (cap + 1));
}

static void
client_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client	*cl = arg;

	(void)fd;
	(void)what;
	if (cl->state == CLIENT_DISCONNECTED)
		client_connect(cl);
	else
		client_flush(cl);
}

static void
client_keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client		*cl = arg;
	struct proto_request	 req = { .cmd = PROTO_CMD_PING };
	struct timeval		 tv;

	(void)fd;
	(void)what;
	if (cl->state == CLIENT_CONNECTING) {
		client_drop(cl, "connection timed out", true);
		return;
	}
	if (cl->ping_sent) {
		client_drop(cl, "no answer from the server", true);
		return;
	}
	cl->ping_sent = true;
	client_request(cl, &req, NULL);
	tv = client_tv(cl->dead_ms);
	event_add(cl->keepalive, &tv);
}

/* Something came from the server: it is alive, wait idle_ms again. */
void
client_rearm(struct client *cl)
{
	struct timeval	tv = client_tv(cl->idle_ms);

	cl->ping_sent = false;
	event_add(cl->keepalive, &tv);
}

/*
 * The transport: TLS over TCP, or plain TCP when the caller chose it.
 * The connect event comes once the handshake has verified the server;
 * the rest of the client only reads and writes lines.
 */
static struct bufferevent *
client_transport(struct client *cl)
{
	struct bufferevent	*bev;
	SSL			*ssl;
	int			 opts = BEV_OPT_CLOSE_ON_FREE |
				    BEV_OPT_DEFER_CALLBACKS;

	if (cl->tls == NULL) {
		if ((bev = bufferevent_socket_new(cl->base, -1, opts)) == NULL)
			log_fatalx("bufferevent_socket_new failed");
		return bev;
	}
	if ((ssl = tls_client_ssl(cl->tls, cl->host)) == NULL)
		log_fatalx("tls_client_ssl failed");
	bev = bufferevent_openssl_socket_new(cl->base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING, opts);
	if (bev == NULL)
		log_fatalx("bufferevent_openssl_socket_new failed");
	return bev;
}

/*
 * A refused certificate says how to fix it: a name that does not match is
 * the --server given; anything else is a CA the client does not know.
 * Takes reason over.
 */
static char *
client_tls_fix(char *reason)
{
	char	*fixed;

	if (reason == NULL || strstr(reason, "certificate was refused") == NULL)
		return reason;
	if (strstr(reason, "mismatch") != NULL)
		fixed = xasprintf("%s; --server must name a host the "
		    "certificate is for", reason);
	else
		fixed = xasprintf("%s; give the CA that signs the server's "
		    "certificate with --ca FILE (or tls_ca in hcwed.conf)",
		    reason);
	free(reason);
	return fixed;
}

int
client_refusal(const struct client *cl)
{
	return cl->refusal;
}

bool
client_reconnect_now(struct client *cl)
{
	if (cl->state != CLIENT_DISCONNECTED)
		return false;
	event_del(cl->retry);
	client_connect(cl);
	return true;
}

void
client_connect(struct client *cl)
{
	struct timeval	tv = client_tv(cl->dead_ms);

	if (cl->keepalive == NULL) {
		cl->keepalive = evtimer_new(cl->base, client_keepalive_cb, cl);
		cl->retry = evtimer_new(cl->base, client_retry_cb, cl);
	}
	cl->bev = client_transport(cl);
	bufferevent_setcb(cl->bev, client_read_cb, NULL, client_event_cb, cl);
	client_set_state(cl, CLIENT_CONNECTING, NULL, 0);
	event_add(cl->keepalive, &tv);
	if (bufferevent_socket_connect_hostname(cl->bev, cl->dns, AF_UNSPEC,
	    cl->host, (int)cl->port) == -1)
		client_drop(cl, "cannot connect", true);
}

void
client_drop(struct client *cl, const char *reason, bool retry)
{
	unsigned	ms = 0;
	struct timeval	tv;

	if (cl->bev != NULL) {
		bufferevent_free(cl->bev);
		cl->bev = NULL;
	}
	event_del(cl->keepalive);
	event_del(cl->retry);
	client_on_disconnect(cl);
	if (!retry) {
		client_set_state(cl, CLIENT_AUTH_FAILED, reason, 0);
		return;
	}
	if (cl->reconnect) {
		ms = client_backoff(cl);
		tv = client_tv(ms);
		event_add(cl->retry, &tv);
	}
	client_set_state(cl, CLIENT_DISCONNECTED, reason, ms);
}

void
client_write(struct client *cl, const char *line, size_t len)
{
	if (cl->bev != NULL)
		bufferevent_write(cl->bev, line, len);
}

static void
client_greet(struct client *cl)
{
	struct proto_request	req = { .cmd = PROTO_CMD_HELLO };

	req.hello.version = PROTO_VERSION;
	snprintf(req.hello.client, sizeof req.hello.client, "%s",
	    cl->software);
	client_request(cl, &req, NULL);
	memset(&req, 0, sizeof req);
	req.cmd = PROTO_CMD_LOGIN;
	snprintf(req.login.user, sizeof req.login.user, "%s", cl->user);
	snprintf(req.login.password, sizeof req.login.password, "%s",
	    cl->password);
	client_request(cl, &req, NULL);
	explicit_bzero(&req, sizeof req);
}

static void
client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct client	*cl = arg;
	int		 fd, one = 1;
	char		*reason;

	if (what & BEV_EVENT_CONNECTED) {
		/* The server half-closes after its last reply, as over
		 * plaintext; during the handshake a close stays an error,
		 * so a refused connection says so. */
		if (cl->tls != NULL)
			bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
		fd = bufferevent_getfd(bev);
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one) == -1)
			log_warn("TCP_NODELAY: %s", strerror(errno));
		bufferevent_enable(bev, EV_READ | EV_WRITE);
		client_set_state(cl, CLIENT_CONNECTED, NULL, 0);
		client_rearm(cl);
		client_greet(cl);
		return;
	}
	if ((what & BEV_EVENT_EOF) && cl->state == CLIENT_CONNECTING &&
	    cl->tls != NULL)
		reason = xstrdup("TLS: the server closed the connection during "
		    "the handshake (does it speak TLS?)");
	else if ((what & BEV_EVENT_EOF) && cl->state == CLIENT_CONNECTED &&
	    cl->tls == NULL)
		reason = xstrdup("the server closed the connection before "
		    "answering (if the server speaks TLS, connect with TLS)");
	else if (what & BEV_EVENT_EOF)
		reason = xstrdup("the server closed the connection");
	else if (what & BEV_EVENT_ERROR) {
		int	dnserr = bufferevent_socket_get_dns_error(bev);

		const char *serr = evutil_socket_error_to_string(
		    EVUTIL_SOCKET_ERROR());

		reason = NULL;
		if (dnserr != 0)
			reason = xasprintf("%s: %s", cl->host,
			    evutil_gai_strerror(dnserr));
		else if (cl->tls != NULL)
			reason = client_tls_fix(tls_error(bev));
		if (reason == NULL && cl->tls == NULL &&
		    cl->state == CLIENT_CONNECTED)
			reason = xasprintf("%s before answering (if the server "
			    "speaks TLS, connect with TLS)", serr);
		else if (reason == NULL)
			reason = xstrdup(serr);
	} else
		return;
	client_drop(cl, reason, true);
	free(reason);
}

/*
 * Whether a plaintext connection got a TLS record (an alert, 0x15, or a
 * handshake, 0x16, then version 3.x) where the hello reply should be.
 */
static bool
client_tls_answer(struct client *cl, struct evbuffer *in)
{
	unsigned char	rec[2];

	return cl->tls == NULL && cl->state == CLIENT_CONNECTED &&
	    evbuffer_copyout(in, rec, sizeof rec) == (ev_ssize_t)sizeof rec &&
	    (rec[0] == 0x15 || rec[0] == 0x16) && rec[1] == 0x03;
}

static void
client_read_cb(struct bufferevent *bev, void *arg)
{
	struct client		*cl = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 len;
	char			*line;

	client_rearm(cl);
	if (client_tls_answer(cl, in)) {
		client_drop(cl, "the server answered in TLS: connect with TLS, "
		    "not plaintext", true);
		return;
	}
	/* Each line may end the connection (cl->bev becomes NULL). */
	while (cl->bev == bev) {
		eol = evbuffer_search_eol(in, NULL, NULL, EVBUFFER_EOL_LF);
		if (eol.pos == -1) {
			if (evbuffer_get_length(in) >= cl->limits.line_max)
				client_drop(cl, "line from the server over "
				    "the limit", true);
			break;
		}
		len = (size_t)eol.pos;
		line = xmalloc(len + 1);
		evbuffer_remove(in, line, len + 1);
		line[len] = '\0';
		client_recv(cl, line, len);
		free(line);
	}
	/* One receipt request for everything this read delivered. */
	client_flush(cl);
}
