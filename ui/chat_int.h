/*
 * The chat screen's state, shared by ui/chat.c (hooks, notifications),
 * ui/chat_draw.c and ui/chat_keys.c (keys and commands).
 *
 * Memory: struct chat owns its input line and ev_urgent, released by
 * chat_free(); the shell (sh) and the model (m) belong to the caller and
 * outlive the screen.
 */
#ifndef HC_CHAT_INT_H
#define HC_CHAT_INT_H

#include "ui/chat.h"
#include "ui/input.h"
#include "ui/layout.h"
#include "ui/screen.h"

/* Columns the input prompt "[name] " may take. */
#define CHAT_PROMPT_MAX	16

enum chat_focus {
	CHAT_FOCUS_INPUT,
	CHAT_FOCUS_CONTACTS,
};

struct chat {
	struct shell		*sh;
	struct chat_model	*m;
	const struct keys	*keys;
	struct chat_options	 opts;
	struct input		*in;
	struct event		*ev_urgent;

	enum chat_focus		 focus;
	char			 filter[64];
	int			 sel;		/* in the sorted contact list */
	int			 contacts_top;
	char			 open[CHAT_NAME_MAX + 1];

	size_t			 offset;	/* lines hidden below the view */
	const struct chat_msg	*hit;		/* search result shown */
	size_t			 hit_from_end;
	char			 search[128];

	char			 notice[256];
	bool			 visible;	/* shown and not locked */
	int			 rows, cols;
	struct layout_chat	 l;
};

/* chat_draw.c */
bool	chat_draw(void *arg, WINDOW *);
/* Rows message msg takes at width (prev is the one before it or NULL). */
int	chat_msg_rows(struct chat *, const struct chat_msg *,
	    const struct chat_msg *prev, int width);
/* Total rows of the open conversation at the current width. */
size_t	chat_total_rows(struct chat *, struct chat_contact *);

/* chat_keys.c */
int	chat_key(void *arg, int key);
int	chat_mouse(void *arg, int y, int x, int button);
bool	chat_editing(void *arg);

/* chat.c */
struct chat_contact *chat_current(struct chat *);
void	chat_set_notice(struct chat *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	chat_scroll(struct chat *, long rows);
/* Lay out again (the input line grew or shrank). */
void	chat_relayout(struct chat *);

#endif
