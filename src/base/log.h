/*
 * Structured logging in logfmt (ts=... level=... msg="...") to stderr or
 * to a file.  Safe to call from any thread: each record is one write(2).
 * log_fatal()/log_fatalx() are for impossible states and do not return.
 */
#ifndef HC_LOG_H
#define HC_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Log to stderr (path NULL) or append to path.  -1 and errno on failure. */
int	log_open(const char *progname, const char *path);
/* Reopen the file given to log_open (after rotation, on SIGHUP). */
int	log_reopen(void);
void	log_close(void);
void	log_set_level(enum log_level);
/* Parse "error", "warn", "info" or "debug"; -1 if unknown. */
int	log_level_parse(const char *, enum log_level *);

void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* log_fatal appends strerror(errno); both exit with CMD_EXIT_FAILURE. */
void	log_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	log_fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
