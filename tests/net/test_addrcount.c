#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string.h>

#include "net/addrcount.h"
#include "tests/testlib.h"

static struct sockaddr_in
v4(const char *ip, unsigned short port)
{
	struct sockaddr_in	sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	inet_pton(AF_INET, ip, &sin.sin_addr);
	return sin;
}

static struct sockaddr_in6
v6(const char *ip, unsigned short port)
{
	struct sockaddr_in6	sin6;

	memset(&sin6, 0, sizeof sin6);
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &sin6.sin6_addr);
	return sin6;
}

#define SA(x)	((struct sockaddr *)&(x))

static void
test_cap_per_address(void)
{
	struct addrcount	*ac = addrcount_new();
	struct sockaddr_in	 a1 = v4("10.0.0.1", 1000), a2 = v4("10.0.0.1", 1001);
	struct sockaddr_in	 a3 = v4("10.0.0.1", 1002), b = v4("10.0.0.2", 1000);

	CU_ASSERT_TRUE(addrcount_add(ac, SA(a1), 2));
	CU_ASSERT_TRUE(addrcount_add(ac, SA(a2), 2));
	/* The port is not part of the key: the third is refused. */
	CU_ASSERT_FALSE(addrcount_add(ac, SA(a3), 2));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(a3)), 2);
	CU_ASSERT_TRUE(addrcount_add(ac, SA(b), 2));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(b)), 1);
	addrcount_del(ac, SA(a1));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(a1)), 1);
	CU_ASSERT_TRUE(addrcount_add(ac, SA(a3), 2));
	CU_ASSERT_FALSE(addrcount_add(ac, SA(a1), 2));
	addrcount_free(ac);
}

static void
test_no_cap(void)
{
	struct addrcount	*ac = addrcount_new();
	struct sockaddr_in	 a = v4("127.0.0.1", 5);

	for (int i = 0; i < 10000; i++)
		CU_ASSERT_TRUE_FATAL(addrcount_add(ac, SA(a), 0));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(a)), 10000);
	for (int i = 0; i < 10000; i++)
		addrcount_del(ac, SA(a));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(a)), 0);
	/* A delete too many is harmless. */
	addrcount_del(ac, SA(a));
	CU_ASSERT_EQUAL(addrcount_get(ac, SA(a)), 0);
	addrcount_free(ac);
}

static void
test_ipv6_and_mapped(void)
{
	struct addrcount	*ac = addrcount_new();
	struct sockaddr_in	 a = v4("192.0.2.7", 1);
	struct sockaddr_in6	 mapped = v6("::ffff:192.0.2.7", 2);
	struct sockaddr_in6	 six = v6("2001:db8::7", 3);
	struct sockaddr_in6	 other = v6("2001:db8::8", 3);

	CU_ASSERT_TRUE(addrcount_add(ac, SA(a), 2));
	/* Over a dual-stack socket the same client is the same address. */
	CU_ASSERT_TRUE(addrcount_add(ac, SA(mapped), 2));
	CU_ASSERT_FALSE(addrcount_add(ac, SA(a), 2));
	CU_ASSERT_TRUE(addrcount_add(ac, SA(six), 1));
	CU_ASSERT_FALSE(addrcount_add(ac, SA(six), 1));
	CU_ASSERT_TRUE(addrcount_add(ac, SA(other), 1));
	addrcount_free(ac);
}

static void
test_other_family(void)
{
	struct addrcount	*ac = addrcount_new();
	struct sockaddr		 un = { .sa_family = AF_UNIX };

	CU_ASSERT_TRUE(addrcount_add(ac, &un, 1));
	CU_ASSERT_TRUE(addrcount_add(ac, &un, 1));
	CU_ASSERT_EQUAL(addrcount_get(ac, &un), 0);
	addrcount_del(ac, &un);
	addrcount_free(ac);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "a cap per address, not per port", test_cap_per_address },
		{ "no cap counts 10000 and back to 0", test_no_cap },
		{ "IPv6, and IPv4-mapped counts as IPv4", test_ipv6_and_mapped },
		{ "non-IP sockets are neither counted nor refused",
		    test_other_family },
		{ NULL, NULL }
	};

	return testlib_run("addrcount", NULL, NULL, cases);
}
