#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "tests/testlib.h"

/*
 * The write-ahead log: checkpoints from another connection, and the
 * writer connections' VFS (src/store_vfs.c), which gathers a commit's
 * writes to the log: what it holds back must reach the file before the
 * commit returns, or an ack would promise what a crash loses.
 */
#define CRASH_AFTER	200	/* commits reported before the kill */
#define BIG		2000	/* messages in one commit: over 400 KiB */

/* A new database with the account the messages come from. */
static char *
db_path(const char *name)
{
	char			*path = xasprintf("%s/%s.db", testlib_dir, name);
	struct store_user	 u = { .name = "zed", .role = "nurse",
				    .hash = (char *)"h" };
	struct store		*s;
	char			*cause = NULL;

	if (store_open(path, &s, &cause) != 0 ||
	    store_user_add(s, &u, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	store_close(s);
	return path;
}

static int64_t
put1(struct store *s, const char *cid)
{
	struct store_put_msg		 m = {
		.from = "zed", .to = "*", .body = "hi", .body_len = 2,
		.cid = cid, .ts = 1, .priority = PROTO_PRIO_NORMAL,
	};
	struct store_new_receipt	*fr = NULL;
	size_t				 nfr;
	char				*cause = NULL;

	if (store_put_batch(s, &m, 1, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return -1;
	}
	free(fr);
	return m.mid;
}

static size_t
stored(struct store *s)
{
	struct proto_message	*msgs;
	size_t			 n;
	bool			 more;
	char			*cause;

	CU_ASSERT_EQUAL_FATAL(store_history(s, "zed", "*", 0, 500, &msgs, &n,
	    &more, &cause), 0);
	store_messages_free(msgs, n);
	return n;
}

static off_t
file_size(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* Checkpoints done by another connection, as the server's thread does. */
static void
test_checkpoint(void)
{
	char		*path = db_path("ck");
	char		*cause = NULL;
	char		 cid[16];
	struct store	*w, *c;
	sqlite3		*r;
	size_t		 grown, copied, more;

	CU_ASSERT_EQUAL_FATAL(store_open(path, &w, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(store_open(path, &c, &cause), 0);
	store_wal_defer(w);
	for (int i = 0; i < 200; i++) {
		snprintf(cid, sizeof cid, "k%d", i);
		CU_ASSERT_TRUE(put1(w, cid) > 0);
	}
	/* No checkpoint of its own: the log only grows. */
	grown = store_wal_pages(w);
	CU_ASSERT_TRUE(grown > 200);
	CU_ASSERT_EQUAL(store_checkpoint(c, false, &copied, &cause), 0);
	CU_ASSERT_EQUAL(copied, grown);
	CU_ASSERT_EQUAL(store_checkpoint_sync(c, &cause), 0);
	/* All copied and nobody reading: the next commit starts it over. */
	CU_ASSERT_TRUE(put1(w, "after-passive") > 0);
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);
	for (int i = 0; i < 50; i++) {
		snprintf(cid, sizeof cid, "r%d", i);
		CU_ASSERT_TRUE(put1(w, cid) > 0);
	}
	CU_ASSERT_EQUAL(store_checkpoint(c, true, &copied, &cause), 0);
	CU_ASSERT_TRUE(put1(w, "after-restart") > 0);
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);

	/*
	 * A checkpoint that cannot catch up (here a reader holds it back, as
	 * commits made meanwhile do in the server) leaves the log going,
	 * until the writer copies the rest itself, as the committer finishes
	 * a checkpoint, and its next commit starts the log over.
	 */
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &r), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(r, "BEGIN; SELECT count(*) FROM messages",
	    NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < 50; i++) {
		snprintf(cid, sizeof cid, "p%d", i);
		CU_ASSERT_TRUE(put1(w, cid) > 0);
	}
	grown = store_wal_pages(w);
	CU_ASSERT_EQUAL(store_checkpoint(c, false, &copied, &cause), 0);
	CU_ASSERT_TRUE(copied < grown);
	CU_ASSERT_EQUAL(sqlite3_exec(r, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	CU_ASSERT_TRUE(put1(w, "meanwhile") > 0);
	CU_ASSERT_TRUE(store_wal_pages(w) > grown);
	CU_ASSERT_EQUAL(store_checkpoint(w, false, &more, &cause), 0);
	CU_ASSERT_EQUAL(more, store_wal_pages(w));
	CU_ASSERT_TRUE(put1(w, "after-finish") > 0);
	CU_ASSERT_TRUE(store_wal_pages(w) < 20);
	store_close(c);
	store_close(w);
	free(path);
}

/* Each commit is in the log file, and seen by others, once it returns. */
static void
test_commit_reaches_file(void)
{
	char		*path = db_path("reach"), *wal, cid[16];
	char		*cause = NULL;
	struct store	*w, *r;
	off_t		 before, after;

	wal = xasprintf("%s-wal", path);
	CU_ASSERT_EQUAL_FATAL(store_open_writer(path, &w, &cause), 0);
	CU_ASSERT_EQUAL_FATAL(store_open(path, &r, &cause), 0);
	for (int i = 0; i < 20; i++) {
		before = file_size(wal);
		snprintf(cid, sizeof cid, "c%d", i);
		CU_ASSERT_TRUE(put1(w, cid) > 0);
		after = file_size(wal);
		CU_ASSERT_TRUE(after > before);
		CU_ASSERT_EQUAL(stored(r), (size_t)i + 1);
	}
	store_close(r);
	store_close(w);
	free(wal);
	free(path);
}

/* A commit of many pages, written in many pieces, is all there. */
static void
test_big_commit(void)
{
	char			*path = db_path("big"), *cause = NULL;
	struct store		*w, *r;
	struct store_put_msg	*m = xcalloc(BIG, sizeof *m);
	char			(*cids)[16] = xcalloc(BIG, sizeof *cids);
	char			 body[200];
	struct store_new_receipt *fr = NULL;
	size_t			 nfr;

	memset(body, 'b', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	for (int i = 0; i < BIG; i++) {
		snprintf(cids[i], sizeof cids[i], "b%d", i);
		m[i] = (struct store_put_msg){
			.from = "zed", .to = "*", .body = body,
			.body_len = strlen(body), .cid = cids[i], .ts = 1,
			.priority = PROTO_PRIO_NORMAL,
		};
	}
	CU_ASSERT_EQUAL_FATAL(store_open_writer(path, &w, &cause), 0);
	CU_ASSERT_EQUAL(store_put_batch(w, m, BIG, NULL, 0, NULL, 0, &fr,
	    &nfr, &cause), 0);
	free(fr);
	CU_ASSERT_EQUAL_FATAL(store_open(path, &r, &cause), 0);
	CU_ASSERT_EQUAL(stored(r), 500);
	CU_ASSERT_EQUAL(put1(r, "b1999"), m[BIG - 1].mid);
	store_close(r);
	store_close(w);
	free(cids);
	free(m);
	free(path);
}

/*
 * A writer killed mid-stream (SIGKILL, nothing flushed on the way out)
 * loses nothing it had committed: the child reports each mid once its
 * commit has returned, and the parent finds every one of them.
 */
static void
test_kill_keeps_commits(void)
{
	char		*path = db_path("kill"), *cause = NULL, cid[16];
	int		 fds[2], status;
	int64_t		 mid, last = 0;
	size_t		 got = 0;
	struct store	*w, *r;
	pid_t		 pid;
	FILE		*in;

	/* Created here, so that the child only ever writes into it. */
	CU_ASSERT_EQUAL_FATAL(store_open(path, &r, &cause), 0);
	store_close(r);
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		if (store_open_writer(path, &w, &cause) != 0)
			_exit(2);
		for (int i = 0; ; i++) {
			snprintf(cid, sizeof cid, "k%d", i);
			if ((mid = put1(w, cid)) < 0 ||
			    write(fds[1], &mid, sizeof mid) != sizeof mid)
				_exit(3);
		}
	}
	CU_ASSERT_TRUE_FATAL(pid > 0);
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (got < CRASH_AFTER && fread(&mid, sizeof mid, 1, in) == 1) {
		last = mid;
		got++;
	}
	kill(pid, SIGKILL);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFSIGNALED(status));
	/* Whatever it reported in the pipe meanwhile was committed too. */
	while (fread(&mid, sizeof mid, 1, in) == 1) {
		last = mid;
		got++;
	}
	fclose(in);
	CU_ASSERT_TRUE_FATAL(got >= CRASH_AFTER);
	CU_ASSERT_EQUAL_FATAL(store_open(path, &r, &cause), 0);
	CU_ASSERT_TRUE(stored(r) >= (got < 500 ? got : 500));
	snprintf(cid, sizeof cid, "k%zu", got - 1);
	CU_ASSERT_EQUAL(put1(r, cid), last);
	store_close(r);
	free(path);
}

int
main(void)
{
	static const struct testlib_case cases[] = {
		{ "another connection checkpoints, the log starts over",
		    test_checkpoint },
		{ "a commit is in the log file when it returns",
		    test_commit_reaches_file },
		{ "a commit of many pages is all there",
		    test_big_commit },
		{ "a writer killed mid-stream loses no commit",
		    test_kill_keeps_commits },
		{ NULL, NULL }
	};

	return testlib_run("store_vfs", testlib_dir_setup,
	    testlib_dir_teardown, cases);
}
