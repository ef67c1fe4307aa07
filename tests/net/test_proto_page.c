#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/proto.h"
#include "src/base/xmalloc.h"
#include "tests/testlib.h"

/*
 * History and sync pages the specification allows (300 messages of 16 KiB
 * is 4.8 MB) must still go out as lines within the line limit.
 */
#define NMSG	300
#define BODY	16384

static struct proto_message	msgs[NMSG];
static struct proto_receipt	rcpts[NMSG];
static char			*body;
static struct proto_limits	big = { .line_max = 64 << 20,
				    .body_max = 1 << 20 };

static int
setup(void)
{
	body = xmalloc(BODY);
	/* Quotes and control characters cost more once escaped. */
	for (size_t i = 0; i < BODY; i++)
		body[i] = i % 7 == 0 ? '"' : i % 11 == 0 ? '\001' : 'x';
	for (size_t i = 0; i < NMSG; i++) {
		msgs[i] = (struct proto_message){ .mid = 100 + (int64_t)i,
		    .ts = 1795000000000LL, .body = body,
		    .body_len = BODY - i * 50, .cid = "c" };
		snprintf(msgs[i].from, sizeof msgs[i].from, "alice");
		snprintf(msgs[i].to, sizeof msgs[i].to, "bob");
		rcpts[i] = (struct proto_receipt){ .rid = 1 + (int64_t)i,
		    .mid = 100 + (int64_t)i, .ts = 1, .by = "bob",
		    .state = PROTO_STATE_READ };
	}
	return 0;
}

static int
teardown(void)
{
	free(body);
	return 0;
}

static void
decode(char *line, size_t len, struct proto_smsg *m)
{
	struct proto_err	e;

	CU_ASSERT_EQUAL(strlen(line), len);
	CU_ASSERT_EQUAL_FATAL(proto_decode_server(line, len - 1, &big, m, &e),
	    0);
	free(line);
}

/* The line history would be with the newest k messages, unbounded. */
static size_t
history_len(size_t k)
{
	struct proto_page	p = { .msgs = msgs + NMSG - k, .n = k,
				    .more = true };
	size_t			len;

	free(proto_encode_history("t1", "bob", &p, 0, &len));
	return len;
}

static void
test_history_fits(void)
{
	static const size_t	maxes[] = { 1024, 16500, 40000, 65536, 65537,
				    100000, 1 << 20 };
	struct proto_page	p = { .msgs = msgs, .n = NMSG, .more = false };
	struct proto_smsg	m;
	size_t			len, k;
	char			*line;

	for (size_t i = 0; i < sizeof maxes / sizeof maxes[0]; i++) {
		line = proto_encode_history("t1", "bob", &p, maxes[i], &len);
		decode(line, len, &m);
		k = m.history.n;
		CU_ASSERT(k >= 1);
		/* Within the bound (one message alone may not be), and as
		 * full as it can be: one more would not fit. */
		if (k > 1)
			CU_ASSERT(len <= maxes[i]);
		CU_ASSERT(history_len(k + 1) > maxes[i]);
		CU_ASSERT_EQUAL(len, history_len(k));
		/* The newest, oldest first, and more says older remain. */
		CU_ASSERT_EQUAL(m.history.msgs[k - 1].mid, 100 + NMSG - 1);
		CU_ASSERT_EQUAL(m.history.msgs[0].mid, 100 + NMSG - k);
		CU_ASSERT_TRUE(m.history.more);
		proto_smsg_free(&m);
	}
	/* A page that fits goes whole, and more stays as the store said. */
	p.n = 3;
	line = proto_encode_history("", "bob", &p, 1 << 20, &len);
	decode(line, len, &m);
	CU_ASSERT_EQUAL(m.history.n, 3);
	CU_ASSERT_FALSE(m.history.more);
	proto_smsg_free(&m);
}

static void
test_sync_fits(void)
{
	struct proto_page	p = { .msgs = msgs, .n = NMSG,
				    .receipts = rcpts, .nreceipts = NMSG,
				    .after = 99, .receipts_after = 0,
				    .last = 100 + NMSG - 1,
				    .last_receipt = NMSG };
	struct proto_smsg	m;
	size_t			len;
	char			*line;

	line = proto_encode_sync("t2", &p, 65536, &len);
	decode(line, len, &m);
	CU_ASSERT(len <= 65536);
	CU_ASSERT_FATAL(m.sync.n >= 1 && m.sync.n < NMSG);
	/* The oldest go, and the cursor is the last of them. */
	CU_ASSERT_EQUAL(m.sync.msgs[0].mid, 100);
	CU_ASSERT_EQUAL(m.sync.last, m.sync.msgs[m.sync.n - 1].mid);
	CU_ASSERT_EQUAL(m.sync.last_receipt, m.sync.nreceipts > 0 ?
	    m.sync.receipts[m.sync.nreceipts - 1].rid : 0);
	CU_ASSERT_TRUE(m.sync.more);
	proto_smsg_free(&m);

	/* Receipts alone: 300 of them fit in 64 KiB, and go whole. */
	p.n = 0;
	p.last = 99;
	line = proto_encode_sync("", &p, 65536, &len);
	decode(line, len, &m);
	CU_ASSERT_EQUAL(m.sync.nreceipts, NMSG);
	CU_ASSERT_EQUAL(m.sync.last, 99);
	CU_ASSERT_EQUAL(m.sync.last_receipt, NMSG);
	CU_ASSERT_FALSE(m.sync.more);
	proto_smsg_free(&m);
	/* In 4 KiB, the oldest receipts, and the cursor after them. */
	line = proto_encode_sync("", &p, 4096, &len);
	decode(line, len, &m);
	CU_ASSERT(len <= 4096);
	CU_ASSERT_FATAL(m.sync.nreceipts > 0 && m.sync.nreceipts < NMSG);
	CU_ASSERT_EQUAL(m.sync.last_receipt, (int64_t)m.sync.nreceipts);
	CU_ASSERT_TRUE(m.sync.more);
	proto_smsg_free(&m);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "history keeps the newest messages that fit the line",
		  test_history_fits },
		{ "sync keeps the oldest messages, then receipts, that fit",
		  test_sync_fits },
		{ NULL, NULL }
	};

	return testlib_run("proto_page", setup, teardown, cases);
}
