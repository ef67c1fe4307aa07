#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/book/resv.h"
#include "tests/testlib.h"

static int
parse(const char *text, enum resv_kind kind, struct resv_body *b, char **cause)
{
	*cause = NULL;
	return resv_parse(text, strlen(text), kind, b, cause);
}

/* Expect a parse failure whose message contains want. */
static void
expect_error(const char *text, enum resv_kind kind, const char *want)
{
	struct resv_body	 b;
	char			*cause;

	CU_ASSERT_EQUAL(parse(text, kind, &b, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL && strstr(cause, want) == NULL) {
		fprintf(stderr, "\n%s: got \"%s\", want \"%s\"\n", text, cause,
		    want);
		CU_FAIL("wrong error message");
	}
	CU_ASSERT_PTR_NULL(b.ids);
	CU_ASSERT_PTR_NULL(b.message);
	free(cause);
}

static void
test_valid(void)
{
	struct resv_body	 b;
	char			*cause;

	CU_ASSERT_EQUAL(parse("{\"id\":\"56\"}", RESV_ID, &b, &cause), 0);
	CU_ASSERT_EQUAL(b.id, 56);
	resv_body_free(&b);
	CU_ASSERT_EQUAL(parse(" [{\"id\":\"10\"},{\"id\":\"15\"}]\n", RESV_IDS,
	    &b, &cause), 0);
	CU_ASSERT_EQUAL(b.nids, 2);
	CU_ASSERT_EQUAL(b.ids[0], 10);
	CU_ASSERT_EQUAL(b.ids[1], 15);
	resv_body_free(&b);
	CU_ASSERT_PTR_NULL(b.ids);
	CU_ASSERT_EQUAL(parse("[]", RESV_IDS, &b, &cause), 0);
	CU_ASSERT_EQUAL(b.nids, 0);
	resv_body_free(&b);
	CU_ASSERT_EQUAL(parse("{\"code\":409,\"message\":\"slot 5 is taken\"}",
	    RESV_ERROR, &b, &cause), 0);
	CU_ASSERT_EQUAL(b.code, 409);
	CU_ASSERT_STRING_EQUAL(b.message, "slot 5 is taken");
	resv_body_free(&b);
	CU_ASSERT_EQUAL(parse("{\"message\":\"reservation 56 cancelled\"}",
	    RESV_MESSAGE, &b, &cause), 0);
	CU_ASSERT_STRING_EQUAL(b.message, "reservation 56 cancelled");
	resv_body_free(&b);
	/* Unknown members are tolerated; integer ids are numbers too. */
	CU_ASSERT_EQUAL(parse("{\"id\":7,\"extra\":[1,2]}", RESV_ID, &b,
	    &cause), 0);
	CU_ASSERT_EQUAL(b.id, 7);
	resv_body_free(&b);
}

static void
test_numbers_not_strings(void)
{
	struct resv_body	 b;
	char			*cause;

	/* As strings "9" > "10"; as numbers the order is 9 < 10 < 100. */
	CU_ASSERT_EQUAL(parse("[{\"id\":\"9\"},{\"id\":\"10\"},{\"id\":\"100\"},"
	    "{\"id\":\"009\"}]", RESV_IDS, &b, &cause), 0);
	CU_ASSERT_EQUAL(b.nids, 4);
	CU_ASSERT_TRUE(b.ids[0] < b.ids[1]);
	CU_ASSERT_TRUE(b.ids[1] < b.ids[2]);
	CU_ASSERT_EQUAL(b.ids[3], 9);
	resv_body_free(&b);
}

static void
test_malformed(void)
{
	struct resv_body	 b;
	char			*cause;

	expect_error("", RESV_ID, "empty body");
	expect_error("{\"id\":\"5\"", RESV_ID, "truncated");
	expect_error("{id:5}", RESV_ID, "not JSON");
	expect_error("{\"id\":\"5\"} x", RESV_ID, "trailing data");
	expect_error("[[[[[[[{\"id\":\"1\"}]]]]]]]", RESV_IDS, "not JSON");
	expect_error("{}", RESV_ID, "missing \"id\"");
	expect_error("{\"code\":409}", RESV_ERROR, "missing \"message\"");
	expect_error("{\"message\":\"x\"}", RESV_ERROR, "missing \"code\"");
	/* An embedded NUL is not JSON text, whatever follows it. */
	CU_ASSERT_EQUAL(resv_parse("{\"id\":\"5\"}\0", 11, RESV_ID, &b, &cause),
	    -1);
	free(cause);
}

static void
test_wrong_types(void)
{
	expect_error("[{\"id\":\"1\"}]", RESV_ID, "expected an object, got array");
	expect_error("{\"id\":\"1\"}", RESV_IDS, "expected an array, got object");
	expect_error("[{\"id\":\"1\"},5]", RESV_IDS, "entry 1: expected an object");
	expect_error("{\"id\":5.5}", RESV_ID, "is a double");
	expect_error("{\"id\":true}", RESV_ID, "is a boolean");
	expect_error("{\"id\":null}", RESV_ID, "is a null");
	expect_error("{\"id\":[\"5\"]}", RESV_ID, "is a array");
	expect_error("{\"code\":\"409\",\"message\":\"x\"}", RESV_ERROR,
	    "\"code\" is a string");
	expect_error("{\"code\":409,\"message\":7}", RESV_ERROR,
	    "\"message\" is a int");
	expect_error("{\"code\":42,\"message\":\"x\"}", RESV_ERROR,
	    "not an HTTP status");
	expect_error("\"hello\"", RESV_MESSAGE, "expected an object");
}

static void
test_bounds(void)
{
	expect_error("{\"id\":\"0\"}", RESV_ID, "outside 1..500");
	expect_error("{\"id\":\"501\"}", RESV_ID, "outside 1..500");
	expect_error("{\"id\":\"-5\"}", RESV_ID, "not a decimal number");
	expect_error("{\"id\":\"+5\"}", RESV_ID, "not a decimal number");
	expect_error("{\"id\":\" 5\"}", RESV_ID, "not a decimal number");
	expect_error("{\"id\":\"5x\"}", RESV_ID, "not a decimal number");
	expect_error("{\"id\":\"\"}", RESV_ID, "empty slot id");
	expect_error("{\"id\":\"99999999999999999999999999\"}", RESV_ID,
	    "outside 1..500");
	expect_error("{\"id\":-3}", RESV_ID, "-3 is outside");
	expect_error("{\"id\":9223372036854775807}", RESV_ID, "outside");
	expect_error("{\"id\":99999999999999999999999}", RESV_ID, "outside");
}

static void
test_long_list(void)
{
	struct resv_body	 b;
	char			*cause, *text;
	size_t			 len = 0, cap = 16 * 1100;

	text = malloc(cap);
	len += (size_t)sprintf(text, "[");
	for (int i = 0; i < 1025; i++)
		len += (size_t)sprintf(text + len, "%s{\"id\":\"1\"}",
		    i ? "," : "");
	sprintf(text + len, "]");
	CU_ASSERT_EQUAL(parse(text, RESV_IDS, &b, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "longer than 1024"));
	free(cause);
	free(text);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "valid bodies of every kind", test_valid },
		{ "ids compare as numbers, not strings", test_numbers_not_strings },
		{ "malformed JSON is refused", test_malformed },
		{ "wrong types are named", test_wrong_types },
		{ "ids out of range, signed or huge", test_bounds },
		{ "a list longer than the limit", test_long_list },
		{ NULL, NULL }
	};

	return testlib_run("resv", NULL, NULL, cases);
}
