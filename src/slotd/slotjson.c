#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "src/slotd/slotjson.h"
#include "src/slotd/slotstore.h"
#include "src/slotd/slotsvc.h"

struct slotjson_journal {
	json_object	*entries;
	int64_t		 next;
};

static void
slotjson_entry(void *arg, const struct slotstore_entry *e)
{
	struct slotjson_journal	*j = arg;
	json_object		*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(e->id));
	json_object_object_add(o, "time", json_object_new_int64(e->time_ms));
	json_object_object_add(o, "key", json_object_new_string(e->key));
	json_object_object_add(o, "service",
	    json_object_new_string(e->service));
	json_object_object_add(o, "method", json_object_new_string(e->method));
	json_object_object_add(o, "slot", e->slot != NULL ?
	    json_object_new_string(e->slot) : NULL);
	json_object_object_add(o, "code", json_object_new_int(e->code));
	json_object_object_add(o, "fault", json_object_new_string(e->fault));
	json_object_object_add(o, "delay_ms",
	    json_object_new_int64((int64_t)e->delay_ms));
	json_object_object_add(o, "rate_violation",
	    json_object_new_boolean(e->rate_violation));
	json_object_array_add(j->entries, o);
	j->next = e->id;
}

json_object *
slotjson_journal(struct slotstore *st, int64_t since, unsigned limit,
    char **cause)
{
	struct slotjson_journal	 j = { json_object_new_array(), since };
	json_object		*o;

	if (slotstore_journal_read(st, since, limit, slotjson_entry, &j,
	    cause) != 0) {
		json_object_put(j.entries);
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "next", json_object_new_int64(j.next));
	json_object_object_add(o, "entries", j.entries);
	return o;
}

static void
slotjson_count(void *arg, const char *k1, const char *k2, int64_t n)
{
	json_object	*o = arg, *inner;

	if (k2 == NULL) {
		json_object_object_add(o, k1, json_object_new_int64(n));
		return;
	}
	if (!json_object_object_get_ex(o, k1, &inner)) {
		inner = json_object_new_object();
		json_object_object_add(o, k1, inner);
	}
	json_object_object_add(inner, k2, json_object_new_int64(n));
}

json_object *
slotjson_stats(struct slotsvc *svc, char **cause)
{
	static const struct {
		const char		*name;
		enum slotstore_count	 which;
	} counts[] = {
		{ "requests_by_code", SLOTSTORE_BY_CODE },
		{ "requests_by_key", SLOTSTORE_BY_KEY },
		{ "rate_violations_by_key", SLOTSTORE_VIOLATIONS_BY_KEY },
		{ "holds_by_key", SLOTSTORE_HOLDS_BY_KEY },
	};
	json_object	*o = json_object_new_object(), *c, *free_slots;
	struct slotbook	*b;
	unsigned	 n;

	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		c = json_object_new_object();
		json_object_object_add(o, counts[i].name, c);
		if (counts[i].which == SLOTSTORE_HOLDS_BY_KEY) {
			for (int s = 0; s < SLOTSVC_NSERVICES; s++) {
				json_object_object_add(c,
				    slotsvc_service_name(s),
				    json_object_new_object());
			}
		}
		if (slotstore_count(slotsvc_store(svc), counts[i].which,
		    slotjson_count, c, cause) != 0) {
			json_object_put(o);
			return NULL;
		}
	}
	free_slots = json_object_new_object();
	for (int s = 0; s < SLOTSVC_NSERVICES; s++) {
		b = slotsvc_book(svc, s);
		n = (unsigned)slotbook_available(b, NULL, 0);
		json_object_object_add(free_slots, slotsvc_service_name(s),
		    json_object_new_int64(n));
	}
	json_object_object_add(o, "slots_free", free_slots);
	c = json_object_new_object();
	for (int code = 400; code < 500; code++) {
		char	k[8];

		if (slotsvc_refused(svc, code) == 0)
			continue;
		snprintf(k, sizeof k, "%d", code);
		json_object_object_add(c, k,
		    json_object_new_int64((int64_t)slotsvc_refused(svc, code)));
	}
	json_object_object_add(o, "refused_without_key", c);
	return o;
}
