/*
 * The one configuration file syntax shared by hcwed, hcwedd and
 * hcwed-slotd: "key = value" lines, '#' comments, blank lines ignored,
 * values optionally in double quotes (with \" and \\ escapes), and the
 * one reader that turns them into a program's settings struct through a
 * table of its keys.
 *
 * Errors are returned as -1 with *cause set to a malloc'd message of the
 * form "PATH:LINE: reason" ("PATH:LINE: KEY: reason" for a bad setting);
 * the caller frees *cause.  CONF_STRING fields are malloc'd by the reader,
 * which frees the value it replaces; the struct's owner frees the last.
 */
#ifndef HC_CONF_H
#define HC_CONF_H

#include <stdbool.h>
#include <stddef.h>

enum conf_type {
	CONF_STRING,	/* char *: a malloc'd copy; the old value is freed */
	CONF_BOOL,	/* bool: yes/no, true/false, on/off, 1/0 */
	CONF_UINT,	/* an unsigned integer, min..max */
	CONF_DURATION,	/* milliseconds (conf_duration_ms), min..max */
	CONF_ENUM,	/* the value paired with one of names */
	CONF_CUSTOM,	/* set() converts and stores */
};

/* A name a CONF_ENUM key accepts and the value it stores. */
struct conf_name {
	const char	*name;
	unsigned	 value;
};

/*
 * What a CONF_CUSTOM setter returns when the key is not one it knows:
 * the reader then treats the key as unknown.
 */
#define CONF_UNKNOWN	1

/*
 * One key of a settings struct; write the field with CONF_FIELD().  The
 * integer types store into an unsigned field of width 1, 2, 4 or 8 bytes
 * (bool and enums included).
 */
struct conf_key {
	const char		*key;
	enum conf_type		 type;
	/* key is a prefix; set() gets the rest of the key ("" matches all). */
	bool			 prefix;
	size_t			 offset;
	size_t			 width;
	/* CONF_UINT, CONF_DURATION; max 0: as much as the field holds. */
	unsigned long long	 min, max;
	const struct conf_name	*names;	/* CONF_ENUM; ends at a NULL name */
	/*
	 * CONF_CUSTOM: field is the struct plus offset (the struct itself
	 * without CONF_FIELD).  0, -1 with a malloc'd *cause, or
	 * CONF_UNKNOWN.
	 */
	int			(*set)(void *field, const char *key,
				    const char *value, char **cause);
};

#define CONF_FIELD(type, member)					\
	.offset = offsetof(type, member),				\
	.width = sizeof(((type *)0)->member)

/* A program's keys; the first entry that matches a key wins. */
struct conf_table {
	/* The word in "unknown setting \"KEY\"": "setting", "option". */
	const char		*noun;
	/*
	 * The file is shared with other readers (the client's), so keys not
	 * in the table are theirs and skipped rather than refused.
	 */
	bool			 shared;
	/*
	 * Of a shared table, the other readers of the file (ending with
	 * NULL): a key that none of them knows either is refused, so that a
	 * misspelt one does not pass unseen.
	 */
	const struct conf_table	*const *others;
	const struct conf_key	*keys;	/* ends at a NULL key */
};

/*
 * Apply one setting to the struct at obj.  -1 with a malloc'd *cause
 * (the reason alone: the file readers add where and which key).
 */
int	conf_set(const struct conf_table *, void *obj, const char *key,
	    const char *value, char **cause);

/* conf_set() each setting of the file at path, in order. */
int	conf_load(const char *path, const struct conf_table *, void *obj,
	    char **cause);
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
int	conf_load_client(const char *path, const struct conf_table *,
	    void *obj, char **cause);
/* Same, on text in memory; name is used in messages. */
int	conf_parse(const char *name, const char *text,
	    const struct conf_table *, void *obj, char **cause);

/* Value parsers, for setters and options: 0, or -1 with a malloc'd *cause. */
int	conf_bool(const char *value, bool *out, char **cause);
int	conf_uint(const char *value, unsigned long long min,
	    unsigned long long max, unsigned long long *out, char **cause);
/*
 * Durations such as "250ms", "10s", "5m", "1h", "7d"; plain numbers are
 * seconds.  The range messages write bounds in these units, so each of
 * them must read back.
 */
int	conf_duration_ms(const char *value, unsigned long long *out_ms,
	    char **cause);
/* One of names (ending at a NULL name): its value in *out. */
int	conf_enum(const char *value, const struct conf_name *names,
	    unsigned *out, char **cause);

#endif
