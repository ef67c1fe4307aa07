#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/log.h"
#include "src/slotkey.h"
#include "src/slotsvc.h"
#include "src/xmalloc.h"

#define SLOTSVC_KEY_CACHE	256

struct slotsvc_cached {
	char			hash[SLOTKEY_LEN + 1];
	struct slotsvc_key	key;
};

struct slotsvc {
	struct slotsvc_conf	 conf;
	struct slotstore	*st;
	struct slotbook		*book[SLOTSVC_NSERVICES];
	bool			 changes;
	int64_t			 data_version;
	/* Last request time by key id, for the rate rule. */
	uint64_t		*last_ms;
	size_t			 nlast;
	/* Hash to key, dropped whenever another process changes the db. */
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
	for (int i = 0; i < SLOTSVC_NSERVICES; i++) {
		slotbook_free(svc->book[i]);
		/* Loading must not trip over the limit of an earlier run. */
		svc->book[i] = slotbook_new(svc->conf.nslots, UINT32_MAX);
		if (slotstore_holds_load(svc->st, slotsvc_names[i],
		    slotsvc_load_hold, svc->book[i], cause) != 0 ||
		    slotstore_blocks_load(svc->st, slotsvc_names[i],
		    slotsvc_load_block, svc->book[i], cause) != 0)
			return -1;
		slotbook_set_max_holds(svc->book[i], svc->conf.max_holds);
	}
	return 0;
}

struct slotsvc *
slotsvc_new(const struct slotsvc_conf *conf, struct slotstore *st,
    char **cause)
{
	struct slotsvc	*svc = xcalloc(1, sizeof *svc);

	svc->conf = *conf;
	svc->st = st;
	svc->data_version = slotstore_data_version(st);
	if (slotsvc_load(svc, cause) != 0) {
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
	for (int i = 0; i < SLOTSVC_NSERVICES; i++)
		slotbook_free(svc->book[i]);
	slotstore_close(svc->st);
	free(svc->last_ms);
	free(svc);
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

static unsigned
slotsvc_hexval(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

int
slotsvc_auth(struct slotsvc *svc, const char *key, size_t len,
    struct slotsvc_key *out)
{
	char			 hash[SLOTKEY_LEN + 1];
	struct slotsvc_cached	*c;

	if (len != SLOTKEY_LEN)
		return 0;
	slotkey_hash(key, len, hash);
	c = &svc->cache[slotsvc_hexval(hash[0]) << 4 | slotsvc_hexval(hash[1])];
	if (strcmp(c->hash, hash) == 0) {
		*out = c->key;
		return 1;
	}
	if (slotstore_key_find(svc->st, hash, &out->id, out->kind,
	    sizeof out->kind, out->name, sizeof out->name) != 1)
		return 0;
	memcpy(c->hash, hash, sizeof c->hash);
	c->key = *out;
	return 1;
}

bool
slotsvc_rate_hit(struct slotsvc *svc, int64_t key_id, uint64_t now_ms)
{
	size_t	i = (size_t)key_id;
	bool	hit;

	if (i >= svc->nlast) {
		size_t	n = i + 64;

		svc->last_ms = xreallocarray(svc->last_ms, n,
		    sizeof *svc->last_ms);
		memset(svc->last_ms + svc->nlast, 0,
		    (n - svc->nlast) * sizeof *svc->last_ms);
		svc->nlast = n;
	}
	hit = svc->last_ms[i] != 0 && now_ms - svc->last_ms[i] < 1000;
	svc->last_ms[i] = now_ms;
	return hit;
}

int
slotsvc_reserve(struct slotsvc *svc, enum slotsvc_service s, unsigned slot,
    int64_t key_id, int64_t now_ms, char **cause)
{
	int	code;

	code = slotbook_reserve(svc->book[s], slot, key_id);
	if (code != SLOTBOOK_OK)
		return code;
	if (slotstore_hold_put(svc->st, slotsvc_names[s], slot, key_id,
	    now_ms, cause) != 0) {
		slotbook_cancel(svc->book[s], slot, key_id);
		return 500;
	}
	svc->changes = true;
	return code;
}

int
slotsvc_cancel(struct slotsvc *svc, enum slotsvc_service s, unsigned slot,
    int64_t key_id, char **cause)
{
	int	code;

	code = slotbook_cancel(svc->book[s], slot, key_id);
	if (code != SLOTBOOK_OK)
		return code;
	if (slotstore_hold_del(svc->st, slotsvc_names[s], slot, cause) != 0) {
		slotbook_reserve(svc->book[s], slot, key_id);
		return 500;
	}
	svc->changes = true;
	return code;
}

int
slotsvc_block(struct slotsvc *svc, enum slotsvc_service s, unsigned from,
    unsigned to, bool blocked, char **cause)
{
	for (unsigned slot = from; slot <= to; slot++) {
		if (slotstore_block_set(svc->st, slotsvc_names[s], slot,
		    blocked, cause) != 0)
			return -1;
		if (blocked)
			slotbook_block(svc->book[s], slot);
		else
			slotbook_unblock(svc->book[s], slot);
	}
	svc->changes = true;
	return 0;
}

void
slotsvc_journal(struct slotsvc *svc, const struct slotstore_entry *e)
{
	char	*cause;

	if (slotstore_journal_add(svc->st, e, &cause) != 0) {
		log_error("journal: %s", cause);
		free(cause);
	}
}

bool
slotsvc_changes_pending(const struct slotsvc *svc)
{
	return svc->changes;
}

bool
slotsvc_pending(const struct slotsvc *svc)
{
	return slotstore_pending(svc->st);
}

int
slotsvc_commit(struct slotsvc *svc, char **cause)
{
	char	*why;

	svc->changes = false;
	if (slotstore_commit(svc->st, cause) == 0)
		return 0;
	if (slotsvc_load(svc, &why) != 0)
		log_fatalx("reloading after a failed commit: %s", why);
	return -1;
}

void
slotsvc_poll(struct slotsvc *svc)
{
	int64_t	v = slotstore_data_version(svc->st);
	char	*cause;

	if (v == svc->data_version || slotstore_pending(svc->st))
		return;
	svc->data_version = v;
	memset(svc->cache, 0, sizeof svc->cache);
	for (int i = 0; i < SLOTSVC_NSERVICES; i++) {
		slotbook_unblock_all(svc->book[i]);
		if (slotstore_blocks_load(svc->st, slotsvc_names[i],
		    slotsvc_load_block, svc->book[i], &cause) != 0) {
			log_error("reloading blocks: %s", cause);
			free(cause);
		}
	}
}
