/*
 * Password checks for the hub on a thread of their own: a login's argon2id
 * hash (about 30 ms, by design) would otherwise stop every session on the
 * loop while it runs.  Logins queue in arrival order and are checked one
 * at a time, leaving the other core to the loop and the commit thread.
 *
 * The hubauth borrows the hub.  hubauth_free() waits for the check in
 * hand and cancels the queued ones (hub_login_cancel).
 */
#ifndef HC_HUBAUTH_H
#define HC_HUBAUTH_H

struct event_base;
struct hub;
struct hubauth;

struct hubauth	*hubauth_new(struct event_base *, struct hub *);
void		 hubauth_free(struct hubauth *);

#endif
