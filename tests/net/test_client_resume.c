#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "net/client.h"
#include "src/base/xmalloc.h"
#include "tests/testlib.h"

#define NMSG	200

static const char	*builddir;
static char		*dir;
static pid_t		 server = -1;
static unsigned		 port;
static const char	*dbname = "db";
/* The loop stops once both counts are reached. */
static int		 want_acks, want_msgs;
static struct side	*alice, *bob;

static void
server_kill9(void)
{
	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	server = -1;
}

/* Whatever ends the program (a failed test included) ends the server too. */
static void
server_atexit(void)
{
	if (server != -1)
		server_kill9();
}

/* Start hcwedd on port (0: ephemeral) and wait, bounded, until ready. */
static void
server_start(void)
{
	char	*ready = xasprintf("%s/ready", dir);
	char	*bin = xasprintf("%s/hcwedd", builddir);
	char	*db = xasprintf("%s/%s", dir, dbname);
	char	*listen = xasprintf("127.0.0.1:%u", port);
	char	*log = xasprintf("%s/hcwedd.log", dir);
	FILE	*f;

	/* A test that failed half-way left its server running. */
	if (server != -1)
		server_kill9();
	unlink(ready);
	if ((server = fork()) == 0) {
		int	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(fd, 2);
		execl(bin, bin, "--listen", listen, "--db", db,
		    "--ready-file", ready, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 1000 && (f = fopen(ready, "r")) == NULL; i++)
		usleep(10000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL_FATAL(fscanf(f, "127.0.0.1:%u", &port), 1);
	fclose(f);
	free(ready);
	free(bin);
	free(db);
	free(listen);
	free(log);
}

/* The password of name, as tests/lib.sh makes it: rot13 keeps the name
 * out of it, which the password check would refuse. */
static void
password_of(const char *name, char *pw, size_t size)
{
	char	rot[32];
	size_t	i;

	for (i = 0; name[i] != '\0' && i < sizeof rot - 1; i++)
		rot[i] = (char)('a' + (name[i] - 'a' + 13) % 26);
	rot[i] = '\0';
	snprintf(pw, size, "pw-%s-1234", rot);
}

static void
user_add(const char *name)
{
	char	*cmd = xasprintf("%s/hcwedd user add %s --role nurse --db "
		    "%s/%s >/dev/null 2>&1", builddir, name, dir, dbname);
	FILE	*p = popen(cmd, "w");
	char	 pw[64];

	password_of(name, pw, sizeof pw);
	fprintf(p, "%s\n", pw);
	CU_ASSERT_EQUAL_FATAL(pclose(p), 0);
	free(cmd);
}

struct side {
	struct event_base	*base;
	struct client		*cl;
	int64_t			 acked[2 * NMSG];
	int			 nacks;
	int64_t			 got[4 * NMSG];
	int			 ngot;
	int			 ndisconnected;
	int			 kill_at;	/* kill -9 the server at this ack */
	bool			 auth_failed;
};

static void
check_done(struct event_base *base)
{
	if ((alice == NULL || alice->nacks >= want_acks) &&
	    (bob == NULL || bob->ngot >= want_msgs))
		event_base_loopbreak(base);
}

static void
on_state(void *arg, enum client_state st, const char *reason, unsigned ms)
{
	struct side	*s = arg;

	(void)reason;
	(void)ms;
	if (st == CLIENT_DISCONNECTED)
		s->ndisconnected++;
	if (st == CLIENT_AUTH_FAILED) {
		s->auth_failed = true;
		event_base_loopbreak(s->base);
	}
}

static void
on_ack(void *arg, const char *cid, int64_t mid, int64_t ts)
{
	struct side	*s = arg;

	(void)cid;
	(void)ts;
	s->acked[s->nacks++] = mid;
	if (s->nacks == s->kill_at) {
		server_kill9();
		server_start();
	}
	check_done(s->base);
}

static void
on_message(void *arg, const struct proto_message *m)
{
	struct side	*s = arg;

	s->got[s->ngot++] = m->mid;
	check_done(s->base);
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

static struct client *
connect_as(struct side *s, const char *user, const struct client_cb *cb0)
{
	struct client_config	cfg = { .host = "127.0.0.1", .port = port,
				    .user = user, .reconnect = true,
				    .backoff_min_ms = 20, .backoff_max_ms = 200 };
	struct client_cb	cb = *cb0;
	char			pw[64];

	password_of(user, pw, sizeof pw);
	cfg.password = pw;
	cb.arg = s;
	s->cl = client_new(s->base, &cfg, &cb);
	client_start(s->cl);
	return s->cl;
}

/* Run base until stop or 15 s pass. */
static void
run(struct event_base *base)
{
	struct event	*t = evtimer_new(base, on_timeout, base);
	struct timeval	 tv = { 15, 0 };

	evtimer_add(t, &tv);
	event_base_dispatch(base);
	event_free(t);
}

/* Every mid in want appears exactly once in got, and nothing else. */
static void
assert_exactly_once(const int64_t *want, int nwant, const int64_t *got,
    int ngot)
{
	CU_ASSERT_EQUAL(ngot, nwant);
	for (int i = 0; i < nwant; i++) {
		int	n = 0;

		for (int j = 0; j < ngot; j++)
			n += got[j] == want[i];
		CU_ASSERT_EQUAL(n, 1);
		if (n != 1)
			fprintf(stderr, "\nmid %lld seen %d times\n",
			    (long long)want[i], n);
	}
}

static int
setup(void)
{
	dir = testlib_tmpdir("hcwed-resume");
	port = 0;
	return 0;
}

static int
teardown(void)
{
	if (server != -1)
		server_kill9();
	testlib_rmdir(dir);
	free(dir);
	return 0;
}

static void
test_kill9_after_acks(void)
{
	struct client_cb	 cb = { .state = on_state, .ack = on_ack,
				    .message = on_message };
	struct side		 a = { .kill_at = NMSG };
	struct side		 b = { .kill_at = 0 };
	char			 body[32];
	char			*cause;

	alice = &a;
	bob = NULL;
	want_acks = NMSG;
	server_start();
	user_add("alice");
	user_add("bob");
	a.base = event_base_new();
	connect_as(&a, "alice", &cb);
	for (int i = 0; i < NMSG; i++) {
		snprintf(body, sizeof body, "crash %d", i);
		CU_ASSERT_EQUAL(client_send(a.cl, "bob", body, strlen(body),
		    PROTO_PRIO_NORMAL, NULL, NULL, &cause), 0);
	}
	run(a.base);
	CU_ASSERT_EQUAL_FATAL(a.nacks, NMSG);
	client_free(a.cl);
	event_base_free(a.base);

	/* The server was killed at the last ack and restarted: listen. */
	alice = NULL;
	bob = &b;
	want_msgs = NMSG;
	b.base = event_base_new();
	connect_as(&b, "bob", &cb);
	run(b.base);
	assert_exactly_once(a.acked, a.nacks, b.got, b.ngot);
	client_free(b.cl);
	event_base_free(b.base);
	server_kill9();
	bob = NULL;
}

static void
test_resume_no_gap_no_duplicate(void)
{
	struct client_cb	 cb = { .state = on_state, .ack = on_ack,
				    .message = on_message };
	struct side		 a = { .kill_at = NMSG / 4 };
	struct side		 b = { .kill_at = 0 };
	struct event_base	*base = event_base_new();
	char			 body[32];
	char			*cause;

	dbname = "db2";
	port = 0;
	alice = &a;
	bob = &b;
	want_acks = NMSG;
	want_msgs = NMSG;
	server_start();
	user_add("alice");
	user_add("bob");
	a.base = b.base = base;
	connect_as(&b, "bob", &cb);
	connect_as(&a, "alice", &cb);
	/* Half now, half while the server is down or coming back. */
	for (int i = 0; i < NMSG / 2; i++) {
		snprintf(body, sizeof body, "resume %d", i);
		client_send(a.cl, "bob", body, strlen(body),
		    PROTO_PRIO_NORMAL, NULL, NULL, &cause);
	}
	while (a.nacks < NMSG / 4 + 1 && a.ndisconnected == 0)
		event_base_loop(base, EVLOOP_ONCE);
	for (int i = NMSG / 2; i < NMSG; i++) {
		snprintf(body, sizeof body, "resume %d", i);
		client_send(a.cl, "bob", body, strlen(body),
		    PROTO_PRIO_NORMAL, NULL, NULL, &cause);
	}
	run(base);
	/* Let any late repeat arrive: a marker comes after everything. */
	want_acks = want_msgs = NMSG + 1;
	client_send(a.cl, "bob", "marker", 6, PROTO_PRIO_NORMAL, NULL, NULL,
	    &cause);
	run(base);
	CU_ASSERT_TRUE(a.ndisconnected >= 1);
	CU_ASSERT_TRUE(b.ndisconnected >= 1);
	CU_ASSERT_EQUAL(client_pending(a.cl), 0);
	assert_exactly_once(a.acked, a.nacks, b.got, b.ngot);
	CU_ASSERT_EQUAL(a.nacks, NMSG + 1);
	client_free(a.cl);
	client_free(b.cl);
	event_base_free(base);
	alice = bob = NULL;
}

/* What bob has last heard of alice's presence, and since the restart. */
static enum proto_presence	alice_presence;
static bool			restarted, heard_since;
static int			alice_logins;

static void
on_alice_state(void *arg, enum client_state st, const char *reason,
    unsigned ms)
{
	(void)arg;
	(void)reason;
	(void)ms;
	if (st == CLIENT_LOGGED_IN)
		alice_logins++;
}

static void
on_bob_presence(void *arg, const char *user, enum proto_presence p)
{
	(void)arg;
	if (strcmp(user, "alice") != 0)
		return;
	alice_presence = p;
	heard_since = heard_since || restarted;
}

/* Turn base until done() holds, or for 15 s; whether it held. */
static bool
turn_until(struct event_base *base, bool (*done)(void))
{
	struct timeval	tenth = { 0, 100 * 1000 };

	for (int i = 0; i < 150 && !done(); i++) {
		event_base_loopexit(base, &tenth);
		event_base_dispatch(base);
	}
	return done();
}

static bool
both_in(void)
{
	return alice_logins >= 1 && alice_presence == PROTO_PRESENCE_AVAILABLE;
}

static bool
heard_away(void)
{
	return alice_presence == PROTO_PRESENCE_AWAY;
}

static bool
away_again(void)
{
	return alice_logins >= 2 && heard_since &&
	    alice_presence == PROTO_PRESENCE_AWAY;
}

/*
 * A new session starts available: a client that reconnects says again
 * the presence its user chose, or the others would see "available" while
 * the screen said "away".
 */
static void
test_presence_said_again(void)
{
	struct client_cb	 acb = { .state = on_alice_state };
	struct client_cb	 bcb = { .presence = on_bob_presence };
	struct side		 a = { 0 }, b = { 0 };
	struct event_base	*base = event_base_new();
	char			*cause = NULL;

	dbname = "db3";
	port = 0;
	server_start();
	user_add("alice");
	user_add("bob");
	a.base = b.base = base;
	connect_as(&b, "bob", &bcb);
	connect_as(&a, "alice", &acb);
	CU_ASSERT_FATAL(turn_until(base, both_in));
	CU_ASSERT_EQUAL_FATAL(client_presence(a.cl, PROTO_PRESENCE_AWAY,
	    &cause), 0);
	CU_ASSERT_FATAL(turn_until(base, heard_away));
	server_kill9();
	server_start();
	restarted = true;
	CU_ASSERT(turn_until(base, away_again));
	client_free(a.cl);
	client_free(b.cl);
	event_base_free(base);
	server_kill9();
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "kill -9 right after the last ack: each acked mid once",
		  test_kill9_after_acks },
		{ "reconnect with sync: no gap, no duplicate, one ack each",
		  test_resume_no_gap_no_duplicate },
		{ "a chosen presence is said again after a reconnection",
		  test_presence_said_again },
		{ NULL, NULL }
	};
	char	*bin;

	if ((builddir = getenv("top_builddir")) == NULL)
		builddir = ".";
	bin = xasprintf("%s/hcwedd", builddir);
	if (access(bin, X_OK) == -1) {
		printf("SKIP: %s is not built\n", bin);
		free(bin);
		return 77;
	}
	free(bin);
	signal(SIGPIPE, SIG_IGN);
	atexit(server_atexit);
	return testlib_run("client_resume", setup, teardown, cases);
}
