/*
 * Renders the chat screen offscreen (newterm on /dev/null, TERM
 * xterm-256color) and reports: time from start to the first frame, the
 * full redraw time with a 10,000-message scrollback, and the RSS with
 * that scrollback.  Usage: ui-bench [MESSAGES [REDRAWS]].
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/chat.h"
#include "ui/curses.h"
#include "ui/keys.h"
#include "ui/screen.h"
#include "ui/theme.h"

static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
bench_rss_kib(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kib = -1;

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	}
	if (f != NULL)
		fclose(f);
	return kib;
}

static int64_t
bench_clock(void)
{
	return 1764000000000LL;
}

int
main(int argc, char **argv)
{
	size_t			 nmsg = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	int			 redraws = argc > 2 ? atoi(argv[2]) : 1000;
	double			 t0 = bench_now(), t1, t2;
	struct chat_options	 co = { .now_ms = bench_clock };
	struct shell_screen	 s;
	struct chat_model	*m;
	struct chat		*c;
	struct keys		 keys;
	FILE			*out, *in;
	SCREEN			*scr;
	WINDOW			*w;
	char			 text[160];
	long			 rss0, rss1;
	double			 first;

	setlocale(LC_ALL, "C.UTF-8");
	rss0 = bench_rss_kib();
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if ((scr = newterm("xterm-256color", out, in)) == NULL) {
		fprintf(stderr, "ui-bench: no xterm-256color terminfo\n");
		return 1;
	}
	resizeterm(24, 80);
	theme_init();
	keys_init_defaults(&keys);
	m = chat_model_create("alice", nmsg, NULL);
	chat_model_contact(m, "bob", "Bob Martin", "nurse", CHAT_AVAILABLE);
	c = chat_create(NULL, m, &keys, &co);
	chat_screen(c, &s);
	w = newwin(23, 80, 0, 0);
	s.resize(s.arg, 23, 80);
	chat_open(c, "bob");
	werase(w);
	s.draw(s.arg, w);
	wnoutrefresh(w);
	doupdate();
	t1 = bench_now();
	first = t1 - t0;

	for (size_t i = 0; i < nmsg; i++) {
		struct chat_msg_in	in_msg = { 0 };

		snprintf(text, sizeof text, "message %zu: bed %zu obs stable, "
		    "BP 120/80, HR 72, recheck at 14:00 病院 💉", i, i % 40);
		in_msg.mid = (int64_t)i + 1;
		in_msg.ts = bench_clock() - (int64_t)(nmsg - i) * 60000;
		in_msg.from = i % 3 == 0 ? "alice" : "bob";
		in_msg.to = i % 3 == 0 ? "bob" : "alice";
		in_msg.text = text;
		in_msg.len = strlen(text);
		in_msg.urgent = i % 97 == 0;
		chat_model_message(m, &in_msg);
	}
	rss1 = bench_rss_kib();

	t2 = bench_now();
	for (int i = 0; i < redraws; i++) {
		/* Full redraw: every cell rewritten, as after a resize. */
		werase(w);
		s.draw(s.arg, w);
		touchwin(w);
		wnoutrefresh(w);
		doupdate();
	}
	t2 = (bench_now() - t2) / redraws;

	/* The worst case: scrolled to the oldest message, every message
	 * below the view is laid out to find the top. */
	s.key(s.arg, KEYS_HOME);
	t0 = bench_now();
	for (int i = 0; i < 20; i++) {
		werase(w);
		s.draw(s.arg, w);
		touchwin(w);
		wnoutrefresh(w);
		doupdate();
	}
	t0 = (bench_now() - t0) / 20;
	printf("full redraw scrolled to the top: %.3f ms (mean of 20)\n",
	    t0 * 1e3);
	t1 = first;
	printf("start to first frame: %.2f ms\n", t1 * 1e3);
	printf("full redraw, %zu messages: %.3f ms (mean of %d)\n", nmsg,
	    t2 * 1e3, redraws);
	printf("RSS with %zu messages: %.1f MiB (%.1f MiB before loading)\n",
	    nmsg, rss1 / 1024.0, rss0 / 1024.0);
	chat_free(c);
	chat_model_free(m);
	delwin(w);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}
