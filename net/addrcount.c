#include "config.h"

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/addrcount.h"
#include "src/base/xmalloc.h"

#define ADDRCOUNT_BUCKETS	1024	/* a power of two */

struct addrcount_entry {
	uint8_t			 key[17];	/* family tag, address */
	unsigned		 n;
	struct addrcount_entry	*next;
};

struct addrcount {
	struct addrcount_entry	*buckets[ADDRCOUNT_BUCKETS];
};

/* An IPv4-mapped IPv6 address counts as the IPv4 address it carries. */
static bool
addrcount_key(const struct sockaddr *sa, uint8_t key[17])
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;

	memset(key, 0, 17);
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		key[0] = 4;
		memcpy(key + 1, &sin->sin_addr, 4);
		return true;
	}
	if (sa->sa_family != AF_INET6)
		return false;
	sin6 = (const struct sockaddr_in6 *)sa;
	if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		key[0] = 4;
		memcpy(key + 1, sin6->sin6_addr.s6_addr + 12, 4);
	} else {
		key[0] = 6;
		memcpy(key + 1, &sin6->sin6_addr, 16);
	}
	return true;
}

/* FNV-1a: the key is an address, spread is all that matters. */
static size_t
addrcount_hash(const uint8_t key[17])
{
	uint32_t	h = 2166136261u;

	for (size_t i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h & (ADDRCOUNT_BUCKETS - 1);
}

static struct addrcount_entry **
addrcount_find(const struct addrcount *ac, const uint8_t key[17])
{
	struct addrcount_entry * const	*pp;

	pp = &ac->buckets[addrcount_hash(key)];
	while (*pp != NULL && memcmp((*pp)->key, key, 17) != 0)
		pp = &(*pp)->next;
	return (struct addrcount_entry **)pp;
}

struct addrcount *
addrcount_new(void)
{
	return xcalloc(1, sizeof (struct addrcount));
}

void
addrcount_free(struct addrcount *ac)
{
	struct addrcount_entry	*e, *next;

	if (ac == NULL)
		return;
	for (size_t i = 0; i < ADDRCOUNT_BUCKETS; i++) {
		for (e = ac->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(ac);
}

bool
addrcount_add(struct addrcount *ac, const struct sockaddr *sa, unsigned max)
{
	struct addrcount_entry	**pp, *e;
	uint8_t			  key[17];

	if (!addrcount_key(sa, key))
		return true;
	pp = addrcount_find(ac, key);
	if ((e = *pp) == NULL) {
		e = *pp = xcalloc(1, sizeof *e);
		memcpy(e->key, key, sizeof key);
	}
	if (max != 0 && e->n >= max)
		return false;
	e->n++;
	return true;
}

void
addrcount_del(struct addrcount *ac, const struct sockaddr *sa)
{
	struct addrcount_entry	**pp, *e;
	uint8_t			  key[17];

	if (!addrcount_key(sa, key))
		return;
	pp = addrcount_find(ac, key);
	if ((e = *pp) == NULL)
		return;
	if (--e->n == 0) {
		*pp = e->next;
		free(e);
	}
}

unsigned
addrcount_get(const struct addrcount *ac, const struct sockaddr *sa)
{
	struct addrcount_entry	**pp;
	uint8_t			  key[17];

	if (!addrcount_key(sa, key))
		return 0;
	pp = addrcount_find(ac, key);
	return *pp != NULL ? (*pp)->n : 0;
}
