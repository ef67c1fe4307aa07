#include "config.h"

#include <string.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "ui/shell.h"
#include "ui/theme.h"
#include "ui/uiconf.h"

void
uiconf_defaults(struct uiconf *u)
{
	memset(u, 0, sizeof *u);
	keys_init_defaults(&u->keys);
	u->lock_ms = UICONF_LOCK_MS;
	u->urgent_ms = UICONF_URGENT_MS;
	u->scrollback = UICONF_SCROLLBACK;
	u->paste_confirm_lines = UICONF_PASTE_LINES;
	u->history_lines = UICONF_HISTORY_LINES;
}

/* "key.ACTION": field is the struct keys, key the action. */
static int
uiconf_key(void *field, const char *key, const char *value, char **cause)
{
	return keys_rebind(field, key, value, cause);
}

/* "color.ROLE": the theme is the program's, not the struct's. */
static int
uiconf_colour(void *field, const char *key, const char *value, char **cause)
{
	return theme_set(key, value, cause);
}

/* "highlight": kept in the struct, so nothing needs freeing. */
static int
uiconf_highlight(void *field, const char *key, const char *value,
    char **cause)
{
	struct uiconf	*u = field;

	if (strlen(value) >= sizeof u->highlight) {
		*cause = xasprintf("at most %zu characters of words",
		    sizeof u->highlight - 1);
		return -1;
	}
	snprintf(u->highlight, sizeof u->highlight, "%s", value);
	return 0;
}

static const struct conf_name uiconf_notify_names[] = {
	{ "no", SHELL_NOTIFY_NONE }, { "osc9", SHELL_NOTIFY_OSC9 },
	{ "osc777", SHELL_NOTIFY_OSC777 }, { NULL, 0 }
};

static const struct conf_name uiconf_sound_names[] = {
	{ "flash", SHELL_SOUND_FLASH }, { "bell", SHELL_SOUND_BELL },
	{ "none", SHELL_SOUND_NONE }, { NULL, 0 }
};

#define UICONF_FIELD(member)	CONF_FIELD(struct uiconf, member)

/* The screen's keys; the rest of the file belongs to other parts. */
static const struct conf_key uiconf_keys[] = {
	{ .key = "key.", .prefix = true, .type = CONF_CUSTOM,
	  UICONF_FIELD(keys), .set = uiconf_key },
	{ .key = "color.", .prefix = true, .type = CONF_CUSTOM,
	  .set = uiconf_colour },
	{ .key = "mouse", .type = CONF_BOOL, UICONF_FIELD(mouse) },
	{ .key = "lock_timeout", .type = CONF_DURATION, UICONF_FIELD(lock_ms) },
	{ .key = "urgent_alert_interval", .type = CONF_DURATION,
	  UICONF_FIELD(urgent_ms) },
	{ .key = "scrollback", .type = CONF_UINT, UICONF_FIELD(scrollback),
	  .min = 100, .max = 1000000 },
	{ .key = "paste_confirm_lines", .type = CONF_UINT,
	  UICONF_FIELD(paste_confirm_lines), .max = 100000 },
	{ .key = "highlight", .type = CONF_CUSTOM, .set = uiconf_highlight },
	{ .key = "history_lines", .type = CONF_UINT, UICONF_FIELD(history_lines),
	  .max = 10000 },
	{ .key = "notify", .type = CONF_ENUM, UICONF_FIELD(notify),
	  .names = uiconf_notify_names },
	{ .key = "wedding_alert", .type = CONF_ENUM, UICONF_FIELD(wedding_sound),
	  .names = uiconf_sound_names },
	{ .key = NULL }
};

const struct conf_table uiconf_table = {
	.shared = true,
	.keys = uiconf_keys,
};

int
uiconf_load(struct uiconf *u, const char *path, char **cause)
{
	return conf_load_client(path, &uiconf_table, u, cause);
}

int
uiconf_parse(struct uiconf *u, const char *name, const char *text,
    char **cause)
{
	return conf_parse(name, text, &uiconf_table, u, cause);
}
