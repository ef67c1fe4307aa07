#include "config.h"

#include <event2/event.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "src/base/log.h"
#include "src/base/worker.h"
#include "src/base/xmalloc.h"

struct worker {
	struct event	*wake_ev;
	int		 wake[2];	/* thread -> loop pipe */
	pthread_t	 thread;
	const char	*name;

	/* Under lock. */
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	void		(*run)(void *);
	void		(*done)(void *);
	void		*job;		/* NULL: none in hand */
	bool		 finished;	/* run() has returned */
	bool		 stop;
};

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	char		 c = 1;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while ((w->job == NULL || w->finished) && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->job == NULL || w->finished)
			break;
		pthread_mutex_unlock(&w->lock);
		w->run(w->job);
		pthread_mutex_lock(&w->lock);
		w->finished = true;
		pthread_cond_broadcast(&w->cond);
		/* A full pipe wakes the loop all the same. */
		while (write(w->wake[1], &c, 1) == -1 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Hand the finished job back; done() may start the next one. */
static void
worker_reap(struct worker *w)
{
	void	(*done)(void *);
	void	*job;

	pthread_mutex_lock(&w->lock);
	if (w->job == NULL || !w->finished) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
	job = w->job;
	done = w->done;
	w->job = NULL;
	pthread_mutex_unlock(&w->lock);
	done(job);
}

static void
worker_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	char	buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	worker_reap(arg);
}

struct worker *
worker_new(struct event_base *base, const char *name)
{
	struct worker	*w = xcalloc(1, sizeof *w);

	w->name = name;
	if (pipe2(w->wake, O_NONBLOCK | O_CLOEXEC) != 0)
		log_fatal("%s: pipe", name);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->wake_ev = event_new(base, w->wake[0], EV_READ | EV_PERSIST,
	    worker_wake_cb, w);
	event_add(w->wake_ev, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
		log_fatalx("%s: cannot start its thread", name);
	/* So that top -H and perf tell the threads apart. */
	(void)pthread_setname_np(w->thread, name);
	return w;
}

bool
worker_busy(const struct worker *w)
{
	/* Only the loop thread sets or clears job. */
	return w->job != NULL;
}

void
worker_start(struct worker *w, void (*run)(void *), void (*done)(void *),
    void *job)
{
	pthread_mutex_lock(&w->lock);
	if (w->job != NULL)
		log_fatalx("%s: a job is already in hand", w->name);
	w->run = run;
	w->done = done;
	w->job = job;
	w->finished = false;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
worker_wait(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->job != NULL && !w->finished)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
	worker_reap(w);
}

void
worker_free(struct worker *w)
{
	if (w == NULL)
		return;
	while (worker_busy(w))
		worker_wait(w);
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	event_free(w->wake_ev);
	close(w->wake[0]);
	close(w->wake[1]);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
