/*
 * Password hashing for hcwedd accounts: argon2id through libsodium, in the
 * self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string form,
 * so the cost can be raised later and old hashes still verify (and are
 * re-hashed at the next login, see passwd_needs_rehash).
 */
#ifndef HC_PASSWD_H
#define HC_PASSWD_H

#include <stdbool.h>
#include <stddef.h>

/* Cost of a new hash: about 30 ms and 32 MiB per login (docs/DESIGN.md). */
#define PASSWD_OPSLIMIT	2ULL
#define PASSWD_MEMLIMIT	(32U * 1024 * 1024)

/*
 * Hash password into a malloc'd string that the caller frees.  -1 with a
 * malloc'd *cause if libsodium cannot initialise or runs out of memory.
 */
int	passwd_hash(const char *password, char **hash, char **cause);
/* Whether password matches hash; false for a malformed hash. */
bool	passwd_verify(const char *hash, const char *password);
/* Whether hash was made with another cost than the current one. */
bool	passwd_needs_rehash(const char *hash);

/*
 * What a new password must be: at least min_len bytes (and at most
 * PROTO_PASSWORD_MAX, so a long passphrase fits), and with check, not a
 * dictionary word, a common pattern or the user's name, as libpwquality
 * (with the system's cracklib dictionary) judges it.
 */
struct passwd_policy {
	unsigned	 min_len;
	bool		 check;
};
#define PASSWD_MIN_LEN	8

/* 0, or -1 with a malloc'd *cause that says why. */
int	passwd_acceptable(const struct passwd_policy *, const char *password,
	    const char *user, char **cause);

#endif
