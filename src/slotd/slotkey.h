/*
 * API keys of hcwed-slotd: 32 random bytes written as 64 hex characters.
 * The database keeps only the SHA-256 of a key, also as hex, so a copy of
 * the database does not hand out anyone's key.
 */
#ifndef HC_SLOTKEY_H
#define HC_SLOTKEY_H

#include <stddef.h>

#define SLOTKEY_LEN	64	/* hex characters of a key and of a hash */

/* Write a fresh key and its NUL to out. */
void	slotkey_generate(char out[SLOTKEY_LEN + 1]);
/* Write the hex SHA-256 of key[0..len) and a NUL to out. */
void	slotkey_hash(const char *key, size_t len, char out[SLOTKEY_LEN + 1]);

#endif
