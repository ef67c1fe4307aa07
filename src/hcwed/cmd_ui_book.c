#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "src/base/clock.h"
#include "src/base/xmalloc.h"
#include "src/book/bookconf.h"
#include "src/book/bookloop.h"
#include "src/book/httpw.h"
#include "src/book/planner.h"
#include "src/hcwed/cmd_ui.h"
#include "ui/dash.h"

/*
 * The wedding planner behind the dashboard: the same planner and worker
 * as hcwed book, driven from the shell's loop.  The worker's wake-up only
 * posts to the loop; everything else runs on the loop thread.
 */
struct cmd_ui_book {
	struct shell		*sh;
	struct dash		*dash;
	struct httpw		*w;
	struct planner		*pl;
	struct planner_snapshot	*snap;
	struct event		*timer;
	uint64_t		 start_ms;
	atomic_bool		 wake_posted;
};

static void	cmd_ui_book_schedule(struct cmd_ui_book *);

static void
cmd_ui_book_show(struct cmd_ui_book *b)
{
	struct dash_status	st;
	uint64_t		ready;

	if (b->pl == NULL)
		return;
	st.now_ms = clock_mono_ms();
	st.elapsed_ms = st.now_ms - b->start_ms;
	ready = httpw_ready_in(b->w, BOOK_HOTEL);
	if (httpw_ready_in(b->w, BOOK_BAND) < ready)
		ready = httpw_ready_in(b->w, BOOK_BAND);
	st.next_ms = ready;
	planner_snapshot(b->pl, st.now_ms, b->snap);
	dash_update(b->dash, b->snap, &st);
}

static void
cmd_ui_book_on_timer(evutil_socket_t fd, short what, void *arg)
{
	cmd_ui_book_schedule(arg);
}

static void
cmd_ui_book_timer_in(struct cmd_ui_book *b, uint64_t ms)
{
	struct timeval	tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(b->timer, &tv);
}

static void
cmd_ui_book_schedule(struct cmd_ui_book *b)
{
	struct book_req	req;
	uint64_t	wait_ms = 0;

	switch (bookloop_next(b->w, b->pl, &req, &wait_ms)) {
	case PLANNER_SEND:
		httpw_submit(b->w, &req);
		cmd_ui_book_show(b);
		break;
	case PLANNER_WAIT:
		cmd_ui_book_timer_in(b, wait_ms);
		break;
	case PLANNER_BUSY:
	case PLANNER_STOPPED:
		break;
	}
}

/* On the loop: everything the worker has posted, then the next step. */
static void
cmd_ui_book_on_wake(void *arg)
{
	struct cmd_ui_book	*b = arg;
	struct httpw_item	 item;

	atomic_store(&b->wake_posted, false);
	while (httpw_take(b->w, &item) == 1) {
		if (item.kind == HTTPW_LOG) {
			dash_log(b->dash, &item.log);
			continue;
		}
		planner_result(b->pl, &item.result, clock_mono_ms());
		book_result_free(&item.result);
	}
	cmd_ui_book_show(b);
	cmd_ui_book_schedule(b);
}

/* The worker thread: only hand over to the loop, once per batch. */
static void
cmd_ui_book_wake(void *arg)
{
	struct cmd_ui_book	*b = arg;

	if (!atomic_exchange(&b->wake_posted, true))
		shell_post(b->sh, cmd_ui_book_on_wake, b);
}

static int
cmd_ui_book_pick(void *arg, unsigned slot, char **cause)
{
	struct cmd_ui_book	*b = arg;

	if (planner_pick(b->pl, slot, cause) == -1)
		return -1;
	cmd_ui_book_schedule(b);
	cmd_ui_book_show(b);
	return 0;
}

static int
cmd_ui_book_cancel(void *arg, unsigned slot, char **cause)
{
	struct cmd_ui_book	*b = arg;

	if (planner_cancel_pair(b->pl, slot, cause) == -1)
		return -1;
	cmd_ui_book_schedule(b);
	cmd_ui_book_show(b);
	return 0;
}

static void
cmd_ui_book_mode(void *arg, enum planner_mode m)
{
	struct cmd_ui_book	*b = arg;

	planner_set_mode(b->pl, m);
	cmd_ui_book_schedule(b);
	cmd_ui_book_show(b);
}

static void
cmd_ui_book_refresh(void *arg)
{
	cmd_ui_book_show(arg);
}

void
cmd_ui_book_backend(struct cmd_ui *ui, struct dash_backend *be)
{
	memset(be, 0, sizeof *be);
	be->arg = ui->book;
	be->pick = cmd_ui_book_pick;
	be->cancel = cmd_ui_book_cancel;
	be->mode = cmd_ui_book_mode;
	be->tick = cmd_ui_book_refresh;
}

static int
cmd_ui_book_config(struct bookconf *bc, struct httpw_config *hc,
    char **cause)
{
	bookconf_init(bc);
	if (bookconf_load(bc, NULL, cause) == -1 ||
	    bookconf_finish(bc, cause) == -1)
		return -1;
	memset(hc, 0, sizeof *hc);
	for (int s = 0; s < BOOK_NSVC; s++) {
		hc->url[s] = bc->url[s];
		hc->key[s] = bc->key[s];
	}
	hc->rate_mhz = bc->rate_mhz;
	hc->burst = bc->burst;
	hc->per_service = bc->per_service;
	hc->guard_ms = 20;
	hc->connect_timeout_ms = bc->connect_timeout_ms;
	hc->timeout_ms = bc->timeout_ms;
	hc->retry = (struct retry_policy)RETRY_POLICY_DEFAULT;
	hc->retry.max_attempts = bc->attempts;
	return 0;
}

void
cmd_ui_book_new(struct cmd_ui *ui)
{
	ui->book = xcalloc(1, sizeof *ui->book);
	ui->book->sh = ui->sh;
	ui->book->snap = xcalloc(1, sizeof *ui->book->snap);
	atomic_init(&ui->book->wake_posted, false);
}

void
cmd_ui_book_start(struct cmd_ui *ui, struct dash *dash)
{
	struct cmd_ui_book	*b = ui->book;
	struct bookconf		 bc;
	struct httpw_config	 hc;
	struct planner_opts	 po;
	char			*cause = NULL;

	b->dash = dash;
	if (cmd_ui_book_config(&bc, &hc, &cause) == -1) {
		dash_unconfigured(dash, cause);
		free(cause);
		bookconf_free(&bc);
		return;
	}
	planner_opts_default(&po);
	po.poll_ms = bc.poll_ms;
	/* Whatever an earlier run (or hcwed book) holds counts: read it. */
	po.resume = true;
	b->start_ms = clock_mono_ms();
	if ((b->w = httpw_start(&hc, cmd_ui_book_wake, b, &cause)) == NULL) {
		dash_unconfigured(dash, cause);
		free(cause);
		bookconf_free(&bc);
		return;
	}
	bookconf_free(&bc);
	b->pl = planner_new(&po, b->start_ms);
	b->timer = evtimer_new(shell_base(ui->sh), cmd_ui_book_on_timer, b);
	cmd_ui_book_show(b);
	cmd_ui_book_schedule(b);
}

void
cmd_ui_book_free(struct cmd_ui *ui)
{
	struct cmd_ui_book	*b = ui->book;

	if (b == NULL)
		return;
	/* Joined before anything it could post about goes away. */
	if (b->w != NULL)
		httpw_stop(b->w);
	if (b->timer != NULL)
		event_free(b->timer);
	if (b->pl != NULL)
		planner_free(b->pl);
	free(b->snap);
	free(b);
	ui->book = NULL;
}
