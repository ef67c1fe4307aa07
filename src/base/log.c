#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/base/clock.h"
#include "src/base/cmd.h"
#include "src/base/log.h"

static const char	*log_progname = "hcwed";
static char		*log_path;
static int		 log_fd = STDERR_FILENO;
static enum log_level	 log_level = LOG_LEVEL_INFO;

static const char *log_names[] = { "error", "warn", "info", "debug" };

int
log_open(const char *progname, const char *path)
{
	int	fd;

	log_progname = progname;
	if (path == NULL)
		return 0;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return -1;
	free(log_path);
	if ((log_path = strdup(path)) == NULL) {
		close(fd);
		return -1;
	}
	log_fd = fd;
	return 0;
}

int
log_reopen(void)
{
	int	fd;

	if (log_path == NULL)
		return 0;
	if ((fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) == -1)
		return -1;
	/* dup2 swaps the descriptor atomically for concurrent writers. */
	dup2(fd, log_fd);
	close(fd);
	return 0;
}

void
log_close(void)
{
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = STDERR_FILENO;
	free(log_path);
	log_path = NULL;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

/* Quote msg for logfmt: escape backslash, quote and control characters. */
static size_t
log_quote(char *dst, size_t size, const char *src)
{
	size_t	n = 0;

	for (; *src != '\0' && n + 5 < size; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == '"' || c == '\\') {
			dst[n++] = '\\';
			dst[n++] = (char)c;
		} else if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
		else
			dst[n++] = (char)c;
	}
	dst[n] = '\0';
	return n;
}

static void __attribute__((format(printf, 2, 0)))
log_vwrite(enum log_level level, const char *fmt, va_list ap, const char *suffix)
{
	char		 msg[2048], line[4608];
	int64_t		 now;
	time_t		 secs;
	struct tm	 tm;
	int		 n, saved = errno;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	now = clock_wall_ms();
	secs = (time_t)(now / 1000);
	gmtime_r(&secs, &tm);
	n = snprintf(line, sizeof line,
	    "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ prog=%s level=%s msg=\"",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)(now % 1000), log_progname,
	    log_names[level]);
	n += (int)log_quote(line + n, sizeof line - (size_t)n - 64, msg);
	if (suffix != NULL) {
		n += snprintf(line + n, sizeof line - (size_t)n, ": ");
		n += (int)log_quote(line + n, sizeof line - (size_t)n - 4, suffix);
	}
	n += snprintf(line + n, sizeof line - (size_t)n, "\"\n");
	if (write(log_fd, line, (size_t)n) == -1) {
		/* Nowhere left to report a failed log write. */
	}
	errno = saved;
}

#define LOG_FN(name, level)					\
void								\
name(const char *fmt, ...)					\
{								\
	va_list	ap;						\
								\
	va_start(ap, fmt);					\
	log_vwrite(level, fmt, ap, NULL);			\
	va_end(ap);						\
}
LOG_FN(log_error, LOG_LEVEL_ERROR)
LOG_FN(log_warn, LOG_LEVEL_WARN)
LOG_FN(log_info, LOG_LEVEL_INFO)
LOG_FN(log_debug, LOG_LEVEL_DEBUG)

void
log_fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap, strerror(errno));
	va_end(ap);
	exit(CMD_EXIT_FAILURE);
}

void
log_fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap, NULL);
	va_end(ap);
	exit(CMD_EXIT_FAILURE);
}
