#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/conf.h"
#include "src/base/xmalloc.h"
#include "src/book/bookconf.h"

#define BOOKCONF_KEY_MAX	512

static const char *bookconf_svc_key[BOOK_NSVC] = { "HCWED_HOTEL_KEY",
    "HCWED_BAND_KEY" };

void
bookconf_init(struct bookconf *bc)
{
	memset(bc, 0, sizeof *bc);
	bc->rate_mhz = 1000;
	bc->burst = 1;
	bc->connect_timeout_ms = 3000;
	bc->timeout_ms = 10000;
	bc->attempts = 4;
	bc->poll_ms = 1000;
}

void
bookconf_free(struct bookconf *bc)
{
	for (int s = 0; s < BOOK_NSVC; s++) {
		free(bc->url[s]);
		free(bc->key[s]);
		free(bc->key_file[s]);
	}
	memset(bc, 0, sizeof *bc);
}

/* A key file: "~/x" is under $HOME; anything else is taken as written. */
static int
bookconf_key_file(void *field, const char *key, const char *value,
    char **cause)
{
	char		**path = field;
	const char	 *home = getenv("HOME");

	free(*path);
	if (value[0] == '~' && value[1] == '/' && home != NULL)
		*path = xasprintf("%s%s", home, value + 1);
	else
		*path = xstrdup(value);
	return 0;
}

/* Requests per second as a decimal ("1", "0.5", "2.25") into per 1000 s. */
static int
bookconf_rate(void *field, const char *key, const char *value, char **cause)
{
	unsigned	*out = field;
	unsigned long	 whole = 0, frac = 0, scale = 1000;
	const char	*p = value;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p) && whole < 1000; p++)
		whole = whole * 10 + (unsigned long)(*p - '0');
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (unsigned long)(*p - '0') * scale;
			}
		}
	}
	if (*p != '\0' || whole >= 1000 || whole * 1000 + frac == 0)
		goto bad;
	*out = (unsigned)(whole * 1000 + frac);
	return 0;
bad:
	*cause = xasprintf("\"%s\" is not a rate above 0 and below 1000 per "
	    "second", value);
	return -1;
}

static const struct conf_name bookconf_buckets[] = {
	{ "shared", false }, { "per-service", true }, { NULL, 0 }
};

#define BOOKCONF_FIELD(member)	CONF_FIELD(struct bookconf, member)

/* The planner's keys; the rest of the file belongs to other parts. */
static const struct conf_key bookconf_keys[] = {
	{ .key = "hotel_url", .type = CONF_STRING,
	  BOOKCONF_FIELD(url[BOOK_HOTEL]) },
	{ .key = "band_url", .type = CONF_STRING,
	  BOOKCONF_FIELD(url[BOOK_BAND]) },
	{ .key = "hotel_key_file", .type = CONF_CUSTOM,
	  BOOKCONF_FIELD(key_file[BOOK_HOTEL]), .set = bookconf_key_file },
	{ .key = "band_key_file", .type = CONF_CUSTOM,
	  BOOKCONF_FIELD(key_file[BOOK_BAND]), .set = bookconf_key_file },
	{ .key = "book_rate", .type = CONF_CUSTOM, BOOKCONF_FIELD(rate_mhz),
	  .set = bookconf_rate },
	{ .key = "book_burst", .type = CONF_UINT, BOOKCONF_FIELD(burst),
	  .min = 1, .max = 100 },
	{ .key = "book_bucket", .type = CONF_ENUM,
	  BOOKCONF_FIELD(per_service), .names = bookconf_buckets },
	{ .key = "book_attempts", .type = CONF_UINT, BOOKCONF_FIELD(attempts),
	  .min = 1, .max = 100 },
	{ .key = "book_connect_timeout", .type = CONF_DURATION,
	  BOOKCONF_FIELD(connect_timeout_ms) },
	{ .key = "book_timeout", .type = CONF_DURATION,
	  BOOKCONF_FIELD(timeout_ms) },
	{ .key = "book_poll", .type = CONF_DURATION, BOOKCONF_FIELD(poll_ms) },
	{ .key = NULL }
};

const struct conf_table bookconf_table = {
	.shared = true,
	.keys = bookconf_keys,
};

int
bookconf_load(struct bookconf *bc, const char *path, char **cause)
{
	return conf_load_client(path, &bookconf_table, bc, cause);
}

int
bookconf_read_key(const char *path, char **key, char **cause)
{
	struct stat	 st;
	char		 buf[BOOKCONF_KEY_MAX + 2];
	ssize_t		 n;
	size_t		 len;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		*cause = xasprintf("%s: key file is readable by group or others "
		    "(mode %03o); run: chmod 600 %s", path,
		    (unsigned)(st.st_mode & 0777), path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	if (len == 0 || len > BOOKCONF_KEY_MAX) {
		*cause = xasprintf("%s: %s", path, len == 0 ? "no key on the "
		    "first line" : "key longer than 512 bytes");
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isgraph((unsigned char)buf[i])) {
			*cause = xasprintf("%s: the key has a space or control "
			    "character", path);
			return -1;
		}
	}
	*key = xstrdup(buf);
	return 0;
}

int
bookconf_finish(struct bookconf *bc, char **cause)
{
	const char	*env;
	int		 s;

	for (s = 0; s < BOOK_NSVC; s++) {
		const char *name = book_svc_name(s);

		if (bc->url[s] == NULL || *bc->url[s] == '\0') {
			*cause = xasprintf("no %s URL: set %s_url in the config "
			    "file or pass --%s", name, name, name);
			return -1;
		}
		if (strncmp(bc->url[s], "http://", 7) != 0 &&
		    strncmp(bc->url[s], "https://", 8) != 0) {
			*cause = xasprintf("%s URL \"%s\" is not http:// or "
			    "https://", name, bc->url[s]);
			return -1;
		}
	}
	for (s = 0; s < BOOK_NSVC; s++) {
		const char *name = book_svc_name(s);

		if ((env = getenv(bookconf_svc_key[s])) != NULL && *env != '\0') {
			free(bc->key[s]);
			bc->key[s] = xstrdup(env);
		} else if (bc->key_file[s] != NULL) {
			free(bc->key[s]);
			bc->key[s] = NULL;
			if (bookconf_read_key(bc->key_file[s], &bc->key[s],
			    cause) == -1)
				return -1;
		}
		if (bc->key[s] == NULL) {
			*cause = xasprintf("no %s API key: set %s or %s_key_file",
			    name, bookconf_svc_key[s], name);
			return -1;
		}
	}
	return 0;
}
