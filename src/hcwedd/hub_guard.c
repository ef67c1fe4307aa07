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

/* The failure from which a name must wait between attempts. */
#define HUB_GUARD_SLOW_FROM	3

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

/* Whether g no longer says anything: not locked, window over. */
static bool
hub_guard_stale(const struct hub *hub, const struct hub_guard *g,
    int64_t now)
{
	return g->locked_until <= now &&
	    now - g->last >= hub->config.guard.lock_window_ms;
}

static size_t
hub_guard_max(const struct hub *hub)
{
	return hub->config.guard.guard_max != 0 ?
	    hub->config.guard.guard_max : HUB_GUARD_MAX;
}

/*
 * Whether every entry is a lock: then a name has nowhere to be counted,
 * and failed logins from many addresses must not buy a victim's lock.
 */
static bool
hub_guard_full(const struct hub *hub, int64_t now)
{
	struct hub_guard	*g;

	if (hub->nguards < hub_guard_max(hub))
		return false;
	TAILQ_FOREACH(g, &hub->guard_order, entry) {
		if (g->locked_until <= now)
			return false;
	}
	return true;
}

/*
 * Memory stays bounded against a flood of names or addresses: stale
 * entries go first, then the oldest one that is not locked.  NULL when
 * all are locked.
 */
static struct hub_guard *
hub_guard_get(struct hub *hub, const char *key, int64_t now)
{
	struct hub_guard	*g, *old;
	unsigned		 h;

	if ((g = hub_guard_find(hub, key)) != NULL)
		return g;
	while ((old = TAILQ_FIRST(&hub->guard_order)) != NULL &&
	    hub_guard_stale(hub, old, now))
		hub_guard_remove(hub, old);
	if (hub->nguards >= hub_guard_max(hub)) {
		TAILQ_FOREACH(old, &hub->guard_order, entry) {
			if (old->locked_until <= now)
				break;
		}
		if (old == NULL)
			return NULL;
		hub_guard_remove(hub, old);
	}
	g = xcalloc(1, sizeof *g);
	snprintf(g->key, sizeof g->key, "%s", key);
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

static int64_t
hub_guard_wait(struct hub *hub, struct hub_guard *g, const char *user,
    int64_t now)
{
	int64_t		delay;
	unsigned	shift;

	if (g->locked_until > now)
		return user != NULL && hub_guard_unlocked(hub, g, user) ? 0 :
		    g->locked_until - now;
	if (user == NULL || g->failures < HUB_GUARD_SLOW_FROM ||
	    now - g->first >= hub->config.guard.lock_window_ms)
		return 0;
	shift = g->failures - HUB_GUARD_SLOW_FROM;
	delay = (int64_t)1000 << (shift < 20 ? shift : 20);
	return g->last + delay > now ? g->last + delay - now : 0;
}

bool
hub_guard_refused(struct hub_session *s, const char *user, int64_t now,
    int64_t *wait_ms)
{
	struct hub		*hub = s->hub;
	struct hub_guard	*g;
	char			 key[sizeof g->key];
	int64_t			 wait = 0, w;

	snprintf(key, sizeof key, "u:%s", user);
	if ((g = hub_guard_find(hub, key)) != NULL)
		wait = hub_guard_wait(hub, g, user, now);
	else if (hub_guard_full(hub, now))
		wait = HUB_GUARD_FULL_WAIT_MS;
	snprintf(key, sizeof key, "a:%s", s->host);
	if (s->host[0] != '\0' && (g = hub_guard_find(hub, key)) != NULL &&
	    (w = hub_guard_wait(hub, g, NULL, now)) > wait)
		wait = w;
	*wait_ms = wait;
	return wait > 0;
}

/* Count a failure against key; true if that locks it. */
static bool
hub_guard_count(struct hub *hub, const char *key, unsigned threshold,
    int64_t now)
{
	struct hub_guard	*g;

	if (threshold == 0 || (g = hub_guard_get(hub, key, now)) == NULL)
		return false;
	if (g->failures > 0 &&
	    now - g->first >= hub->config.guard.lock_window_ms)
		g->failures = 0;
	if (g->failures++ == 0)
		g->first = now;
	g->last = now;
	TAILQ_REMOVE(&hub->guard_order, g, entry);
	TAILQ_INSERT_TAIL(&hub->guard_order, g, entry);
	if (g->failures < threshold)
		return false;
	g->failures = 0;
	g->locked_until = now + hub->config.guard.lock_ms;
	return true;
}

static void
hub_guard_lock(struct hub_session *s, const char *what, const char *user,
    unsigned failures, int64_t now)
{
	struct hub		*hub = s->hub;
	struct hub_guard	*g;
	char			 key[sizeof g->key];
	char			 detail[STORE_AUDIT_DETAIL];
	char			*cause;
	int64_t			 secs = hub->config.guard.lock_ms / 1000;

	snprintf(key, sizeof key, "%c:%s", *what, *what == 'u' ? user :
	    s->host);
	/* Only a counted failure locks, and counting made the guard. */
	if ((g = hub_guard_find(hub, key)) == NULL)
		log_fatalx("login guard %s missing at lock", key);
	if ((g->lock_id = store_audit_last(hub->store, &cause)) == -1) {
		log_error("login: %s", cause);
		free(cause);
		g->lock_id = 0;
	}
	snprintf(detail, sizeof detail, "%s after %u failed logins; %lld s",
	    what, failures, (long long)secs);
	hub_audit(s, now, "lockout", user, NULL, detail);
	if (*what == 'u')
		log_warn("login locked user=%s peer=%s failures=%u "
		    "seconds=%lld", user, s->peer, failures, (long long)secs);
	else
		log_warn("login locked address=%s user=%s failures=%u "
		    "seconds=%lld", s->host, user, failures, (long long)secs);
}

void
hub_guard_failed(struct hub_session *s, const char *user, int64_t now)
{
	struct hub		*hub = s->hub;
	const struct hub_limits	*lim = &hub->config.guard;
	char			 key[STORE_AUDIT_ADDR + 2];

	if (lim->lock_ms <= 0)
		return;
	snprintf(key, sizeof key, "u:%s", user);
	if (hub_guard_count(hub, key, lim->lock_failures, now))
		hub_guard_lock(s, "user", user, lim->lock_failures, now);
	if (s->host[0] == '\0')
		return;
	snprintf(key, sizeof key, "a:%s", s->host);
	if (hub_guard_count(hub, key, lim->lock_addr_failures, now))
		hub_guard_lock(s, "address", user, lim->lock_addr_failures,
		    now);
}

/* A good password clears the name, not the address it came from. */
void
hub_guard_passed(struct hub *hub, const char *user)
{
	struct hub_guard	*g;
	char			 key[sizeof g->key];

	snprintf(key, sizeof key, "u:%s", user);
	if ((g = hub_guard_find(hub, key)) != NULL)
		hub_guard_remove(hub, g);
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

bool
hub_guard_send(struct hub_session *s, int64_t now)
{
	if (s->hub->config.guard.send_rate == 0)
		return true;
	return bucket_take(&s->sends, (uint64_t)now) == 0;
}
