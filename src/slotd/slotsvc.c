#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/slotd/slotcommit.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotsvc.h"

#define SLOTSVC_KEY_CACHE	256

/*
 * Keys seen recently, by the key itself: a SHA-256 per request was a
 * tenth of the cost of a request.  Only the database must not hold keys;
 * they are in every request's memory anyway.
 */
struct slotsvc_cached {
	char			raw[SLOTKEY_LEN];
	bool			used;
	struct slotsvc_key	key;
};

struct slotsvc {
	struct slotsvc_conf	 conf;
	struct slotstore	*st;		/* reads, on the loop thread */
	struct slotcommit	*commit;	/* writes, on its own thread */
	void			(*done)(void *, uint64_t, bool);
	void			*done_arg;
	struct slotbook		*book[SLOTSVC_NSERVICES];
	uint64_t		 refused[100];	/* by code - 400 */
	int64_t			 generation;
	/* By key id: last request time (rate rule), last change's batch. */
	uint64_t		*last_ms;
	uint64_t		*last_batch;
	size_t			 nlast;
	/* Dropped whenever a staff command changes keys or blocks. */
	struct slotsvc_cached	 cache[SLOTSVC_KEY_CACHE];
};

static const char *slotsvc_names[SLOTSVC_NSERVICES] = { "hotel", "band" };

const char *
slotsvc_service_name(enum slotsvc_service s)
{
	return slotsvc_names[s];
}

int
slotsvc_service_parse(const char *s, enum slotsvc_service *out)
{
	for (int i = 0; i < SLOTSVC_NSERVICES; i++) {
		if (strcmp(s, slotsvc_names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

static void
slotsvc_load_hold(void *arg, unsigned slot, int64_t key)
{
	struct slotbook	*b = arg;

	/* Holds beyond a smaller --slots stay stored but unused. */
	if (slotbook_reserve(b, slot, key) != SLOTBOOK_OK &&
	    slot <= slotbook_size(b))
		log_warn("slot %u held by key %lld is over its limit", slot,
		    (long long)key);
}

static void
slotsvc_load_block(void *arg, unsigned slot, int64_t unused)
{
	slotbook_block(arg, slot);
}

static int
slotsvc_load(struct slotsvc *svc, char **cause)
{
	uint64_t	version;

	for (int i = 0; i < SLOTSVC_NSERVICES; i++) {
		/* What was derived from the old book must not pass for new. */
		version = svc->book[i] != NULL ?
		    slotbook_version(svc->book[i]) + 1 : 0;
		slotbook_free(svc->book[i]);
		/* Loading must not trip over the limit of an earlier run. */
		svc->book[i] = slotbook_new(svc->conf.nslots, UINT32_MAX);
		if (slotstore_holds_load(svc->st, slotsvc_names[i],
		    slotsvc_load_hold, svc->book[i], cause) != 0 ||
		    slotstore_blocks_load(svc->st, slotsvc_names[i],
		    slotsvc_load_block, svc->book[i], cause) != 0)
			return -1;
		slotbook_set_max_holds(svc->book[i], svc->conf.max_holds);
		slotbook_version_from(svc->book[i], version);
	}
	return 0;
}

static void
slotsvc_committed(void *arg, uint64_t seq, bool ok)
{
	struct slotsvc	*svc = arg;
	char		*cause;

	/*
	 * Memory must not show what the disk refused.  slotcommit has
	 * dropped what was collecting, so the store is all there is.
	 */
	if (!ok && slotsvc_load(svc, &cause) != 0)
		log_fatalx("reloading after a failed commit: %s", cause);
	if (svc->done != NULL)
		svc->done(svc->done_arg, seq, ok);
}

struct slotsvc *
slotsvc_new(const struct slotsvc_conf *conf, struct event_base *base,
    const char *path, char **cause)
{
	struct slotsvc		*svc = xcalloc(1, sizeof *svc);
	struct slotstore	*writer;

	svc->conf = *conf;
	if ((svc->st = slotstore_open(path, cause)) == NULL ||
	    (writer = slotstore_open(path, cause)) == NULL) {
		slotsvc_free(svc);
		return NULL;
	}
	slotstore_set_journal_max(writer, conf->journal_max);
	svc->commit = slotcommit_new(base, writer, slotsvc_committed, svc);
	if (slotstore_generation(svc->st, &svc->generation, cause) != 0 ||
	    slotsvc_load(svc, cause) != 0) {
		slotsvc_free(svc);
		return NULL;
	}
	return svc;
}

void
slotsvc_free(struct slotsvc *svc)
{
	if (svc == NULL)
		return;
	slotcommit_free(svc->commit);
	for (int i = 0; i < SLOTSVC_NSERVICES; i++)
		slotbook_free(svc->book[i]);
	slotstore_close(svc->st);
	free(svc->last_ms);
	free(svc->last_batch);
	free(svc);
}

void
slotsvc_set_done(struct slotsvc *svc, void (*done)(void *, uint64_t, bool),
    void *arg)
{
	svc->done = done;
	svc->done_arg = arg;
}

struct slotbook *
slotsvc_book(struct slotsvc *svc, enum slotsvc_service s)
{
	return svc->book[s];
}

struct slotstore *
slotsvc_store(struct slotsvc *svc)
{
	return svc->st;
}

enum slotsvc_rate
slotsvc_rate_mode(const struct slotsvc *svc)
{
	return svc->conf.rate;
}

int
slotsvc_auth(struct slotsvc *svc, const char *key, size_t len,
    struct slotsvc_key *out, char **cause)
{
	char			 hash[SLOTKEY_LEN + 1];
	struct slotsvc_cached	*c;
	uint32_t		 h = 2166136261u;
	int			 found;

	if (len != SLOTKEY_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	c = &svc->cache[h % SLOTSVC_KEY_CACHE];
	if (c->used && sodium_memcmp(c->raw, key, SLOTKEY_LEN) == 0) {
		*out = c->key;
		return 1;
	}
	slotkey_hash(key, len, hash);
	if ((found = slotstore_key_find(svc->st, hash, &out->id, out->kind,
	    sizeof out->kind, out->name, sizeof out->name, cause)) != 1)
		return found;
	memcpy(c->raw, key, SLOTKEY_LEN);
	c->used = true;
	c->key = *out;
	return 1;
}

static void
slotsvc_grow(struct slotsvc *svc, size_t i)
{
	size_t	n = i + 64;

	if (i < svc->nlast)
		return;
	svc->last_ms = xreallocarray(svc->last_ms, n, sizeof *svc->last_ms);
	svc->last_batch = xreallocarray(svc->last_batch, n,
	    sizeof *svc->last_batch);
	memset(svc->last_ms + svc->nlast, 0,
	    (n - svc->nlast) * sizeof *svc->last_ms);
	memset(svc->last_batch + svc->nlast, 0,
	    (n - svc->nlast) * sizeof *svc->last_batch);
	svc->nlast = n;
}

bool
slotsvc_rate_hit(struct slotsvc *svc, int64_t key_id, uint64_t now_ms)
{
	size_t	i = (size_t)key_id;
	bool	hit;

	slotsvc_grow(svc, i);
	hit = svc->last_ms[i] != 0 && now_ms - svc->last_ms[i] < 1000;
	svc->last_ms[i] = now_ms;
	return hit;
}

static void
slotsvc_changed(struct slotsvc *svc, int64_t key_id)
{
	slotsvc_grow(svc, (size_t)key_id);
	svc->last_batch[key_id] = slotcommit_collecting(svc->commit);
}

int
slotsvc_reserve(struct slotsvc *svc, enum slotsvc_service s, unsigned slot,
    int64_t key_id, int64_t now_ms)
{
	int	code;

	code = slotbook_reserve(svc->book[s], slot, key_id);
	if (code == SLOTBOOK_OK) {
		slotcommit_hold(svc->commit, slotsvc_names[s], slot, key_id,
		    now_ms);
		slotsvc_changed(svc, key_id);
	}
	return code;
}

int
slotsvc_cancel(struct slotsvc *svc, enum slotsvc_service s, unsigned slot,
    int64_t key_id)
{
	int	code;

	code = slotbook_cancel(svc->book[s], slot, key_id);
	if (code == SLOTBOOK_OK) {
		slotcommit_hold(svc->commit, slotsvc_names[s], slot, 0, 0);
		slotsvc_changed(svc, key_id);
	}
	return code;
}

void
slotsvc_block(struct slotsvc *svc, enum slotsvc_service s, unsigned from,
    unsigned to, bool blocked)
{
	for (unsigned slot = from; slot <= to; slot++) {
		slotcommit_block(svc->commit, slotsvc_names[s], slot, blocked);
		if (blocked)
			slotbook_block(svc->book[s], slot);
		else
			slotbook_unblock(svc->book[s], slot);
	}
}

void
slotsvc_count_refused(struct slotsvc *svc, int code)
{
	if (code >= 400 && code < 500)
		svc->refused[code - 400]++;
}

uint64_t
slotsvc_refused(const struct slotsvc *svc, int code)
{
	return code >= 400 && code < 500 ? svc->refused[code - 400] : 0;
}

void
slotsvc_journal(struct slotsvc *svc, const struct slotstore_entry *e)
{
	slotcommit_journal(svc->commit, e);
}

uint64_t
slotsvc_collecting(const struct slotsvc *svc)
{
	return slotcommit_collecting(svc->commit);
}

bool
slotsvc_key_dirty(const struct slotsvc *svc, int64_t key_id)
{
	return (size_t)key_id < svc->nlast &&
	    svc->last_batch[key_id] > slotcommit_committed(svc->commit);
}

void
slotsvc_drain(struct slotsvc *svc)
{
	slotcommit_drain(svc->commit);
}

/* Make dst's blocks those of src, a scratch book of the same size. */
static void
slotsvc_take_blocks(struct slotbook *dst, const struct slotbook *src)
{
	slotbook_unblock_all(dst);
	for (unsigned slot = 1; slot <= slotbook_size(dst); slot++) {
		if (slotbook_blocked(src, slot))
			slotbook_block(dst, slot);
	}
}

/*
 * The staff commands bump the store's generation; the service's own
 * commits do not.  A block or release made through the admin API is in
 * memory before it is on disk, so reloading the blocks waits until none
 * is on its way: the reload would drop it while its 200 still goes out.
 *
 * A read that fails must not pass for "no blocks": every service's
 * blocks are read into scratch books first and replace the old ones only
 * if all were read; the generation stays, so the next poll tries again.
 */
void
slotsvc_poll(struct slotsvc *svc)
{
	struct slotbook	*fresh[SLOTSVC_NSERVICES] = { NULL };
	int64_t		 g;
	char		*cause;
	int		 i;

	if (slotstore_generation(svc->st, &g, &cause) != 0) {
		log_error("polling for staff changes: %s", cause);
		free(cause);
		return;
	}
	if (g == svc->generation || slotcommit_blocks_pending(svc->commit))
		return;
	/* A revoked key stops working even while blocks cannot be read. */
	memset(svc->cache, 0, sizeof svc->cache);
	for (i = 0; i < SLOTSVC_NSERVICES; i++) {
		fresh[i] = slotbook_new(svc->conf.nslots, 0);
		if (slotstore_blocks_load(svc->st, slotsvc_names[i],
		    slotsvc_load_block, fresh[i], &cause) != 0) {
			log_error("reloading blocks, keeping the old ones: %s",
			    cause);
			free(cause);
			break;
		}
	}
	if (i == SLOTSVC_NSERVICES) {
		for (i = 0; i < SLOTSVC_NSERVICES; i++)
			slotsvc_take_blocks(svc->book[i], fresh[i]);
		svc->generation = g;
	}
	for (i = 0; i < SLOTSVC_NSERVICES; i++)
		slotbook_free(fresh[i]);
}
