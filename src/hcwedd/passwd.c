#include "config.h"

#include <pwquality.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto_types.h"
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

int
passwd_acceptable(const struct passwd_policy *policy, const char *password,
    const char *user, char **cause)
{
	pwquality_settings_t	*pwq;
	void			*aux = NULL;
	char			 buf[PWQ_MAX_ERROR_MESSAGE_LEN];
	size_t			 n = strlen(password);
	int			 rc;

	if (n < policy->min_len) {
		*cause = xasprintf("the password is shorter than %u bytes",
		    policy->min_len);
		return -1;
	}
	if (n > PROTO_PASSWORD_MAX) {
		*cause = xasprintf("the password is longer than %d bytes",
		    PROTO_PASSWORD_MAX);
		return -1;
	}
	if (!policy->check)
		return 0;
	if ((pwq = pwquality_default_settings()) == NULL) {
		*cause = xstrdup("libpwquality: out of memory");
		return -1;
	}
	/* Our minimum, not the library's (9): the configured one holds. */
	pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, (int)policy->min_len);
	rc = pwquality_check(pwq, password, NULL, user, &aux);
	if (rc < 0)
		*cause = xasprintf("the password is too weak: %s",
		    pwquality_strerror(buf, sizeof buf, rc, aux));
	pwquality_free_settings(pwq);
	return rc < 0 ? -1 : 0;
}
