#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/worker.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/history.h"
#include "src/hcwed/statedir.h"

struct history {
	char		*path;
	struct worker	*worker;
	char		**queue;	/* records not yet handed over */
	size_t		  nqueue, size;
	char		**batch;	/* the worker's, while busy */
	size_t		  nbatch;
};

char *
history_escape(const char *line)
{
	char	*out = xmalloc(strlen(line) * 2 + 1), *p = out;

	for (; *line != '\0'; line++) {
		if (*line == '\\' || *line == '\n') {
			*p++ = '\\';
			*p++ = *line == '\n' ? 'n' : '\\';
		} else
			*p++ = *line;
	}
	*p = '\0';
	return out;
}

char *
history_unescape(const char *rec)
{
	char	*out = xmalloc(strlen(rec) + 1), *p = out;

	for (; *rec != '\0'; rec++) {
		if (*rec == '\\' && rec[1] == 'n') {
			*p++ = '\n';
			rec++;
		} else if (*rec == '\\' && rec[1] == '\\') {
			*p++ = '\\';
			rec++;
		} else
			*p++ = *rec;
	}
	*p = '\0';
	return out;
}

/* Every record of f, keeping the newest max. */
static char **
history_read(FILE *f, size_t max, size_t *n)
{
	char	**lines = xcalloc(max, sizeof *lines), *buf = NULL;
	size_t	  size = 0, k = 0;
	ssize_t	  len;

	*n = 0;
	while ((len = getline(&buf, &size, f)) > 0) {
		if (buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (len == 0)
			continue;
		free(lines[k % max]);
		lines[k++ % max] = history_unescape(buf);
	}
	free(buf);
	/* The ring, oldest first. */
	*n = k < max ? k : max;
	if (k > max) {
		char	**ordered = xcalloc(max, sizeof *ordered);

		for (size_t i = 0; i < max; i++)
			ordered[i] = lines[(k + i) % max];
		free(lines);
		lines = ordered;
	}
	return lines;
}

/* Write lines to path through a temporary file: no half file remains. */
static int
history_rewrite(const char *path, char **lines, size_t n, char **cause)
{
	char	*tmp = xasprintf("%s.tmp", path), *rec;
	int	 fd;
	FILE	*f;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		free(tmp);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		rec = history_escape(lines[i]);
		fprintf(f, "%s\n", rec);
		free(rec);
	}
	if (fclose(f) != 0 || rename(tmp, path) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

struct history *
history_open(struct event_base *base, const char *path, size_t max,
    char ***lines, size_t *n, char **cause)
{
	struct history	*h;
	char		*dir = xstrdup(path);
	FILE		*f;

	*lines = NULL;
	*n = 0;
	*cause = NULL;
	if (max == 0) {
		unlink(path);
		free(dir);
		return NULL;
	}
	if (statedir_mkdirs(dirname(dir), cause) == -1) {
		free(dir);
		return NULL;
	}
	free(dir);
	if ((f = fopen(path, "re")) != NULL) {
		*lines = history_read(f, max, n);
		fclose(f);
	} else if (errno != ENOENT) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (history_rewrite(path, *lines, *n, cause) == -1) {
		for (size_t i = 0; i < *n; i++)
			free((*lines)[i]);
		free(*lines);
		*lines = NULL;
		*n = 0;
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->path = xstrdup(path);
	h->worker = worker_new(base, "history");
	return h;
}

/* On the worker: append the batch.  A failure costs only history. */
static void
history_run(void *arg)
{
	struct history	*h = arg;
	FILE		*f;
	int		 fd;

	if ((fd = open(h->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1 || (f = fdopen(fd, "a")) == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	for (size_t i = 0; i < h->nbatch; i++)
		fprintf(f, "%s\n", h->batch[i]);
	fclose(f);
}

static void	history_kick(struct history *);

static void
history_done(void *arg)
{
	struct history	*h = arg;

	for (size_t i = 0; i < h->nbatch; i++)
		free(h->batch[i]);
	free(h->batch);
	h->batch = NULL;
	h->nbatch = 0;
	history_kick(h);
}

static void
history_kick(struct history *h)
{
	if (h->nqueue == 0 || worker_busy(h->worker))
		return;
	h->batch = h->queue;
	h->nbatch = h->nqueue;
	h->queue = NULL;
	h->nqueue = h->size = 0;
	worker_start(h->worker, history_run, history_done, h);
}

void
history_add(struct history *h, const char *line)
{
	if (h == NULL || *line == '\0')
		return;
	if (h->nqueue == h->size) {
		h->size = h->size == 0 ? 8 : h->size * 2;
		h->queue = xreallocarray(h->queue, h->size, sizeof *h->queue);
	}
	h->queue[h->nqueue++] = history_escape(line);
	history_kick(h);
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	while (worker_busy(h->worker))
		worker_wait(h->worker);
	worker_free(h->worker);
	for (size_t i = 0; i < h->nqueue; i++)
		free(h->queue[i]);
	free(h->queue);
	free(h->path);
	free(h);
}
