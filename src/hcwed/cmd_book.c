#include "config.h"

#include <event2/event.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "src/book/bookconf.h"
#include "src/book/bookloop.h"
#include "src/book/bookmark.h"
#include "src/book/httpw.h"
#include "src/book/planner.h"
#include "src/hcwed/cmd_book.h"
#include "src/hcwed/commands.h"

static int	cmd_book(int, char **);

const struct cmd_entry cmd_book_entry = {
	.name = "book",
	.usage =
	    "[--hotel URL] [--band URL] [--until-earliest] [--watch] [--json]",
	.summary =
	    "reserve the same slot at the hotel and the band, as early as possible",
	.run = cmd_book,
};

static void	book_schedule(struct book *);

static void
book_finish(struct book *b, int status, const char *reason)
{
	b->status = status;
	b->reason = reason;
	event_base_loopbreak(b->base);
}

/* Called from the worker thread: only wake the loop. */
static void
book_wake(void *arg)
{
	struct book	*b = arg;
	char		 c = 0;
	ssize_t		 n;

	do
		n = write(b->pipe[1], &c, 1);
	while (n == -1 && errno == EINTR);
}

static void
book_check_done(struct book *b)
{
	uint64_t	now = clock_mono_ms();

	planner_snapshot(b->pl, now, b->snap);
	if (b->snap->pair != 0 && b->first_pair_ms == 0) {
		b->first_pair_ms = now - b->start_ms;
		b->first_pair_requests = b->requests;
	}
	if (b->snap->failure[0] != '\0') {
		fprintf(stderr, "hcwed book: %s\n", b->snap->failure);
		book_finish(b, CMD_EXIT_AUTH, "refused");
		return;
	}
	/* Stop only with exactly the pair held and nothing in doubt. */
	if (b->watch || b->snap->pair == 0 || b->snap->inflight ||
	    b->snap->nholds[BOOK_HOTEL] != 1 || b->snap->nholds[BOOK_BAND] != 1)
		return;
	if (!b->until_earliest)
		book_finish(b, CMD_EXIT_OK, "pair");
	else if (b->snap->state == PLANNER_EARLIEST)
		book_finish(b, CMD_EXIT_OK, "earliest");
}

static void
book_on_item(struct book *b, struct httpw_item *item)
{
	int	ev;

	if (item->kind == HTTPW_LOG) {
		b->requests++;
		book_print_attempt(b, &item->log);
		return;
	}
	ev = planner_result(b->pl, &item->result, clock_mono_ms());
	planner_snapshot(b->pl, clock_mono_ms(), b->snap);
	book_print_result(b, &item->result, ev);
	book_result_free(&item->result);
	book_check_done(b);
}

static void
book_on_wake(evutil_socket_t fd, short what, void *arg)
{
	struct book		*b = arg;
	struct httpw_item	 item;
	char			 buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	while (b->status == -1 && httpw_take(b->w, &item) == 1)
		book_on_item(b, &item);
	if (b->status == -1)
		book_schedule(b);
}

static void
book_on_timer(evutil_socket_t fd, short what, void *arg)
{
	book_schedule(arg);
}

static void
book_on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct book	*b = arg;

	planner_snapshot(b->pl, clock_mono_ms(), b->snap);
	book_finish(b, b->snap->pair != 0 ? CMD_EXIT_OK : CMD_EXIT_FAILURE,
	    "interrupted");
}

static void
book_timer_in(struct book *b, uint64_t ms)
{
	struct timeval	tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(b->timer, &tv);
}

/* Before the first reservation: a restart must read holdings back. */
static void
book_mark(struct book *b)
{
	char	*cause = NULL;

	if (bookmark_add(b->url[BOOK_HOTEL], b->url[BOOK_BAND], &cause) == -1) {
		fprintf(stderr, "hcwed book: %s (a restart will not read "
		    "holdings back)\n", cause);
		free(cause);
	}
	b->marked = true;
}

static void
book_schedule(struct book *b)
{
	struct book_req	req;
	uint64_t	wait_ms = 0;

	switch (bookloop_next(b->w, b->pl, &req, &wait_ms)) {
	case PLANNER_SEND:
		if (req.method == BOOK_RESERVE && !b->marked)
			book_mark(b);
		httpw_submit(b->w, &req);
		break;
	case PLANNER_WAIT:
		book_timer_in(b, wait_ms);
		break;
	case PLANNER_BUSY:
		break;
	case PLANNER_STOPPED:
		book_check_done(b);
		break;
	}
}

static int
book_args(struct book *b, struct bookconf *bc, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hotel", required_argument, NULL, 'H' },
		{ "band", required_argument, NULL, 'B' },
		{ "until-earliest", no_argument, NULL, 'e' },
		{ "watch", no_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	optind = 1;
	while ((c = cmd_getopt("hcwed book", argc, argv, opts)) != -1) {
		switch (c) {
		case 'H':
		case 'B':
			free(bc->url[c == 'H' ? BOOK_HOTEL : BOOK_BAND]);
			bc->url[c == 'H' ? BOOK_HOTEL : BOOK_BAND] =
			    xstrdup(optarg);
			break;
		case 'e':
			b->until_earliest = true;
			break;
		case 'w':
			b->watch = true;
			break;
		case 'j':
			b->json = true;
			break;
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

static int
book_start(struct book *b, struct bookconf *bc, char **cause)
{
	struct httpw_config	hc;
	struct planner_opts	po;

	memset(&hc, 0, sizeof hc);
	for (int s = 0; s < BOOK_NSVC; s++) {
		hc.url[s] = bc->url[s];
		hc.key[s] = bc->key[s];
	}
	hc.rate_mhz = bc->rate_mhz;
	hc.burst = bc->burst;
	hc.per_service = bc->per_service;
	hc.guard_ms = 20;
	hc.connect_timeout_ms = bc->connect_timeout_ms;
	hc.timeout_ms = bc->timeout_ms;
	hc.retry = (struct retry_policy)RETRY_POLICY_DEFAULT;
	hc.retry.max_attempts = bc->attempts;
	if (pipe2(b->pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	planner_opts_default(&po);
	po.poll_ms = bc->poll_ms;
	b->marked = bookmark_has(b->url[BOOK_HOTEL], b->url[BOOK_BAND]);
	po.resume = b->marked;
	b->start_ms = clock_mono_ms();
	b->pl = planner_new(&po, b->start_ms);
	if ((b->w = httpw_start(&hc, book_wake, b, cause)) == NULL)
		return -1;
	b->base = event_base_new();
	if (b->base == NULL) {
		*cause = xstrdup("event_base_new failed");
		return -1;
	}
	b->wake_ev = event_new(b->base, b->pipe[0], EV_READ | EV_PERSIST,
	    book_on_wake, b);
	b->timer = evtimer_new(b->base, book_on_timer, b);
	b->sigint = evsignal_new(b->base, SIGINT, book_on_signal, b);
	b->sigterm = evsignal_new(b->base, SIGTERM, book_on_signal, b);
	event_add(b->wake_ev, NULL);
	event_add(b->sigint, NULL);
	event_add(b->sigterm, NULL);
	return 0;
}

static void
book_end(struct book *b)
{
	if (b->w != NULL)
		httpw_stop(b->w);
	if (b->base != NULL) {
		event_free(b->wake_ev);
		event_free(b->timer);
		event_free(b->sigint);
		event_free(b->sigterm);
		event_base_free(b->base);
	}
	if (b->pl != NULL)
		planner_free(b->pl);
	if (b->pipe[0] != -1) {
		close(b->pipe[0]);
		close(b->pipe[1]);
	}
	free(b->snap);
}

static int
cmd_book(int argc, char **argv)
{
	struct book	 b;
	struct bookconf	 bc;
	char		*cause = NULL;
	int		 status;

	memset(&b, 0, sizeof b);
	b.pipe[0] = b.pipe[1] = -1;
	b.status = -1;
	b.snap = xmalloc(sizeof *b.snap);
	bookconf_init(&bc);
	if (bookconf_load(&bc, NULL, &cause) == -1 ||
	    book_args(&b, &bc, argc, argv) == -1 ||
	    bookconf_finish(&bc, &cause) == -1) {
		if (cause != NULL)
			fprintf(stderr, "hcwed book: %s\n", cause);
		else
			cmd_usage(&cmd_book_entry);
		free(cause);
		bookconf_free(&bc);
		book_end(&b);
		return CMD_EXIT_USAGE;
	}
	b.url[BOOK_HOTEL] = bc.url[BOOK_HOTEL];
	b.url[BOOK_BAND] = bc.url[BOOK_BAND];
	if (book_start(&b, &bc, &cause) == -1) {
		fprintf(stderr, "hcwed book: %s\n", cause);
		free(cause);
		book_end(&b);
		bookconf_free(&bc);
		return CMD_EXIT_FAILURE;
	}
	book_schedule(&b);
	event_base_dispatch(b.base);
	planner_snapshot(b.pl, clock_mono_ms(), b.snap);
	book_print_done(&b);
	status = b.status == -1 ? CMD_EXIT_FAILURE : b.status;
	book_end(&b);
	bookconf_free(&bc);
	return status;
}
