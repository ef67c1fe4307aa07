#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/hcwedd/hubtest.h"
#include "tests/testlib.h"

static struct ht	t;

static int
setup(void)
{
	ht_init(&t);
	return 0;
}

static int
teardown(void)
{
	ht_done(&t);
	return 0;
}

static void
test_greeting(void)
{
	struct ht_conn	*c = ht_open(&t);

	ht_in(c, "{\"cmd\":\"ping\",\"tag\":\"p\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 0, "reply"), "pong");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 0, "tag"), "p");
	/* Two strings of one line are two strings, not one buffer twice. */
	CU_ASSERT_STRING_NOT_EQUAL(ht_str(c, 0, "reply"), ht_str(c, 0, "tag"));
	ht_in(c, "{\"cmd\":\"who\",\"tag\":\"w\"}");
	CU_ASSERT_EQUAL(ht_int(c, 1, "error"), 409);
	CU_ASSERT_STRING_EQUAL(ht_str(c, 1, "tag"), "w");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 1, "cmd"), "who");
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"alice\",\"password\":\"pw-alice\"}");
	CU_ASSERT_EQUAL(ht_int(c, 2, "error"), 409);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":2}");
	CU_ASSERT_EQUAL(ht_int(c, 3, "error"), 426);
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_str(c, 3, "message"), "speaks 1"));
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1,\"client\":\"t/1\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "reply"), "hello");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "server"), "hcwedd/test");
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(c, 4), "\"line\":1024"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(c, 4), "\"body\":100"));
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	CU_ASSERT_EQUAL(ht_int(c, 5, "error"), 409);
	CU_ASSERT_FALSE(c->closed);
	ht_close(c);
}

static void
test_login(void)
{
	struct ht_conn	*c = ht_open(&t);

	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_clear(c);
	ht_in(c, "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\",\"cid\":\"1\"}");
	CU_ASSERT_EQUAL(ht_int(c, 0, "error"), 401);
	ht_in(c, "{\"cmd\":\"who\"}");
	CU_ASSERT_EQUAL(ht_int(c, 1, "error"), 401);
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"alice\",\"password\":\"wrong\"}");
	CU_ASSERT_EQUAL(ht_int(c, 2, "error"), 403);
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"nobody\",\"password\":\"pw\"}");
	CU_ASSERT_EQUAL(ht_int(c, 3, "error"), 403);
	/* Same words whether or not the user exists. */
	CU_ASSERT_STRING_NOT_EQUAL(ht_str(c, 2, "message"), "");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 2, "message"), ht_str(c, 3, "message"));
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"alice\",\"password\":\"pw-alice\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "reply"), "login");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "display"), "The alice");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "role"), "doctor");
	CU_ASSERT_STRING_EQUAL(ht_str(c, 4, "presence"), "available");
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"alice\",\"password\":\"pw-alice\"}");
	CU_ASSERT_EQUAL(ht_int(c, 5, "error"), 409);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	CU_ASSERT_EQUAL(ht_int(c, 6, "error"), 409);
	ht_close(c);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 0);
}

static void
test_locked(void)
{
	struct ht_conn	*c = ht_open(&t);
	char		*cause = NULL;

	CU_ASSERT_EQUAL(store_user_set_disabled(t.store, "carol", true,
	    &cause), 1);
	ht_in(c, "{\"cmd\":\"hello\",\"version\":1}");
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"carol\",\"password\":\"pw-carol\"}");
	CU_ASSERT_EQUAL(ht_int(c, 1, "error"), 423);
	/* A wrong password does not reveal the lock. */
	ht_in(c, "{\"cmd\":\"login\",\"user\":\"carol\",\"password\":\"no\"}");
	CU_ASSERT_EQUAL(ht_int(c, 2, "error"), 403);
	CU_ASSERT_EQUAL(store_user_set_disabled(t.store, "carol", false,
	    &cause), 1);
	ht_close(c);
}

/* Each bad input gets its code, the session stays, nothing is stored. */
/*
 * Which error a request gets when more than one is wrong with it: a line
 * that is not a JSON object, the session's state, the command, then its
 * members.  A \u0000 anywhere, a member name too, is 400.
 */
static void
test_error_precedence(void)
{
	static const char *const send = "{\"cmd\":\"send\"}";
	static const char *const fly = "{\"cmd\":\"fly\"}";
	static const char *const nul_name = "{\"cmd\":\"ping\","
	    "\"a\\u0000b\":1}";
	static const char *const nul_deep = "{\"cmd\":\"ping\",\"x\":"
	    "{\"k\":[\"\\u0000\"]}}";
	static const char *const not_nul = "{\"cmd\":\"ping\","
	    "\"x\":\"\\\\u0000\"}";
	struct ht_conn	*c = ht_open(&t);
	struct {
		const char	*line;
		int64_t		 code;	/* 0: pong */
	} steps[] = {
		{ send, 409 }, { fly, 409 }, { nul_name, 400 },
		{ "{\"cmd\":\"hello\",\"version\":1}", -1 },
		{ send, 401 }, { fly, 401 }, { nul_deep, 400 },
		{ "{\"cmd\":\"login\",\"user\":\"alice\","
		    "\"password\":\"pw-alice\"}", -1 },
		{ send, 422 }, { fly, 405 }, { nul_deep, 400 },
		{ nul_name, 400 }, { not_nul, 0 },
		{ "{\"cmd\":\"ping\",\"x\":1,\"x\":2}", 400 },
		{ "{\"cmd\":\"ping\",\"x\":1,\"\\u0078\":2}", 400 },
		{ "{\"cmd\":\"ping\",\"x\":{\"y\":1,\"z\":[{\"y\":2}]},"
		    "\"s\":\"a:\\\"b\\\":c\"}", 0 },
	};

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ht_clear(c);
		ht_in(c, steps[i].line);
		if (steps[i].code == -1)
			continue;
		if (steps[i].code == 0) {
			CU_ASSERT_STRING_EQUAL(ht_str(c, 0, "reply"), "pong");
		} else {
			if (ht_int(c, 0, "error") != steps[i].code)
				fprintf(stderr, "step %zu: %s\n", i,
				    ht_line(c, 0));
			CU_ASSERT_EQUAL(ht_int(c, 0, "error"), steps[i].code);
		}
	}
	ht_close(c);
}

static void
test_bad_input(void)
{
	static const struct {
		const char	*line;
		int		 code;
	} bad[] = {
		{ "{\"cmd\":\"send\",", 400 },
		{ "[1,2]", 400 },
		{ "\"hello\"", 400 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\xc3\x28\","
		    "\"cid\":\"u\"}", 400 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":12,\"cid\":\"t\"}",
		    422 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"cid\":\"m\"}", 422 },
		{ "{\"cmd\":\"send\",\"to\":7,\"body\":\"x\",\"cid\":\"n\"}",
		    422 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"x\","
		    "\"priority\":\"asap\",\"cid\":\"p\"}", 422 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"\",\"cid\":\"e\"}",
		    422 },
		{ "{\"cmd\":\"receipt\",\"state\":\"delivered\",\"mids\":[]}",
		    422 },
		{ "{\"cmd\":\"history\",\"with\":\"bob\",\"limit\":501}", 422 },
		{ "{\"cmd\":\"fly\"}", 405 },
		{ "{\"cmd\":\"send\",\"to\":\"zed\",\"body\":\"x\",\"cid\":\"z\"}",
		    404 },
		{ "{\"cmd\":\"history\",\"with\":\"zed\"}", 404 },
		{ "{\"cmd\":\"send\",\"to\":\"bob\",\"body\":\"0123456789012345"
		    "678901234567890123456789012345678901234567890123456789012345"
		    "6789012345678901234567890123456789\",\"cid\":\"big\"}", 413 },
	};
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ht_clear(a);
		ht_in(a, bad[i].line);
		hub_flush(t.hub, HT_NOW);
		CU_ASSERT_EQUAL(a->n, 1);
		CU_ASSERT_EQUAL(ht_int(a, 0, "error"), bad[i].code);
		if (ht_int(a, 0, "error") != bad[i].code)
			fprintf(stderr, "\n%s -> %s", bad[i].line, ht_line(a, 0));
		CU_ASSERT_TRUE(strlen(ht_str(a, 0, "message")) > 0);
		CU_ASSERT_FALSE(a->closed);
	}
	CU_ASSERT_FALSE(hub_pending(t.hub));
	CU_ASSERT_EQUAL(b->n, 0);
	CU_ASSERT_EQUAL(ht_stored(&t, "alice", "bob"), 0);
	/* The session still works afterwards. */
	ht_clear(a);
	ht_in(a, "{\"cmd\":\"ping\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "reply"), "pong");
	ht_close(a);
	ht_close(b);
}

static void
test_long_line_closes(void)
{
	struct ht_conn	*a = ht_login(&t, "alice");
	char		 line[1100];

	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	ht_in(a, line);
	CU_ASSERT_EQUAL(ht_int(a, 0, "error"), 413);
	CU_ASSERT_TRUE(a->closed);
	/* Nothing more is read from a closed session. */
	ht_in(a, "{\"cmd\":\"ping\"}");
	CU_ASSERT_EQUAL(a->n, 1);
	ht_close(a);
}

static void
test_logout(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");

	ht_clear(a);
	ht_in(b, "{\"cmd\":\"logout\",\"tag\":\"bye\"}");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "reply"), "logout");
	CU_ASSERT_STRING_EQUAL(ht_str(b, 0, "tag"), "bye");
	CU_ASSERT_TRUE(b->closed);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "event"), "presence");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "user"), "bob");
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "presence"), "offline");
	ht_close(b);
	ht_close(a);
}

static void
test_who_and_presence(void)
{
	struct ht_conn	*a = ht_login(&t, "alice"), *b = ht_login(&t, "bob");
	struct ht_conn	*b2;

	CU_ASSERT_EQUAL(ht_count(a, "presence", "available"), 1);
	CU_ASSERT_STRING_EQUAL(ht_str(a, 0, "user"), "bob");
	ht_clear(a);
	ht_in(b, "{\"cmd\":\"presence\",\"status\":\"busy\"}");
	CU_ASSERT_EQUAL(ht_count(b, "reply", "presence"), 1);
	CU_ASSERT_EQUAL(ht_count(b, "presence", "busy"), 1);
	CU_ASSERT_EQUAL(ht_count(a, "presence", "busy"), 1);
	/* A second session of bob inherits busy and announces nothing. */
	ht_clear(a);
	b2 = ht_login(&t, "bob");
	CU_ASSERT_EQUAL(a->n, 0);
	ht_in(a, "{\"cmd\":\"who\"}");
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 0), "\"users\":[{\"user\":"
	    "\"alice\",\"display\":\"The alice\",\"role\":\"doctor\","
	    "\"presence\":\"available\"},{\"user\":\"bob\",\"display\":"
	    "\"The bob\",\"role\":\"nurse\",\"presence\":\"busy\"},"
	    "{\"user\":\"carol\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(ht_line(a, 0), "\"offline\""));
	ht_clear(a);
	ht_close(b);
	CU_ASSERT_EQUAL(a->n, 0);	/* bob is still on b2 */
	ht_close(b2);
	CU_ASSERT_EQUAL(ht_count(a, "presence", "offline"), 1);
	ht_close(a);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "greeting: ping only, hello once, version checked",
		    test_greeting },
		{ "login: 401 before, 403 refused, 409 twice", test_login },
		{ "a locked account gets 423", test_locked },
		{ "each bad input gets its documented error", test_bad_input },
		{ "errors in order: 400, state, 405, 422",
		    test_error_precedence },
		{ "an over-long line gets 413 and closes", test_long_line_closes },
		{ "logout answers, closes and goes offline", test_logout },
		{ "who and presence across sessions", test_who_and_presence },
		{ NULL, NULL }
	};

	return testlib_run("hub", setup, teardown, cases);
}
