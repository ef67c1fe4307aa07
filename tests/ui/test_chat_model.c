#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/testlib.h"
#include "ui/chat_model.h"
#include "ui/ring.h"
#include "ui/shell.h"
#include "ui/uiconf.h"

static int	sent, reads;

static int
fake_send(void *arg, const char *to, const char *text, bool urgent,
    const char *cid)
{
	sent++;
	return 0;
}

static void
fake_read(void *arg, const int64_t *mids, size_t n)
{
	reads += n;
}

static struct chat_msg_in
msg_in(int64_t mid, const char *from, const char *to, const char *text,
    const char *cid)
{
	struct chat_msg_in	in = { .mid = mid, .ts = 1764000000000LL + mid,
				    .from = from, .to = to, .text = text,
				    .len = strlen(text), .cid = cid };

	return in;
}

static void
test_own_message_once(void)
{
	struct chat_backend	 be = { .send = fake_send };
	struct chat_model	*m = chat_model_create("alice", 100, &be);
	struct chat_contact	*c;
	struct chat_msg		*own;
	struct chat_msg_in	 in;
	char			 cid[CHAT_CID_MAX + 1];

	chat_model_contact(m, "bob", "Bob", "nurse", CHAT_AVAILABLE);
	chat_model_cid(m, 1764000000000LL, cid);
	own = chat_model_add_own(m, "bob", "bed 4", false, 1764000000000LL,
	    cid);
	CU_ASSERT_STRING_EQUAL(own->cid, cid);
	CU_ASSERT_EQUAL(own->state, CHAT_PENDING);
	/* Acknowledged after a reconnect, then echoed by a sync: one copy. */
	chat_model_state(m, own->cid, 7, CHAT_STORED);
	in = msg_in(7, "alice", "bob", "bed 4", own->cid);
	chat_model_message(m, &in);
	in.cid = NULL;
	chat_model_message(m, &in);
	c = chat_model_find(m, "bob");
	CU_ASSERT_EQUAL(ring_len(c->msgs), 1);
	CU_ASSERT_EQUAL(own->mid, 7);
	/* Receipts only move forward. */
	chat_model_state(m, NULL, 7, CHAT_READ);
	chat_model_state(m, NULL, 7, CHAT_DELIVERED);
	CU_ASSERT_EQUAL(own->state, CHAT_READ);
	CU_ASSERT_STRING_EQUAL(chat_state_name(own->state), "read");
	chat_model_free(m);
}

static void
test_unread_order_and_read(void)
{
	struct chat_backend	 be = { .read = fake_read };
	struct chat_model	*m = chat_model_create("alice", 100, &be);
	struct chat_contact	*list[8];
	struct chat_msg_in	 in;
	unsigned		 unread, urgent;

	chat_model_contact(m, "bob", "Bob", "nurse", CHAT_AVAILABLE);
	chat_model_contact(m, "carol", "Carol", "pharmacist", CHAT_AWAY);
	chat_model_contact(m, "dan", "Dan", "doctor", CHAT_OFFLINE);
	in = msg_in(1, "dan", "alice", "\033[2Jhi", NULL);
	chat_model_message(m, &in);
	in = msg_in(2, "carol", "alice", "crash", NULL);
	in.urgent = true;
	chat_model_message(m, &in);
	CU_ASSERT_EQUAL(chat_model_sorted(m, NULL, list, 8), 4);
	CU_ASSERT_STRING_EQUAL(list[0]->user, "carol");	/* urgent */
	CU_ASSERT_STRING_EQUAL(list[1]->user, "dan");	/* unread */
	CU_ASSERT_STRING_EQUAL(list[2]->user, CHAT_BROADCAST);
	CU_ASSERT_STRING_EQUAL(list[3]->user, "bob");
	chat_model_totals(m, &unread, &urgent);
	CU_ASSERT_EQUAL(unread, 2);
	CU_ASSERT_EQUAL(urgent, 1);
	/* Network text is sanitised on the way in. */
	CU_ASSERT_STRING_EQUAL(((struct chat_msg *)ring_get(list[1]->msgs,
	    0))->text, "^[[2Jhi");
	chat_model_mark_read(m, list[0]);
	CU_ASSERT_EQUAL(reads, 1);
	CU_ASSERT_EQUAL(chat_model_sorted(m, "pharm", list, 8), 1);
	CU_ASSERT_STRING_EQUAL(list[0]->user, "carol");
	chat_model_free(m);
}

static void
test_history_prepends(void)
{
	struct chat_model	*m = chat_model_create("alice", 3, NULL);
	struct chat_contact	*c;
	struct chat_msg_in	 page[3];

	page[0] = msg_in(5, "bob", "alice", "five", NULL);
	chat_model_message(m, &page[0]);
	page[0] = msg_in(3, "bob", "alice", "three", NULL);
	page[1] = msg_in(4, "alice", "bob", "four", NULL);
	page[2] = msg_in(2, "bob", "alice", "two", NULL);
	chat_model_history(m, "bob", page, 3, true);
	c = chat_model_find(m, "bob");
	/* Bounded at 3: the oldest that does not fit is dropped. */
	CU_ASSERT_EQUAL(ring_len(c->msgs), 3);
	CU_ASSERT_EQUAL(((struct chat_msg *)ring_get(c->msgs, 0))->mid, 3);
	CU_ASSERT_EQUAL(((struct chat_msg *)ring_get(c->msgs, 2))->mid, 5);
	CU_ASSERT_TRUE(c->history_done);
	chat_model_free(m);
}

/* The server's counts replace the local ones; messages they took in are
 * not counted again; one read in another session stops counting. */
static void
test_shared_read_state(void)
{
	struct chat_backend	 be = { .read = fake_read };
	struct chat_model	*m = chat_model_create("bob", 100, &be);
	struct chat_unread_in	 counts[] = {
		{ .with = "alice", .unread = 2, .urgent = 1 },
	};
	struct chat_contact	*c;
	struct chat_msg_in	 in;
	unsigned		 unread, urgent;

	in = msg_in(1, "alice", "bob", "old, read long ago", "a1");
	chat_model_history(m, "alice", &in, 1, false);
	chat_model_unread(m, counts, 1, 3);
	c = chat_model_find(m, "alice");
	CU_ASSERT_EQUAL(c->unread, 2);
	CU_ASSERT_TRUE(c->urgent);
	/* Counted by the server already: the sync that brings them adds
	 * nothing; a newer one does. */
	in = msg_in(2, "alice", "bob", "K 6.1", "a2");
	in.urgent = true;
	chat_model_message(m, &in);
	in = msg_in(3, "alice", "bob", "repeat", "a3");
	chat_model_message(m, &in);
	CU_ASSERT_EQUAL(c->unread, 2);
	in = msg_in(4, "alice", "bob", "bed 9", "a4");
	chat_model_message(m, &in);
	CU_ASSERT_EQUAL(c->unread, 3);
	/* Read on the ward: the urgent one stops counting and alerting. */
	CU_ASSERT_TRUE(chat_model_read_elsewhere(m, 2));
	CU_ASSERT_EQUAL(c->unread, 2);
	CU_ASSERT_FALSE(c->urgent);
	CU_ASSERT_TRUE(chat_model_read_elsewhere(m, 2));
	CU_ASSERT_EQUAL(c->unread, 2);
	CU_ASSERT_FALSE(chat_model_read_elsewhere(m, 99));
	/* Opening it marks the two still unread, not the one read
	 * elsewhere nor the old one from history. */
	reads = 0;
	chat_model_mark_read(m, c);
	CU_ASSERT_EQUAL(reads, 2);
	chat_model_totals(m, &unread, &urgent);
	CU_ASSERT_EQUAL(unread, 0);
	CU_ASSERT_EQUAL(urgent, 0);
	chat_model_free(m);
}

static void
test_uiconf(void)
{
	struct uiconf	 u;
	char		*cause = NULL;

	uiconf_defaults(&u);
	CU_ASSERT_EQUAL(u.lock_ms, 600000);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "server = x:1\nlock_timeout = 2m\n"
	    "mouse = yes\nkey.quit = F12\ncolor.urgent = bright-red\n",
	    &cause), 0);
	CU_ASSERT_EQUAL(u.lock_ms, 120000);
	CU_ASSERT_TRUE(u.mouse);
	CU_ASSERT_EQUAL(keys_lookup(&u.keys, KEYS_GLOBAL, KEYS_F(12)), KA_QUIT);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "key.fly = F3\n", &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause, "c:1: key.fly: unknown action \"fly\"");
	free(cause);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "\ncolor.urgent = mauve\n",
	    &cause), -1);
	CU_ASSERT_STRING_EQUAL(cause,
	    "c:2: color.urgent: unknown colour \"mauve\"");
	free(cause);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "color.fog = red\n", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "scrollback = 5\n", &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "mouse = perhaps\n", &cause), -1);
	free(cause);
	/* Alerts: highlight words, notifications, the wedding's sound. */
	CU_ASSERT_EQUAL(u.notify, SHELL_NOTIFY_NONE);
	CU_ASSERT_EQUAL(u.wedding_sound, SHELL_SOUND_FLASH);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "highlight = crash arrest\n"
	    "notify = osc9\nwedding_alert = none\n", &cause), 0);
	CU_ASSERT_STRING_EQUAL(u.highlight, "crash arrest");
	CU_ASSERT_EQUAL(u.notify, SHELL_NOTIFY_OSC9);
	CU_ASSERT_EQUAL(u.wedding_sound, SHELL_SOUND_NONE);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "notify = yes\n", &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "osc777"));
	free(cause);
	CU_ASSERT_EQUAL(uiconf_parse(&u, "c", "wedding_alert = loud\n", &cause),
	    -1);
	free(cause);
	/* No client file at all is no error; a file asked for by name is. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	CU_ASSERT_EQUAL(uiconf_load(&u, NULL, &cause), 0);
	CU_ASSERT_EQUAL(uiconf_load(&u, "/nonexistent/hcwed/config", &cause),
	    -1);
	free(cause);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "own message appears once, states move forward",
		  test_own_message_once },
		{ "urgent, unread, everyone, by name; read receipts",
		  test_unread_order_and_read },
		{ "history pages prepend within the bound", test_history_prepends },
		{ "read state shared with the user's other sessions",
		  test_shared_read_state },
		{ "UI settings and their errors", test_uiconf },
		{ NULL, NULL }
	};

	return testlib_run("chat_model", NULL, NULL, cases);
}
