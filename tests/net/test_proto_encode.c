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

/* Decode an encoded server line, checking the framing on the way. */
static void
decode(char *line, size_t len, struct proto_smsg *m)
{
	struct proto_err	e;

	CU_ASSERT_EQUAL(line[len - 1], '\n');
	CU_ASSERT_EQUAL(strlen(line), len);
	CU_ASSERT_PTR_NULL(memchr(line, '\n', len - 1));
	CU_ASSERT_EQUAL_FATAL(proto_decode_server(line, len - 1, &limits, m,
	    &e), 0);
	free(line);
}

static void
test_wire_form(void)
{
	struct proto_limits	l = { .line_max = 65536, .body_max = 16384 };
	struct proto_user	u = { "alice", "Dr Alice Moreau", "doctor",
				    PROTO_PRESENCE_AVAILABLE };
	struct proto_message	m = { .mid = 42, .ts = 1795000000000,
				    .from = "alice", .to = "bob",
				    .body = "Bed 4 needs review", .body_len = 18,
				    .priority = PROTO_PRIO_URGENT, .cid = "a1" };
	struct proto_receipt	r = { .rid = 9, .mid = 42, .ts = 1795000004000,
				    .by = "bob", .state = PROTO_STATE_READ };
	char			*s;
	size_t			 len;

	s = proto_encode_hello("", "hcwedd/0.1.0", &l, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"reply\":\"hello\",\"version\":1,\"server\":"
	    "\"hcwedd/0.1.0\",\"limits\":{\"line\":65536,\"body\":16384}}\n");
	CU_ASSERT_EQUAL(len, strlen(s));
	free(s);
	s = proto_encode_login(NULL, &u, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"reply\":\"login\",\"user\":\"alice\","
	    "\"display\":\"Dr Alice Moreau\",\"role\":\"doctor\",\"presence\":"
	    "\"available\"}\n");
	free(s);
	s = proto_encode_ack("t1", "a1", 42, 1795000000000, false, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"reply\":\"ack\",\"cid\":\"a1\",\"mid\":42,"
	    "\"ts\":1795000000000,\"tag\":\"t1\"}\n");
	free(s);
	s = proto_encode_error(404, "no such user: carol", "send", "t9", NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"error\":404,\"message\":\"no such user: "
	    "carol\",\"cmd\":\"send\",\"tag\":\"t9\"}\n");
	free(s);
	s = proto_encode_message(&m, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"event\":\"message\",\"mid\":42,\"ts\":"
	    "1795000000000,\"from\":\"alice\",\"to\":\"bob\",\"body\":\"Bed 4 "
	    "needs review\",\"priority\":\"urgent\",\"cid\":\"a1\"}\n");
	free(s);
	s = proto_encode_receipt(&r, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"event\":\"receipt\",\"rid\":9,\"mid\":42,"
	    "\"by\":\"bob\",\"state\":\"read\",\"ts\":1795000004000}\n");
	free(s);
	s = proto_encode_presence("bob", PROTO_PRESENCE_AWAY, NULL);
	CU_ASSERT_STRING_EQUAL(s,
	    "{\"event\":\"presence\",\"user\":\"bob\",\"presence\":\"away\"}\n");
	free(s);
	s = proto_encode_ok("receipt", "", NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"reply\":\"receipt\"}\n");
	free(s);
	s = proto_encode_pong("p", NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\"reply\":\"pong\",\"tag\":\"p\"}\n");
	free(s);
	/* No slash escaping; newlines and controls escaped inside strings. */
	m.body = "a/b\n\x01\xc3\xa9";
	m.body_len = strlen(m.body);
	m.priority = PROTO_PRIO_NORMAL;
	s = proto_encode_message(&m, NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"body\":\"a/b\\n\\u0001\xc3\xa9\","
	    "\"priority\":\"normal\""));
	free(s);
}

static void
test_request_roundtrip(void)
{
	struct proto_request	 in, out;
	struct proto_err	 e;
	int64_t			 mids[] = { 42, 43, 9000000000 };
	char			*s;
	size_t			 len;

	memset(&in, 0, sizeof in);
	in.cmd = PROTO_CMD_SEND;
	strcpy(in.tag, "s1");
	strcpy(in.send.to, "bob");
	in.send.body = "line one\nline \"two\" \xe2\x82\xac";
	in.send.body_len = strlen(in.send.body);
	in.send.priority = PROTO_PRIO_URGENT;
	strcpy(in.send.cid, "c-1 x");
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":"
	    "\"line one\\nline \\\"two\\\" \xe2\x82\xac\",\"priority\":\"urgent\","
	    "\"cid\":\"c-1 x\",\"tag\":\"s1\"}\n");
	CU_ASSERT_EQUAL(proto_decode_request(s, len - 1, &limits, &out, &e), 0);
	CU_ASSERT_STRING_EQUAL(out.send.body, in.send.body);
	CU_ASSERT_STRING_EQUAL(out.send.cid, "c-1 x");
	CU_ASSERT_STRING_EQUAL(out.tag, "s1");
	CU_ASSERT_EQUAL(out.send.priority, PROTO_PRIO_URGENT);
	proto_request_free(&out);
	free(s);

	memset(&in, 0, sizeof in);
	in.cmd = PROTO_CMD_RECEIPT;
	in.receipt.state = PROTO_STATE_DELIVERED;
	in.receipt.mids = mids;
	in.receipt.n = 3;
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"cmd\":\"receipt\",\"state\":\"delivered\","
	    "\"mids\":[42,43,9000000000]}\n");
	CU_ASSERT_EQUAL(proto_decode_request(s, len - 1, &limits, &out, &e), 0);
	CU_ASSERT_EQUAL(out.receipt.n, 3);
	CU_ASSERT_EQUAL(out.receipt.mids[2], 9000000000);
	proto_request_free(&out);
	free(s);

	memset(&in, 0, sizeof in);
	in.cmd = PROTO_CMD_SYNC;
	in.sync.undelivered = true;
	in.sync.receipts_after = 0;
	in.sync.limit = 100;
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s,
	    "{\"cmd\":\"sync\",\"receipts_after\":0,\"limit\":100}\n");
	CU_ASSERT_EQUAL(proto_decode_request(s, len - 1, &limits, &out, &e), 0);
	CU_ASSERT_TRUE(out.sync.undelivered);
	free(s);

	in.sync.undelivered = false;
	in.sync.after = 41;
	in.sync.receipts_after = 7;
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"cmd\":\"sync\",\"after\":41,"
	    "\"receipts_after\":7,\"limit\":100}\n");
	free(s);

	memset(&in, 0, sizeof in);
	in.cmd = PROTO_CMD_HELLO;
	in.hello.version = PROTO_VERSION;
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"cmd\":\"hello\",\"version\":1}\n");
	free(s);

	memset(&in, 0, sizeof in);
	in.cmd = PROTO_CMD_HISTORY;
	strcpy(in.history.with, "*");
	in.history.before = 100;
	in.history.limit = 2;
	s = proto_encode_request(&in, &len);
	CU_ASSERT_STRING_EQUAL(s, "{\"cmd\":\"history\",\"with\":\"*\","
	    "\"before\":100,\"limit\":2}\n");
	CU_ASSERT_EQUAL(proto_decode_request(s, len - 1, &limits, &out, &e), 0);
	CU_ASSERT_EQUAL(out.history.before, 100);
	free(s);
}

static void
test_server_roundtrip(void)
{
	struct proto_limits	l = { .line_max = 4096, .body_max = 1000 };
	struct proto_user	users[2] = {
		{ "alice", "Dr Alice Moreau", "doctor", PROTO_PRESENCE_BUSY },
		{ "bob", "", "nurse", PROTO_PRESENCE_OFFLINE },
	};
	struct proto_message	msgs[2] = {
		{ .mid = 7, .ts = 1, .from = "alice", .to = "*", .body = "all",
		  .body_len = 3, .cid = "c7" },
		{ .mid = 8, .ts = 2, .from = "bob", .to = "alice", .body = "hi",
		  .body_len = 2, .priority = PROTO_PRIO_URGENT, .cid = "c8",
		  .has_state = true, .state = PROTO_STATE_READ },
	};
	struct proto_receipt	rc = { .rid = 3, .mid = 8, .ts = 5, .by = "alice",
				    .state = PROTO_STATE_DELIVERED };
	struct proto_smsg	m;
	struct proto_page	page;
	size_t			len;
	char			*s;

	s = proto_encode_hello("h", "hcwedd/0.1.0", &l, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_HELLO);
	CU_ASSERT_STRING_EQUAL(m.tag, "h");
	CU_ASSERT_EQUAL(m.hello.version, PROTO_VERSION);
	CU_ASSERT_STRING_EQUAL(m.hello.server, "hcwedd/0.1.0");
	CU_ASSERT_EQUAL(m.hello.line_max, 4096);
	CU_ASSERT_EQUAL(m.hello.body_max, 1000);

	s = proto_encode_login("", &users[0], &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_LOGIN);
	CU_ASSERT_STRING_EQUAL(m.login.display, "Dr Alice Moreau");
	CU_ASSERT_EQUAL(m.login.presence, PROTO_PRESENCE_BUSY);

	s = proto_encode_ok("presence", "p2", &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_OK);
	CU_ASSERT_STRING_EQUAL(m.name, "presence");
	CU_ASSERT_STRING_EQUAL(m.tag, "p2");

	s = proto_encode_pong("", &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_PONG);

	s = proto_encode_ack("t", "a1", 42, 1795000000000, true, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_ACK);
	CU_ASSERT_STRING_EQUAL(m.ack.cid, "a1");
	CU_ASSERT_EQUAL(m.ack.mid, 42);
	CU_ASSERT_EQUAL(m.ack.ts, 1795000000000);
	CU_ASSERT_TRUE(m.ack.duplicate);

	s = proto_encode_error(413, "body too long", "send", "t3", &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_ERROR);
	CU_ASSERT_EQUAL(m.error.code, 413);
	CU_ASSERT_STRING_EQUAL(m.error.message, "body too long");
	CU_ASSERT_STRING_EQUAL(m.error.cmd, "send");
	CU_ASSERT_STRING_EQUAL(m.tag, "t3");

	s = proto_encode_who("w", users, 2, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_WHO);
	CU_ASSERT_EQUAL_FATAL(m.who.n, 2);
	CU_ASSERT_STRING_EQUAL(m.who.users[1].user, "bob");
	CU_ASSERT_STRING_EQUAL(m.who.users[1].role, "nurse");
	CU_ASSERT_EQUAL(m.who.users[1].presence, PROTO_PRESENCE_OFFLINE);
	proto_smsg_free(&m);
	CU_ASSERT_PTR_NULL(m.who.users);

	page = (struct proto_page){ .msgs = msgs, .n = 2, .more = true };
	s = proto_encode_history("", "alice", &page, 0, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_HISTORY);
	CU_ASSERT_STRING_EQUAL(m.history.with, "alice");
	CU_ASSERT_EQUAL_FATAL(m.history.n, 2);
	CU_ASSERT_TRUE(m.history.more);
	CU_ASSERT_STRING_EQUAL(m.history.msgs[0].to, "*");
	CU_ASSERT_FALSE(m.history.msgs[0].has_state);
	CU_ASSERT_TRUE(m.history.msgs[1].has_state);
	CU_ASSERT_EQUAL(m.history.msgs[1].state, PROTO_STATE_READ);
	CU_ASSERT_EQUAL(m.history.msgs[1].priority, PROTO_PRIO_URGENT);
	CU_ASSERT_STRING_EQUAL(m.history.msgs[1].body, "hi");
	proto_smsg_free(&m);

	page = (struct proto_page){ .msgs = msgs, .n = 2, .receipts = &rc,
	    .nreceipts = 1, .last = 8, .last_receipt = 3 };
	s = proto_encode_sync("", &page, 0, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_SYNC);
	CU_ASSERT_EQUAL_FATAL(m.sync.n, 2);
	CU_ASSERT_EQUAL_FATAL(m.sync.nreceipts, 1);
	CU_ASSERT_EQUAL(m.sync.msgs[1].mid, 8);
	CU_ASSERT_EQUAL(m.sync.receipts[0].rid, 3);
	CU_ASSERT_EQUAL(m.sync.receipts[0].state, PROTO_STATE_DELIVERED);
	CU_ASSERT_STRING_EQUAL(m.sync.receipts[0].by, "alice");
	CU_ASSERT_EQUAL(m.sync.last, 8);
	CU_ASSERT_EQUAL(m.sync.last_receipt, 3);
	CU_ASSERT_FALSE(m.sync.more);
	proto_smsg_free(&m);

	s = proto_encode_message(&msgs[1], &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_MESSAGE);
	CU_ASSERT_EQUAL(m.message.mid, 8);
	CU_ASSERT_EQUAL(m.message.ts, 2);
	CU_ASSERT_STRING_EQUAL(m.message.from, "bob");
	CU_ASSERT_STRING_EQUAL(m.message.cid, "c8");
	CU_ASSERT_EQUAL(m.message.body_len, 2);
	proto_smsg_free(&m);

	s = proto_encode_receipt(&rc, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_RECEIPT);
	CU_ASSERT_EQUAL(m.receipt.mid, 8);
	CU_ASSERT_EQUAL(m.receipt.ts, 5);

	s = proto_encode_presence("bob", PROTO_PRESENCE_AWAY, &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_PRESENCE);
	CU_ASSERT_STRING_EQUAL(m.presence.user, "bob");
	CU_ASSERT_EQUAL(m.presence.presence, PROTO_PRESENCE_AWAY);

	s = proto_encode_bye("server shutting down", &len);
	decode(s, len, &m);
	CU_ASSERT_EQUAL(m.kind, PROTO_S_BYE);
	CU_ASSERT_STRING_EQUAL(m.bye.reason, "server shutting down");
}

static void
test_server_lines_rejected(void)
{
	static const struct {
		const char	*line;
		int		 code;
	} cases[] = {
		{ "{\"reply\":\"shout\"}", PROTO_E_UNKNOWN_COMMAND },
		{ "{\"event\":\"party\"}", PROTO_E_UNKNOWN_COMMAND },
		{ "{\"hello\":1}", PROTO_E_INVALID },
		{ "{\"reply\":\"ack\",\"cid\":\"a\",\"mid\":\"1\",\"ts\":1}",
		  PROTO_E_INVALID },
		{ "{\"event\":\"message\",\"mid\":1,\"ts\":1,\"from\":\"a\","
		  "\"to\":\"b\"}", PROTO_E_INVALID },
		{ "{\"event\":\"message\",\"mid\":1,\"ts\":1,\"from\":\"a\","
		  "\"to\":\"b\",\"body\":\"\xc0\x80\"}", PROTO_E_MALFORMED },
		{ "{\"reply\":\"who\",\"users\":[{\"user\":\"a\"}]}",
		  PROTO_E_INVALID },
		{ "{\"reply\":\"sync\",\"messages\":[],\"receipts\":[1],"
		  "\"last\":0,\"last_receipt\":0}", PROTO_E_INVALID },
		{ "{\"reply\":\"hello\",\"version\":1,\"limits\":[]}",
		  PROTO_E_INVALID },
		{ "{\"error\":\"404\"}", PROTO_E_INVALID },
		{ "{\"reply\":\"history\",\"with\":\"a\",\"messages\":"
		  "[{\"mid\":1,\"ts\":1,\"from\":\"a\",\"to\":\"b\",\"body\":\"x\"},"
		  "{\"mid\":2}]}", PROTO_E_INVALID },
	};
	struct proto_smsg	m;
	struct proto_err	e;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CU_ASSERT_EQUAL(proto_decode_server(cases[i].line,
		    strlen(cases[i].line), &limits, &m, &e), -1);
		CU_ASSERT_EQUAL(e.code, cases[i].code);
		CU_ASSERT_EQUAL(m.kind, PROTO_S_ERROR);
	}
	/* A long error message is cut on a character boundary. */
	{
		char	*msg = xmalloc(400), *line;

		memset(msg, 'a', 254);
		strcpy(msg + 254, "\xc3\xa9 and more");
		line = xasprintf("{\"error\":500,\"message\":\"%s\"}", msg);
		CU_ASSERT_EQUAL(proto_decode_server(line, strlen(line),
		    &limits, &m, &e), 0);
		CU_ASSERT_EQUAL(strlen(m.error.message), 254);
		free(line);
		free(msg);
	}
}

/* Found by fuzz_proto_server: an absent optional string was read anyway. */
static void
test_server_optional_absent(void)
{
	static const char *lines[] = {
		"{\"event\":\"bye\"}",
		"{\"event\":\"bye\",\"reason\":null}",
		"{\"error\":500}",
	};
	struct proto_smsg	m;
	struct proto_err	e;

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(proto_decode_server(lines[i],
		    strlen(lines[i]), &limits, &m, &e), 0);
		if (m.kind == PROTO_S_BYE) {
			CU_ASSERT_STRING_EQUAL(m.bye.reason, "");
		} else {
			CU_ASSERT_EQUAL(m.kind, PROTO_S_ERROR);
			CU_ASSERT_EQUAL(m.error.code, 500);
			CU_ASSERT_STRING_EQUAL(m.error.message, "");
			CU_ASSERT_STRING_EQUAL(m.error.cmd, "");
		}
		proto_smsg_free(&m);
	}
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "wire form and member order of PROTOCOL.md", test_wire_form },
		{ "request encode -> decode", test_request_roundtrip },
		{ "every server message kind: encode -> decode",
		  test_server_roundtrip },
		{ "malformed server lines", test_server_lines_rejected },
		{ "optional members absent: bye without reason, bare error",
		  test_server_optional_absent },
		{ NULL, NULL }
	};

	return testlib_run("proto_encode", setup, NULL, cases);
}
