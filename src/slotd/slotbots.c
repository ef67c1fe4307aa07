#include "config.h"

#include <event2/event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/base/clock.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotbots.h"
#include "src/slotd/slotfault.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotsvc.h"

struct slotbot {
	struct slotbots	*bots;
	char		 name[16];
	int64_t		 key[SLOTSVC_NSERVICES];
	unsigned	 target;	/* the pair being built, 0 if none */
	struct event	*timer;
};

struct slotbots {
	struct slotsvc	*svc;
	struct slotrng	 rng;
	struct slotbot	*bot;
	unsigned	 n;
};

static int64_t
slotbots_key(struct slotstore *st, const char *name, const char *kind,
    char **cause)
{
	char	key[SLOTKEY_LEN + 1], hash[SLOTKEY_LEN + 1];
	int64_t	id;

	if ((id = slotstore_key_id(st, name, kind, cause)) != 0)
		return id > 0 ? id : 0;
	/* Nobody learns a bot's key: the bot acts from inside. */
	slotkey_generate(key);
	slotkey_hash(key, SLOTKEY_LEN, hash);
	if (slotstore_key_add(st, name, kind, hash, time(NULL), cause) != 0)
		return 0;
	id = slotstore_key_id(st, name, kind, cause);
	return id > 0 ? id : 0;
}

static void
slotbots_journal(struct slotbot *b, enum slotsvc_service s,
    const char *method, unsigned slot, int code)
{
	char			text[16];
	struct slotstore_entry	e = { .key = b->name,
	    .service = slotsvc_service_name(s), .method = method,
	    .slot = text, .code = code, .fault = "none" };

	e.time_ms = clock_wall_ms();
	snprintf(text, sizeof text, "%u", slot);
	slotsvc_journal(b->bots->svc, &e);
}

/* The first few slots free at both services; picks one of them. */
static unsigned
slotbots_target(struct slotbots *bs, unsigned limit)
{
	struct slotbook	*h = slotsvc_book(bs->svc, SLOTSVC_HOTEL);
	struct slotbook	*d = slotsvc_book(bs->svc, SLOTSVC_BAND);
	unsigned	 found[3], n = 0;

	for (unsigned s = 1; s < limit && n < 3; s++) {
		if (slotbook_holder(h, s) == 0 && !slotbook_blocked(h, s) &&
		    slotbook_holder(d, s) == 0 && !slotbook_blocked(d, s))
			found[n++] = s;
	}
	if (n == 0)
		return 0;
	return found[slotrng_next(&bs->rng) % n];
}

/* t can still become a pair: each side held by b, or free. */
static bool
slotbots_open(struct slotbot *b, struct slotbook **book, unsigned t)
{
	for (int s = 0; s < SLOTSVC_NSERVICES; s++) {
		if (slotbook_holder(book[s], t) == b->key[s])
			continue;
		if (slotbook_holder(book[s], t) != 0 ||
		    slotbook_blocked(book[s], t))
			return false;
	}
	return true;
}

static void
slotbots_cancel(struct slotbot *b, enum slotsvc_service s, unsigned slot)
{
	int	code = slotsvc_cancel(b->bots->svc, s, slot, b->key[s]);

	slotbots_journal(b, s, "DELETE", slot, code);
}

/*
 * One move: finish the pair being built, or start an earlier one, or
 * release what is neither the best pair nor the one being built.
 */
static void
slotbots_act(struct slotbot *b)
{
	struct slotbots	*bs = b->bots;
	struct slotbook	*book[SLOTSVC_NSERVICES];
	unsigned	 held[SLOTSVC_NSERVICES][8], nheld[SLOTSVC_NSERVICES];
	unsigned	 pair = 0, t, slot;
	int		 code, s;

	for (s = 0; s < SLOTSVC_NSERVICES; s++) {
		book[s] = slotsvc_book(bs->svc, s);
		nheld[s] = (unsigned)slotbook_held(book[s], b->key[s], held[s], 8);
		if (nheld[s] > 8)
			nheld[s] = 8;
	}
	for (unsigned i = 0; i < nheld[0] && pair == 0; i++) {
		for (unsigned j = 0; j < nheld[1]; j++) {
			if (held[0][i] == held[1][j])
				pair = held[0][i];
		}
	}
	/* Now and then a classmate gives up its pair and starts over. */
	if (pair != 0 && slotrng_unit(&bs->rng) < 0.02) {
		b->target = 0;
		slotbots_cancel(b, (int)(slotrng_next(&bs->rng) % 2), pair);
		return;
	}
	t = b->target;
	if (t != 0 && ((pair != 0 && t >= pair) || !slotbots_open(b, book, t)))
		t = 0;
	if (t == 0)
		t = slotbots_target(bs, pair != 0 ? pair : slotbook_size(book[0]) + 1);
	b->target = t;
	for (s = 0; s < SLOTSVC_NSERVICES && t != 0; s++) {
		if (slotbook_holder(book[s], t) == b->key[s])
			continue;
		if (slotbook_holds(book[s], b->key[s]) >=
		    slotbook_max_holds(book[s])) {
			/* Make room, dropping the latest hold that is not the pair. */
			for (unsigned i = nheld[s]; i-- > 0; ) {
				if (held[s][i] != pair) {
					slotbots_cancel(b, s, held[s][i]);
					return;
				}
			}
			continue;
		}
		code = slotsvc_reserve(bs->svc, s, t, b->key[s],
		    (int64_t)time(NULL) * 1000);
		slotbots_journal(b, s, "POST", t, code);
		return;
	}
	for (s = 0; s < SLOTSVC_NSERVICES; s++) {
		for (unsigned i = 0; i < nheld[s]; i++) {
			slot = held[s][i];
			if (slot != pair && slot != b->target) {
				slotbots_cancel(b, s, slot);
				return;
			}
		}
	}
}

static void
slotbots_tick(evutil_socket_t fd, short what, void *arg)
{
	struct slotbot	*b = arg;
	struct timeval	 tv;
	uint64_t	 ms;

	slotbots_act(b);
	/* At least 1.1 s apart, so a bot obeys the rate rule on both keys. */
	ms = 1100 + slotrng_next(&b->bots->rng) % 2000;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(b->timer, &tv);
}

struct slotbots *
slotbots_new(struct event_base *base, struct slotsvc *svc, unsigned n,
    uint64_t seed, char **cause)
{
	struct slotbots	*bs = xcalloc(1, sizeof *bs);
	struct slotbot	*b;
	struct timeval	 tv;

	bs->svc = svc;
	bs->n = n;
	bs->bot = xcalloc(n + 1, sizeof *bs->bot);
	slotrng_seed(&bs->rng, seed ^ 0xb075b075b075b075ULL);
	for (unsigned i = 0; i < n; i++) {
		b = &bs->bot[i];
		b->bots = bs;
		snprintf(b->name, sizeof b->name, "bot-%u", i + 1);
		for (int s = 0; s < SLOTSVC_NSERVICES; s++) {
			b->key[s] = slotbots_key(slotsvc_store(svc), b->name,
			    slotsvc_service_name(s), cause);
			if (b->key[s] == 0) {
				slotbots_free(bs);
				return NULL;
			}
		}
		b->timer = evtimer_new(base, slotbots_tick, b);
		tv.tv_sec = 0;
		tv.tv_usec = (suseconds_t)(slotrng_next(&bs->rng) % 1000000);
		evtimer_add(b->timer, &tv);
	}
	return bs;
}

void
slotbots_free(struct slotbots *bs)
{
	if (bs == NULL)
		return;
	for (unsigned i = 0; i < bs->n; i++) {
		if (bs->bot[i].timer != NULL)
			event_free(bs->bot[i].timer);
	}
	free(bs->bot);
	free(bs);
}
