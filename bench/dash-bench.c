/*
 * Renders the wedding dashboard offscreen (newterm on /dev/null, TERM
 * xterm-256color) and reports the full redraw time at 80x24 and 200x60:
 * both grids with every cell state present, holdings, and a full request
 * log ring.  On a shared machine wall time mostly measures the
 * neighbours, so the CPU time the redraw used is reported beside the
 * median and worst wall time.  Usage: dash-bench [REDRAWS].
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/curses.h"
#include "ui/dash.h"
#include "ui/keys.h"
#include "ui/screen.h"
#include "ui/theme.h"

#define BENCH_NOW	1000000

static double
bench_clock(clockid_t id)
{
	struct timespec	ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A busy afternoon: most slots taken, some free, some blocked, old news
 * at the band's end, my holds in every state. */
static void
bench_snapshot(struct planner_snapshot *sn)
{
	memset(sn, 0, sizeof *sn);
	sn->mode = PLANNER_ASSIST;
	sn->state = PLANNER_HOLDING;
	for (int s = 0; s < BOOK_NSVC; s++) {
		for (unsigned slot = 1; slot <= BOOK_SLOT_MAX; slot++) {
			struct planner_cell *c = &sn->cell[s][slot];

			c->avail = (slot * 7 + s) % 3 == 0 ? PLANNER_AV_FREE :
			    PLANNER_AV_TAKEN;
			if (slot % 61 == 0)
				c->avail = PLANNER_AV_BLOCKED;
			c->seen_ms = slot > 450 && s == BOOK_BAND ? 1 :
			    BENCH_NOW - 100;
		}
	}
	sn->holds[BOOK_HOTEL][0] = 120;
	sn->holds[BOOK_HOTEL][1] = 42;
	sn->holds[BOOK_BAND][0] = 120;
	sn->holds[BOOK_BAND][1] = 42;
	sn->nholds[BOOK_HOTEL] = sn->nholds[BOOK_BAND] = 2;
	sn->cell[BOOK_HOTEL][120].hold = PLANNER_HOLD_HELD;
	sn->cell[BOOK_BAND][120].hold = PLANNER_HOLD_HELD;
	sn->cell[BOOK_HOTEL][42].hold = PLANNER_HOLD_HELD;
	sn->cell[BOOK_BAND][42].hold = PLANNER_HOLD_UNKNOWN;
	sn->pair = 120;
	sn->sent = 1234;
}

static void
bench_log(struct dash *d)
{
	struct httpw_log	l;

	for (unsigned i = 0; i < 5000; i++) {
		memset(&l, 0, sizeof l);
		l.time_ms = 1764000000000ULL + i * 1000ULL;
		l.svc = i % 2;
		l.method = i % 4 == 3 ? BOOK_RESERVE : BOOK_GET_AVAILABLE;
		snprintf(l.path, sizeof l.path, i % 4 == 3 ? "/reservation/%u" :
		    "/reservation/available", i % 500 + 1);
		l.status = i % 7 == 0 ? 503 : i % 11 == 0 ? 409 : 200;
		l.latency_ms = i % 300;
		l.attempt = 1 + i % 3;
		dash_log(d, &l);
	}
}

struct bench_result {
	double	cpu;		/* mean CPU time */
	double	median;		/* wall */
	double	worst;		/* wall */
};

static void
bench_size(struct shell_screen *s, int rows, int cols, int redraws,
    bool repaint, struct bench_result *res)
{
	double	*wall = calloc((size_t)redraws, sizeof *wall), t, cpu;
	WINDOW	*w;

	resizeterm(rows, cols);
	w = newwin(rows - 1, cols, 0, 0);
	s->resize(s->arg, rows - 1, cols);
	cpu = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < redraws; i++) {
		t = bench_clock(CLOCK_MONOTONIC);
		/* Full redraw: every cell rewritten, as after a resize. */
		werase(w);
		s->draw(s->arg, w);
		touchwin(w);
		/* Repaint: every cell goes to the terminal again, as after
		 * Ctrl-L or a resize; else only what differs is sent. */
		if (repaint)
			clearok(curscr, TRUE);
		wnoutrefresh(w);
		doupdate();
		wall[i] = bench_clock(CLOCK_MONOTONIC) - t;
	}
	res->cpu = (bench_clock(CLOCK_PROCESS_CPUTIME_ID) - cpu) / redraws;
	qsort(wall, (size_t)redraws, sizeof *wall, bench_cmp);
	res->median = wall[redraws / 2];
	res->worst = wall[redraws - 1];
	free(wall);
	delwin(w);
}

int
main(int argc, char **argv)
{
	int			 redraws = argc > 1 ? atoi(argv[1]) : 1000;
	static const int	 sizes[][2] = { { 24, 80 }, { 60, 200 } };
	struct dash_backend	 be = { 0 };
	struct dash_status	 st = { BENCH_NOW, 83000, 420 };
	struct planner_snapshot	*sn = calloc(1, sizeof *sn);
	struct shell_screen	 s;
	struct keys		 keys;
	struct dash		*d;
	FILE			*out, *in;
	SCREEN			*scr;
	struct bench_result	 r;

	if (redraws < 1 || sn == NULL)
		return 1;
	setlocale(LC_ALL, "C.UTF-8");
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if ((scr = newterm("xterm-256color", out, in)) == NULL) {
		fprintf(stderr, "dash-bench: no xterm-256color terminfo\n");
		return 1;
	}
	theme_init();
	keys_init_defaults(&keys);
	d = dash_create(NULL, &keys, &be);
	dash_screen(d, &s);
	bench_snapshot(sn);
	dash_update(d, sn, &st);
	bench_log(d);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		for (int repaint = 0; repaint < 2; repaint++) {
			bench_size(&s, sizes[i][0], sizes[i][1], redraws,
			    repaint, &r);
			printf("%s at %dx%d: %.3f ms CPU (mean), wall %.3f ms "
			    "median, %.3f ms worst (%d)\n", repaint ?
			    "full redraw and repaint" : "full redraw",
			    sizes[i][1], sizes[i][0], r.cpu * 1e3,
			    r.median * 1e3, r.worst * 1e3, redraws);
		}
	}
	dash_free(d);
	free(sn);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}
