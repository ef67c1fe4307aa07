#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

/*
 * Four counts stand between a login and its password check (see the
 * limits in hub.h):
 *   'p' USER@SOURCE	the name from one source;
 *   'n' USER		the name from every unfamiliar source together;
 *   'a' SOURCE		an unfamiliar source, over every name;
 *   'c' USER		failed checks of the name from anywhere: the lock.
 * A familiar source answers only to its 'p' and to 'c', so an attack from
 * elsewhere slows the attacker down and leaves the clinician's own
 * workstation alone.
 */

static unsigned
hub_guard_hash(const char *key)
{
	unsigned	h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h % HUB_GUARD_BUCKETS;
}

static struct hub_guard *
hub_guard_find(struct hub *hub, const char *key)
{
	struct hub_guard	*g;

	for (g = hub->guards[hub_guard_hash(key)]; g != NULL; g = g->next) {
		if (strcmp(g->key, key) == 0)
			return g;
	}
	return NULL;
}

static void
hub_guard_remove(struct hub *hub, struct hub_guard *g)
{
	struct hub_guard	**p = &hub->guards[hub_guard_hash(g->key)];

	while (*p != g)
		p = &(*p)->next;
	*p = g->next;
	TAILQ_REMOVE(&hub->guard_order, g, entry);
	hub->nguards--;
	free(g);
}

static void
hub_guard_key(char *key, size_t size, char kind, const char *user,
    const char *source)
{
	switch (kind) {
	case 'p':
		snprintf(key, size, "p:%s@%s", user, source);
		break;
	case 'a':
		snprintf(key, size, "a:%s", source);
		break;
	default:
		snprintf(key, size, "%c:%s", kind, user);
	}
}

/* Failures a count lets through before it delays: its grace. */
static unsigned
hub_guard_grace(const struct hub *hub, const struct hub_guard *g)
{
	const struct hub_limits	*lim = &hub->config.guard;

	switch (g->key[0]) {
	case 'a':
		return lim->throttle_addr_after;
	case 'c':
		return lim->lock_failures;
	default:
		return lim->throttle_after;
	}
}

static int64_t
hub_guard_window(const struct hub *hub, const struct hub_guard *g)
{
	return g->key[0] == 'c' ? hub->config.guard.lock_window_ms :
	    hub->config.guard.throttle_window_ms;
}

/* The next attempt's wait: the growing delay, or what is left of a lock. */
static int64_t
hub_guard_delay(const struct hub *hub, const struct hub_guard *g,
    int64_t now)
{
	unsigned	grace = hub_guard_grace(hub, g), shift;
	int64_t		delay;

	if (g->locked_until > now)
		return g->locked_until - now;
	if (grace == 0 || g->failures < grace)
		return 0;
	if (g->key[0] == 'c')
		return HUB_GUARD_FULL_WAIT_MS;	/* the last checks in flight */
	shift = g->failures - grace;
	delay = (int64_t)1000 << (shift < 20 ? shift : 20);
	if (delay > hub->config.guard.throttle_max_ms)
		delay = hub->config.guard.throttle_max_ms;
	return g->last + delay > now ? g->last + delay - now : 0;
}

/* Failures over a quiet window, and a lock that has ended, are forgotten. */
static void
hub_guard_age(const struct hub *hub, struct hub_guard *g, int64_t now)
{
	if ((g->locked_until != 0 && g->locked_until <= now) ||
	    now - g->last >= hub_guard_window(hub, g)) {
		g->failures = 0;
		g->locked_until = 0;
		g->told = false;
	}
}

/* Whether g may be forgotten: nothing it says holds an attempt back. */
static bool
hub_guard_idle(const struct hub *hub, const struct hub_guard *g, int64_t now)
{
	return g->locked_until <= now &&
	    (g->failures < hub_guard_grace(hub, g) ||
	    now - g->last >= hub_guard_window(hub, g));
}

/*
 * Memory stays bounded against a flood of names or sources: the idle
 * entry used longest ago goes.  NULL when none is idle.
 */
static struct hub_guard *
hub_guard_get(struct hub *hub, const char key[HUB_GUARD_KEY], int64_t now)
{
	struct hub_guard	*g;
	unsigned		 h;
	size_t			 max = hub->config.guard.guard_max != 0 ?
				    hub->config.guard.guard_max : HUB_GUARD_MAX;

	if ((g = hub_guard_find(hub, key)) != NULL)
		return g;
	if (hub->nguards >= max) {
		TAILQ_FOREACH(g, &hub->guard_order, entry) {
			if (hub_guard_idle(hub, g, now))
				break;
		}
		if (g == NULL)
			return NULL;
		hub_guard_remove(hub, g);
	}
	g = xcalloc(1, sizeof *g);
	memcpy(g->key, key, sizeof g->key);
	h = hub_guard_hash(g->key);
	g->next = hub->guards[h];
	hub->guards[h] = g;
	TAILQ_INSERT_TAIL(&hub->guard_order, g, entry);
	hub->nguards++;
	return g;
}

void
hub_guards_free(struct hub *hub)
{
	struct hub_guard	*g;

	while ((g = TAILQ_FIRST(&hub->guard_order)) != NULL)
		hub_guard_remove(hub, g);
}

/* An administrator's "hcwedd user unlock" since the lock ends it. */
static bool
hub_guard_unlocked(struct hub *hub, struct hub_guard *g, const char *user)
{
	char	*cause;
	int	 rc;

	rc = store_audit_since_id(hub->store, user, "user_unlock", g->lock_id,
	    &cause);
	if (rc == -1) {
		log_error("login: %s", cause);
		free(cause);
		return false;
	}
	if (rc == 1) {
		log_info("login unlocked user=%s", user);
		hub_guard_remove(hub, g);
	}
	return rc == 1;
}

/* The counts an attempt answers to, in keys; how many.  0 turns one off. */
static size_t
hub_guard_keys(const struct hub *hub, char keys[4][HUB_GUARD_KEY],
    const char *user, const char *source, bool familiar)
{
	const struct hub_limits	*lim = &hub->config.guard;
	size_t			 n = 0;

	if (lim->lock_failures > 0)
		hub_guard_key(keys[n++], HUB_GUARD_KEY, 'c', user, source);
	if (source[0] == '\0')
		return n;
	if (lim->throttle_after > 0)
		hub_guard_key(keys[n++], HUB_GUARD_KEY, 'p', user, source);
	if (!familiar && lim->throttle_after > 0)
		hub_guard_key(keys[n++], HUB_GUARD_KEY, 'n', user, source);
	if (!familiar && lim->throttle_addr_after > 0)
		hub_guard_key(keys[n++], HUB_GUARD_KEY, 'a', user, source);
	return n;
}

bool
hub_guard_admit(struct hub *hub, const char *user, const char *source,
    bool familiar, int64_t now, struct hub_guard_wait *out)
{
	struct hub_guard	*g[4];
	char			 keys[4][HUB_GUARD_KEY];
	size_t			 n = hub_guard_keys(hub, keys, user, source,
				    familiar);
	int64_t			 w;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if ((g[i] = hub_guard_find(hub, keys[i])) == NULL)
			continue;
		hub_guard_age(hub, g[i], now);
		if (g[i]->locked_until > now &&
		    hub_guard_unlocked(hub, g[i], user)) {
			g[i] = NULL;
			continue;
		}
		if ((w = hub_guard_delay(hub, g[i], now)) > out->wait_ms) {
			out->wait_ms = w;
			out->locked = g[i]->locked_until > now;
		}
	}
	if (out->wait_ms > 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (g[i] == NULL && (g[i] = hub_guard_get(hub, keys[i], now)) ==
		    NULL) {
			out->wait_ms = HUB_GUARD_FULL_WAIT_MS;
			return false;
		}
	}
	/* Counted now, before the check, so that checks in flight count. */
	for (size_t i = 0; i < n; i++) {
		g[i]->failures++;
		g[i]->last = now;
		TAILQ_REMOVE(&hub->guard_order, g[i], entry);
		TAILQ_INSERT_TAIL(&hub->guard_order, g[i], entry);
	}
	return true;
}

/* A count just reached its threshold: say so where an administrator looks. */
static void
hub_guard_tell(struct hub *hub, struct hub_guard *g, const char *user,
    const char *peer, int64_t now)
{
	const struct hub_limits	*lim = &hub->config.guard;
	char			 detail[STORE_AUDIT_DETAIL];
	char			*cause;

	if (g->told)
		return;
	g->told = true;
	if (g->key[0] == 'c') {
		g->locked_until = now + lim->lock_ms;
		if ((g->lock_id = store_audit_last(hub->store, &cause)) == -1) {
			log_error("login: %s", cause);
			free(cause);
			g->lock_id = 0;
		}
		snprintf(detail, sizeof detail, "locked after %u failed "
		    "logins; %lld s", g->failures,
		    (long long)(lim->lock_ms / 1000));
		hub_audit_row(hub, now, "lockout", user, peer, NULL, detail);
		log_warn("login locked user=%s peer=%s failures=%u seconds=%lld",
		    user, peer, g->failures, (long long)(lim->lock_ms / 1000));
		return;
	}
	if (g->key[0] == 'p')
		return;
	snprintf(detail, sizeof detail, "%s slowed after %u failed logins",
	    g->key[0] == 'n' ? "unfamiliar sources" : "source",
	    g->failures);
	hub_audit_row(hub, now, "throttle", user, peer, NULL, detail);
	log_warn("login throttled %s=%s peer=%s failures=%u",
	    g->key[0] == 'n' ? "user" : "source", g->key + 2, peer,
	    g->failures);
}

void
hub_guard_settle(struct hub *hub, const char *user, const char *source,
    bool familiar, const char *peer, enum hub_guard_outcome how, int64_t now)
{
	struct hub_guard	*g;
	char			 keys[4][HUB_GUARD_KEY];
	size_t			 n = hub_guard_keys(hub, keys, user, source,
				    familiar);

	for (size_t i = 0; i < n; i++) {
		if ((g = hub_guard_find(hub, keys[i])) == NULL)
			continue;
		if (how == HUB_GUARD_FAILED) {
			if (g->failures >= hub_guard_grace(hub, g) &&
			    hub_guard_grace(hub, g) > 0)
				hub_guard_tell(hub, g, user, peer, now);
		} else if (how == HUB_GUARD_PASSED && keys[i][0] != 'a')
			hub_guard_remove(hub, g);
		else if (g->failures > 0)
			/* A good password clears its name, not its source. */
			g->failures--;
	}
}

/*
 * One machine usually has a whole IPv6 /64 and can walk through it, so
 * the /64 is what counts; an IPv4 address (mapped or not) counts alone.
 */
void
hub_guard_host(const char *peer, char *host, size_t size)
{
	struct in6_addr	 a;
	char		*colon, buf[INET6_ADDRSTRLEN];

	snprintf(host, size, "%s", peer);
	/* IPv6 hosts have colons too: the port is after the last one. */
	if ((colon = strrchr(host, ':')) != NULL)
		*colon = '\0';
	if (inet_pton(AF_INET6, host, &a) != 1 || IN6_IS_ADDR_V4MAPPED(&a))
		return;
	memset(a.s6_addr + 8, 0, 8);
	if (inet_ntop(AF_INET6, &a, buf, sizeof buf) != NULL)
		snprintf(host, size, "%s/64", buf);
}

/*
 * Far above what a person at a client does (a reconnect's sync pages and
 * receipts included), far below what a loop can send.
 */
static const struct {
	unsigned	 per_s, burst;
} hub_rates[HUB_RATE_COUNT] = {
	[HUB_RATE_PRESENCE] = { 5, 20 },
	[HUB_RATE_RECEIPT] = { 100, 500 },
	[HUB_RATE_READ] = { 20, 100 },
	[HUB_RATE_WHO] = { 2, 10 },
};

void
hub_guard_rate_of(enum hub_rate kind, unsigned *per_s, unsigned *burst)
{
	*per_s = hub_rates[kind].per_s;
	*burst = hub_rates[kind].burst;
}

int64_t
hub_guard_rate(struct hub_session *s, enum hub_rate kind, int64_t now)
{
	struct bucket	*b = &s->user->rates[kind];

	if (!s->hub->config.guard.request_limits ||
	    bucket_take(b, (uint64_t)now) == 0)
		return 0;
	return (int64_t)bucket_wait_ms(b, (uint64_t)now);
}

bool
hub_guard_send(struct hub_session *s, int64_t now)
{
	if (s->hub->config.guard.send_rate == 0)
		return true;
	return bucket_take(&s->sends, (uint64_t)now) == 0;
}
