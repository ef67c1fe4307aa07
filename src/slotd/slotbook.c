#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/slotd/slotbook.h"

struct slotbook {
	unsigned	 nslots;
	unsigned	 max_holds;
	uint64_t	 version;
	int64_t		*holder;	/* [nslots + 1], index 0 unused */
	bool		*blocked;	/* [nslots + 1] */
	/*
	 * Hold counts by holder, open addressing on the holder id: a hold
	 * check must not scan every slot on each request.
	 */
	int64_t		*count_key;
	unsigned	*count_val;
	size_t		 count_cap;
	size_t		 count_used;
};

struct slotbook *
slotbook_new(unsigned nslots, unsigned max_holds)
{
	struct slotbook	*b = xcalloc(1, sizeof *b);

	b->nslots = nslots;
	b->max_holds = max_holds;
	b->holder = xcalloc(nslots + 1, sizeof *b->holder);
	b->blocked = xcalloc(nslots + 1, sizeof *b->blocked);
	b->count_cap = 64;
	b->count_key = xcalloc(b->count_cap, sizeof *b->count_key);
	b->count_val = xcalloc(b->count_cap, sizeof *b->count_val);
	return b;
}

void
slotbook_free(struct slotbook *b)
{
	if (b == NULL)
		return;
	free(b->holder);
	free(b->blocked);
	free(b->count_key);
	free(b->count_val);
	free(b);
}

unsigned
slotbook_size(const struct slotbook *b)
{
	return b->nslots;
}

void
slotbook_set_max_holds(struct slotbook *b, unsigned max_holds)
{
	b->max_holds = max_holds;
}

unsigned
slotbook_max_holds(const struct slotbook *b)
{
	return b->max_holds;
}

uint64_t
slotbook_version(const struct slotbook *b)
{
	return b->version;
}

void
slotbook_version_from(struct slotbook *b, uint64_t v)
{
	b->version += v;
}

static size_t
slotbook_count_find(const struct slotbook *b, int64_t holder)
{
	size_t	i = ((uint64_t)holder * 0x9e3779b97f4a7c15ULL) % b->count_cap;

	while (b->count_key[i] != 0 && b->count_key[i] != holder)
		i = (i + 1) % b->count_cap;
	return i;
}

static void
slotbook_count_grow(struct slotbook *b)
{
	int64_t		*okey = b->count_key;
	unsigned	*oval = b->count_val;
	size_t		 ocap = b->count_cap, i, j;

	b->count_cap *= 2;
	b->count_key = xcalloc(b->count_cap, sizeof *b->count_key);
	b->count_val = xcalloc(b->count_cap, sizeof *b->count_val);
	for (i = 0; i < ocap; i++) {
		if (okey[i] == 0)
			continue;
		j = slotbook_count_find(b, okey[i]);
		b->count_key[j] = okey[i];
		b->count_val[j] = oval[i];
	}
	free(okey);
	free(oval);
}

/* Entries are never removed (a count drops to 0), so probing stays valid. */
static void
slotbook_count_add(struct slotbook *b, int64_t holder, int delta)
{
	size_t	i = slotbook_count_find(b, holder);

	if (b->count_key[i] == 0) {
		if ((b->count_used + 1) * 2 > b->count_cap) {
			slotbook_count_grow(b);
			i = slotbook_count_find(b, holder);
		}
		b->count_key[i] = holder;
		b->count_val[i] = 0;
		b->count_used++;
	}
	b->count_val[i] += delta;
}

unsigned
slotbook_holds(const struct slotbook *b, int64_t holder)
{
	size_t	i = slotbook_count_find(b, holder);

	return b->count_key[i] == holder ? b->count_val[i] : 0;
}

int
slotbook_reserve(struct slotbook *b, unsigned slot, int64_t holder)
{
	if (slot < 1 || slot > b->nslots)
		return SLOTBOOK_NO_SLOT;
	if (b->holder[slot] != 0 || b->blocked[slot])
		return SLOTBOOK_TAKEN;
	if (slotbook_holds(b, holder) >= b->max_holds)
		return SLOTBOOK_LIMIT;
	b->holder[slot] = holder;
	slotbook_count_add(b, holder, 1);
	b->version++;
	return SLOTBOOK_OK;
}

int
slotbook_cancel(struct slotbook *b, unsigned slot, int64_t holder)
{
	if (slot < 1 || slot > b->nslots)
		return SLOTBOOK_NO_SLOT;
	if (b->holder[slot] != holder)
		return SLOTBOOK_NOT_YOURS;
	b->holder[slot] = 0;
	slotbook_count_add(b, holder, -1);
	b->version++;
	return SLOTBOOK_OK;
}

int
slotbook_block(struct slotbook *b, unsigned slot)
{
	if (slot < 1 || slot > b->nslots)
		return SLOTBOOK_NO_SLOT;
	b->blocked[slot] = true;
	b->version++;
	return SLOTBOOK_OK;
}

int
slotbook_unblock(struct slotbook *b, unsigned slot)
{
	if (slot < 1 || slot > b->nslots)
		return SLOTBOOK_NO_SLOT;
	b->blocked[slot] = false;
	b->version++;
	return SLOTBOOK_OK;
}

void
slotbook_unblock_all(struct slotbook *b)
{
	for (unsigned s = 1; s <= b->nslots; s++)
		b->blocked[s] = false;
	b->version++;
}

int64_t
slotbook_holder(const struct slotbook *b, unsigned slot)
{
	if (slot < 1 || slot > b->nslots)
		return 0;
	return b->holder[slot];
}

int
slotbook_blocked(const struct slotbook *b, unsigned slot)
{
	if (slot < 1 || slot > b->nslots)
		return 0;
	return b->blocked[slot];
}

size_t
slotbook_available(const struct slotbook *b, unsigned *out, size_t max)
{
	size_t	n = 0;

	for (unsigned s = 1; s <= b->nslots; s++) {
		if (b->holder[s] != 0 || b->blocked[s])
			continue;
		if (n < max)
			out[n] = s;
		n++;
	}
	return n;
}

size_t
slotbook_held(const struct slotbook *b, int64_t holder, unsigned *out,
    size_t max)
{
	size_t	n = 0;

	for (unsigned s = 1; s <= b->nslots; s++) {
		if (b->holder[s] != holder)
			continue;
		if (n < max)
			out[n] = s;
		n++;
	}
	return n;
}

static int
slotbook_number(const char *s, size_t len, unsigned long *out)
{
	if (len == 0 || len > 9 || strspn(s, "0123456789") < len)
		return -1;
	*out = strtoul(s, NULL, 10);
	return 0;
}

int
slotbook_range_parse(const char *s, unsigned max, unsigned *from,
    unsigned *to, char **cause)
{
	const char	*dash = strchr(s, '-');
	unsigned long	 a, b;

	if (dash == NULL) {
		if (slotbook_number(s, strlen(s), &a) != 0)
			goto bad;
		b = a;
	} else if (slotbook_number(s, (size_t)(dash - s), &a) != 0 ||
	    slotbook_number(dash + 1, strlen(dash + 1), &b) != 0)
		goto bad;
	if (a < 1 || a > b || b > max) {
		*cause = xasprintf("slots \"%s\" are outside 1..%u or reversed",
		    s, max);
		return -1;
	}
	*from = (unsigned)a;
	*to = (unsigned)b;
	return 0;
bad:
	*cause = xasprintf("\"%s\" is not a slot or a range FROM-TO", s);
	return -1;
}
