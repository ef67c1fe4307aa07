#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "src/base/log.h"
#include "src/base/worker.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/outbox.h"
#include "src/hcwed/statedir.h"

/* Larger than any body a server takes, so a real message always fits. */
#define OUTBOX_FILE_MAX	(8 * 1024 * 1024)

/* A write or a removal, in the order asked; a batch is a list of them. */
struct outbox_op {
	char			*name;		/* in the directory */
	char			*data;		/* NULL: remove */
	size_t			 len;
	struct outbox_op	*next;
};

struct outbox_batch {
	struct outbox		*ob;
	struct outbox_op	*ops;
	char			*error;		/* the first failure, malloc'd */
};

struct outbox {
	char			*dir;
	int			 dirfd;
	struct worker		*worker;
	struct outbox_op	*queue, **queue_tail;
	struct outbox_batch	 batch;		/* the worker's, while busy */

	struct outbox_msg	*msgs;
	size_t			 n, size;

	void			(*error_fn)(void *, const char *);
	void			*error_arg;
};

char *
outbox_dir(const char *user, const char *server, char **cause)
{
	return statedir_path("outbox", user, server, cause);
}

/* The file of cid: characters outside [A-Za-z0-9._-] as %XX. */
static char *
outbox_name(const char *cid)
{
	char	*name = xmalloc(strlen(cid) * 3 + 5), *p = name;

	for (const unsigned char *c = (const unsigned char *)cid; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		    *c == '-')
			*p++ = (char)*c;
		else
			p += sprintf(p, "%%%02X", *c);
	}
	strcpy(p, ".msg");
	return name;
}

static void
outbox_msg_clear(struct outbox_msg *m)
{
	free(m->cid);
	free(m->to);
	free(m->body);
}

static void
outbox_add(struct outbox *ob, const struct outbox_msg *m)
{
	struct outbox_msg	*copy;

	if (ob->n == ob->size) {
		ob->size = ob->size == 0 ? 8 : ob->size * 2;
		ob->msgs = xreallocarray(ob->msgs, ob->size, sizeof *ob->msgs);
	}
	copy = &ob->msgs[ob->n++];
	copy->cid = xstrdup(m->cid);
	copy->to = xstrdup(m->to);
	copy->body = xstrdup(m->body);
	copy->urgent = m->urgent;
	copy->ts = m->ts;
}

static const char *
outbox_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* One file back into memory; -1 when it is not a message. */
static int
outbox_read(struct outbox *ob, const char *name)
{
	struct json_object	*o = NULL, *v;
	struct outbox_msg	 m;
	struct stat		 st;
	char			*text = NULL;
	ssize_t			 got;
	int			 fd, rc = -1;

	if ((fd = openat(ob->dirfd, name, O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > OUTBOX_FILE_MAX)
		goto out;
	text = xmalloc((size_t)st.st_size + 1);
	if ((got = read(fd, text, (size_t)st.st_size)) != st.st_size)
		goto out;
	text[got] = '\0';
	if ((o = json_tokener_parse(text)) == NULL ||
	    !json_object_is_type(o, json_type_object))
		goto out;
	m.cid = (char *)outbox_str(o, "cid");
	m.to = (char *)outbox_str(o, "to");
	m.body = (char *)outbox_str(o, "body");
	if (m.cid == NULL || m.to == NULL || m.body == NULL ||
	    !json_object_object_get_ex(o, "ts", &v) ||
	    !json_object_is_type(v, json_type_int))
		goto out;
	m.ts = json_object_get_int64(v);
	m.urgent = outbox_str(o, "priority") != NULL &&
	    strcmp(outbox_str(o, "priority"), "urgent") == 0;
	outbox_add(ob, &m);
	rc = 0;
out:
	json_object_put(o);
	free(text);
	close(fd);
	return rc;
}

static int
outbox_cmp(const void *a, const void *b)
{
	const struct outbox_msg	*x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return strcmp(x->cid, y->cid);
}

static int
outbox_scan(struct outbox *ob, unsigned *set_aside, char **cause)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 len;
	char		*bad;
	int		 fd;

	if ((fd = dup(ob->dirfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		*cause = xasprintf("%s: %s", ob->dir, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		/* A write a crash cut short was never renamed into place. */
		if (de->d_name[0] == '.' && len > 4 &&
		    strcmp(de->d_name + len - 4, ".tmp") == 0) {
			unlinkat(ob->dirfd, de->d_name, 0);
			continue;
		}
		if (len < 5 || strcmp(de->d_name + len - 4, ".msg") != 0)
			continue;
		if (outbox_read(ob, de->d_name) == 0)
			continue;
		bad = xasprintf("%s.bad", de->d_name);
		if (renameat(ob->dirfd, de->d_name, ob->dirfd, bad) == 0)
			(*set_aside)++;
		log_warn("outbox: %s/%s is not a message; set aside", ob->dir,
		    de->d_name);
		free(bad);
	}
	closedir(d);
	if (ob->n > 1)
		qsort(ob->msgs, ob->n, sizeof *ob->msgs, outbox_cmp);
	return 0;
}

struct outbox *
outbox_open(struct event_base *base, const char *dir, unsigned *set_aside,
    char **cause)
{
	struct outbox	*ob;
	int		 fd;

	*set_aside = 0;
	if (statedir_mkdirs(dir, cause) == -1)
		return NULL;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return NULL;
	}
	ob = xcalloc(1, sizeof *ob);
	ob->dir = xstrdup(dir);
	ob->dirfd = fd;
	ob->queue_tail = &ob->queue;
	if (outbox_scan(ob, set_aside, cause) == -1) {
		outbox_free(ob);
		return NULL;
	}
	ob->worker = worker_new(base, "outbox");
	return ob;
}

static int
outbox_write(int dirfd, const struct outbox_op *op, char **error)
{
	char	*tmp = xasprintf(".%s.tmp", op->name);
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd, rc = -1;

	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (fd == -1)
		goto out;
	/* 0600 whatever the umask: the text is a patient's. */
	if (fchmod(fd, 0600) == -1)
		goto out;
	while (off < op->len) {
		if ((n = write(fd, op->data + off, op->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		off += (size_t)n;
	}
	if (fdatasync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, op->name) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1) {
		if (*error == NULL)
			*error = xasprintf("%s: %s", op->name, strerror(errno));
		unlinkat(dirfd, tmp, 0);
	}
	if (fd != -1)
		close(fd);
	free(tmp);
	return rc;
}

/* On the worker: the batch's writes and removals, then one directory sync
 * for all the renames and unlinks. */
static void
outbox_run(void *arg)
{
	struct outbox_batch	*b = arg;
	struct outbox_op	*op;

	for (op = b->ops; op != NULL; op = op->next) {
		if (op->data != NULL)
			outbox_write(b->ob->dirfd, op, &b->error);
		else if (unlinkat(b->ob->dirfd, op->name, 0) == -1 &&
		    errno != ENOENT && b->error == NULL)
			b->error = xasprintf("%s: %s", op->name,
			    strerror(errno));
	}
	if (fsync(b->ob->dirfd) == -1 && b->error == NULL)
		b->error = xasprintf("%s: %s", b->ob->dir, strerror(errno));
}

static void	outbox_kick(struct outbox *);

static void
outbox_done(void *arg)
{
	struct outbox_batch	*b = arg;
	struct outbox		*ob = b->ob;
	struct outbox_op	*op, *next;

	for (op = b->ops; op != NULL; op = next) {
		next = op->next;
		free(op->name);
		free(op->data);
		free(op);
	}
	b->ops = NULL;
	if (b->error != NULL) {
		log_warn("outbox %s: %s", ob->dir, b->error);
		if (ob->error_fn != NULL)
			ob->error_fn(ob->error_arg, b->error);
		free(b->error);
		b->error = NULL;
	}
	outbox_kick(ob);
}

/* Hand everything queued to the worker when it is free. */
static void
outbox_kick(struct outbox *ob)
{
	if (ob->queue == NULL || ob->worker == NULL ||
	    worker_busy(ob->worker))
		return;
	ob->batch.ob = ob;
	ob->batch.ops = ob->queue;
	ob->queue = NULL;
	ob->queue_tail = &ob->queue;
	worker_start(ob->worker, outbox_run, outbox_done, &ob->batch);
}

static void
outbox_queue(struct outbox *ob, const char *cid, char *data, size_t len)
{
	struct outbox_op	*op = xcalloc(1, sizeof *op);

	op->name = outbox_name(cid);
	op->data = data;
	op->len = len;
	*ob->queue_tail = op;
	ob->queue_tail = &op->next;
	outbox_kick(ob);
}

void
outbox_put(struct outbox *ob, const struct outbox_msg *m)
{
	struct json_object	*o = json_object_new_object();
	const char		*s;

	json_object_object_add(o, "cid", json_object_new_string(m->cid));
	json_object_object_add(o, "to", json_object_new_string(m->to));
	json_object_object_add(o, "body", json_object_new_string(m->body));
	json_object_object_add(o, "priority",
	    json_object_new_string(m->urgent ? "urgent" : "normal"));
	json_object_object_add(o, "ts", json_object_new_int64(m->ts));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	outbox_queue(ob, m->cid, xstrdup(s), strlen(s));
	json_object_put(o);
	outbox_add(ob, m);
}

void
outbox_del(struct outbox *ob, const char *cid)
{
	for (size_t i = 0; i < ob->n; i++) {
		if (strcmp(ob->msgs[i].cid, cid) != 0)
			continue;
		outbox_queue(ob, cid, NULL, 0);
		outbox_msg_clear(&ob->msgs[i]);
		memmove(&ob->msgs[i], &ob->msgs[i + 1],
		    (ob->n - i - 1) * sizeof *ob->msgs);
		ob->n--;
		return;
	}
}

size_t
outbox_count(const struct outbox *ob)
{
	return ob->n;
}

const struct outbox_msg *
outbox_get(const struct outbox *ob, size_t i)
{
	return i < ob->n ? &ob->msgs[i] : NULL;
}

void
outbox_on_error(struct outbox *ob, void (*fn)(void *, const char *),
    void *arg)
{
	ob->error_fn = fn;
	ob->error_arg = arg;
}

void
outbox_free(struct outbox *ob)
{
	if (ob == NULL)
		return;
	/* Each done() hands over what was queued meanwhile. */
	ob->error_fn = NULL;
	while (ob->worker != NULL && worker_busy(ob->worker))
		worker_wait(ob->worker);
	worker_free(ob->worker);
	for (size_t i = 0; i < ob->n; i++)
		outbox_msg_clear(&ob->msgs[i]);
	free(ob->msgs);
	close(ob->dirfd);
	free(ob->dir);
	free(ob);
}
