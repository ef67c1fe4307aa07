#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/passwd.h"

/* sodium_init is idempotent and thread-safe; calling it each time is cheap. */
static int
passwd_init(char **cause)
{
	if (sodium_init() < 0) {
		*cause = xstrdup("libsodium failed to initialise");
		return -1;
	}
	return 0;
}

int
passwd_hash(const char *password, char **hash, char **cause)
{
	char	out[crypto_pwhash_STRBYTES];

	if (passwd_init(cause) != 0)
		return -1;
	if (crypto_pwhash_str(out, password, strlen(password),
	    PASSWD_OPSLIMIT, PASSWD_MEMLIMIT) != 0) {
		*cause = xstrdup("out of memory while hashing the password");
		return -1;
	}
	*hash = xstrdup(out);
	return 0;
}

bool
passwd_verify(const char *hash, const char *password)
{
	char	*cause;

	if (passwd_init(&cause) != 0) {
		free(cause);
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool
passwd_needs_rehash(const char *hash)
{
	char	*cause;

	if (passwd_init(&cause) != 0) {
		free(cause);
		return false;
	}
	return crypto_pwhash_str_needs_rehash(hash, PASSWD_OPSLIMIT,
	    PASSWD_MEMLIMIT) != 0;
}
