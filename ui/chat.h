/*
 * The chat screen: contact list, conversation pane and input line, drawn
 * from a struct chat_model (ui/chat_model.h).  It registers with the shell
 * as screen 1.
 */
#ifndef HC_CHAT_H
#define HC_CHAT_H

#include "ui/chat_model.h"
#include "ui/shell.h"

struct shell_screen;

struct chat_options {
	/* Repeat the alert for an unread urgent message this often; 0 once. */
	unsigned long long	urgent_alert_ms;
	/* Enter asks before sending a draft holding a paste of more lines
	 * than this; 0 never asks. */
	unsigned		paste_confirm_lines;
	/* Words that make a message stand out besides one's own name,
	 * space separated; NULL for none.  Borrowed: it outlives the chat. */
	const char		*highlight;
	/* Each line typed and taken (sent or run), for a history kept
	 * elsewhere; may be NULL. */
	void			(*typed)(void *arg, const char *line);
	void			*typed_arg;
	/* Wall clock in ms, for time stamps of own messages (tests fix it). */
	int64_t			(*now_ms)(void);
};

struct chat;

/*
 * The chat registers itself with sh as its next screen; sh may be NULL
 * (the benchmark draws without a shell).  The chat keeps pointers to model
 * and keys; the caller frees them after chat_free().
 */
struct chat	*chat_create(struct shell *sh, struct chat_model *model,
		    const struct keys *keys, const struct chat_options *);
void		 chat_free(struct chat *);
/* Its shell_screen (ui/screen.h), for drawing without a shell. */
void		 chat_screen(struct chat *, struct shell_screen *out);
/* Lines typed in earlier sessions, oldest first, for Up (copied). */
void		 chat_history_load(struct chat *, char *const *lines, size_t n);
/* Open the conversation with user (as Enter on the contact list does). */
void		 chat_open(struct chat *, const char *user);

#endif
