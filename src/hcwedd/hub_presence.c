#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

static unsigned
hub_user_hash(const char *name)
{
	unsigned	h = 2166136261U;	/* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619U;
	return h % HUB_USER_BUCKETS;
}

static struct hub_user *
hub_user_lookup(struct hub *hub, const char *name)
{
	struct hub_user	*u;

	for (u = hub->users[hub_user_hash(name)]; u != NULL; u = u->next) {
		if (strcmp(u->name, name) == 0)
			return u;
	}
	return NULL;
}

/* Per-account limits start full; nobody has heard of it yet. */
static void
hub_presence_init(struct hub_user *u)
{
	unsigned	rate, burst;

	for (int i = 0; i < HUB_RATE_COUNT; i++) {
		hub_guard_rate_of((enum hub_rate)i, &rate, &burst);
		bucket_init(&u->rates[i], rate * 1000, burst);
	}
	u->told = PROTO_PRESENCE_OFFLINE;
	u->told_at = INT64_MIN / 2;
}

/* Remember (or refresh) an account read from the store. */
struct hub_user *
hub_user_update(struct hub *hub, const struct store_user *su)
{
	struct hub_user	*u;
	unsigned	 h;

	if ((u = hub_user_lookup(hub, su->name)) != NULL)
		u->gone = false;	/* a new account of that name */
	else {
		u = xcalloc(1, sizeof *u);
		snprintf(u->name, sizeof u->name, "%s", su->name);
		TAILQ_INIT(&u->sessions);
		hub_presence_init(u);
		h = hub_user_hash(su->name);
		u->next = hub->users[h];
		hub->users[h] = u;
	}
	snprintf(u->display, sizeof u->display, "%s", su->display);
	snprintf(u->role, sizeof u->role, "%s", su->role);
	return u;
}

/*
 * The account called name, or NULL.  Accounts are added by "hcwedd user
 * add" in another process, so a name not yet seen is looked up in the
 * store.
 */
struct hub_user *
hub_user_find(struct hub *hub, const char *name)
{
	struct hub_user		*u;
	struct store_user	 su;
	char			*cause;
	int			 found;

	if ((u = hub_user_lookup(hub, name)) != NULL && !u->gone)
		return u;
	if ((found = store_user_get(hub->store, name, &su, &cause)) == -1) {
		log_error("user lookup: %s", cause);
		free(cause);
		return NULL;
	}
	if (found == 0)
		return NULL;
	free(su.hash);
	return hub_user_update(hub, &su);
}

void
hub_users_free(struct hub *hub)
{
	struct hub_user	*u, *next;

	for (size_t i = 0; i < HUB_USER_BUCKETS; i++) {
		for (u = hub->users[i]; u != NULL; u = next) {
			next = u->next;
			free(u);
		}
		hub->users[i] = NULL;
	}
	TAILQ_INIT(&hub->dirty);
}

/* Tell every logged-in session but skip where user stands now. */
static void
hub_presence_send(struct hub *hub, struct hub_user *u,
    struct hub_session *skip)
{
	struct hub_session	*s;
	enum proto_presence	 p;
	char			*line;
	size_t			 len;

	p = u->nsessions > 0 ? u->presence : PROTO_PRESENCE_OFFLINE;
	u->told_at = hub->now;
	if (u->dirty) {
		TAILQ_REMOVE(&hub->dirty, u, dirty_entry);
		u->dirty = false;
		/* Changed and changed back: nothing to tell. */
		if (p == u->told)
			return;
	}
	u->told = p;
	line = proto_encode_presence(u->name, p, &len);
	TAILQ_FOREACH(s, &hub->sessions, entry) {
		if (s != skip)
			hub_event(s, line, len);
	}
	free(line);
}

/*
 * A flood of changes from one account reaches the others as at most two
 * a second: a change sooner than that waits for hub_presence_flush(), and
 * only the latest state goes out then.
 */
static void
hub_presence_tell(struct hub *hub, struct hub_user *u, struct hub_session *skip)
{
	if (hub->shutting_down)
		return;
	if (!hub->config.guard.request_limits ||
	    hub->now - u->told_at >= HUB_PRESENCE_EVERY_MS) {
		hub_presence_send(hub, u, skip);
		return;
	}
	if (!u->dirty) {
		u->dirty = true;
		TAILQ_INSERT_TAIL(&hub->dirty, u, dirty_entry);
	}
}

void
hub_presence_flush(struct hub *hub)
{
	struct hub_user	*u, *next;

	for (u = TAILQ_FIRST(&hub->dirty); u != NULL; u = next) {
		next = TAILQ_NEXT(u, dirty_entry);
		if (hub->now - u->told_at >= HUB_PRESENCE_EVERY_MS)
			hub_presence_send(hub, u, NULL);
	}
}

void
hub_presence_attach(struct hub_session *s, struct hub_user *u)
{
	s->user = u;
	s->state = HUB_LOGGED_IN;
	TAILQ_INSERT_TAIL(&u->sessions, s, user_entry);
	if (u->nsessions++ > 0)
		return;
	u->presence = PROTO_PRESENCE_AVAILABLE;
	hub_presence_tell(s->hub, u, s);
}

void
hub_presence_detach(struct hub_session *s)
{
	struct hub_user	*u = s->user;

	TAILQ_REMOVE(&u->sessions, s, user_entry);
	s->user = NULL;
	if (--u->nsessions == 0)
		hub_presence_tell(s->hub, u, s);
}

void
hub_presence_set(struct hub_user *u, enum proto_presence p)
{
	struct hub_session	*s = TAILQ_FIRST(&u->sessions);

	u->presence = p;
	hub_presence_tell(s->hub, u, NULL);
}


enum proto_presence
hub_presence_of(struct hub *hub, const char *name)
{
	struct hub_user	*u = hub_user_lookup(hub, name);

	if (u == NULL || u->nsessions == 0)
		return PROTO_PRESENCE_OFFLINE;
	return u->presence;
}

/* Every logged-in session hears of an account that came or went. */
static void
hub_account_tell(struct hub *hub, const struct hub_user *u, bool deleted)
{
	struct proto_user	 pu = { .presence = PROTO_PRESENCE_OFFLINE };
	struct hub_session	*s;
	char			*line;
	size_t			 len;

	snprintf(pu.user, sizeof pu.user, "%s", u->name);
	snprintf(pu.display, sizeof pu.display, "%s", u->display);
	snprintf(pu.role, sizeof pu.role, "%s", u->role);
	line = proto_encode_account(&pu, deleted, &len);
	TAILQ_FOREACH(s, &hub->sessions, entry)
		hub_event(s, line, len);
	free(line);
}

static void
hub_account_changed(void *arg, const char *user, const char *what)
{
	struct hub		*hub = arg;
	struct hub_user		*u = hub_user_lookup(hub, user);
	struct hub_session	*s;
	bool			 del = strcmp(what, "del") == 0;
	const char		*why = del ? "account deleted" :
				    "password changed; log in again";
	char			*line;
	size_t			 len;

	if (strcmp(what, "add") == 0) {
		if ((u = hub_user_find(hub, user)) != NULL)
			hub_account_tell(hub, u, false);
		return;
	}
	if (u == NULL || u->gone) {
		/* Deleted before this server read it: still gone for all. */
		if (del && u == NULL) {
			struct hub_user	gone = { .display = "", .role = "" };

			snprintf(gone.name, sizeof gone.name, "%s", user);
			hub_account_tell(hub, &gone, true);
		}
		return;
	}
	log_info("account %s user=%s sessions=%zu", del ? "deleted" :
	    "password changed", user, u->nsessions);
	line = proto_encode_bye(why, &len);
	/* hub_end() takes each session off the list. */
	while ((s = TAILQ_FIRST(&u->sessions)) != NULL) {
		hub_event(s, line, len);
		hub_end(s, hub->now, why);
	}
	free(line);
	u->gone = del;
	if (del)
		hub_account_tell(hub, u, true);
}

void
hub_tick(struct hub *hub, int64_t now)
{
	char	*cause;

	hub_time(hub, now);
	hub_presence_flush(hub);
	if (store_account_changes(hub->store, &hub->changes_seen,
	    hub_account_changed, hub, &cause) != 0) {
		log_error("accounts: %s", cause);
		free(cause);
	}
}
