/*
 * A cheap stand-in for src/passwd.c in the hub fuzzer: argon2id costs
 * about 30 ms per login by design, which would hold the fuzzer to a few
 * inputs a second.  Defining every symbol of passwd.o here keeps the
 * archive member out of the link; the dispatcher itself is the real one.
 * A "hash" is the password behind a prefix, so logins behave the same.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/passwd.h"

#define STUB_PREFIX	"stub$"

int
passwd_hash(const char *password, char **hash, char **cause)
{
	*hash = xasprintf(STUB_PREFIX "%s", password);
	return 0;
}

bool
passwd_verify(const char *hash, const char *password)
{
	size_t	n = strlen(STUB_PREFIX);

	return strncmp(hash, STUB_PREFIX, n) == 0 &&
	    strcmp(hash + n, password) == 0;
}

bool
passwd_needs_rehash(const char *hash)
{
	return strncmp(hash, STUB_PREFIX, strlen(STUB_PREFIX)) != 0;
}
