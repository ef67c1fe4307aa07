#include "config.h"

#include <json-c/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/clock.h"
#include "src/base/sanitize.h"
#include "src/base/xmalloc.h"
#include "src/hcwed/cmd_book.h"

static double
book_elapsed(const struct book *b)
{
	return (double)(clock_mono_ms() - b->start_ms) / 1000.0;
}

static void
book_emit(struct json_object *o)
{
	const char	*s = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t		 len;
	char		*safe = sanitize_json(s, strlen(s), &len);

	printf("%s\n", safe);
	fflush(stdout);
	free(safe);
	json_object_put(o);
}

static struct json_object *
book_json_holds(const struct planner_snapshot *sn, enum book_svc svc)
{
	struct json_object	*a = json_object_new_array();

	for (size_t i = 0; i < sn->nholds[svc]; i++)
		json_object_array_add(a, json_object_new_int((int)sn->holds[svc][i]));
	return a;
}

static void
book_text_holds(const struct planner_snapshot *sn, enum book_svc svc,
    char *buf, size_t len)
{
	size_t	off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sn->nholds[svc] && off < len; i++) {
		off += (size_t)snprintf(buf + off, len - off, "%s%u%s",
		    i ? " " : "", sn->holds[svc][i],
		    sn->cell[svc][sn->holds[svc][i]].hold == PLANNER_HOLD_HELD ?
		    "" : "?");
	}
}

void
book_print_attempt(struct book *b, const struct httpw_log *l)
{
	struct json_object	*o;
	char			 status[16], *error;

	if (!b->json) {
		if (l->status != 0)
			snprintf(status, sizeof status, "%d", l->status);
		else
			snprintf(status, sizeof status, "no reply");
		printf("%8.3fs %-5s %-6s %-24s %s%s%s (%llu ms, attempt %u)\n",
		    book_elapsed(b), book_svc_name(l->svc),
		    book_method_name(l->method), l->path, status,
		    l->error[0] != '\0' ? ": " : "",
		    (error = sanitize_line(l->error)),
		    (unsigned long long)l->latency_ms, l->attempt);
		free(error);
		fflush(stdout);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_string("request"));
	json_object_object_add(o, "time_ms", json_object_new_int64(
	    (int64_t)l->time_ms));
	json_object_object_add(o, "n", json_object_new_int((int)b->requests));
	json_object_object_add(o, "service",
	    json_object_new_string(book_svc_name(l->svc)));
	json_object_object_add(o, "method",
	    json_object_new_string(book_method_name(l->method)));
	json_object_object_add(o, "path", json_object_new_string(l->path));
	json_object_object_add(o, "status", json_object_new_int(l->status));
	json_object_object_add(o, "error", json_object_new_string(l->error));
	json_object_object_add(o, "latency_ms",
	    json_object_new_int64((int64_t)l->latency_ms));
	json_object_object_add(o, "attempt", json_object_new_int((int)l->attempt));
	book_emit(o);
}

void
book_print_result(struct book *b, const struct book_result *r, int ev)
{
	const struct planner_snapshot *sn = b->snap;
	struct json_object	*o;
	char			 path[48], hotel[64], band[64], *note;

	book_req_path(&r->req, path, sizeof path);
	if (!b->json) {
		book_text_holds(sn, BOOK_HOTEL, hotel, sizeof hotel);
		book_text_holds(sn, BOOK_BAND, band, sizeof band);
		printf("%8.3fs %-5s %-6s %-24s => %s; hotel [%s] band [%s]; "
		    "pair %u; %s\n", book_elapsed(b), book_svc_name(r->req.svc),
		    book_method_name(r->req.method), path,
		    book_outcome_name(r->outcome), hotel, band, sn->pair,
		    planner_state_name(sn->state));
		if ((ev & PLANNER_EV_NOTE) != 0 && sn->note[0] != '\0') {
			note = sanitize_line(sn->note);
			printf("%8.3fs %s\n", book_elapsed(b), note);
			free(note);
		}
		fflush(stdout);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_string("result"));
	json_object_object_add(o, "service",
	    json_object_new_string(book_svc_name(r->req.svc)));
	json_object_object_add(o, "method",
	    json_object_new_string(book_method_name(r->req.method)));
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "outcome",
	    json_object_new_string(book_outcome_name(r->outcome)));
	json_object_object_add(o, "attempts", json_object_new_int((int)r->attempts));
	json_object_object_add(o, "hotel", book_json_holds(sn, BOOK_HOTEL));
	json_object_object_add(o, "band", book_json_holds(sn, BOOK_BAND));
	json_object_object_add(o, "pair", json_object_new_int((int)sn->pair));
	json_object_object_add(o, "state",
	    json_object_new_string(planner_state_name(sn->state)));
	json_object_object_add(o, "earliest_common",
	    json_object_new_int((int)sn->earliest_common));
	book_emit(o);
}

void
book_print_done(struct book *b)
{
	const struct planner_snapshot *sn = b->snap;
	struct json_object	*o;
	char			 hotel[64], band[64], *safe;
	const char		*reason = b->reason != NULL ? b->reason : "error";

	if (!b->json) {
		book_text_holds(sn, BOOK_HOTEL, hotel, sizeof hotel);
		book_text_holds(sn, BOOK_BAND, band, sizeof band);
		if (sn->pair != 0)
			printf("holding slot %u at the hotel and the band", sn->pair);
		else
			printf("no matched pair");
		safe = sanitize_line(reason);
		printf(" (%s; hotel [%s] band [%s]; %u requests in %.1f s)\n",
		    safe, hotel, band, b->requests, book_elapsed(b));
		free(safe);
		if (sn->inflight && (sn->current.method == BOOK_RESERVE ||
		    sn->current.method == BOOK_CANCEL))
			printf("the outcome of %s /reservation/%u at the %s is "
			    "unknown: the next run reads it back\n",
			    book_method_name(sn->current.method),
			    sn->current.slot, book_svc_name(sn->current.svc));
		fflush(stdout);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_string("done"));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	json_object_object_add(o, "pair", json_object_new_int((int)sn->pair));
	json_object_object_add(o, "hotel", book_json_holds(sn, BOOK_HOTEL));
	json_object_object_add(o, "band", book_json_holds(sn, BOOK_BAND));
	json_object_object_add(o, "state",
	    json_object_new_string(planner_state_name(sn->state)));
	json_object_object_add(o, "requests", json_object_new_int((int)b->requests));
	json_object_object_add(o, "ms",
	    json_object_new_int64((int64_t)(clock_mono_ms() - b->start_ms)));
	json_object_object_add(o, "first_pair_requests",
	    json_object_new_int((int)b->first_pair_requests));
	json_object_object_add(o, "first_pair_ms",
	    json_object_new_int64((int64_t)b->first_pair_ms));
	json_object_object_add(o, "in_doubt", json_object_new_boolean(sn->inflight));
	book_emit(o);
}
