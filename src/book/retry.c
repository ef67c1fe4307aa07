#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/book/retry.h"

#define RETRY_AFTER_MAX_MS	3600000ULL

static bool
retry_mutates(enum book_method m)
{
	return m == BOOK_RESERVE || m == BOOK_CANCEL;
}

/* The outcome once retries stop without a definite answer. */
static enum book_outcome
retry_exhausted(const struct retry_state *st)
{
	return st->maybe_applied ? BOOK_OUT_UNKNOWN : BOOK_OUT_UNAVAILABLE;
}

static enum retry_verdict
retry_again(const struct retry_policy *p, const struct retry_state *st,
    enum book_outcome *outcome)
{
	if (st->attempts < p->max_attempts)
		return RETRY_AGAIN;
	*outcome = retry_exhausted(st);
	return RETRY_FINAL;
}

static enum retry_verdict
retry_status(const struct retry_policy *p, struct retry_state *st,
    enum book_method m, int status, enum book_outcome *outcome)
{
	switch (status) {
	case 200:
		*outcome = BOOK_OUT_OK;
		return RETRY_FINAL;
	case 401:
		*outcome = BOOK_OUT_UNAUTHORIZED;
		return RETRY_FINAL;
	case 403:
		*outcome = BOOK_OUT_NO_SUCH_SLOT;
		return RETRY_FINAL;
	case 451:
		*outcome = BOOK_OUT_LIMIT;
		return RETRY_FINAL;
	case 404:
	case 409:
		/* After a possibly applied attempt these may describe its effect. */
		if (st->maybe_applied)
			*outcome = BOOK_OUT_UNKNOWN;
		else
			*outcome = status == 404 ? BOOK_OUT_NOT_APPLIED :
			    BOOK_OUT_CONFLICT;
		return RETRY_FINAL;
	case 429:
	case 503:
		return retry_again(p, st, outcome);
	default:
		break;
	}
	if (status >= 500 && status <= 599) {
		if (retry_mutates(m))
			st->maybe_applied = true;
		return retry_again(p, st, outcome);
	}
	*outcome = BOOK_OUT_BAD_REQUEST;
	return RETRY_FINAL;
}

enum retry_verdict
retry_classify(const struct retry_policy *p, struct retry_state *st,
    enum book_method m, enum retry_transport t, int status,
    enum book_outcome *outcome)
{
	switch (t) {
	case RETRY_REPLY:
		return retry_status(p, st, m, status, outcome);
	case RETRY_NOT_SENT:
		return retry_again(p, st, outcome);
	case RETRY_LOST:
		if (retry_mutates(m)) {
			*outcome = BOOK_OUT_UNKNOWN;
			return RETRY_FINAL;
		}
		return retry_again(p, st, outcome);
	}
	*outcome = BOOK_OUT_UNKNOWN;
	return RETRY_FINAL;
}

uint64_t
retry_backoff_ms(const struct retry_policy *p, unsigned attempts,
    uint64_t retry_after_ms, uint32_t (*rnd)(void *), void *arg)
{
	uint64_t	ceiling = p->base_ms, draw;
	unsigned	i;

	for (i = 1; i < attempts && ceiling < p->cap_ms; i++)
		ceiling *= 2;
	if (ceiling > p->cap_ms)
		ceiling = p->cap_ms;
	/* 64 random bits so the modulo bias is negligible for any ceiling. */
	draw = ((uint64_t)rnd(arg) << 32 | rnd(arg)) % (ceiling + 1);
	return draw > retry_after_ms ? draw : retry_after_ms;
}

/* The next n characters are one of the names in list, each n long. */
static int
retry_name(const char **p, const char *list, size_t n, int *index)
{
	for (int i = 0; list[i * n] != '\0'; i++) {
		if (strncmp(*p, list + i * n, n) == 0) {
			*index = i;
			*p += n;
			return 0;
		}
	}
	return -1;
}

/* n decimal digits into *v. */
static int
retry_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

/*
 * An IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 5.6.7).  Its
 * names are English whatever the locale, so strptime's %a and %b, which
 * follow LC_TIME, cannot read it once the client has called setlocale.
 */
static int
retry_http_date(const char *p, struct tm *tm)
{
	int	wday;

	memset(tm, 0, sizeof *tm);
	if (retry_name(&p, "SunMonTueWedThuFriSat", 3, &wday) != 0 ||
	    strncmp(p, ", ", 2) != 0)
		return -1;
	p += 2;
	if (retry_digits(&p, 2, &tm->tm_mday) != 0 || *p++ != ' ' ||
	    retry_name(&p, "JanFebMarAprMayJunJulAugSepOctNovDec", 3,
	    &tm->tm_mon) != 0 || *p++ != ' ' ||
	    retry_digits(&p, 4, &tm->tm_year) != 0 || *p++ != ' ' ||
	    retry_digits(&p, 2, &tm->tm_hour) != 0 || *p++ != ':' ||
	    retry_digits(&p, 2, &tm->tm_min) != 0 || *p++ != ':' ||
	    retry_digits(&p, 2, &tm->tm_sec) != 0 || strcmp(p, " GMT") != 0)
		return -1;
	tm->tm_year -= 1900;
	if (tm->tm_mday < 1 || tm->tm_mday > 31 || tm->tm_hour > 23 ||
	    tm->tm_min > 59 || tm->tm_sec > 60)
		return -1;
	return 0;
}

int
retry_after_parse(const char *value, int64_t now_epoch_s, uint64_t *out_ms)
{
	struct tm	 tm;
	const char	*p;
	unsigned long long secs = 0;
	time_t		 when;

	while (isspace((unsigned char)*value))
		value++;
	if (isdigit((unsigned char)*value)) {
		for (p = value; isdigit((unsigned char)*p); p++) {
			if (secs <= RETRY_AFTER_MAX_MS / 1000)
				secs = secs * 10 + (unsigned long long)(*p - '0');
		}
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			return -1;
		*out_ms = secs * 1000 > RETRY_AFTER_MAX_MS ?
		    RETRY_AFTER_MAX_MS : secs * 1000;
		return 0;
	}
	if (retry_http_date(value, &tm) != 0)
		return -1;
	when = timegm(&tm);
	if (when <= now_epoch_s)
		*out_ms = 0;
	else if ((uint64_t)(when - now_epoch_s) * 1000 > RETRY_AFTER_MAX_MS)
		*out_ms = RETRY_AFTER_MAX_MS;
	else
		*out_ms = (uint64_t)(when - now_epoch_s) * 1000;
	return 0;
}
