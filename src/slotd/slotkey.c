#include "config.h"

#include <sodium.h>

#include "src/base/log.h"
#include "src/slotd/slotkey.h"

static void
slotkey_init(void)
{
	if (sodium_init() < 0)
		log_fatalx("libsodium failed to initialise");
}

void
slotkey_generate(char out[SLOTKEY_LEN + 1])
{
	unsigned char	raw[SLOTKEY_LEN / 2];

	slotkey_init();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SLOTKEY_LEN + 1, raw, sizeof raw);
}

void
slotkey_hash(const char *key, size_t len, char out[SLOTKEY_LEN + 1])
{
	unsigned char	digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, (const unsigned char *)key, len);
	sodium_bin2hex(out, SLOTKEY_LEN + 1, digest, sizeof digest);
}
