/*
 * The wedding dashboard: the hotel and band slot grids, my holdings, the
 * planner's status and a live log of every request.  It registers with
 * the shell as screen 2.
 *
 * It draws only what it is handed: a planner snapshot with a few figures
 * the snapshot does not hold (dash_update) and the worker's per-attempt
 * log records (dash_log), all on the shell's loop thread.  The person's
 * actions go back through struct dash_backend; the driver
 * (src/cmd_ui_book.c) runs the planner and the HTTP worker.
 */
#ifndef HC_DASH_H
#define HC_DASH_H

#include <stdint.h>

#include "src/book/httpw.h"
#include "src/book/planner.h"
#include "ui/shell.h"

struct shell_screen;

struct dash_backend {
	void	*arg;
	/* The person's pick and cancel; -1 with a malloc'd *cause. */
	int	(*pick)(void *arg, unsigned slot, char **cause);
	int	(*cancel)(void *arg, unsigned slot, char **cause);
	void	(*mode)(void *arg, enum planner_mode);
	/* Call dash_update again now (the dashboard's clock ticked). */
	void	(*tick)(void *arg);
};

/* What the dashboard shows beside the snapshot. */
struct dash_status {
	uint64_t	now_ms;		/* the planner's clock */
	uint64_t	elapsed_ms;	/* since the planner started */
	uint64_t	next_ms;	/* until the bucket lets a request go */
};

struct dash;

/*
 * The dashboard registers itself with sh as its next screen; sh may be
 * NULL (the benchmark draws without a shell).  keys and be are kept by
 * pointer and copied respectively; the caller frees keys after
 * dash_free().
 */
struct dash	*dash_create(struct shell *sh, const struct keys *keys,
		    const struct dash_backend *be);
void		 dash_free(struct dash *);
/* Its shell_screen (ui/screen.h), for drawing without a shell. */
void		 dash_screen(struct dash *, struct shell_screen *out);

/* No planner: say why (cause is copied) and which settings it needs. */
void		 dash_unconfigured(struct dash *, const char *cause);
/* A new snapshot (copied); a change of the pairs held rings the bell
 * and sets the title when the dashboard is not on screen. */
void		 dash_update(struct dash *, const struct planner_snapshot *,
		    const struct dash_status *);
/* One attempt from the worker (copied into a bounded ring). */
void		 dash_log(struct dash *, const struct httpw_log *);

#endif
