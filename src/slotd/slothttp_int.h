/*
 * Internals shared by the files of the hcwed-slotd HTTP front
 * (net/slothttp*.c) and its fuzzer (tests/fuzz/fuzz_slothttp.c); nothing
 * else includes this.
 */
#ifndef HC_SLOTHTTP_INT_H
#define HC_SLOTHTTP_INT_H

#include <sys/queue.h>

#include <event2/http.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/slotd/slotfault.h"
#include "src/slotd/slothttp.h"
#include "src/slotd/slotsvc.h"

struct event;

enum slotop {
	SLOTOP_RESERVE,
	SLOTOP_CANCEL,
	SLOTOP_AVAILABLE,
	SLOTOP_HELD,
};

/* An API request between its arrival and its (possibly delayed) answer. */
struct slotcall {
	struct slothttp			*h;
	struct evhttp_request		*req;
	enum slotsvc_service		 service;
	enum slotop			 op;
	const char			*slot_text;	/* in the path */
	unsigned			 slot;
	struct slotsvc_key		 key;
	bool				 violation;
	struct slotfault_decision	 d;
	struct event			*timer;
	LIST_ENTRY(slotcall)		 entry;
};

/* A reply waiting for the commit; lost replies close the connection. */
struct slotpending {
	struct evhttp_request	*req;
	int			 code;
	char			*body;
	bool			 lost;
	uint64_t		 seq;		/* the batch it waits for */
};

struct slothttp {
	struct event_base	*base;
	struct evhttp		*http;
	struct slotsvc		*svc;
	struct slotfault	*faults;
	struct slothttp_conf	 conf;
	struct slotconn		*conns;
	struct slotpending	*pending;
	size_t			 npending;
	size_t			 cappending;
	LIST_HEAD(, slotcall)	 delayed;
	char			*avail_body[SLOTSVC_NSERVICES];
	uint64_t		 avail_version[SLOTSVC_NSERVICES];
};

/* A malloc'd {"code":N,"message":"..."}. */
char		*slothttp_error_body(int code, const char *message);
/*
 * Queue a reply until the batch now collecting is committed; a lost one
 * closes the connection instead.
 */
void		 slothttp_queue(struct slothttp *, struct evhttp_request *,
		    int code, const char *body, bool lost);
/* The slotsvc done callback: send what batch seq released. */
void		 slothttp_committed(void *, uint64_t seq, bool ok);

/*
 * Pure request parsing (no evhttp request touched), so a fuzzer can drive
 * it.  slothttp_route splits "/SERVICE/api/reservation..." into c->service,
 * c->op and c->slot_text (pointing into path, which must outlive c):
 * 0, or an HTTP code (404, or 405 with *allow).
 * slothttp_parse_slot turns c->slot_text into c->slot:
 * 0, or 400 or 403 with a malloc'd *msg the caller frees.
 */
int		 slothttp_route(const struct slothttp_conf *,
		    enum evhttp_cmd_type, struct slotcall *, const char *path,
		    const char **allow);
int		 slothttp_parse_slot(struct slotcall *, unsigned nslots,
		    char **msg);

#endif
