/*
 * The full-screen client's own settings in the client configuration file
 * (hcwed.conf(5)); server, user and the password are read by
 * src/clientconf.c from the same file, and keys this reader does not know
 * are left to the other readers.
 *
 *	key.ACTION = KEYS		rebind (ACTION from ui/keys.c)
 *	color.ROLE = COLOUR		see ui/theme.h
 *	mouse = yes|no
 *	lock_timeout = DURATION		0 turns the idle lock off
 *	urgent_alert_interval = DURATION
 *	scrollback = MESSAGES		per conversation
 *	paste_confirm_lines = N		0 never asks
 *	highlight = WORD...		besides one's own name
 *	history_lines = N		input lines kept on disk; 0 none
 *	notify = no|osc9|osc777
 *	wedding_alert = flash|bell|none
 */
#ifndef HC_UICONF_H
#define HC_UICONF_H

#include <stdbool.h>
#include <stddef.h>

#include "src/base/conf.h"
#include "ui/keys.h"

#define UICONF_LOCK_MS		(10 * 60 * 1000ULL)
#define UICONF_URGENT_MS	(30 * 1000ULL)
#define UICONF_SCROLLBACK	10000
#define UICONF_PASTE_LINES	5	/* irssi's paste_verify_line_count */
#define UICONF_HIGHLIGHT_MAX	256
#define UICONF_HISTORY_LINES	200

struct uiconf {
	struct keys		keys;
	bool			mouse;
	unsigned long long	lock_ms;
	unsigned long long	urgent_ms;
	size_t			scrollback;
	unsigned		paste_confirm_lines;
	char			highlight[UICONF_HIGHLIGHT_MAX];
	size_t			history_lines;	/* kept on disk; 0 none */
	unsigned		notify;		/* enum shell_notify */
	unsigned		wedding_sound;	/* enum shell_sound */
};

void	uiconf_defaults(struct uiconf *);
/* Read path (NULL: the client's file, conf_client_path); a missing file
 * is no error.  -1 with a malloc'd *cause. */
int	uiconf_load(struct uiconf *, const char *path, char **cause);
/* The screens' keys of the client file, for the other readers of it. */
extern const struct conf_table uiconf_table;
/* Same, on text in memory (name is used in messages). */
int	uiconf_parse(struct uiconf *, const char *name, const char *text,
	    char **cause);

#endif
