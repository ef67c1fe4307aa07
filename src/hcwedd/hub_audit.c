#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/log.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hub_int.h"

void
hub_time(struct hub *hub, int64_t now)
{
	if (now > hub->now)
		hub->now = now;
}

/*
 * Rows wait for the next batch, which the transport commits at the end of
 * the loop turn; a turn that stored no message still commits its rows.
 */
void
hub_audit(struct hub_session *s, int64_t now, const char *event,
    const char *user, const char *peer, const char *detail)
{
	hub_audit_row(s->hub, now, event, user, s->peer, peer, detail);
}

void
hub_audit_row(struct hub *hub, int64_t now, const char *event,
    const char *user, const char *addr, const char *peer, const char *detail)
{
	struct store_audit	*a;

	if (hub->naudit == hub->auditcap) {
		hub->auditcap = hub->auditcap == 0 ? 16 : hub->auditcap * 2;
		hub->audit = xreallocarray(hub->audit, hub->auditcap,
		    sizeof *hub->audit);
	}
	a = &hub->audit[hub->naudit++];
	memset(a, 0, sizeof *a);
	a->ts = now;
	snprintf(a->event, sizeof a->event, "%s", event);
	snprintf(a->user, sizeof a->user, "%s", user);
	snprintf(a->addr, sizeof a->addr, "%s", addr[0] != '\0' ? addr :
	    "local");
	snprintf(a->peer, sizeof a->peer, "%s", peer != NULL ? peer : "");
	snprintf(a->detail, sizeof a->detail, "%s", detail != NULL ? detail :
	    "");
}

void
hub_audit_logout(struct hub_session *s, int64_t now, const char *how)
{
	if (s->user != NULL)
		hub_audit(s, now, "logout", s->user->name, NULL, how);
}
