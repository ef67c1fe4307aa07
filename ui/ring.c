#include "config.h"

#include <stdlib.h>

#include "src/base/xmalloc.h"
#include "ui/ring.h"

struct ring {
	void	**items;
	size_t	  cap;
	size_t	  head;		/* index of the oldest item */
	size_t	  len;
	void	(*freefn)(void *);
};

struct ring *
ring_create(size_t cap, void (*freefn)(void *))
{
	struct ring	*r = xcalloc(1, sizeof *r);

	r->cap = cap == 0 ? 1 : cap;
	r->items = xcalloc(r->cap, sizeof *r->items);
	r->freefn = freefn;
	return r;
}

void
ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; r->freefn != NULL && i < r->len; i++)
		r->freefn(r->items[(r->head + i) % r->cap]);
	free(r->items);
	free(r);
}

void
ring_push(struct ring *r, void *item)
{
	if (r->len == r->cap) {
		if (r->freefn != NULL)
			r->freefn(r->items[r->head]);
		r->items[r->head] = item;
		r->head = (r->head + 1) % r->cap;
		return;
	}
	r->items[(r->head + r->len) % r->cap] = item;
	r->len++;
}

bool
ring_unshift(struct ring *r, void *item)
{
	if (r->len == r->cap) {
		if (r->freefn != NULL)
			r->freefn(item);
		return false;
	}
	r->head = (r->head + r->cap - 1) % r->cap;
	r->items[r->head] = item;
	r->len++;
	return true;
}

size_t
ring_len(const struct ring *r)
{
	return r->len;
}

void *
ring_get(const struct ring *r, size_t i)
{
	if (i >= r->len)
		return NULL;
	return r->items[(r->head + i) % r->cap];
}
