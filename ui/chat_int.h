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

/* Conversations with a number, for Alt-1 to Alt-9. */
#define CHAT_WINDOWS	9

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
	char			*help;		/* for the help overlay */

	enum chat_focus		 focus;
	char			 filter[64];
	/* The contact selected in the list, by name: it stays on the
	 * contact when the list reorders.  "" is none (the first match
	 * while a filter is typed). */
	char			 sel[CHAT_NAME_MAX + 1];
	int			 contacts_top;
	char			 open[CHAT_NAME_MAX + 1];
	/* Numbered conversations (ui/chat_win.c): win[n - 1], "" when free. */
	char			 win[CHAT_WINDOWS][CHAT_NAME_MAX + 1];

	size_t			 offset;	/* lines hidden below the view */
	unsigned		 new_below;	/* arrived while scrolled up */
	/* "--- new ---" goes above this message (0: nowhere); placed by
	 * the next read when marker_pending. */
	int64_t			 marker_mid;
	bool			 marker_pending;
	const struct chat_msg	*hit;		/* search result shown */
	size_t			 hit_from_end;
	char			 search[128];

	/* Tab completion (ui/chat_complete.c): the word typed, whether it
	 * names a command, the next match to offer and the codepoints the
	 * last one put in; active while Tabs follow each other. */
	char			 comp_word[64];
	bool			 comp_command, comp_active;
	unsigned		 comp_next;
	size_t			 comp_len;

	unsigned		 paste_lines;	/* the largest paste in the draft */
	/* Enter asked first (a broadcast, a long paste): the question. */
	char			 ask[192];

	char			 notice[256];
	bool			 visible;	/* shown and not locked */
	int			 rows, cols;
	struct layout_chat	 l;
	struct layout_rect	 err;	/* why offline, above the messages */
};

/* At most this many rows say why the client is offline. */
#define CHAT_ERR_ROWS	5
/* The words around the reason in those rows. */
#define CHAT_ERR_FORMAT	"Not connected: %s. Alt-R tries again now."

/* chat_draw.c */
bool	chat_draw(void *arg, WINDOW *);
/* Rows message msg takes at width (prev is the one before it or NULL). */
int	chat_msg_rows(struct chat *, const struct chat_msg *,
	    const struct chat_msg *prev, int width);
/* The input line's prompt, "[bob] ", into buf (CHAT_PROMPT_MAX + 1). */
void	chat_prompt(struct chat *, struct chat_contact *, char *buf,
	    size_t size);
/* Total rows of the open conversation at the current width. */
size_t	chat_total_rows(struct chat *, struct chat_contact *);

/* chat_keys.c */
int	chat_key(void *arg, int key);
int	chat_mouse(void *arg, int y, int x, int button);
bool	chat_editing(void *arg);
int	chat_paste(void *arg, const char *text, size_t len, bool cut);
/* The selected contact's index in list, -1 when none is. */
int	chat_sel_index(struct chat *, struct chat_contact **list, size_t n);

/* chat_win.c */
/* The number of user's conversation, 0 when it has none. */
int	chat_win_of(const struct chat *, const char *user);
/* Give user's conversation the lowest free number (0 when all are taken). */
int	chat_win_add(struct chat *, const char *user);
void	chat_win_del(struct chat *, const char *user);
void	chat_win_goto(struct chat *, int n);
/* Open the next (delta 1) or previous (-1) numbered conversation. */
void	chat_win_step(struct chat *, int delta);
/* The activity list for the status bar; *urgent when one is urgent. */
void	chat_win_activity(struct chat *, char *buf, size_t size,
	    bool *urgent);

/* chat_highlight.c */
bool	chat_highlighted(const struct chat *, const struct chat_msg *);

/* chat_complete.c */
/* Complete the word before the cursor; false when there is none. */
bool	chat_complete(struct chat *);

/* chat_cmd.c */
/* A /command: what completion, /help COMMAND and the help overlay list. */
struct chat_cmd {
	const char	*name;		/* "/msg" */
	const char	*args;		/* "NAME TEXT", "" for none */
	const char	*help;
	/* false when it did nothing, so the line stays to be fixed */
	bool		(*run)(struct chat *, struct chat_contact *open,
			    const char *arg);
};
extern const struct chat_cmd chat_cmds[];
extern const size_t chat_ncmds;
/* The screen's part of the help (ui/screen.h); the caller frees it. */
char	*chat_help_text(void);

/* Send (false: refused, and the notice says why; the draft stays). */
bool	chat_send(struct chat *, const char *to, const char *text,
	    bool urgent);
/* Run a /command line; false when it did nothing (its text stays). */
bool	chat_command(struct chat *, const char *line);
/* Connect now (Alt-R, /reconnect). */
void	chat_reconnect(struct chat *);
/* Whom the line would send to (a user, CHAT_BROADCAST) or NULL. */
const char *chat_target(struct chat *, const char *line);

/* chat.c */
struct chat_contact *chat_current(struct chat *);
/* Close the open conversation: the contact list takes the focus. */
void	chat_close(struct chat *);
void	chat_set_notice(struct chat *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	chat_scroll(struct chat *, long rows);
/* Lay out again (the input line grew or shrank). */
void	chat_relayout(struct chat *);

#endif
