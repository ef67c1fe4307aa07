#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "src/base/worker.h"
#include "src/base/xmalloc.h"
#include "src/hcwedd/hub.h"
#include "src/hcwedd/hubauth.h"

struct hubauth {
	struct hub		*hub;
	struct worker		*worker;
	struct hub_login	*current;	/* in the worker's hands */
	struct hub_login	**queue;	/* a ring, oldest at head */
	size_t			 head, n, cap;
	bool			 stopping;
};

static void
hubauth_run(void *arg)
{
	struct hubauth	*ha = arg;

	hub_login_verify(ha->current);
}

static void	hubauth_done(void *);

static void
hubauth_next(struct hubauth *ha)
{
	if (ha->stopping || ha->n == 0 || worker_busy(ha->worker))
		return;
	ha->current = ha->queue[ha->head];
	ha->head = (ha->head + 1) % ha->cap;
	ha->n--;
	worker_start(ha->worker, hubauth_run, hubauth_done, ha);
}

static void
hubauth_done(void *arg)
{
	struct hubauth		*ha = arg;
	struct hub_login	*l = ha->current;

	ha->current = NULL;
	hub_login_done(ha->hub, l);
	hubauth_next(ha);
}

static void
hubauth_verify(void *arg, struct hub_login *l)
{
	struct hubauth		*ha = arg;
	struct hub_login	**q;

	if (ha->n == ha->cap) {
		/* Unroll the ring into the bigger array. */
		q = xreallocarray(NULL, ha->cap == 0 ? 16 : ha->cap * 2,
		    sizeof *q);
		for (size_t i = 0; i < ha->n; i++)
			q[i] = ha->queue[(ha->head + i) % ha->cap];
		free(ha->queue);
		ha->queue = q;
		ha->head = 0;
		ha->cap = ha->cap == 0 ? 16 : ha->cap * 2;
	}
	ha->queue[(ha->head + ha->n++) % ha->cap] = l;
	hubauth_next(ha);
}

struct hubauth *
hubauth_new(struct event_base *base, struct hub *hub)
{
	struct hubauth	*ha = xcalloc(1, sizeof *ha);

	ha->hub = hub;
	ha->worker = worker_new(base, "auth");
	hub_set_verifier(hub, hubauth_verify, ha);
	return ha;
}

void
hubauth_free(struct hubauth *ha)
{
	if (ha == NULL)
		return;
	ha->stopping = true;
	worker_free(ha->worker);
	for (; ha->n > 0; ha->n--) {
		hub_login_cancel(ha->hub, ha->queue[ha->head]);
		ha->head = (ha->head + 1) % ha->cap;
	}
	hub_set_verifier(ha->hub, NULL, NULL);
	free(ha->queue);
	free(ha);
}
