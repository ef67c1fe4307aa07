/*
 * msgload: a load generator for hcwedd.  N sender/receiver pairs (accounts
 * sN and rN, one password for all) each on its own connection; senders send
 * flat out (a window of unacknowledged sends each) or at a fixed total
 * rate; receivers time each message from the send time carried in its body.
 * Reports acked and delivered messages/s, send-to-deliver latency
 * percentiles and the server's peak RSS (VmHWM of -p).
 *
 * With -i N it only logs N connections in, spread over those accounts,
 * and reports what holding them costs the server: its VmRSS before the
 * first connect and once all are in, per connection.  With -t CAFILE
 * every connection is TLS, the server's certificate checked against
 * CAFILE.
 */
#include "config.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/addr.h"
#include "net/tls.h"
#include "src/base/xmalloc.h"

#define WINDOW		64	/* unacked sends per sender when flat out */
/* Connecting or logging in at once: within hcwedd's listen backlog, so a
 * server busy hashing never drops a SYN (retransmitted a second later). */
#define INFLIGHT	128
/* Give up logging in after this long without a login or a failure (hcwedd
 * drops a connection not logged in after 30 s). */
#define STALL_S		60
#define SETTLE_S	2	/* idle: let the server's memory settle */
#define FD_SPARE	32	/* descriptors besides the connections */
#define FAIL_TOLD	5	/* idle: failures told one by one */

enum phase { LOGIN, RUN, SETTLE, DONE };

struct peer {
	struct bufferevent	*bev;
	int			 index;
	bool			 sender;
	bool			 ready;
	long			 outstanding;
	long			 seq;
};

static struct {
	struct event_base	*base;
	struct sockaddr_in	 sin;
	char			*host;
	SSL_CTX			*tls;
	struct peer		*peers;
	int			 npeers, opened, inflight;
	int			 pairs;
	int			 idle;		/* -i connections, 0: load */
	size_t			 size;
	long			 rate;
	int			 duration;
	const char		*password;
	const char		*pid;
	int			 ready, failed;
	enum phase		 phase;
	long			 sent, acked, delivered;
	double			 credit;
	uint32_t		*lat;		/* microseconds */
	size_t			 nlat, latcap;
	int64_t			 t_start;	/* run, or idle: 1st connect */
	int64_t			 t_progress, t_login, t_settle;
	long			 rss_before, rss_after;
} L;

static void	peers_fill(void);

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
peer_send(struct peer *p)
{
	char	body[65536], line[66000];
	int	n;

	n = snprintf(body, sizeof body, "t=%lld ", (long long)now_us());
	while ((size_t)n < L.size && (size_t)n < sizeof body - 1)
		body[n++] = 'x';
	body[n] = '\0';
	n = snprintf(line, sizeof line, "{\"cmd\":\"send\",\"to\":\"r%d\","
	    "\"body\":\"%s\",\"cid\":\"%lld-%ld\"}\n", p->index, body,
	    (long long)L.t_start, p->seq++);
	bufferevent_write(p->bev, line, (size_t)n);
	p->outstanding++;
	L.sent++;
}

/* The load needs every connection; idle mode counts failed ones. */
static void
peer_fail(struct peer *p, const char *why)
{
	if (L.failed < FAIL_TOLD)
		fprintf(stderr, "msgload: %c%d: %s\n", p->sender ? 's' : 'r',
		    p->index, why);
	if (L.idle == 0)
		exit(1);
	if (++L.failed == FAIL_TOLD)
		fprintf(stderr, "msgload: further failures only counted\n");
	if (p->ready)
		L.ready--;
	else {
		L.inflight--;
		L.t_progress = now_us();
	}
	bufferevent_free(p->bev);
	p->bev = NULL;
	peers_fill();
}

static void
peer_line(struct peer *p, const char *line)
{
	const char	*b;

	if (strstr(line, "\"reply\":\"login\"") != NULL) {
		p->ready = true;
		L.ready++;
		L.inflight--;
		L.t_progress = L.t_login = now_us();
		peers_fill();
		return;
	}
	if (strstr(line, "\"error\"") != NULL) {
		if (!p->ready)
			peer_fail(p, line);
		else
			fprintf(stderr, "msgload: %c%d: %s\n",
			    p->sender ? 's' : 'r', p->index, line);
		return;
	}
	if (p->sender && strstr(line, "\"reply\":\"ack\"") != NULL) {
		p->outstanding--;
		if (L.phase == RUN) {
			L.acked++;
			if (L.rate == 0)
				peer_send(p);
		}
		return;
	}
	if (!p->sender && (b = strstr(line, "\"body\":\"t=")) != NULL &&
	    L.phase == RUN) {
		int64_t	t = strtoll(b + 10, NULL, 10), d = now_us() - t;

		L.delivered++;
		if (L.nlat == L.latcap) {
			L.latcap = L.latcap ? L.latcap * 2 : 1 << 20;
			L.lat = xreallocarray(L.lat, L.latcap, sizeof *L.lat);
		}
		L.lat[L.nlat++] = d < 0 ? 0 : (uint32_t)d;
	}
}

static void
peer_read_cb(struct bufferevent *bev, void *arg)
{
	struct peer	*p = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	char		*line;
	size_t		 len;

	/* A failed login frees the bufferevent (and in) under us. */
	while (p->bev != NULL &&
	    (line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) != NULL) {
		peer_line(p, line);
		free(line);
	}
}

static void
peer_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct peer	*p = arg;
	char		*why;
	int		 one = 1;

	if (what & BEV_EVENT_CONNECTED) {
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY,
		    &one, sizeof one);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		if (L.tls == NULL || (why = tls_error(bev)) == NULL)
			why = xasprintf("connection lost: %s", strerror(errno));
	} else if (what & BEV_EVENT_EOF)
		why = xstrdup("connection lost: closed by the server");
	else
		return;
	peer_fail(p, why);
	free(why);
}

static void
peer_open(struct peer *p)
{
	char	 line[256];
	SSL	*ssl;
	int	 n;

	if (L.tls == NULL)
		p->bev = bufferevent_socket_new(L.base, -1,
		    BEV_OPT_CLOSE_ON_FREE);
	else if ((ssl = tls_client_ssl(L.tls, L.host)) != NULL)
		p->bev = bufferevent_openssl_socket_new(L.base, -1, ssl,
		    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
	if (p->bev == NULL) {
		fprintf(stderr, "msgload: cannot make connection %d\n",
		    L.opened);
		exit(1);
	}
	bufferevent_setcb(p->bev, peer_read_cb, NULL, peer_event_cb, p);
	bufferevent_enable(p->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(p->bev, (struct sockaddr *)&L.sin,
	    sizeof L.sin) != 0) {
		fprintf(stderr, "msgload: connection %d: cannot connect: %s\n",
		    L.opened, strerror(errno));
		exit(1);
	}
	n = snprintf(line, sizeof line, "{\"cmd\":\"hello\",\"version\":1}"
	    "\n{\"cmd\":\"login\",\"user\":\"%c%d\",\"password\":\"%s\"}"
	    "\n", p->sender ? 's' : 'r', p->index, L.password);
	bufferevent_write(p->bev, line, (size_t)n);
	L.inflight++;
}

static void
peers_fill(void)
{
	while (L.opened < L.npeers && L.inflight < INFLIGHT)
		peer_open(&L.peers[L.opened++]);
}

static long
status_kb(const char *key)
{
	char	 path[64], line[256];
	size_t	 len = strlen(key);
	long	 kb = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%s/status", L.pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, key, len) == 0) {
			kb = strtol(line + len, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

/* Every login is in, or has stopped coming: run, or (idle) settle. */
static void
login_over(int64_t now)
{
	int	pending = L.npeers - L.ready - L.failed;

	if (pending > 0)
		fprintf(stderr, "msgload: no login for %d s, %d still "
		    "pending\n", STALL_S, pending);
	if (L.idle > 0) {
		fprintf(stderr, "msgload: %d of %d connections logged in in "
		    "%.1f s, settling\n", L.ready, L.npeers,
		    (double)(L.t_login - L.t_start) / 1e6);
		L.phase = SETTLE;
		L.t_settle = now;
		return;
	}
	if (pending > 0)
		exit(1);
	L.phase = RUN;
	L.t_start = now;
	fprintf(stderr, "msgload: %d connections logged in%s, running\n",
	    L.npeers, L.tls != NULL ? " (TLS)" : "");
	if (L.rate == 0) {
		for (int i = 0; i < L.pairs; i++)
			for (int w = 0; w < WINDOW; w++)
				peer_send(&L.peers[i]);
	}
}

/*
 * A steady rate needs a timer that fires every millisecond: the default
 * one comes every 4 ms on this kind of machine (a jiffy), and the sends
 * would leave in bursts of twenty.  libevent's precise timer uses a
 * timerfd.
 */
static struct event_base *
base_precise(void)
{
	struct event_config	*cfg = event_config_new();
	struct event_base	*base;

	event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
	base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base;
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	static int	 next;
	int64_t		 now = now_us();

	if (L.phase == LOGIN) {
		if (L.ready + L.failed == L.npeers ||
		    now - L.t_progress >= (int64_t)STALL_S * 1000000)
			login_over(now);
		return;
	}
	if (L.phase == SETTLE) {
		if (now - L.t_settle >= (int64_t)SETTLE_S * 1000000) {
			L.rss_after = status_kb("VmRSS:");
			L.phase = DONE;
			event_base_loopexit(L.base, NULL);
		}
		return;
	}
	if (L.phase != RUN)
		return;
	if (now - L.t_start >= (int64_t)L.duration * 1000000) {
		L.phase = DONE;
		event_base_loopexit(L.base, NULL);
		return;
	}
	if (L.rate > 0) {
		/* Catch up by elapsed time: ticks come late on a busy machine. */
		L.credit = (double)L.rate * (double)(now - L.t_start) / 1e6 -
		    (double)L.sent;
		for (; L.credit >= 1; L.credit--) {
			peer_send(&L.peers[next]);
			next = (next + 1) % L.pairs;
		}
	}
}

/* A descriptor per connection: take all we may, say if still too few. */
static void
fds_raise(void)
{
	uint64_t	limit = addr_fds_raise();

	if ((uint64_t)L.npeers + FD_SPARE > limit) {
		fprintf(stderr, "msgload: %d connections need about %d open "
		    "files, the limit is %llu (raise ulimit -Hn)\n", L.npeers,
		    L.npeers + FD_SPARE, (unsigned long long)limit);
		exit(1);
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	size_t	i = (size_t)(p * (double)L.nlat);

	if (L.nlat == 0)
		return 0;
	return (double)L.lat[i < L.nlat ? i : L.nlat - 1] / 1000.0;
}

static void
report_load(void)
{
	qsort(L.lat, L.nlat, sizeof *L.lat, cmp_u32);
	printf("pairs=%d body=%zu rate=%s duration=%ds\n", L.pairs, L.size,
	    L.rate == 0 ? "flat-out" : "fixed", L.duration);
	if (L.rate > 0)
		printf("target=%ld msg/s\n", L.rate);
	printf("sent=%ld acked=%ld delivered=%ld\n", L.sent, L.acked,
	    L.delivered);
	printf("acked_per_s=%.0f delivered_per_s=%.0f\n",
	    (double)L.acked / L.duration, (double)L.delivered / L.duration);
	printf("latency_ms p50=%.3f p99=%.3f p999=%.3f max=%.3f\n", pct(0.5),
	    pct(0.99), pct(0.999), L.nlat ? L.lat[L.nlat - 1] / 1000.0 : 0);
	if (L.pid != NULL)
		printf("server_vmhwm_kb=%ld\n", status_kb("VmHWM:"));
}

static void
report_idle(void)
{
	double	login_s = (double)(L.t_login - L.t_start) / 1e6;

	printf("idle_conns=%d rss_before_kb=%ld rss_after_kb=%ld "
	    "rss_per_conn_bytes=%.0f\n", L.ready, L.rss_before, L.rss_after,
	    L.ready > 0 ? (double)(L.rss_after - L.rss_before) * 1024 /
	    L.ready : 0);
	printf("requested=%d logged_in=%d failed=%d pairs=%d tls=%s\n",
	    L.npeers, L.ready, L.failed, L.pairs, L.tls != NULL ? "yes" : "no");
	printf("login_s=%.3f logins_per_s=%.0f\n", login_s,
	    login_s > 0 ? L.ready / login_s : 0);
	printf("server_vmhwm_kb=%ld\n", status_kb("VmHWM:"));
}

int
main(int argc, char **argv)
{
	const char		*server = NULL, *ca = NULL;
	char			*cause;
	unsigned		 port;
	struct event		*tick;
	struct timeval		 tv;
	int			 ch;

	L.pairs = 10;
	L.size = 150;
	L.duration = 10;
	L.password = "bench-Xq7-pw";
	while ((ch = getopt(argc, argv, "s:n:b:r:d:p:P:t:i:")) != -1) {
		switch (ch) {
		case 's': server = optarg; break;
		case 'n': L.pairs = atoi(optarg); break;
		case 'b': L.size = (size_t)atol(optarg); break;
		case 'r': L.rate = atol(optarg); break;
		case 'd': L.duration = atoi(optarg); break;
		case 'p': L.pid = optarg; break;
		case 'P': L.password = optarg; break;
		case 't': ca = optarg; break;
		case 'i': L.idle = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: msgload -s HOST:PORT [-n PAIRS] "
			    "[-b BODY_BYTES] [-r MSG_PER_S, 0 flat out] "
			    "[-d SECONDS] [-p SERVER_PID] [-P PASSWORD] "
			    "[-t CA_FILE] [-i IDLE_CONNS -p SERVER_PID]\n");
			return 2;
		}
	}
	if (server == NULL || addr_split(server, &L.host, &port,
	    &cause) != 0 || inet_pton(AF_INET, L.host, &L.sin.sin_addr) != 1 ||
	    L.pairs < 1 || L.size < 24 || L.size > 60000 || L.idle < 0) {
		fprintf(stderr, "msgload: need -s HOST:PORT (IPv4), pairs >= 1, "
		    "body 24..60000, idle connections >= 0\n");
		return 2;
	}
	if (L.idle > 0 && L.pid == NULL) {
		fprintf(stderr, "msgload: -i measures the server: "
		    "give -p PID\n");
		return 2;
	}
	if (ca != NULL && (L.tls = tls_client_ctx(ca, &cause)) == NULL) {
		fprintf(stderr, "msgload: %s\n", cause);
		return 1;
	}
	L.sin.sin_family = AF_INET;
	L.sin.sin_port = htons((uint16_t)port);
	L.npeers = L.idle > 0 ? L.idle : 2 * L.pairs;
	fds_raise();
	/* A connection the server closes must not kill us on a write. */
	signal(SIGPIPE, SIG_IGN);
	L.base = base_precise();
	L.peers = xcalloc((size_t)L.npeers, sizeof *L.peers);
	for (int i = 0; i < L.npeers; i++) {
		L.peers[i].index = i % L.pairs;
		L.peers[i].sender = (i / L.pairs) % 2 == 0;
	}
	if (L.idle > 0 && (L.rss_before = status_kb("VmRSS:")) < 0) {
		fprintf(stderr, "msgload: no process %s to measure\n", L.pid);
		return 1;
	}
	L.t_start = L.t_progress = L.t_login = now_us();
	peers_fill();
	/* Idle mode sends nothing: it only needs to notice when it is done. */
	tv.tv_sec = 0;
	tv.tv_usec = L.idle > 0 ? 100000 : 1000;
	tick = event_new(L.base, -1, EV_PERSIST, tick_cb, NULL);
	event_add(tick, &tv);
	event_base_dispatch(L.base);
	if (L.idle > 0)
		report_idle();
	else
		report_load();
	free(L.host);
	if (L.idle > 0 && L.ready < L.idle) {
		fprintf(stderr, "msgload: only %d of %d connections logged "
		    "in\n", L.ready, L.idle);
		return 1;
	}
	return 0;
}
