/*
 * msgload: a load generator for hcwedd.  N sender/receiver pairs (accounts
 * sN and rN, one password for all) each on its own connection; senders send
 * flat out (a window of unacknowledged sends each) or at a fixed total
 * rate; receivers time each message from the send time carried in its body.
 * Reports acked and delivered messages/s, send-to-deliver latency
 * percentiles and the server's peak RSS (VmHWM of --pid).
 */
#include "config.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/addr.h"
#include "src/xmalloc.h"

#define WINDOW	64	/* unacknowledged sends per sender when flat out */

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
	struct peer		*peers;
	int			 pairs;
	size_t			 size;
	long			 rate;
	int			 duration;
	const char		*password;
	int			 ready;
	bool			 running, done;
	long			 sent, acked, delivered;
	double			 credit;
	uint32_t		*lat;		/* microseconds */
	size_t			 nlat, latcap;
	int64_t			 t_start;
} L;

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

static void
peer_line(struct peer *p, const char *line)
{
	const char	*b;

	if (strstr(line, "\"reply\":\"login\"") != NULL) {
		p->ready = true;
		L.ready++;
		return;
	}
	if (strstr(line, "\"error\"") != NULL) {
		fprintf(stderr, "msgload: %s%d: %s\n", p->sender ? "s" : "r",
		    p->index, line);
		return;
	}
	if (p->sender && strstr(line, "\"reply\":\"ack\"") != NULL) {
		p->outstanding--;
		if (L.running) {
			L.acked++;
			if (L.rate == 0)
				peer_send(p);
		}
		return;
	}
	if (!p->sender && (b = strstr(line, "\"body\":\"t=")) != NULL &&
	    L.running) {
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
	struct evbuffer	*in = bufferevent_get_input(bev);
	char		*line;
	size_t		 len;

	while ((line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) != NULL) {
		peer_line(arg, line);
		free(line);
	}
}

static void
peer_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct peer	*p = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		fprintf(stderr, "msgload: %s%d: connection lost\n",
		    p->sender ? "s" : "r", p->index);
		exit(1);
	}
	if (what & BEV_EVENT_CONNECTED) {
		int one = 1;

		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY,
		    &one, sizeof one);
	}
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	static int	 next;

	if (!L.running && L.ready == 2 * L.pairs) {
		L.running = true;
		L.t_start = now_us();
		fprintf(stderr, "msgload: %d connections logged in, running\n",
		    2 * L.pairs);
		if (L.rate == 0) {
			for (int i = 0; i < L.pairs; i++)
				for (int w = 0; w < WINDOW; w++)
					peer_send(&L.peers[i]);
		}
	}
	if (!L.running)
		return;
	if (now_us() - L.t_start >= (int64_t)L.duration * 1000000) {
		L.running = false;
		L.done = true;
		event_base_loopexit(L.base, NULL);
		return;
	}
	if (L.rate > 0) {
		/* Catch up by elapsed time: ticks come late on a busy machine. */
		L.credit = (double)L.rate * (double)(now_us() - L.t_start) /
		    1e6 - (double)L.sent;
		for (; L.credit >= 1; L.credit--) {
			peer_send(&L.peers[next]);
			next = (next + 1) % L.pairs;
		}
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static long
vmhwm_kb(const char *pid)
{
	char	 path[64], line[256];
	long	 kb = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%s/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static double
pct(double p)
{
	size_t	i = (size_t)(p * (double)L.nlat);

	if (L.nlat == 0)
		return 0;
	return (double)L.lat[i < L.nlat ? i : L.nlat - 1] / 1000.0;
}

int
main(int argc, char **argv)
{
	const char		*server = NULL, *pid = NULL;
	char			*host, *cause, line[256];
	unsigned		 port;
	struct sockaddr_in	 sin;
	struct event		*tick;
	struct timeval		 ms = { 0, 1000 };
	int			 ch, n;

	L.pairs = 10;
	L.size = 150;
	L.duration = 10;
	L.password = "bench";
	while ((ch = getopt(argc, argv, "s:n:b:r:d:p:P:")) != -1) {
		switch (ch) {
		case 's': server = optarg; break;
		case 'n': L.pairs = atoi(optarg); break;
		case 'b': L.size = (size_t)atol(optarg); break;
		case 'r': L.rate = atol(optarg); break;
		case 'd': L.duration = atoi(optarg); break;
		case 'p': pid = optarg; break;
		case 'P': L.password = optarg; break;
		default:
			fprintf(stderr, "usage: msgload -s HOST:PORT [-n PAIRS] "
			    "[-b BODY_BYTES] [-r MSG_PER_S, 0 flat out] "
			    "[-d SECONDS] [-p SERVER_PID] [-P PASSWORD]\n");
			return 2;
		}
	}
	if (server == NULL || addr_split(server, &host, &port, &cause) != 0 ||
	    L.pairs < 1 || L.size < 24 || L.size > 60000) {
		fprintf(stderr, "msgload: need -s HOST:PORT (IPv4), pairs >= 1, "
		    "body 24..60000\n");
		return 2;
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &sin.sin_addr);
	L.base = event_base_new();
	L.peers = xcalloc((size_t)L.pairs * 2, sizeof *L.peers);
	for (int i = 0; i < 2 * L.pairs; i++) {
		struct peer *p = &L.peers[i];

		p->index = i % L.pairs;
		p->sender = i < L.pairs;
		p->bev = bufferevent_socket_new(L.base, -1, BEV_OPT_CLOSE_ON_FREE);
		bufferevent_setcb(p->bev, peer_read_cb, NULL, peer_event_cb, p);
		bufferevent_enable(p->bev, EV_READ | EV_WRITE);
		if (bufferevent_socket_connect(p->bev, (struct sockaddr *)&sin,
		    sizeof sin) != 0) {
			fprintf(stderr, "msgload: cannot connect to %s\n", server);
			return 1;
		}
		n = snprintf(line, sizeof line, "{\"cmd\":\"hello\",\"version\":1}"
		    "\n{\"cmd\":\"login\",\"user\":\"%c%d\",\"password\":\"%s\"}"
		    "\n", p->sender ? 's' : 'r', p->index, L.password);
		bufferevent_write(p->bev, line, (size_t)n);
	}
	tick = event_new(L.base, -1, EV_PERSIST, tick_cb, NULL);
	event_add(tick, &ms);
	event_base_dispatch(L.base);
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
	if (pid != NULL)
		printf("server_vmhwm_kb=%ld\n", vmhwm_kb(pid));
	free(host);
	return 0;
}
