#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/hcwedd/passwd.h"
#include "tests/testlib.h"

static void
test_hash_verifies(void)
{
	char	*hash = NULL, *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(passwd_hash("correct horse", &hash, &cause), 0);
	CU_ASSERT_EQUAL(strncmp(hash, "$argon2id$", 10), 0);
	CU_ASSERT_TRUE(passwd_verify(hash, "correct horse"));
	CU_ASSERT_FALSE(passwd_verify(hash, "correct horse "));
	CU_ASSERT_FALSE(passwd_verify(hash, ""));
	CU_ASSERT_FALSE(passwd_needs_rehash(hash));
	free(hash);
}

static void
test_salted(void)
{
	char	*a = NULL, *b = NULL, *cause = NULL;

	CU_ASSERT_EQUAL_FATAL(passwd_hash("same", &a, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(passwd_hash("same", &b, &cause), 0);
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
	CU_ASSERT_TRUE(passwd_verify(b, "same"));
	free(a);
	free(b);
}

static void
test_malformed_and_old(void)
{
	/* A valid argon2id hash of "pw" made with a lower cost (t=1, 8 MiB). */
	static const char old[] = "$argon2id$v=19$m=8192,t=1,p=1$"
	    "W511ECs+3i+DBVMQ6++BVQ$TXaE02FAYty5bmV/jDvbYYxbEBQt5nKtFcXcFgqgTIQ";

	CU_ASSERT_FALSE(passwd_verify("", "pw"));
	CU_ASSERT_FALSE(passwd_verify("$argon2id$garbage", "pw"));
	CU_ASSERT_FALSE(passwd_verify("plain text", "plain text"));
	CU_ASSERT_TRUE(passwd_verify(old, "pw"));
	CU_ASSERT_TRUE(passwd_needs_rehash(old));
}

/*
 * The cost is what keeps a stolen database expensive to attack: a new hash
 * must carry at least the configured memory and passes.  (How long one
 * takes is measured by a benchmark, not asserted here.)
 */
static void
test_cost_in_hash(void)
{
	char	*hash = NULL, *cause = NULL, want[64];

	CU_ASSERT_EQUAL_FATAL(passwd_hash("cost", &hash, &cause), 0);
	snprintf(want, sizeof want, "$argon2id$v=19$m=%u,t=%llu,p=1$",
	    PASSWD_MEMLIMIT / 1024, PASSWD_OPSLIMIT);
	CU_ASSERT_EQUAL(strncmp(hash, want, strlen(want)), 0);
	CU_ASSERT_TRUE(PASSWD_MEMLIMIT >= 32U * 1024 * 1024);
	CU_ASSERT_TRUE(PASSWD_OPSLIMIT >= 2);
	free(hash);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "a hash verifies its password and no other", test_hash_verifies },
		{ "two hashes of one password differ (salt)", test_salted },
		{ "malformed hashes fail, cheaper ones need rehash",
		    test_malformed_and_old },
		{ "new hashes carry the configured cost", test_cost_in_hash },
		{ NULL, NULL }
	};

	return testlib_run("passwd", NULL, NULL, cases);
}
