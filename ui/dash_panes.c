#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui/dash_int.h"
#include "ui/ring.h"

/* Log lines at least this wide get the full path, latency and attempt. */
#define DASH_LOG_WIDE	58

static void
dash_put(WINDOW *w, const struct layout_rect *r, int row, const char *s,
    enum theme_role role)
{
	if (row < r->h)
		theme_put(w, r->y + row, r->x, r->w, s, (size_t)-1, role);
}

/* "hotel 56 120?": held slots, with the glyph of any other state. */
static void
dash_holds_text(const struct planner_snapshot *sn, enum book_svc svc,
    char *buf, size_t len)
{
	size_t	used = snprintf(buf, len, "%-6s", book_svc_name(svc));

	if (sn->nholds[svc] == 0 && used < len)
		snprintf(buf + used, len - used, "nothing held");
	for (size_t i = 0; i < sn->nholds[svc] && used < len; i++) {
		unsigned	slot = sn->holds[svc][i];
		char		mark = '\0';

		switch ((enum planner_hold)sn->cell[svc][slot].hold) {
		case PLANNER_HOLD_RESERVING:
		case PLANNER_HOLD_CANCELLING:
			mark = dash_cell_glyph(DASH_FLIGHT);
			break;
		case PLANNER_HOLD_UNKNOWN:
			mark = dash_cell_glyph(DASH_UNKNOWN);
			break;
		default:
			break;
		}
		used += snprintf(buf + used, len - used, "%s%u%.*s",
		    i > 0 ? " " : "", slot, mark != '\0' ? 1 : 0, &mark);
	}
}

/* "pair  56 120": the pair the planner keeps first, then any other slot
 * held at both (manual mode may hold two pairs). */
static void
dash_pairs_text(const struct planner_snapshot *sn, char *buf, size_t len)
{
	size_t	used;

	if (sn->pair == 0) {
		snprintf(buf, len, "pair  none yet");
		return;
	}
	used = snprintf(buf, len, "pair  %u", sn->pair);
	for (size_t i = 0; i < sn->nholds[BOOK_HOTEL] && used < len; i++) {
		unsigned slot = sn->holds[BOOK_HOTEL][i];

		if (slot != sn->pair && dash_paired(sn, slot))
			used += snprintf(buf + used, len - used, " %u", slot);
	}
}

void
dash_draw_info(struct dash *d, WINDOW *w)
{
	const struct planner_snapshot	*sn = d->snap;
	const struct layout_rect	*r = &d->l.info;
	static const char		 spin[] = "|/-\\";
	uint64_t			 up = d->st.elapsed_ms / 1000;
	bool				 busy;
	unsigned			 common;
	char				 buf[160];

	busy = sn->state == PLANNER_SEARCHING || sn->state == PLANNER_STARTING;
	snprintf(buf, sizeof buf, "%s  %s %c", planner_mode_name(sn->mode),
	    planner_state_name(sn->state),
	    busy ? spin[(d->st.elapsed_ms / 250) % 4] : ' ');
	dash_put(w, r, 0, buf, sn->state == PLANNER_FAILED ? ROLE_ERROR :
	    ROLE_TITLE);
	snprintf(buf, sizeof buf, "sent %" PRIu64 " (%u tries)", sn->sent,
	    d->attempts);
	dash_put(w, r, 1, buf, ROLE_NORMAL);
	if (sn->inflight)
		snprintf(buf, sizeof buf, "in flight");
	else
		snprintf(buf, sizeof buf, "next %" PRIu64 " ms", d->st.next_ms);
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
	    "  up %" PRIu64 ":%02" PRIu64 ":%02" PRIu64, up / 3600,
	    up / 60 % 60, up % 60);
	dash_put(w, r, 2, buf, ROLE_NORMAL);
	dash_holds_text(sn, BOOK_HOTEL, buf, sizeof buf);
	dash_put(w, r, 3, buf, ROLE_SLOT_MINE);
	dash_holds_text(sn, BOOK_BAND, buf, sizeof buf);
	dash_put(w, r, 4, buf, ROLE_SLOT_MINE);
	dash_pairs_text(sn, buf, sizeof buf);
	dash_put(w, r, 5, buf, sn->pair != 0 ? ROLE_SLOT_PAIR : ROLE_NORMAL);
	common = dash_earliest_common(sn, d->st.now_ms, DASH_STALE_MS);
	if (common != 0)
		snprintf(buf, sizeof buf, "first free at both: %u", common);
	else
		snprintf(buf, sizeof buf, "first free at both: none");
	dash_put(w, r, 6, buf, ROLE_SLOT_COMMON);
	if (d->l.small)
		dash_put(w, r, 7, "(the slot grids need 80x24)", ROLE_TIME);
}

static enum theme_role
dash_log_role(const struct httpw_log *l)
{
	if (l->status >= 200 && l->status < 300)
		return ROLE_AVAILABLE;
	if (l->status >= 400 && l->status < 500)
		return ROLE_AWAY;
	return ROLE_ERROR;
}

static void
dash_log_text(const struct httpw_log *l, int width, char *buf, size_t len)
{
	time_t		t = (time_t)(l->time_ms / 1000);
	struct tm	tm;
	char		clock[16], status[100];
	const char	*what = l->path;

	localtime_r(&t, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	if (l->status != 0)
		snprintf(status, sizeof status, "%d", l->status);
	else
		snprintf(status, sizeof status, "%s",
		    l->error[0] != '\0' ? l->error : "no reply");
	if (width >= DASH_LOG_WIDE) {
		snprintf(buf, len, "%s.%03u %-5s %-6s %-22s %s  %" PRIu64
		    " ms  #%u", clock, (unsigned)(l->time_ms % 1000),
		    book_svc_name(l->svc), book_method_name(l->method),
		    l->path, status, l->latency_ms, l->attempt);
		return;
	}
	if (strcmp(what, "/reservation/available") == 0)
		what = "avail";
	else if (strcmp(what, "/reservation") == 0)
		what = "held";
	else if (strncmp(what, "/reservation/", 13) == 0)
		what += 13;
	snprintf(buf, len, "%s %c %-4s %-5s %s", clock,
	    l->svc == BOOK_HOTEL ? 'H' : 'B', l->method == BOOK_CANCEL ?
	    "DEL" : book_method_name(l->method), what,
	    l->status != 0 ? status : "ERR");
}

void
dash_draw_log(struct dash *d, WINDOW *w)
{
	const struct layout_rect	*r = &d->l.log;
	const struct httpw_log		*l;
	size_t				 n = ring_len(d->log), skip = d->log_back;
	int				 row;
	char				 buf[256];

	if (r->h < 1)
		return;
	snprintf(buf, sizeof buf, "requests (%s, %s)",
	    dash_svc_filter_name(d->svc_filter),
	    dash_status_filter_name(d->status_filter));
	if (d->log_back > 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " -%zu",
		    d->log_back);
	dash_put(w, r, 0, buf, ROLE_TITLE);
	row = r->h - 1;
	for (size_t i = n; i > 0 && row >= 1; i--) {
		l = ring_get(d->log, i - 1);
		if (!dash_log_match(l, d->svc_filter, d->status_filter))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		dash_log_text(l, r->w, buf, sizeof buf);
		dash_put(w, r, row--, buf, dash_log_role(l));
	}
	if (row == r->h - 1)
		dash_put(w, r, 1, ring_len(d->log) == 0 ? "no requests yet" :
		    "no request matches the filter", ROLE_TIME);
}

void
dash_draw_unconfigured(struct dash *d, WINDOW *w)
{
	static const char *const lines[] = {
		"The wedding planner is not running.",
		"",
		"It needs the hotel and band services in the configuration",
		"file ($XDG_CONFIG_HOME/hcwed/config or ~/.config/hcwed/config):",
		"",
		"  hotel_url = http://HOST:PORT/hotel/api",
		"  band_url = http://HOST:PORT/band/api",
		"  hotel_key_file = PATH   (mode 0600; or HCWED_HOTEL_KEY)",
		"  band_key_file = PATH    (mode 0600; or HCWED_BAND_KEY)",
		"",
		"See hcwed(1), DASHBOARD, and hcwed.conf(5).",
	};
	struct layout_rect	r = { 1, 2, d->rows - 1, d->cols - 4 };
	int			row = 0;

	dash_put(w, &r, row++, d->cause, ROLE_ERROR);
	row++;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		dash_put(w, &r, row++, lines[i], i == 0 ? ROLE_TITLE :
		    ROLE_NORMAL);
}
