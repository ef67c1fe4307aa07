#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/xmalloc.h"
#include "tests/testlib.h"

static struct proto_limits	limits;

static int
setup(void)
{
	proto_limits_default(&limits);
	return 0;
}

static int
req(const char *line, struct proto_request *r, struct proto_err *e)
{
	return proto_decode_request(line, strlen(line), &limits, r, e);
}

/* Decoding must fail with code; returns the error for further checks. */
static struct proto_err
req_fails(const char *line, int code)
{
	struct proto_request	r;
	struct proto_err	e;

	CU_ASSERT_EQUAL(req(line, &r, &e), -1);
	CU_ASSERT_EQUAL(e.code, code);
	if (e.code != code)
		fprintf(stderr, "\n%s -> %d %s\n", line, e.code, e.message);
	return e;
}

static void
test_valid_requests(void)
{
	struct proto_request	r;
	struct proto_err	e;

	CU_ASSERT_EQUAL(req("{\"cmd\":\"hello\",\"version\":1,\"client\":"
	    "\"hcwed/0.1.0\"}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_HELLO);
	CU_ASSERT_EQUAL(r.hello.version, 1);
	CU_ASSERT_STRING_EQUAL(r.hello.client, "hcwed/0.1.0");
	CU_ASSERT_STRING_EQUAL(r.tag, "");

	CU_ASSERT_EQUAL(req("{\"cmd\":\"login\",\"user\":\"alice\",\"password\":"
	    "\"correct horse\",\"tag\":\"t1\"}\r", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_LOGIN);
	CU_ASSERT_STRING_EQUAL(r.login.user, "alice");
	CU_ASSERT_STRING_EQUAL(r.login.password, "correct horse");
	CU_ASSERT_STRING_EQUAL(r.tag, "t1");

	CU_ASSERT_EQUAL(req("{\"cmd\":\"logout\"}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_LOGOUT);
	CU_ASSERT_EQUAL(req(" {\"cmd\":\"who\", \"future\":[1,{}]} ", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_WHO);
	CU_ASSERT_EQUAL(req("{\"cmd\":\"ping\"}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_PING);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"presence\",\"status\":\"busy\"}", &r,
	    &e), 0);
	CU_ASSERT_EQUAL(r.presence.status, PROTO_PRESENCE_BUSY);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"send\",\"to\":\"bob\",\"body\":"
	    "\"Bed 4\\nneeds review \\u00e9\",\"priority\":\"urgent\",\"cid\":"
	    "\"a1\"}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.cmd, PROTO_CMD_SEND);
	CU_ASSERT_STRING_EQUAL(r.send.to, "bob");
	CU_ASSERT_STRING_EQUAL(r.send.body, "Bed 4\nneeds review \xc3\xa9");
	CU_ASSERT_EQUAL(r.send.body_len, 21);
	CU_ASSERT_EQUAL(r.send.priority, PROTO_PRIO_URGENT);
	CU_ASSERT_STRING_EQUAL(r.send.cid, "a1");
	proto_request_free(&r);
	CU_ASSERT_PTR_NULL(r.send.body);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"send\",\"to\":\"*\",\"body\":\"all\","
	    "\"cid\":\"x y\"}", &r, &e), 0);
	CU_ASSERT_STRING_EQUAL(r.send.to, "*");
	CU_ASSERT_EQUAL(r.send.priority, PROTO_PRIO_NORMAL);
	proto_request_free(&r);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":"
	    "[42,43]}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.receipt.state, PROTO_STATE_READ);
	CU_ASSERT_EQUAL(r.receipt.n, 2);
	CU_ASSERT_EQUAL(r.receipt.mids[1], 43);
	proto_request_free(&r);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"history\",\"with\":\"bob\",\"before\":"
	    "100,\"limit\":2}", &r, &e), 0);
	CU_ASSERT_STRING_EQUAL(r.history.with, "bob");
	CU_ASSERT_EQUAL(r.history.before, 100);
	CU_ASSERT_EQUAL(r.history.limit, 2);
	CU_ASSERT_EQUAL(req("{\"cmd\":\"history\",\"with\":\"*\"}", &r, &e), 0);
	CU_ASSERT_EQUAL(r.history.before, 0);
	CU_ASSERT_EQUAL(r.history.limit, PROTO_HISTORY_DEFAULT);

	CU_ASSERT_EQUAL(req("{\"cmd\":\"sync\",\"after\":41,\"receipts_after\":"
	    "7,\"limit\":100}", &r, &e), 0);
	CU_ASSERT_FALSE(r.sync.undelivered);
	CU_ASSERT_EQUAL(r.sync.after, 41);
	CU_ASSERT_EQUAL(r.sync.receipts_after, 7);
	CU_ASSERT_EQUAL(r.sync.limit, 100);
	CU_ASSERT_EQUAL(req("{\"cmd\":\"sync\"}", &r, &e), 0);
	CU_ASSERT_TRUE(r.sync.undelivered);
	CU_ASSERT_EQUAL(r.sync.receipts_after, 0);
	CU_ASSERT_EQUAL(r.sync.limit, PROTO_SYNC_DEFAULT);
	CU_ASSERT_EQUAL(req("{\"cmd\":\"sync\",\"after\":0}", &r, &e), 0);
	CU_ASSERT_FALSE(r.sync.undelivered);
}

static void
test_malformed(void)
{
	struct proto_err	e;

	e = req_fails("{\"cmd\":\"ping\"", PROTO_E_MALFORMED);
	CU_ASSERT_STRING_EQUAL(e.message, "truncated JSON");
	req_fails("", PROTO_E_MALFORMED);
	req_fails("{\"cmd\":\"ping\"} x", PROTO_E_MALFORMED);
	req_fails("{\"cmd\":\"ping\"}{}", PROTO_E_MALFORMED);
	e = req_fails("[\"cmd\",\"ping\"]", PROTO_E_MALFORMED);
	CU_ASSERT_STRING_EQUAL(e.message, "not a JSON object");
	req_fails("\"ping\"", PROTO_E_MALFORMED);
	req_fails("hello", PROTO_E_MALFORMED);
	e = req_fails("{\"cmd\":\"ping\",\"x\":[[[[[[[[[[1]]]]]]]]]]}",
	    PROTO_E_MALFORMED);
	CU_ASSERT_STRING_EQUAL(e.message, "JSON nested too deeply");
}

static void
test_oversized(void)
{
	struct proto_request	 r;
	struct proto_err	 e;
	size_t			 n = limits.line_max;
	char			*line = xmalloc(n + 1);

	/* A line of exactly the limit with its "\n" passes; one more fails. */
	memset(line, ' ', n);
	memcpy(line, "{\"cmd\":\"ping\"}", 14);
	CU_ASSERT_EQUAL(proto_decode_request(line, n - 1, &limits, &r, &e), 0);
	CU_ASSERT_EQUAL(proto_decode_request(line, n, &limits, &r, &e), -1);
	CU_ASSERT_EQUAL(e.code, PROTO_E_TOO_LONG);
	CU_ASSERT_STRING_EQUAL(e.message, "line too long: 65537 bytes, "
	    "limit 65536");
	free(line);
}

static void
test_oversized_body(void)
{
	struct proto_request	 r;
	struct proto_err	 e;
	char			*body = xmalloc(limits.body_max + 2);
	char			*line;

	memset(body, 'x', limits.body_max + 1);
	body[limits.body_max] = '\0';
	line = xasprintf("{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"%s\","
	    "\"cid\":\"c\",\"tag\":\"big\"}", body);
	CU_ASSERT_EQUAL(req(line, &r, &e), 0);
	CU_ASSERT_EQUAL(r.send.body_len, limits.body_max);
	proto_request_free(&r);
	free(line);

	body[limits.body_max] = 'x';
	body[limits.body_max + 1] = '\0';
	line = xasprintf("{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"%s\","
	    "\"cid\":\"c\",\"tag\":\"big\"}", body);
	CU_ASSERT_EQUAL(req(line, &r, &e), -1);
	CU_ASSERT_EQUAL(e.code, PROTO_E_TOO_LONG);
	CU_ASSERT_STRING_EQUAL(e.message, "body too long: 16385 bytes, "
	    "limit 16384");
	CU_ASSERT_STRING_EQUAL(e.tag, "big");
	CU_ASSERT_STRING_EQUAL(e.cmd, "send");
	CU_ASSERT_PTR_NULL(r.send.body);
	free(line);
	free(body);

	req_fails("{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\",\"cid\":\"c\"}",
	    PROTO_E_INVALID);
}

static void
test_invalid_utf8(void)
{
	static const char *const bad[] = {
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xc0\xaf\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xe0\x80\xaf\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xed\xa0\x80\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xf4\x90\x80\x80\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xe2\x82\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xff\",\"cid\":\"c\"}",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\x80\",\"cid\":\"c\"}",
		"{\"cmd\":\"ping\"}\xe2\x82",
		"{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"a\\u0000b\",\"cid\":\"c\"}",
		NULL
	};
	struct proto_request	r;
	struct proto_err	e;
	const char		nul[] = "{\"cmd\":\"ping\"}\0";

	for (size_t i = 0; bad[i] != NULL; i++)
		req_fails(bad[i], PROTO_E_MALFORMED);
	/* A raw NUL inside the line. */
	CU_ASSERT_EQUAL(proto_decode_request(nul, sizeof nul - 1, &limits, &r,
	    &e), -1);
	CU_ASSERT_EQUAL(e.code, PROTO_E_MALFORMED);
	CU_ASSERT_STRING_EQUAL(e.message, "invalid UTF-8");

	/* json-c turns a lone surrogate escape into U+FFFD, valid UTF-8. */
	CU_ASSERT_EQUAL(req("{\"cmd\":\"send\",\"to\":\"bob\",\"body\":"
	    "\"\\ud800\",\"cid\":\"c\"}", &r, &e), 0);
	CU_ASSERT_STRING_EQUAL(r.send.body, "\xef\xbf\xbd");
	proto_request_free(&r);

	CU_ASSERT_TRUE(proto_utf8_valid("\xf0\x9f\x98\x80 \xe2\x82\xac \xc3\xa9",
	    11));
	CU_ASSERT_TRUE(proto_utf8_valid("\xf4\x8f\xbf\xbf\xee\x80\x80", 7));
	CU_ASSERT_FALSE(proto_utf8_valid("\xf0\x8f\xbf\xbf", 4));
	CU_ASSERT_FALSE(proto_utf8_valid("\xf8\x88\x80\x80\x80", 5));
	CU_ASSERT_FALSE(proto_utf8_valid("\xc3", 1));
}

static void
test_wrong_types(void)
{
	static const struct {
		const char	*line;
		const char	*message;
	} cases[] = {
		{ "{\"cmd\":1}", "member \"cmd\" must be a string" },
		{ "{\"tag\":\"t\"}", "missing member \"cmd\"" },
		{ "{\"cmd\":\"ping\",\"tag\":5}", "member \"tag\" must be a string" },
		{ "{\"cmd\":\"hello\"}", "missing member \"version\"" },
		{ "{\"cmd\":\"hello\",\"version\":\"1\"}",
		  "member \"version\" must be an integer" },
		{ "{\"cmd\":\"hello\",\"version\":1.0}",
		  "member \"version\" must be an integer" },
		{ "{\"cmd\":\"hello\",\"version\":0}",
		  "member \"version\" out of range 1..65535" },
		{ "{\"cmd\":\"hello\",\"version\":1,\"client\":[]}",
		  "member \"client\" must be a string" },
		{ "{\"cmd\":\"login\",\"user\":7,\"password\":\"p\"}",
		  "member \"user\" must be a string" },
		{ "{\"cmd\":\"login\",\"user\":\"Alice\",\"password\":\"p\"}",
		  "member \"user\" is not a user name (1..32 of a-z 0-9 . _ -)" },
		{ "{\"cmd\":\"login\",\"user\":\"alice\"}",
		  "missing member \"password\"" },
		{ "{\"cmd\":\"login\",\"user\":\"alice\",\"password\":true}",
		  "member \"password\" must be a string" },
		{ "{\"cmd\":\"presence\",\"status\":\"offline\"}",
		  "member \"status\" must be \"available\", \"busy\" or \"away\"" },
		{ "{\"cmd\":\"presence\",\"status\":null}",
		  "missing member \"status\"" },
		{ "{\"cmd\":\"send\",\"to\":[],\"body\":\"b\",\"cid\":\"c\"}",
		  "member \"to\" must be a string" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":{},\"cid\":\"c\"}",
		  "member \"body\" must be a string" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"b\",\"cid\":1}",
		  "member \"cid\" must be a string" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"b\",\"cid\":\"\"}",
		  "member \"cid\" must be 1..64 printable ASCII characters" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"b\",\"cid\":\"\\t\"}",
		  "member \"cid\" must be 1..64 printable ASCII characters" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"b\",\"cid\":\"c\","
		  "\"priority\":\"high\"}",
		  "member \"priority\" must be \"normal\" or \"urgent\"" },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"b\",\"cid\":\"c\","
		  "\"priority\":1}", "member \"priority\" must be a string" },
		{ "{\"cmd\":\"receipt\",\"state\":\"stored\",\"mids\":[1]}",
		  "member \"state\" must be \"delivered\" or \"read\"" },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":1}",
		  "member \"mids\" must be an array" },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":[]}",
		  "member \"mids\" must hold 1..500 items, not 0" },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":[1,0]}",
		  "member \"mids\" must hold positive integers (item 1)" },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":[\"1\"]}",
		  "member \"mids\" must hold positive integers (item 0)" },
		{ "{\"cmd\":\"receipt\",\"state\":\"read\",\"mids\":"
		  "[99999999999999999999]}",
		  "member \"mids\" must hold positive integers (item 0)" },
		{ "{\"cmd\":\"history\",\"with\":\"bob\",\"before\":-1}",
		  "member \"before\" out of range 0..9223372036854775806" },
		{ "{\"cmd\":\"history\",\"with\":\"bob\",\"limit\":501}",
		  "member \"limit\" out of range 1..500" },
		{ "{\"cmd\":\"history\",\"with\":\"bob\",\"limit\":0}",
		  "member \"limit\" out of range 1..500" },
		{ "{\"cmd\":\"history\"}", "missing member \"with\"" },
		{ "{\"cmd\":\"sync\",\"after\":\"5\"}",
		  "member \"after\" must be an integer" },
		{ "{\"cmd\":\"sync\",\"receipts_after\":true}",
		  "member \"receipts_after\" must be an integer" },
		{ "{\"cmd\":\"sync\",\"limit\":1000}",
		  "member \"limit\" out of range 1..500" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct proto_err e = req_fails(cases[i].line, PROTO_E_INVALID);

		CU_ASSERT_STRING_EQUAL(e.message, cases[i].message);
		if (strcmp(e.message, cases[i].message) != 0)
			fprintf(stderr, "\n%s -> %s\n", cases[i].line,
			    e.message);
	}
}

static void
test_receipt_limit(void)
{
	char	*line, *p;
	size_t	 cap = 16 + 501 * 4 + 64;

	p = line = xmalloc(cap);
	p += sprintf(p, "{\"cmd\":\"receipt\",\"state\":\"delivered\",\"mids\":[");
	for (int i = 1; i <= 501; i++)
		p += sprintf(p, "%s%d", i == 1 ? "" : ",", i);
	strcpy(p, "]}");
	req_fails(line, PROTO_E_INVALID);
	/* 500 ids are allowed. */
	strcpy(strrchr(line, ','), "]}");
	{
		struct proto_request	r;
		struct proto_err	e;

		CU_ASSERT_EQUAL(req(line, &r, &e), 0);
		CU_ASSERT_EQUAL(r.receipt.n, 500);
		CU_ASSERT_EQUAL(r.receipt.mids[499], 500);
		proto_request_free(&r);
	}
	free(line);
}

static void
test_unknown_command_and_tags(void)
{
	struct proto_err	e;
	char			line[256];

	e = req_fails("{\"cmd\":\"shout\",\"tag\":\"t7\"}",
	    PROTO_E_UNKNOWN_COMMAND);
	CU_ASSERT_STRING_EQUAL(e.message, "unknown command: shout");
	CU_ASSERT_STRING_EQUAL(e.cmd, "shout");
	CU_ASSERT_STRING_EQUAL(e.tag, "t7");

	e = req_fails("{\"cmd\":\"send\",\"tag\":\"t9\",\"to\":\"Carol!\","
	    "\"body\":\"b\",\"cid\":\"c\"}", PROTO_E_INVALID);
	CU_ASSERT_STRING_EQUAL(e.cmd, "send");
	CU_ASSERT_STRING_EQUAL(e.tag, "t9");

	e = req_fails("{\"tag\":\"t8\",\"cmd\":\"hello\"}", PROTO_E_INVALID);
	CU_ASSERT_STRING_EQUAL(e.cmd, "hello");
	CU_ASSERT_STRING_EQUAL(e.tag, "t8");

	snprintf(line, sizeof line, "{\"cmd\":\"ping\",\"tag\":\"%065d\"}", 0);
	e = req_fails(line, PROTO_E_INVALID);
	CU_ASSERT_STRING_EQUAL(e.message, "member \"tag\" too long: 65 bytes, "
	    "limit 64");
	CU_ASSERT_STRING_EQUAL(e.cmd, "ping");
	CU_ASSERT_STRING_EQUAL(e.tag, "");

	e = req_fails("{\"cmd\":\"averyveryverylongcommand\"}",
	    PROTO_E_UNKNOWN_COMMAND);
	CU_ASSERT_STRING_EQUAL(e.cmd, "");
}

static void
test_names(void)
{
	enum proto_presence	p;

	CU_ASSERT_TRUE(proto_name_valid("dr.alice_m-2"));
	CU_ASSERT_FALSE(proto_name_valid(""));
	CU_ASSERT_FALSE(proto_name_valid("*"));
	CU_ASSERT_FALSE(proto_name_valid("Alice"));
	CU_ASSERT_FALSE(proto_name_valid("a b"));
	CU_ASSERT_TRUE(proto_name_valid("abcdefghijklmnopqrstuvwxyz012345"));
	CU_ASSERT_FALSE(proto_name_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	CU_ASSERT_EQUAL(proto_presence_parse("away", &p), 0);
	CU_ASSERT_EQUAL(p, PROTO_PRESENCE_AWAY);
	CU_ASSERT_EQUAL(proto_presence_parse("gone", &p), -1);
	CU_ASSERT_STRING_EQUAL(proto_cmd_name(PROTO_CMD_SYNC), "sync");
	CU_ASSERT_STRING_EQUAL(proto_state_name(PROTO_STATE_DELIVERED),
	    "delivered");
	CU_ASSERT_STRING_EQUAL(proto_priority_name(PROTO_PRIO_URGENT), "urgent");
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "valid requests of every command", test_valid_requests },
		{ "truncated, non-JSON and non-object lines", test_malformed },
		{ "line over the limit", test_oversized },
		{ "body at and over the limit", test_oversized_body },
		{ "invalid UTF-8: overlong, surrogate, truncated, NUL",
		  test_invalid_utf8 },
		{ "wrong type or range for each member", test_wrong_types },
		{ "receipt holds at most 500 ids", test_receipt_limit },
		{ "unknown command; cmd and tag echoed",
		  test_unknown_command_and_tags },
		{ "names and enums", test_names },
		{ NULL, NULL }
	};

	return testlib_run("proto", setup, NULL, cases);
}
