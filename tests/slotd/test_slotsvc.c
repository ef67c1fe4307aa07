#include "config.h"

#include <event2/event.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/slotd/slotkey.h"
#include "src/slotd/slotsvc.h"
#include "tests/testlib.h"

#define DONE_MAX	16


/* What slotsvc reported through its done callback. */
struct done_log {
	uint64_t	seq[DONE_MAX];
	bool		ok[DONE_MAX];
	size_t		n;
};

static void
on_done(void *arg, uint64_t seq, bool ok)
{
	struct done_log	*d = arg;

	if (d->n < DONE_MAX) {
		d->seq[d->n] = seq;
		d->ok[d->n] = ok;
	}
	d->n++;
}

static struct slotsvc *
svc_open(struct event_base *base, const char *path, struct done_log *d)
{
	struct slotsvc_conf	 conf = {
		.nslots = 20, .max_holds = 5, .rate = SLOTSVC_RATE_OFF,
	};
	struct slotsvc		*svc;
	char			*cause = NULL;

	if ((svc = slotsvc_new(&conf, base, path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	slotsvc_set_done(svc, on_done, d);
	return svc;
}

static void
sql(const char *path, const char *text)
{
	sqlite3	*db;

	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Run the loop until done has been called n times, for at most 5 s. */
static void
wait_done(struct event_base *base, const struct done_log *d, size_t n)
{
	struct timeval	tick = { 0, 10000 };

	for (int i = 0; i < 500 && d->n < n; i++) {
		event_base_loopexit(base, &tick);
		event_base_loop(base, EVLOOP_ONCE);
	}
}

static void
count_hold(void *arg, unsigned slot, int64_t key)
{
	(*(unsigned *)arg)++;
}

/* Holds of the hotel as the store has them. */
static unsigned
stored_holds(const char *path)
{
	struct slotstore	*st;
	char			*cause = NULL;
	unsigned		 n = 0;

	if ((st = slotstore_open(path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	CU_ASSERT_EQUAL(slotstore_holds_load(st, "hotel", count_hold, &n,
	    &cause), 0);
	slotstore_close(st);
	return n;
}

/*
 * Batch 1 (slot 7) fails while batch 2 (slot 8) collects behind it.  The
 * reload after the failure must not race batch 2 to disk: batch 2 fails
 * with it, so no 200 goes out for a hold that memory has forgotten.
 */
static void
test_failed_commit(void)
{
	struct event_base	*base = event_base_new();
	char			*path = xasprintf("%s/fail.db", testlib_dir);
	struct done_log		 d = { .n = 0 };
	struct slotsvc		*svc = svc_open(base, path, &d);
	uint64_t		 version;

	sql(path, "CREATE TRIGGER boom BEFORE INSERT ON slot_holds "
	    "WHEN NEW.slot = 7 BEGIN SELECT RAISE(ABORT, 'boom'); END");
	CU_ASSERT_EQUAL(slotsvc_reserve(svc, SLOTSVC_HOTEL, 7, 1, 1000), 200);
	/*
	 * Hand batch 1 to the commit thread: one turn, which runs only the
	 * pending kick (EVLOOP_NONBLOCK would go on and could reap it too).
	 */
	event_base_loop(base, EVLOOP_ONCE);
	CU_ASSERT_EQUAL(slotsvc_collecting(svc), 2);
	CU_ASSERT_EQUAL(slotsvc_reserve(svc, SLOTSVC_HOTEL, 8, 2, 1000), 200);
	CU_ASSERT_TRUE(slotsvc_key_dirty(svc, 2));
	version = slotbook_version(slotsvc_book(svc, SLOTSVC_HOTEL));
	wait_done(base, &d, 1);
	slotsvc_drain(svc);
	/* Memory and disk agree: neither hold is anywhere. */
	CU_ASSERT_EQUAL(slotbook_holder(slotsvc_book(svc, SLOTSVC_HOTEL), 7), 0);
	CU_ASSERT_EQUAL(slotbook_holder(slotsvc_book(svc, SLOTSVC_HOTEL), 8), 0);
	CU_ASSERT_EQUAL(stored_holds(path), 0);
	/* One report, for batch 2, failed: slot 8's 200 becomes a 500. */
	CU_ASSERT_EQUAL_FATAL(d.n, 1);
	CU_ASSERT_EQUAL(d.seq[0], 2);
	CU_ASSERT_FALSE(d.ok[0]);
	CU_ASSERT_FALSE(slotsvc_key_dirty(svc, 2));
	/* A cached list of the old book does not pass for the new one. */
	CU_ASSERT_TRUE(slotbook_version(slotsvc_book(svc, SLOTSVC_HOTEL)) >
	    version);

	/* The service goes on: slot 8 can be had, once. */
	CU_ASSERT_EQUAL(slotsvc_reserve(svc, SLOTSVC_HOTEL, 8, 3, 2000), 200);
	CU_ASSERT_EQUAL(slotsvc_reserve(svc, SLOTSVC_HOTEL, 8, 2, 2000), 409);
	wait_done(base, &d, 2);
	slotsvc_drain(svc);
	CU_ASSERT_EQUAL_FATAL(d.n, 2);
	CU_ASSERT_EQUAL(d.seq[1], 3);
	CU_ASSERT_TRUE(d.ok[1]);
	CU_ASSERT_EQUAL(stored_holds(path), 1);
	slotsvc_free(svc);
	event_base_free(base);
	free(path);
}

/* What "hcwed-slotd block" does from another process. */
static void
staff_block(const char *path, const char *service, unsigned slot)
{
	struct slotstore	*st;
	char			*cause = NULL;

	if ((st = slotstore_open(path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	CU_ASSERT_EQUAL(slotstore_block_set(st, service, slot, true, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_touch(st, &cause), 0);
	CU_ASSERT_EQUAL(slotstore_commit(st, &cause), 0);
	slotstore_close(st);
}

/*
 * A block made through the admin API is in memory before it is on disk;
 * a staff command meanwhile must not make the poll reload it away.
 */
static void
test_poll_keeps_blocks_in_flight(void)
{
	struct event_base	*base = event_base_new();
	char			*path = xasprintf("%s/poll.db", testlib_dir);
	struct done_log		 d = { .n = 0 };
	struct slotsvc		*svc = svc_open(base, path, &d);

	slotsvc_block(svc, SLOTSVC_HOTEL, 5, 5, true);
	staff_block(path, "band", 9);
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(slotsvc_book(svc, SLOTSVC_HOTEL), 5));
	/* On its way to disk, still kept. */
	event_base_loop(base, EVLOOP_ONCE);
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(slotsvc_book(svc, SLOTSVC_HOTEL), 5));
	wait_done(base, &d, 1);
	CU_ASSERT_EQUAL(d.n, 1);
	CU_ASSERT_TRUE(d.ok[0]);
	/* Committed: the staff block arrives, the service's stays. */
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(slotsvc_book(svc, SLOTSVC_HOTEL), 5));
	CU_ASSERT_TRUE(slotbook_blocked(slotsvc_book(svc, SLOTSVC_BAND), 9));
	slotsvc_free(svc);
	event_base_free(base);
	free(path);
}

/*
 * The store cannot be read (its tables renamed away by another
 * connection): the poll and the key lookup report it; neither turns it
 * into "no blocks" or "no such key".
 */
static void
test_read_errors(void)
{
	struct event_base	*base = event_base_new();
	char			*path = xasprintf("%s/bad.db", testlib_dir);
	struct done_log		 d = { .n = 0 };
	struct slotsvc		*svc = svc_open(base, path, &d);
	struct slotbook		*hotel;
	struct slotstore	*st = slotsvc_store(svc);
	struct slotsvc_key	 k;
	char			 key[SLOTKEY_LEN + 1];
	char			 hash[SLOTKEY_LEN + 1];
	char			*cause = NULL;

	hotel = slotsvc_book(svc, SLOTSVC_HOTEL);
	slotkey_generate(key);
	slotkey_hash(key, SLOTKEY_LEN, hash);
	CU_ASSERT_EQUAL(slotstore_key_add(st, "dave", "hotel", hash, 1,
	    &cause), 0);
	staff_block(path, "hotel", 3);
	slotsvc_poll(svc);
	CU_ASSERT_TRUE_FATAL(slotbook_blocked(hotel, 3));

	/* A staff change arrives while the blocks cannot be read. */
	staff_block(path, "hotel", 4);
	sql(path, "ALTER TABLE slot_blocks RENAME TO gone_blocks");
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(hotel, 3));
	CU_ASSERT_FALSE(slotbook_blocked(hotel, 4));
	/* Nor the generation: still nothing changes, nothing unblocks. */
	sql(path, "ALTER TABLE slot_meta RENAME TO gone_meta");
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(hotel, 3));
	sql(path, "ALTER TABLE gone_blocks RENAME TO slot_blocks");
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(hotel, 3));
	CU_ASSERT_FALSE(slotbook_blocked(hotel, 4));
	/* Readable again: the change that was missed is picked up. */
	sql(path, "ALTER TABLE gone_meta RENAME TO slot_meta");
	slotsvc_poll(svc);
	CU_ASSERT_TRUE(slotbook_blocked(hotel, 3));
	CU_ASSERT_TRUE(slotbook_blocked(hotel, 4));

	/* A key the store cannot look up is an error, not a stranger. */
	sql(path, "ALTER TABLE slot_keys RENAME TO gone_keys");
	CU_ASSERT_EQUAL(slotsvc_auth(svc, key, SLOTKEY_LEN, &k, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_PTR_NOT_NULL(strstr(cause, "no such table"));
	free(cause);
	sql(path, "ALTER TABLE gone_keys RENAME TO slot_keys");
	CU_ASSERT_EQUAL(slotsvc_auth(svc, key, SLOTKEY_LEN, &k, &cause), 1);
	CU_ASSERT_STRING_EQUAL(k.name, "dave");
	slotsvc_free(svc);
	event_base_free(base);
	free(path);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "a failed commit fails the batch behind it, memory matches "
		    "the disk", test_failed_commit },
		{ "a staff command does not reload away a block in flight",
		    test_poll_keeps_blocks_in_flight },
		{ "a store that cannot be read unblocks nothing, admits "
		    "no one", test_read_errors },
		{ NULL, NULL }
	};

	return testlib_run("slotsvc", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
