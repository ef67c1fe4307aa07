#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
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
conf_line(const char *name, unsigned lineno, char *line,
    const struct conf_table *t, void *obj, char **cause)
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
	if (conf_set(t, obj, key, value, &why) == -1) {
		*cause = xasprintf("%s:%u: %s: %s", name, lineno, key,
		    why != NULL ? why : "invalid setting");
		free(why);
		return -1;
	}
	return 0;
}

int
conf_parse(const char *name, const char *text, const struct conf_table *t,
    void *obj, char **cause)
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
		if (conf_line(name, lineno, conf_trim(line), t, obj, cause) == -1)
			return -1;
		p += len + (nl != NULL);
	}
	return 0;
}

int
conf_load(const char *path, const struct conf_table *t, void *obj,
    char **cause)
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
	rc = conf_parse(path, text, t, obj, cause);
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
		{ "h", 3600000 }, { "d", 86400000 },
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
conf_load_client(const char *path, const struct conf_table *t, void *obj,
    char **cause)
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
	rc = conf_load(path, t, obj, cause);
	free(def);
	return rc;
}

int
conf_enum(const char *value, const struct conf_name *names, unsigned *out,
    char **cause)
{
	char	*list = NULL, *longer;
	size_t	 i;

	for (i = 0; names[i].name != NULL; i++) {
		if (strcmp(value, names[i].name) == 0) {
			*out = names[i].value;
			return 0;
		}
	}
	/* The names as a sentence: "a or b", "a, b or c". */
	for (i = 0; names[i].name != NULL; i++) {
		if (list == NULL) {
			list = xstrdup(names[i].name);
			continue;
		}
		longer = xasprintf("%s%s%s", list, names[i + 1].name == NULL ?
		    " or " : ", ", names[i].name);
		free(list);
		list = longer;
	}
	*cause = xasprintf("\"%s\" is not %s", value, list);
	free(list);
	return -1;
}

/* The key's upper bound: its max, but never more than its field holds. */
static unsigned long long
conf_max(const struct conf_key *k)
{
	unsigned long long	full = ULLONG_MAX;

	if (k->width < sizeof full)
		full = (1ULL << (k->width * CHAR_BIT)) - 1;
	return k->max != 0 && k->max < full ? k->max : full;
}

/* Through memcpy, as the field may be a bool, an enum or any unsigned. */
static void
conf_store(void *field, size_t width, unsigned long long v)
{
	uint8_t		v8 = (uint8_t)v;
	uint16_t	v16 = (uint16_t)v;
	uint32_t	v32 = (uint32_t)v;
	uint64_t	v64 = v;

	switch (width) {
	case 1:
		memcpy(field, &v8, width);
		break;
	case 2:
		memcpy(field, &v16, width);
		break;
	case 4:
		memcpy(field, &v32, width);
		break;
	case 8:
		memcpy(field, &v64, width);
		break;
	default:
		/* A table without CONF_FIELD on a number: a bug, not input. */
		abort();
	}
}

/* In the unit people write a bound in: "100ms", "1s", "1h", "7d". */
static void
conf_format_ms(unsigned long long ms, char *buf, size_t len)
{
	static const struct {
		const char		*unit;
		unsigned long long	 ms;
	} units[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "m", 60000 },
		{ "s", 1000 },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (ms != 0 && ms % units[i].ms == 0) {
			snprintf(buf, len, "%llu%s", ms / units[i].ms,
			    units[i].unit);
			return;
		}
	}
	snprintf(buf, len, "%llums", ms);
}

static int
conf_duration_in(const struct conf_key *k, const char *value,
    unsigned long long *out, char **cause)
{
	unsigned long long	max = conf_max(k);
	char			lo[32], hi[32];

	if (conf_duration_ms(value, out, cause) == -1)
		return -1;
	if (*out >= k->min && *out <= max)
		return 0;
	conf_format_ms(k->min, lo, sizeof lo);
	conf_format_ms(max, hi, sizeof hi);
	if (k->max != 0)
		*cause = xasprintf("\"%s\" is outside %s..%s", value, lo, hi);
	else if (*out < k->min)
		*cause = xasprintf("\"%s\" is below %s", value, lo);
	else
		*cause = xasprintf("\"%s\" is too long", value);
	return -1;
}

static int
conf_apply(const struct conf_key *k, void *field, const char *key,
    const char *value, char **cause)
{
	unsigned long long	v = 0;
	unsigned		e;
	bool			b;

	switch (k->type) {
	case CONF_STRING:
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return 0;
	case CONF_BOOL:
		if (conf_bool(value, &b, cause) == -1)
			return -1;
		*(bool *)field = b;
		return 0;
	case CONF_UINT:
		if (conf_uint(value, k->min, conf_max(k), &v, cause) == -1)
			return -1;
		break;
	case CONF_DURATION:
		if (conf_duration_in(k, value, &v, cause) == -1)
			return -1;
		break;
	case CONF_ENUM:
		if (conf_enum(value, k->names, &e, cause) == -1)
			return -1;
		v = e;
		break;
	case CONF_CUSTOM:
		return k->set(field, key, value, cause);
	}
	conf_store(field, k->width, v);
	return 0;
}

/* The entry of t that takes key, or NULL. */
static const struct conf_key *
conf_find(const struct conf_table *t, const char *key)
{
	for (const struct conf_key *k = t->keys; k->key != NULL; k++) {
		if (k->prefix ? strncmp(key, k->key, strlen(k->key)) == 0 :
		    strcmp(key, k->key) == 0)
			return k;
	}
	return NULL;
}

/* Whether a shared table passes key over for another reader. */
static bool
conf_others_know(const struct conf_table *t, const char *key)
{
	if (t->others == NULL)
		return true;
	for (size_t i = 0; t->others[i] != NULL; i++) {
		if (conf_find(t->others[i], key) != NULL)
			return true;
	}
	return false;
}

/* Edits (insert, delete, change a character) from a to b; long keys
 * count as far. */
static size_t
conf_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), row[65], diag, up;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

static void
conf_nearest_in(const struct conf_table *t, const char *key,
    const char **best, size_t *dist)
{
	size_t	d;

	/* Not a prefix ("key." takes any action), nor the key itself (a
	 * setter that turned the value down). */
	for (const struct conf_key *k = t->keys; k->key != NULL; k++) {
		if (k->prefix)
			continue;
		if ((d = conf_distance(key, k->key)) < *dist && d > 0) {
			*dist = d;
			*best = k->key;
		}
	}
}

/* The known key a misspelt one most likely meant, or NULL. */
static const char *
conf_nearest(const struct conf_table *t, const char *key)
{
	const char	*best = NULL;
	size_t		 dist = SIZE_MAX, len = strlen(key);

	conf_nearest_in(t, key, &best, &dist);
	for (size_t i = 0; t->others != NULL && t->others[i] != NULL; i++)
		conf_nearest_in(t->others[i], key, &best, &dist);
	/* A third of the key may be wrong, and at least two characters. */
	return dist <= (len / 3 > 2 ? len / 3 : 2) ? best : NULL;
}

int
conf_set(const struct conf_table *t, void *obj, const char *key,
    const char *value, char **cause)
{
	const struct conf_key	*k = conf_find(t, key);
	const char		*near;
	int			 rc = CONF_UNKNOWN;

	if (k != NULL)
		rc = conf_apply(k, (char *)obj + k->offset,
		    k->prefix ? key + strlen(k->key) : key, value, cause);
	if (rc != CONF_UNKNOWN)
		return rc;
	if (t->shared && conf_others_know(t, key))
		return 0;
	if ((near = conf_nearest(t, key)) != NULL)
		*cause = xasprintf("unknown %s \"%s\" (did you mean \"%s\"?)",
		    t->noun, key, near);
	else
		*cause = xasprintf("unknown %s \"%s\"", t->noun, key);
	return -1;
}
