/*
 * The dashboard's state, shared by ui/dash.c (lifecycle, snapshots,
 * alerts), ui/dash_grid.c (the two grids and the bottom line),
 * ui/dash_panes.c (status, holdings and the request log) and
 * ui/dash_keys.c (keys and mouse).
 *
 * Memory: struct dash owns ev_tick, the log ring (copies of the worker's
 * records) and the latest snapshot, released by dash_free(); sh is the
 * shell's and outlives the dashboard.
 */
#ifndef HC_DASH_INT_H
#define HC_DASH_INT_H

#include <stdbool.h>

#include "ui/dash.h"
#include "ui/dash_model.h"
#include "ui/screen.h"
#include "ui/theme.h"

#define DASH_LOG_MAX	2000	/* attempts kept in the log ring */

struct dash {
	struct shell		*sh;
	const struct keys	*keys;
	struct dash_backend	 be;
	struct event		*ev_tick;
	char			*help;		/* the glyphs, for the help overlay */

	bool			 configured;
	char			 cause[256];	/* why not configured */
	bool			 have_snap;
	struct planner_snapshot	*snap;
	struct dash_status	 st;
	unsigned		 attempts;	/* log records seen */

	struct ring		*log;		/* struct httpw_log */
	enum dash_svc_filter	 svc_filter;
	enum dash_status_filter	 status_filter;
	size_t			 log_back;	/* matching records hidden below */

	unsigned		 cursor;	/* slot 1..500 */
	bool			 prompt;	/* typing a slot number for g */
	char			 typed[4];
	char			 notice[200];

	bool			 shown;		/* the current screen */
	bool			 visible;	/* shown and not locked */
	int			 rows, cols;
	struct dash_layout	 l;
};

/* dash.c */
void	dash_set_notice(struct dash *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* dash_grid.c */
bool	dash_draw(void *arg, WINDOW *);

/* dash_panes.c */
void	dash_draw_info(struct dash *, WINDOW *);
void	dash_draw_log(struct dash *, WINDOW *);
void	dash_draw_unconfigured(struct dash *, WINDOW *);

/* dash_keys.c */
int	dash_key(void *arg, int key);
int	dash_mouse(void *arg, int y, int x, int button);
bool	dash_editing(void *arg);

#endif
