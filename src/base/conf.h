/*
 * The one configuration file syntax shared by hcwed, hcwedd and
 * hcwed-slotd: "key = value" lines, '#' comments, blank lines ignored,
 * values optionally in double quotes (with \" and \\ escapes).
 *
 * Errors are returned as -1 with *cause set to a malloc'd message of the
 * form "PATH:LINE: reason"; the caller frees *cause.
 */
#ifndef HC_CONF_H
#define HC_CONF_H

#include <stdbool.h>

/*
 * Called once per setting.  Return 0 to accept, or -1 with *cause set to a
 * malloc'd reason (conf_load adds the file and line).
 */
typedef int (*conf_cb)(void *arg, const char *key, const char *value,
    char **cause);

int	conf_load(const char *path, conf_cb, void *arg, char **cause);
/*
 * The client's file, which hcwed's commands and screens share:
 * $XDG_CONFIG_HOME/hcwed/config, else ~/.config/hcwed/config; NULL with
 * neither variable.  The caller frees it.
 */
char	*conf_client_path(void);
/*
 * conf_load() on path or, when path is NULL, on conf_client_path() if
 * that file is there: having none is not an error.
 */
int	conf_load_client(const char *path, conf_cb, void *arg, char **cause);
/* Same, on text in memory; name is used in messages. */
int	conf_parse(const char *name, const char *text, conf_cb, void *arg,
	    char **cause);

/* Value parsers: 0 on success, -1 with a malloc'd *cause. */
int	conf_bool(const char *value, bool *out, char **cause);
int	conf_uint(const char *value, unsigned long long min,
	    unsigned long long max, unsigned long long *out, char **cause);
/* Durations such as "250ms", "10s", "5m", "1h"; plain numbers are seconds. */
int	conf_duration_ms(const char *value, unsigned long long *out_ms,
	    char **cause);

#endif
