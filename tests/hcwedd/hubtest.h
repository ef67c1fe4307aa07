/*
 * A hub on a throw-away SQLite file with three accounts (alice, bob,
 * carol; passwords "pw-NAME"), and sessions whose output is captured line
 * by line, so tests drive the hub with raw lines and no sockets.
 */
#ifndef HC_HUBTEST_H
#define HC_HUBTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/hcwedd/hub.h"
#include "src/hcwedd/store.h"

#define HT_NOW		1795000000000LL
#define HT_LINES	512
#define HT_BATCH_MAX	64	/* the hub's batch_max */

struct ht_conn {
	struct hub_session	*s;
	char			*lines[HT_LINES];
	size_t			 n;
	bool			 closed;
};

struct ht {
	char		*dir;
	char		*path;
	struct store	*store;
	struct hub	*hub;
};

/* Fresh store and hub; ht_done() closes and deletes everything. */
void		 ht_init(struct ht *);
/* The same with lockout and send limits (ht_init has none). */
void		 ht_init_limits(struct ht *, const struct hub_limits *);
void		 ht_done(struct ht *);
struct ht_conn	*ht_open(struct ht *);
/* hello and login as user, then forget the output. */
struct ht_conn	*ht_login(struct ht *, const char *user);
void		 ht_close(struct ht_conn *);
void		 ht_in(struct ht_conn *, const char *line);
void		 ht_in_at(struct ht_conn *, const char *line, int64_t now);
void		 ht_clear(struct ht_conn *);
/* Line i of the output, or "" past the end. */
const char	*ht_line(struct ht_conn *, size_t i);
/* Number of output lines with member key equal to value ("%d" for ints). */
size_t		 ht_count(struct ht_conn *, const char *key, const char *value);
/*
 * Integer or string member of line i; -1 or "" if missing.  A string
 * lives in a static buffer that the HT_STR_KEPT-th later call reuses.
 */
#define HT_STR_KEPT	4
int64_t		 ht_int(struct ht_conn *, size_t i, const char *key);
const char	*ht_str(struct ht_conn *, size_t i, const char *key);
/* Messages stored between two users (or "*"), as history reports them. */
size_t		 ht_stored(struct ht *, const char *user, const char *peer);

/* A session from peer ("HOST:PORT") that has said hello. */
struct ht_conn	*ht_open_from(struct ht *, const char *peer);
/* One login attempt at now: the error code, or 0 when logged in. */
int64_t		 ht_try_login(struct ht_conn *, const char *user,
		    const char *pw, int64_t now);

/* The whole audit table (its first HT_ROWS rows), after a flush at now. */
#define HT_ROWS	64
struct ht_rows {
	struct store_audit	 a[HT_ROWS];
	size_t			 n;
};
void		 ht_audit_rows(struct ht *, struct ht_rows *, int64_t now);
/* Rows of event by user (NULL: anyone). */
size_t		 ht_rows_count(const struct ht_rows *, const char *event,
		    const char *user);

#endif
