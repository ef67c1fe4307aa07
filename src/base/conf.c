#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"

#define CONF_MAX_LINE	4096

static char *
conf_trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Unquote value in place; -1 on an unterminated or trailing-garbage quote. */
static int
conf_unquote(char *value)
{
	char	*src = value + 1, *dst = value;

	if (*value != '"')
		return 0;
	for (; *src != '\0' && *src != '"'; src++) {
		if (*src == '\\' && (src[1] == '"' || src[1] == '\\'))
			src++;
		*dst++ = *src;
	}
	if (*src != '"' || src[1] != '\0')
		return -1;
	*dst = '\0';
	return 0;
}

static int
conf_line(const char *name, unsigned lineno, char *line, conf_cb cb,
    void *arg, char **cause)
{
	char	*eq, *key, *value, *why = NULL;

	if (*line == '#' || *line == '\0')
		return 0;
	if ((eq = strchr(line, '=')) == NULL) {
		*cause = xasprintf("%s:%u: expected \"key = value\"", name, lineno);
		return -1;
	}
	*eq = '\0';
	key = conf_trim(line);
	value = conf_trim(eq + 1);
	if (*key == '\0') {
		*cause = xasprintf("%s:%u: missing key before '='", name, lineno);
		return -1;
	}
	if (conf_unquote(value) == -1) {
		*cause = xasprintf("%s:%u: unterminated quoted value", name, lineno);
		return -1;
	}
	if (cb(arg, key, value, &why) == -1) {
		*cause = xasprintf("%s:%u: %s: %s", name, lineno, key,
		    why != NULL ? why : "invalid setting");
		free(why);
		return -1;
	}
	return 0;
}

int
conf_parse(const char *name, const char *text, conf_cb cb, void *arg,
    char **cause)
{
	char		 line[CONF_MAX_LINE];
	const char	*p = text, *nl;
	unsigned	 lineno = 0;
	size_t		 len;

	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof line) {
			*cause = xasprintf("%s:%u: line longer than %d bytes",
			    name, lineno, CONF_MAX_LINE - 1);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (conf_line(name, lineno, conf_trim(line), cb, arg, cause) == -1)
			return -1;
		p += len + (nl != NULL);
	}
	return 0;
}

int
conf_load(const char *path, conf_cb cb, void *arg, char **cause)
{
	FILE	*f;
	char	*text;
	long	 size;
	int	 rc;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) == -1 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (size > 1024 * 1024) {
		*cause = xasprintf("%s: larger than 1 MiB", path);
		fclose(f);
		return -1;
	}
	text = xmalloc((size_t)size + 1);
	if (fread(text, 1, (size_t)size, f) != (size_t)size) {
		*cause = xasprintf("%s: read error", path);
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[size] = '\0';
	rc = conf_parse(path, text, cb, arg, cause);
	free(text);
	return rc;
}

int
conf_bool(const char *value, bool *out, char **cause)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	*cause = xasprintf("\"%s\" is not yes or no", value);
	return -1;
}

int
conf_uint(const char *value, unsigned long long min, unsigned long long max,
    unsigned long long *out, char **cause)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (!isdigit((unsigned char)*value)) {
		*cause = xasprintf("\"%s\" is not a number", value);
		return -1;
	}
	v = strtoull(value, &end, 10);
	if (errno != 0 || *end != '\0') {
		*cause = xasprintf("\"%s\" is not a number", value);
		return -1;
	}
	if (v < min || v > max) {
		*cause = xasprintf("%llu is outside %llu..%llu", v, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
conf_duration_ms(const char *value, unsigned long long *out_ms, char **cause)
{
	static const struct { const char *unit; unsigned long long ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "", 1000 }, { "m", 60000 },
		{ "h", 3600000 },
	};
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (!isdigit((unsigned char)*value)) {
		*cause = xasprintf("\"%s\" is not a duration", value);
		return -1;
	}
	v = strtoull(value, &end, 10);
	if (errno == 0) {
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			if (strcmp(end, units[i].unit) != 0)
				continue;
			if (v > 1000ULL * 3600000ULL) {
				*cause = xasprintf("\"%s\" is too long", value);
				return -1;
			}
			*out_ms = v * units[i].ms;
			return 0;
		}
	}
	*cause = xasprintf("\"%s\" is not a duration (try 500ms, 10s, 5m, 1h)",
	    value);
	return -1;
}

char *
conf_client_path(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");

	/* A relative XDG_CONFIG_HOME is invalid, as the spec says. */
	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/hcwed/config", xdg);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/hcwed/config", home);
	return NULL;
}

int
conf_load_client(const char *path, conf_cb cb, void *arg, char **cause)
{
	char	*def = NULL;
	int	 rc;

	if (path == NULL) {
		if ((def = conf_client_path()) == NULL ||
		    (access(def, F_OK) == -1 && errno == ENOENT)) {
			free(def);
			return 0;
		}
		path = def;
	}
	rc = conf_load(path, cb, arg, cause);
	free(def);
	return rc;
}
