/*
 * The input line's history across restarts: one file, 0600, in the
 * client's state folder (src/hcwed/statedir.h), a line typed per record
 * with '\' and line breaks escaped.  Lines are appended behind, by a
 * worker thread, so the loop never waits on the disk; opening reads the
 * file and rewrites it with only the newest max lines, before the loop
 * runs.
 *
 * Memory: history_open() hands back the lines read as a malloc'd array
 * of malloc'd strings, the caller's to free; history_add() copies.
 */
#ifndef HC_HISTORY_H
#define HC_HISTORY_H

#include <stddef.h>

struct event_base;
struct history;

/*
 * Open path (its folder made 0700) and read it: *lines (oldest first),
 * *n of them.  max 0 keeps nothing: the file is removed and NULL comes
 * back with *cause NULL.  NULL with a malloc'd *cause on failure.
 */
struct history	*history_open(struct event_base *, const char *path,
		    size_t max, char ***lines, size_t *n, char **cause);
/* Append line (written behind). */
void		 history_add(struct history *, const char *line);
/* Waits for what is still to be written, then frees. */
void		 history_free(struct history *);

/* The record for line, and back: malloc'd.  Exposed for the tests. */
char		*history_escape(const char *line);
char		*history_unescape(const char *record);

#endif
