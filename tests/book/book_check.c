/*
 * Checks an hcwed book run against the journal of hcwed-slotd
 * (GET /admin/journal): replays every applied reservation and
 * cancellation up to NAME's last request and prints
 *
 *	pair P earliest E settled S requests N limit L violations V
 *
 * P: the slot NAME holds at both (0 none, -1 if it holds anything else
 * too); E: the earliest slot free (or NAME's) at both at that moment; S:
 * the same, counting only slots that had been free at both for the last
 * WINDOW_MS, which a client could have seen; N: NAME's requests; L: its
 * 451 answers; V: its rate-rule violations.
 *
 * usage: book_check NAME WINDOW_MS JOURNAL-PAGE.json...
 */
#include "config.h"

#include <json-c/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/book/booking.h"

#define NAME_MAX_LEN	64

struct state {
	char	holder[BOOK_NSVC][BOOK_SLOT_MAX + 1][NAME_MAX_LEN];
	int64_t	free_since[BOOK_SLOT_MAX + 1];	/* -1: not free at both */
};

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int64_t
num(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_int64(v);
}

/* Two optional members say the same: both missing or equal. */
static int
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
mine_or_free(const struct state *st, int s, unsigned t, const char *name)
{
	return st->holder[s][t][0] == '\0' || strcmp(st->holder[s][t], name) == 0;
}

static void
apply(struct state *st, struct json_object *e)
{
	const char	*svc = str(e, "service"), *method = str(e, "method");
	const char	*slot = str(e, "slot"), *key = str(e, "key");
	int64_t		 t = num(e, "time");
	unsigned	 n;
	int		 s;

	if (svc == NULL || method == NULL || slot == NULL || key == NULL ||
	    num(e, "code") != 200)
		return;
	s = strcmp(svc, "hotel") == 0 ? BOOK_HOTEL : BOOK_BAND;
	n = (unsigned)strtoul(slot, NULL, 10);
	if (n < BOOK_SLOT_MIN || n > BOOK_SLOT_MAX)
		return;
	if (strcmp(method, "POST") == 0)
		snprintf(st->holder[s][n], NAME_MAX_LEN, "%s", key);
	else if (strcmp(method, "DELETE") == 0)
		st->holder[s][n][0] = '\0';
	if (st->holder[0][n][0] == '\0' && st->holder[1][n][0] == '\0') {
		if (st->free_since[n] < 0)
			st->free_since[n] = t;
	} else
		st->free_since[n] = -1;
}

/* All pages' entries, in journal order, into one array (caller puts). */
static struct json_object *
load(int n, char **files)
{
	struct json_object	*all = json_object_new_array(), *root, *entries;

	for (int f = 0; f < n; f++) {
		if ((root = json_object_from_file(files[f])) == NULL ||
		    !json_object_object_get_ex(root, "entries", &entries)) {
			fprintf(stderr, "book_check: %s: not a journal page\n",
			    files[f]);
			exit(2);
		}
		for (size_t i = 0; i < json_object_array_length(entries); i++)
			json_object_array_add(all, json_object_get(
			    json_object_array_get_idx(entries, i)));
		json_object_put(root);
	}
	return all;
}

int
main(int argc, char **argv)
{
	static struct state	 st;
	struct json_object	*entries, *e;
	const char		*name, *key;
	size_t			 n, last = 0, i;
	int64_t			 window, end = 0;
	unsigned		 requests = 0, limit = 0, violations = 0;
	unsigned		 earliest = 0, settled = 0, holds = 0;
	int			 pair = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: book_check NAME WINDOW_MS PAGE...\n");
		return 2;
	}
	name = argv[1];
	window = strtoll(argv[2], NULL, 10);
	entries = load(argc - 3, argv + 3);
	n = json_object_array_length(entries);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(entries, i);
		if ((key = str(e, "key")) != NULL && strcmp(key, name) == 0) {
			last = i + 1;
			requests++;
			limit += num(e, "code") == 451;
			if (json_object_get_boolean(json_object_object_get(e,
			    "rate_violation"))) {
				violations++;
				/* The journal lines say which requests they were. */
				for (size_t j = i; j-- > 0; ) {
					struct json_object *p =
					    json_object_array_get_idx(entries, j);
					const char *pk = str(p, "key");

					if (pk != NULL && strcmp(pk, name) == 0 &&
					    same(str(p, "service"),
					    str(e, "service"))) {
						fprintf(stderr, "previous: %s\n",
						    json_object_to_json_string(p));
						break;
					}
				}
				fprintf(stderr, "rate violation: %s\n",
				    json_object_to_json_string(e));
			}
			end = num(e, "time");
		}
	}
	for (unsigned t = 0; t <= BOOK_SLOT_MAX; t++)
		st.free_since[t] = 0;
	for (i = 0; i < last; i++)
		apply(&st, json_object_array_get_idx(entries, i));
	for (unsigned t = BOOK_SLOT_MAX; t >= BOOK_SLOT_MIN; t--) {
		int mine_h = strcmp(st.holder[BOOK_HOTEL][t], name) == 0;
		int mine_b = strcmp(st.holder[BOOK_BAND][t], name) == 0;

		holds += mine_h + mine_b;
		if (mine_h && mine_b)
			pair = (int)t;
		if (mine_or_free(&st, BOOK_HOTEL, t, name) &&
		    mine_or_free(&st, BOOK_BAND, t, name)) {
			earliest = t;
			if ((mine_h && mine_b) || (st.free_since[t] >= 0 &&
			    st.free_since[t] <= end - window))
				settled = t;
		}
	}
	if (pair != 0 && holds != 2)
		pair = -1;
	printf("pair %d earliest %u settled %u requests %u limit %u "
	    "violations %u\n", pair, earliest, settled, requests, limit,
	    violations);
	json_object_put(entries);
	return 0;
}
