#include "config.h"

#include <string.h>

#include "src/base/conf.h"
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
}

static int
uiconf_setting(void *arg, const char *key, const char *value, char **cause)
{
	struct uiconf		*u = arg;
	unsigned long long	 n;

	if (strncmp(key, "key.", 4) == 0)
		return keys_rebind(&u->keys, key + 4, value, cause);
	if (strncmp(key, "color.", 6) == 0)
		return theme_set(key + 6, value, cause);
	if (strcmp(key, "mouse") == 0)
		return conf_bool(value, &u->mouse, cause);
	if (strcmp(key, "lock_timeout") == 0)
		return conf_duration_ms(value, &u->lock_ms, cause);
	if (strcmp(key, "urgent_alert_interval") == 0)
		return conf_duration_ms(value, &u->urgent_ms, cause);
	if (strcmp(key, "scrollback") == 0) {
		if (conf_uint(value, 100, 1000000, &n, cause) == -1)
			return -1;
		u->scrollback = n;
	}
	return 0;
}

int
uiconf_load(struct uiconf *u, const char *path, char **cause)
{
	return conf_load_client(path, uiconf_setting, u, cause);
}

int
uiconf_parse(struct uiconf *u, const char *name, const char *text,
    char **cause)
{
	return conf_parse(name, text, uiconf_setting, u, cause);
}
