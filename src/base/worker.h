/*
 * A thread that runs one job at a time beside an event loop: the loop
 * hands a job over with worker_start(), the thread runs run(job), and
 * done(job) is then called on the loop thread.  It carries the blocking
 * work of a loop (a durable commit, say) so that the loop goes on serving
 * while it runs.
 *
 * The job belongs to the caller throughout; run() and done() must not
 * touch what the loop thread changes meanwhile.  Every function here is
 * for the loop thread.
 */
#ifndef HC_WORKER_H
#define HC_WORKER_H

#include <stdbool.h>

struct event_base;
struct worker;

struct worker	*worker_new(struct event_base *, const char *name);
/* Waits for the job in hand (its done() runs) and stops the thread. */
void		 worker_free(struct worker *);

/* Whether a job is in hand: its done() has not run yet. */
bool		 worker_busy(const struct worker *);
/* Start a job; the worker must not be busy. */
void		 worker_start(struct worker *, void (*run)(void *),
		    void (*done)(void *), void *job);
/* Block until the job in hand is run, and call its done() now. */
void		 worker_wait(struct worker *);

#endif
