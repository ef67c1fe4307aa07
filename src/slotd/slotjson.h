/*
 * The JSON of the hcwed-slotd admin views, shared by the admin HTTP
 * endpoints and the command line.  Every function returns a new json-c
 * object the caller releases with json_object_put(), or NULL with a
 * malloc'd *cause.
 */
#ifndef HC_SLOTJSON_H
#define HC_SLOTJSON_H

#include <json-c/json.h>
#include <stdint.h>

struct slotstore;
struct slotsvc;

/* {"next":ID,"entries":[...]}, entries after since, at most limit. */
json_object	*slotjson_journal(struct slotstore *, int64_t since,
		    unsigned limit, char **cause);
/* Requests by code and key, violations, holds by key, free slots. */
json_object	*slotjson_stats(struct slotsvc *, char **cause);

#endif
