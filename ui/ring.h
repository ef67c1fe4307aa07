/*
 * A bounded ring of pointers, oldest first: the chat scrollback and the
 * request logs keep at most a fixed number of entries, so memory stays
 * flat however long the client runs.
 *
 * The ring owns its items: it calls the free function given to
 * ring_create() on items it drops (push when full, ring_free).
 */
#ifndef HC_RING_H
#define HC_RING_H

#include <stdbool.h>
#include <stddef.h>

struct ring;

/* cap >= 1.  freefn may be NULL when items need no release. */
struct ring	*ring_create(size_t cap, void (*freefn)(void *));
void		 ring_free(struct ring *);

/* Append at the newest end, dropping (and freeing) the oldest when full. */
void		 ring_push(struct ring *, void *item);
/*
 * Prepend at the oldest end (older history arriving).  When the ring is
 * full the item is freed instead and false returned: older text never
 * pushes out newer text.
 */
bool		 ring_unshift(struct ring *, void *item);

size_t		 ring_len(const struct ring *);
/* i = 0 is the oldest entry; NULL when i is out of range. */
void		*ring_get(const struct ring *, size_t i);

#endif
