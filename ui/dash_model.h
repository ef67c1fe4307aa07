/*
 * The wedding dashboard's arithmetic, without curses, so every size and
 * state can be tested without a terminal: what one grid cell shows, how
 * the cursor moves, where the grids and panes go at a given size, and
 * which request log records a filter keeps.  Nothing here allocates.
 */
#ifndef HC_DASH_MODEL_H
#define HC_DASH_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "src/book/httpw.h"
#include "src/book/planner.h"
#include "ui/layout.h"

/* One state per cell, each with its own glyph and theme role. */
enum dash_cell {
	DASH_FREE,		/* free at this service only */
	DASH_COMMON,		/* free at both: a pair could be had here */
	DASH_TAKEN,		/* taken by someone else */
	DASH_MINE,		/* held by me, not (yet) a pair */
	DASH_PAIR,		/* held by me at both services */
	DASH_FLIGHT,		/* my POST or DELETE is on its way */
	DASH_UNKNOWN,		/* my request's outcome is unknown */
	DASH_BLOCKED,		/* the service refused the slot id */
	DASH_STALE,		/* availability never seen or too old */
	DASH_NCELLS
};

/* Availability older than this is drawn stale. */
#define DASH_STALE_MS	5000

enum dash_cell	dash_cell_state(const struct planner_snapshot *,
		    enum book_svc, unsigned slot, uint64_t now_ms,
		    uint64_t stale_ms);
/* Held at both services. */
bool		dash_paired(const struct planner_snapshot *, unsigned slot);
/* The earliest slot freshly seen free at both services, or 0. */
unsigned	dash_earliest_common(const struct planner_snapshot *,
		    uint64_t now_ms, uint64_t stale_ms);
char		dash_cell_glyph(enum dash_cell);
const char	*dash_cell_name(enum dash_cell);	/* "free", ... */

/* The slot dy grid rows and dx slots away, kept in 1..500. */
unsigned	dash_cursor_move(unsigned slot, int dy, int dx,
		    unsigned per_row);
/* "56" into *slot: -1 unless decimal digits naming a slot in 1..500. */
int		dash_slot_parse(const char *s, unsigned *slot);

/* Columns before each grid row: its first slot number, "451 ". */
#define DASH_LABEL_W	4
/* Rows of the planner status and holdings at the top of the side. */
#define DASH_INFO_H	7
#define DASH_SIDE_MIN_W	25

struct dash_layout {
	bool			small;		/* no room for the grids */
	int			cw;		/* columns per cell */
	int			per_row;	/* slots per grid row */
	int			grid_rows;
	/* A title row, then grid_rows of a label and per_row cells. */
	struct layout_rect	grid[BOOK_NSVC];
	struct layout_rect	info;		/* status and holdings */
	struct layout_rect	log;		/* title row, then records */
	struct layout_rect	line;		/* legend, notice or prompt */
};

/* Lay out a body of rows x cols. */
void	dash_layout(int rows, int cols, struct dash_layout *);
/* Where slot sits in grid svc. */
void	dash_layout_cell(const struct dash_layout *, enum book_svc,
	    unsigned slot, int *y, int *x);
/* The slot drawn at (y, x) in either grid, or 0. */
unsigned dash_layout_slot_at(const struct dash_layout *, int y, int x);

enum dash_svc_filter {
	DASH_LOG_BOTH,
	DASH_LOG_HOTEL,
	DASH_LOG_BAND,
	DASH_NSVC_FILTERS
};
enum dash_status_filter {
	DASH_LOG_ANY,
	DASH_LOG_FAILED,	/* no reply, or anything but 2xx */
	DASH_LOG_OK,		/* 2xx */
	DASH_NSTATUS_FILTERS
};

bool	dash_log_match(const struct httpw_log *, enum dash_svc_filter,
	    enum dash_status_filter);
const char *dash_svc_filter_name(enum dash_svc_filter);
const char *dash_status_filter_name(enum dash_status_filter);

#endif
