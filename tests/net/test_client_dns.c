#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#include "net/client.h"
#include "net/client_int.h"
#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "tests/testlib.h"

/* A name no real resolver knows (RFC 6761), asked of our nameserver. */
#define NAME		"hcwed-test.invalid"
#define NQUERIES	8

struct query {
	unsigned char		buf[512];
	size_t			len;
	struct sockaddr_storage	from;
	socklen_t		fromlen;
};

/* What one loop saw: the client's states, the queries, the timer. */
struct seen {
	struct event_base	*base;
	struct client		*cl;
	enum client_state	 state;
	char			 reason[256];
	int			 udp;		/* our nameserver */
	struct query		 q[NQUERIES];
	int			 nq;
	int			 named;		/* of nq, for NAME */
	bool			 answering;
	bool			 timer_fired;
	enum client_state	 state_at_timer;
	int			 nq_at_timer;
};

static void
on_state(void *arg, enum client_state st, const char *reason, unsigned ms)
{
	struct seen	*s = arg;

	(void)ms;
	s->state = st;
	snprintf(s->reason, sizeof s->reason, "%s", reason != NULL ? reason :
	    "");
	if (st != CLIENT_CONNECTING)
		event_base_loopbreak(s->base);
}

static struct client *
client_for(struct seen *s, const char *host, unsigned port,
    struct evdns_base *dns)
{
	struct client_config	cfg = { .host = host, .port = port,
				    .user = "alice", .password = "pw",
				    .dns = dns };
	struct client_cb	cb = { .state = on_state, .arg = s };

	s->cl = client_new(s->base, &cfg, &cb);
	return s->cl;
}

static void
on_safety(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

/* Run s->base until a callback breaks it, for at most 5 s. */
static void
run(struct seen *s)
{
	struct event	*t = evtimer_new(s->base, on_safety, s->base);
	struct timeval	 tv = { 5, 0 };

	evtimer_add(t, &tv);
	event_base_dispatch(s->base);
	event_free(t);
}

/* A socket on 127.0.0.1 and an ephemeral port, which goes to *port. */
static int
loopback(int type, unsigned *port)
{
	struct sockaddr_in	sin = { .sin_family = AF_INET };
	socklen_t		len = sizeof sin;
	int			fd = socket(AF_INET, type, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_EQUAL_FATAL(bind(fd, (struct sockaddr *)&sin, sizeof sin),
	    0);
	CU_ASSERT_EQUAL_FATAL(getsockname(fd, (struct sockaddr *)&sin, &len),
	    0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/*
 * With no resolver configured the client makes its own, which reads
 * /etc/hosts: "localhost" reaches a listener on 127.0.0.1.
 */
static void
test_localhost(void)
{
	struct seen	 s = { .base = event_base_new() };
	unsigned	 port;
	int		 fd = loopback(SOCK_STREAM, &port);

	CU_ASSERT_EQUAL_FATAL(listen(fd, 4), 0);
	client_for(&s, "localhost", port, NULL);
	CU_ASSERT_PTR_NOT_NULL(s.cl->dns);
	CU_ASSERT_TRUE(s.cl->own_dns);
	client_start(s.cl);
	run(&s);
	CU_ASSERT_EQUAL(s.state, CLIENT_CONNECTED);
	if (s.state != CLIENT_CONNECTED)
		fprintf(stderr, "\nlocalhost:%u: %s\n", port, s.reason);
	client_free(s.cl);
	close(fd);
	event_base_free(s.base);
}

/* The question's name, labels joined by dots. */
static void
query_name(const struct query *q, char *out, size_t size)
{
	size_t	i = 12, n = 0;

	while (i < q->len && q->buf[i] != 0 && n + q->buf[i] + 1 < size) {
		if (n > 0)
			out[n++] = '.';
		memcpy(out + n, q->buf + i + 1, q->buf[i]);
		n += q->buf[i];
		i += 1 + q->buf[i];
	}
	out[n] = '\0';
}

/* Answer q: no such name, the question echoed as evdns expects. */
static void
ns_nxdomain(struct seen *s, struct query *q)
{
	q->buf[2] |= 0x80;		/* QR: a response */
	q->buf[3] = 0x83;		/* RA, RCODE 3: NXDOMAIN */
	memset(q->buf + 6, 0, 6);	/* no answer, authority, additional */
	sendto(s->udp, q->buf, q->len, 0, (struct sockaddr *)&q->from,
	    q->fromlen);
}

static void
on_query(evutil_socket_t fd, short what, void *arg)
{
	struct seen	*s = arg;
	struct query	 scratch, *q = s->nq < NQUERIES ? &s->q[s->nq] :
			    &scratch;
	char		 name[256];
	ssize_t		 n;

	(void)what;
	q->fromlen = sizeof q->from;
	n = recvfrom(fd, q->buf, sizeof q->buf, 0,
	    (struct sockaddr *)&q->from, &q->fromlen);
	if (n < 12)
		return;
	q->len = (size_t)n;
	query_name(q, name, sizeof name);
	/* evdns mixes the case of the name it asks for (the 0x20 hack). */
	s->named += strcasecmp(name, NAME) == 0;
	s->nq++;
	if (s->answering)
		ns_nxdomain(s, q);
}

/* 10 ms in: the lookup must still be on its way; now let it fail. */
static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct seen	*s = arg;

	(void)fd;
	(void)what;
	s->timer_fired = true;
	s->state_at_timer = client_state(s->cl);
	s->nq_at_timer = s->nq;
	s->answering = true;
	for (int i = 0; i < s->nq && i < NQUERIES; i++)
		ns_nxdomain(s, &s->q[i]);
}

/*
 * The nameserver is a socket on the client's own loop, silent until a
 * 10 ms timer on that loop fires.  A resolver that blocked the loop
 * would see neither the timer nor an answer; evdns asks, the timer
 * fires while the client is still connecting, and the answer that
 * follows ends the attempt with the name and resolver's message.
 */
static void
test_lookup_leaves_loop_running(void)
{
	struct seen		 s = { .base = event_base_new() };
	struct evdns_base	*dns = evdns_base_new(s.base, 0);
	struct timeval		 ten = { 0, 10000 };
	struct event		*ns, *timer;
	char			 addr[32], *want;
	unsigned		 port;
	uint64_t		 t0;

	s.udp = loopback(SOCK_DGRAM, &port);
	snprintf(addr, sizeof addr, "127.0.0.1:%u", port);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns);
	CU_ASSERT_EQUAL_FATAL(evdns_base_nameserver_ip_add(dns, addr), 0);
	ns = event_new(s.base, s.udp, EV_READ | EV_PERSIST, on_query, &s);
	event_add(ns, NULL);
	client_for(&s, NAME, 4242, dns);
	CU_ASSERT_FALSE(s.cl->own_dns);
	timer = evtimer_new(s.base, on_timer, &s);
	evtimer_add(timer, &ten);

	t0 = clock_mono_ms();
	client_start(s.cl);
	CU_ASSERT_TRUE(clock_mono_ms() - t0 < 100);
	run(&s);
	CU_ASSERT_TRUE(s.timer_fired);
	CU_ASSERT_EQUAL(s.state_at_timer, CLIENT_CONNECTING);
	CU_ASSERT_TRUE(s.nq_at_timer >= 1);
	CU_ASSERT_EQUAL(s.named, s.nq);
	/* The failure reads as it did with getaddrinfo(): name: reason. */
	CU_ASSERT_EQUAL(s.state, CLIENT_DISCONNECTED);
	want = xasprintf("%s: %s", NAME,
	    evutil_gai_strerror(EVUTIL_EAI_NONAME));
	CU_ASSERT_STRING_EQUAL(s.reason, want);
	free(want);

	client_free(s.cl);
	evdns_base_free(dns, 1);
	event_free(timer);
	event_free(ns);
	close(s.udp);
	event_base_free(s.base);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "localhost resolves through the client's own resolver",
		  test_localhost },
		{ "a lookup leaves the loop running; failures name the host",
		  test_lookup_leaves_loop_running },
		{ NULL, NULL }
	};

	return testlib_run("client_dns", NULL, NULL, cases);
}
