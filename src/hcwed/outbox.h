/*
 * The full-screen client's outbox on disk.  Every message sent and not yet
 * acknowledged is a file of its own in a directory per user and server
 * (outbox_dir()), so it survives a quit, a crash and a reboot and is sent
 * again under the same cid at the next start; the server stores a cid
 * once, so the message arrives once.  A file per message lets two
 * sessions of one user share the directory without overwriting each
 * other: both send what they find there, and the server keeps one copy.
 *
 * The outbox keeps its messages in memory too, oldest first.  Writes and
 * removals run on a worker thread, so the loop never waits on the disk;
 * outbox_free() waits for them.
 *
 * Memory: strings handed in are copied; outbox_get() returns a borrowed
 * message, valid until the next outbox_put/_del/_free.
 */
#ifndef HC_OUTBOX_H
#define HC_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct outbox;

struct outbox_msg {
	char	*cid;
	char	*to;
	char	*body;
	bool	 urgent;
	int64_t	 ts;		/* ms since the epoch, when it was typed */
};

/*
 * $XDG_STATE_HOME/hcwed/outbox/USER@SERVER (~/.local/state/... without
 * it), malloc'd.  NULL with a malloc'd *cause when there is no home.
 */
char		*outbox_dir(const char *user, const char *server, char **cause);

/*
 * Open dir, making it and the parents it lacks (0700), and read what an
 * earlier run left.  A file that cannot be read as a message is renamed
 * NAME.bad and counted in *set_aside.  NULL with a malloc'd *cause when
 * the directory cannot be made or read.
 */
struct outbox	*outbox_open(struct event_base *, const char *dir,
		    unsigned *set_aside, char **cause);
/* Waits for every write and removal, then frees. */
void		 outbox_free(struct outbox *);
/* A failed write, from the loop thread: cause is borrowed. */
void		 outbox_on_error(struct outbox *,
		    void (*fn)(void *arg, const char *cause), void *arg);

size_t		 outbox_count(const struct outbox *);
const struct outbox_msg *outbox_get(const struct outbox *, size_t i);
/* Keep a message (its file is written behind). */
void		 outbox_put(struct outbox *, const struct outbox_msg *);
/* Forget the message sent under cid, if there is one. */
void		 outbox_del(struct outbox *, const char *cid);

#endif
