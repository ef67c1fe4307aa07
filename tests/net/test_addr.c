#include "config.h"

#include <stdlib.h>

#include "net/addr.h"
#include "tests/testlib.h"

static void
test_addr_split(void)
{
	char		*host, *cause;
	unsigned	 port;

	CU_ASSERT_EQUAL(addr_split("127.0.0.1:7000", &host, &port, &cause), 0);
	CU_ASSERT_STRING_EQUAL(host, "127.0.0.1");
	CU_ASSERT_EQUAL(port, 7000);
	free(host);
	CU_ASSERT_EQUAL(addr_split("[::1]:0", &host, &port, &cause), 0);
	CU_ASSERT_STRING_EQUAL(host, "::1");
	CU_ASSERT_EQUAL(port, 0);
	free(host);
	CU_ASSERT_EQUAL(addr_split("localhost", &host, &port, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(addr_split("::1:80", &host, &port, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(addr_split("h:99999", &host, &port, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(addr_split(":80", &host, &port, &cause), -1);
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "HOST:PORT and [v6]:PORT", test_addr_split },
		{ NULL, NULL }
	};

	return testlib_run("addr", NULL, NULL, cases);
}
