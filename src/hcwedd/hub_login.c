#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"
#include "src/hcwedd/passwd.h"

/*
 * A login in three steps: the lockout and the account are looked at on the
 * hub's thread (hub_login_start); the password hash, the slow part (about
 * 30 ms), may run on another (hub_login_verify); the outcome is applied on
 * the hub's thread again (hub_login_done).  The session takes no input in
 * between, so its requests stay in order.
 */
struct hub_login {
	struct hub_session	*session;	/* NULL once it has gone */
	char			 tag[PROTO_TAG_MAX + 1];
	char			 name[PROTO_NAME_MAX + 1];	/* as asked */
	char			 password[PROTO_PASSWORD_MAX + 1];
	char			 peer[STORE_AUDIT_ADDR];	/* the session's */
	char			 source[STORE_AUDIT_ADDR];
	bool			 familiar;	/* name has logged in from it */
	struct store_user	 su;		/* when found; owns su.hash */
	bool			 found;
	const char		*hash;		/* su.hash or the hub's dummy */
	bool			 ok;		/* out */
	char			*rehash;	/* out: at today's cost */
	char			*cause;		/* out: why no rehash */
};

static void
hub_login_free(struct hub_login *l)
{
	explicit_bzero(l->password, sizeof l->password);
	free(l->su.hash);
	free(l->rehash);
	free(l->cause);
	free(l);
}

/* Whether the account has logged in from the session's source before. */
static int
hub_login_familiar(struct hub_session *s, struct hub_login *l)
{
	char	*cause;
	int	 rc;

	if (!l->found || s->host[0] == '\0')
		return 0;
	if ((rc = store_source_known(s->hub->store, l->name, s->host,
	    &cause)) == -1) {
		log_error("login: %s", cause);
		free(cause);
	}
	return rc;
}

/*
 * A login held back is refused before its password is looked at: no hash
 * is spent, and no audit row either, so hammering neither loads the
 * server nor fills the disk.  Thresholds reached are audited.
 */
static bool
hub_login_held(struct hub_session *s, struct hub_login *l, int64_t now)
{
	struct hub_guard_wait	w;

	if (hub_guard_admit(s->hub, l->name, s->host, l->familiar, now, &w))
		return false;
	log_info("login refused user=%s peer=%s: %s for %lld ms", l->name,
	    s->peer, w.locked ? "locked" : "held back", (long long)w.wait_ms);
	hub_error_wait(s, PROTO_E_LOCKED, "login", l->tag, w.wait_ms,
	    "too many failed logins: try again in %lld s",
	    (long long)(w.wait_ms + 999) / 1000);
	return true;
}

void
hub_login_start(struct hub_session *s, struct proto_request *req,
    int64_t now)
{
	struct hub		*hub = s->hub;
	struct hub_login	*l;
	char			*cause;
	int			 found, familiar = 0;

	l = xcalloc(1, sizeof *l);
	memcpy(l->tag, req->tag, sizeof l->tag);
	memcpy(l->name, req->login.user, sizeof l->name);
	found = store_user_get(hub->store, req->login.user, &l->su, &cause);
	l->found = found == 1;
	if (found == -1 || (familiar = hub_login_familiar(s, l)) == -1) {
		if (found == -1) {
			log_error("login: %s", cause);
			free(cause);
		}
		hub_login_free(l);
		hub_error(s, PROTO_E_INTERNAL, "login", req->tag,
		    "the server could not read its accounts; retry");
		return;
	}
	l->familiar = familiar == 1;
	if (hub_login_held(s, l, now)) {
		hub_login_free(l);
		return;
	}
	/*
	 * An unknown user costs the same hash as a known one, so the time
	 * taken does not tell which names exist.
	 */
	if (!l->found && hub->dummy_hash == NULL &&
	    passwd_hash("hcwedd", &hub->dummy_hash, &cause) != 0) {
		log_error("login: %s", cause);
		free(cause);
		hub_guard_settle(hub, l->name, s->host, l->familiar, s->peer,
		    HUB_GUARD_UNCHECKED, now);
		hub_login_free(l);
		hub_error(s, PROTO_E_INTERNAL, "login", req->tag,
		    "the server could not check the password; retry");
		return;
	}
	l->session = s;
	l->hash = l->found ? l->su.hash : hub->dummy_hash;
	memcpy(l->password, req->login.password, sizeof l->password);
	memcpy(l->peer, s->peer, sizeof l->peer);
	memcpy(l->source, s->host, sizeof l->source);
	s->login = l;
	if (hub->verify == NULL) {
		hub_login_verify(l);
		hub_login_done(hub, l);
	} else
		hub->verify(hub->verify_arg, l);
}

void
hub_login_verify(struct hub_login *l)
{
	l->ok = passwd_verify(l->hash, l->password) && l->found;
	if (l->ok && passwd_needs_rehash(l->hash) &&
	    passwd_hash(l->password, &l->rehash, &l->cause) != 0)
		l->rehash = NULL;
	explicit_bzero(l->password, sizeof l->password);
}

static void
hub_login_refused(struct hub_session *s, struct hub_login *l)
{
	struct hub	*hub = s->hub;

	log_info("login refused user=%s peer=%s", l->name, s->peer);
	hub_audit(s, hub->now, "login_failed", l->name, NULL,
	    l->found ? "wrong password" : "no such account");
	hub_error(s, PROTO_E_BAD_CREDENTIALS, "login", l->tag,
	    "login refused");
}

static void
hub_login_accepted(struct hub_session *s, struct hub_login *l)
{
	struct hub		*hub = s->hub;
	struct proto_user	 pu;
	struct hub_user		*u;
	char			*line;
	size_t			 len;

	if (l->cause != NULL)
		log_warn("login: rehash user=%s: %s", l->su.name, l->cause);
	hub_seen(hub, l->su.name, l->source, l->rehash, hub->now);
	l->rehash = NULL;
	hub_audit(s, hub->now, "login", l->su.name, NULL, NULL);
	u = hub_user_update(hub, &l->su);
	memset(&pu, 0, sizeof pu);
	memcpy(pu.user, u->name, sizeof pu.user);
	memcpy(pu.display, u->display, sizeof pu.display);
	memcpy(pu.role, u->role, sizeof pu.role);
	pu.presence = u->nsessions > 0 ? u->presence :
	    PROTO_PRESENCE_AVAILABLE;
	line = proto_encode_login(l->tag, &pu, &len);
	hub_emit(s, line, len);
	hub_presence_attach(s, u);
	log_info("login user=%s peer=%s sessions=%zu", u->name, s->peer,
	    u->nsessions);
}

void
hub_login_done(struct hub *hub, struct hub_login *l)
{
	struct hub_session	*s = l->session;

	/* Counted at the start: the outcome settles it, session or not. */
	hub_guard_settle(hub, l->name, l->source, l->familiar, l->peer,
	    l->ok ? HUB_GUARD_PASSED : HUB_GUARD_FAILED, hub->now);
	if (s == NULL) {
		hub_login_free(l);
		return;
	}
	s->login = NULL;
	if (!l->ok)
		hub_login_refused(s, l);
	else if (l->su.disabled) {
		hub_audit(s, hub->now, "login_failed", l->su.name, NULL,
		    "account disabled");
		hub_error(s, PROTO_E_LOCKED, "login", l->tag,
		    "this account is locked; ask an administrator");
	} else
		hub_login_accepted(s, l);
	hub_login_free(l);
	if (s->ops->resume != NULL)
		s->ops->resume(s->arg);
}

void
hub_login_cancel(struct hub *hub, struct hub_login *l)
{
	struct hub_session	*s = l->session;

	hub_guard_settle(hub, l->name, l->source, l->familiar, l->peer,
	    HUB_GUARD_UNCHECKED, hub->now);
	if (s != NULL) {
		s->login = NULL;
		hub_error(s, PROTO_E_INTERNAL, "login", l->tag, "the server "
		    "is stopping; retry");
		if (s->ops->resume != NULL)
			s->ops->resume(s->arg);
	}
	hub_login_free(l);
}

void
hub_set_verifier(struct hub *hub, void (*verify)(void *, struct hub_login *),
    void *arg)
{
	hub->verify = verify;
	hub->verify_arg = arg;
}

bool
hub_session_paused(const struct hub_session *s)
{
	return s->login != NULL || s->hold != HUB_HOLD_NONE ||
	    s->hub->bye != NULL;
}

/* The session has gone: its login is let finish, and then dropped. */
void
hub_login_forget(struct hub_session *s)
{
	if (s->login != NULL)
		s->login->session = NULL;
}
