#include "config.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "src/hcwedd/store_sqlite.h"

/*
 * The newest account change in the transaction's snapshot, once per batch:
 * a message whose accounts were checked after it needs no check again.
 */
static int
store_changes_newest(struct store *st, int64_t *newest, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_CHANGE_LAST, cause)) == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*newest = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading account changes");
		return -1;
	}
	return 0;
}

static int
store_put_msg(struct store *st, struct store_put_msg *m, int64_t changes,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/* An account changed since the sender's checks: look again. */
	if ((stmt = store_stmt(st, changes > m->accounts_seen ?
	    ST_MSG_INSERT_CHECKED : ST_MSG_INSERT, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, m->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, m->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, m->body, (int)m->body_len, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, (int)m->priority);
	sqlite3_bind_text(stmt, 5, m->cid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, m->ts);
	if (store_step_done(st, stmt, "storing a message", cause) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 1) {
		m->mid = sqlite3_last_insert_rowid(st->db);
		m->duplicate = false;
		return store_audit_insert(st, m->ts, "send", m->from, m->addr,
		    m->to, m->mid, NULL, cause);
	}
	if ((stmt = store_stmt(st, ST_MSG_BY_CID, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, m->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, m->cid, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		m->mid = sqlite3_column_int64(stmt, 0);
		m->ts = sqlite3_column_int64(stmt, 1);
		m->duplicate = true;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "finding a duplicate message");
		return -1;
	}
	/* Neither stored nor there before: an account has gone. */
	m->unknown = rc == SQLITE_DONE;
	return 0;
}

/* Insert one receipt row; appends it to *fresh if it is new. */
static int
store_put_state(struct store *st, const struct store_put_receipt *r,
    enum proto_state state, size_t index, const char *sender,
    struct store_new_receipt **fresh, size_t *nfresh, char **cause)
{
	sqlite3_stmt			*stmt;
	struct store_new_receipt	*nr;
	int64_t				 rid;

	if ((stmt = store_stmt(st, ST_RECEIPT_INSERT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, r->mid);
	sqlite3_bind_text(stmt, 2, r->user, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, (int)state);
	sqlite3_bind_int64(stmt, 4, r->ts);
	if (store_step_done(st, stmt, "storing a receipt", cause) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return 0;
	/* Before the audit row, whose id would be the last one inserted. */
	rid = sqlite3_last_insert_rowid(st->db);
	if (store_audit_insert(st, r->ts, state == PROTO_STATE_READ ? "read" :
	    "delivered", r->user, r->addr, sender, r->mid, NULL, cause) != 0)
		return -1;
	*fresh = xreallocarray(*fresh, *nfresh + 1, sizeof **fresh);
	nr = &(*fresh)[(*nfresh)++];
	memset(nr, 0, sizeof *nr);
	nr->r.rid = rid;
	nr->r.mid = r->mid;
	nr->r.ts = r->ts;
	nr->r.state = state;
	snprintf(nr->r.by, sizeof nr->r.by, "%s", r->user);
	snprintf(nr->sender, sizeof nr->sender, "%s", sender);
	nr->index = index;
	return 0;
}

static int
store_put_receipt(struct store *st, const struct store_put_receipt *r,
    size_t index, struct store_new_receipt **fresh, size_t *nfresh,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 sender[PROTO_NAME_MAX + 1], to[PROTO_NAME_MAX + 1];
	int		 rc;

	if ((stmt = store_stmt(st, ST_MSG_ADDRESSEE, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, r->mid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(sender, sizeof sender, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
		snprintf(to, sizeof to, "%s",
		    (const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a message");
		return -1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	if (strcmp(to, r->user) != 0 && (strcmp(to, PROTO_BROADCAST) != 0 ||
	    strcmp(sender, r->user) == 0))
		return 0;
	if (store_put_state(st, r, PROTO_STATE_DELIVERED, index, sender, fresh,
	    nfresh, cause) != 0)
		return -1;
	if (r->state == PROTO_STATE_READ && store_put_state(st, r,
	    PROTO_STATE_READ, index, sender, fresh, nfresh, cause) != 0)
		return -1;
	return 0;
}

int
store_put_batch(struct store *st, struct store_put_msg *msgs, size_t n,
    const struct store_put_receipt *receipts, size_t nreceipts,
    const struct store_audit *audit, size_t naudit,
    struct store_new_receipt **fresh, size_t *nfresh, char **cause)
{
	const struct store_audit	*a;
	int64_t				 changes = 0;

	*fresh = NULL;
	*nfresh = 0;
	if (store_begin(st, cause) != 0)
		return -1;
	if (n > 0 && store_changes_newest(st, &changes, cause) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (store_put_msg(st, &msgs[i], changes, cause) != 0)
			goto fail;
	}
	for (size_t i = 0; i < nreceipts; i++) {
		if (store_put_receipt(st, &receipts[i], i, fresh, nfresh,
		    cause) != 0)
			goto fail;
	}
	for (size_t i = 0; i < naudit; i++) {
		a = &audit[i];
		if (store_audit_insert(st, a->ts, a->event, a->user, a->addr,
		    a->peer, a->mid, a->detail, cause) != 0)
			goto fail;
	}
	if (store_commit(st, cause) == 0)
		return 0;
fail:
	/* After a failed commit there is nothing left to roll back. */
	store_rollback(st);
	free(*fresh);
	*fresh = NULL;
	*nfresh = 0;
	return -1;
}

static void
store_row_message(sqlite3_stmt *stmt, struct proto_message *m)
{
	int	state;

	memset(m, 0, sizeof *m);
	m->mid = sqlite3_column_int64(stmt, 0);
	m->ts = sqlite3_column_int64(stmt, 1);
	snprintf(m->from, sizeof m->from, "%s",
	    (const char *)sqlite3_column_text(stmt, 2));
	snprintf(m->to, sizeof m->to, "%s",
	    (const char *)sqlite3_column_text(stmt, 3));
	m->body_len = (size_t)sqlite3_column_bytes(stmt, 4);
	m->body = xstrndup((const char *)sqlite3_column_text(stmt, 4),
	    m->body_len);
	m->priority = sqlite3_column_int(stmt, 5) != 0 ? PROTO_PRIO_URGENT :
	    PROTO_PRIO_NORMAL;
	snprintf(m->cid, sizeof m->cid, "%s",
	    (const char *)sqlite3_column_text(stmt, 6));
	state = sqlite3_column_int(stmt, 7);
	m->has_state = state >= 0;
	m->state = state > 0 ? (enum proto_state)state : PROTO_STATE_STORED;
}

/* Run a bound message query; collects up to limit rows, *more if another. */
static int
store_messages(struct store *st, sqlite3_stmt *stmt, unsigned limit,
    struct proto_message **out, size_t *n, bool *more, char **cause)
{
	struct proto_message	*msgs = NULL;
	size_t			 count = 0;
	int			 rc;

	*more = false;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (count == limit) {
			*more = true;
			rc = SQLITE_DONE;
			break;
		}
		msgs = xreallocarray(msgs, count + 1, sizeof *msgs);
		store_row_message(stmt, &msgs[count++]);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_messages_free(msgs, count);
		*cause = store_error(st, "reading messages");
		return -1;
	}
	*out = msgs;
	*n = count;
	return 0;
}

int
store_history(struct store *st, const char *user, const char *peer,
    int64_t before, unsigned limit, struct proto_message **out, size_t *n,
    bool *more, char **cause)
{
	sqlite3_stmt		*stmt;
	struct proto_message	 tmp;
	bool			 all = strcmp(peer, PROTO_BROADCAST) == 0;

	stmt = store_stmt(st, all ? ST_HISTORY_ALL : ST_HISTORY, cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, peer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int64(stmt, 4, (int64_t)limit + 1);
	if (store_messages(st, stmt, limit, out, n, more, cause) != 0)
		return -1;
	/* Fetched newest first to page backwards; handed out oldest first. */
	for (size_t i = 0; i < *n / 2; i++) {
		tmp = (*out)[i];
		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = tmp;
	}
	return 0;
}

/*
 * Receipt rows (rid, mid, ts, user, state) of a statement whose ?1 the
 * caller has bound, after the rid cursor after, at most limit of them.
 */
static int
store_receipt_rows(struct store *st, sqlite3_stmt *stmt, int64_t after,
    unsigned limit, struct store_sync_page *page, char **cause)
{
	struct proto_receipt	*r;
	int			 rc;

	sqlite3_bind_int64(stmt, 2, after);
	sqlite3_bind_int64(stmt, 3, (int64_t)limit + 1);
	page->last_receipt = after;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->nreceipts == limit) {
			page->more = true;
			rc = SQLITE_DONE;
			break;
		}
		page->receipts = xreallocarray(page->receipts,
		    page->nreceipts + 1, sizeof *page->receipts);
		r = &page->receipts[page->nreceipts++];
		memset(r, 0, sizeof *r);
		r->rid = sqlite3_column_int64(stmt, 0);
		r->mid = sqlite3_column_int64(stmt, 1);
		r->ts = sqlite3_column_int64(stmt, 2);
		snprintf(r->by, sizeof r->by, "%s",
		    (const char *)sqlite3_column_text(stmt, 3));
		r->state = (enum proto_state)sqlite3_column_int(stmt, 4);
		page->last_receipt = r->rid;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading receipts");
		return -1;
	}
	return 0;
}

/* The newest mid user can see: the cursor after a complete undelivered sync. */
static int
store_sync_last(struct store *st, const char *user, int64_t *last,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = store_stmt(st, ST_SYNC_LAST, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*last = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading the newest message");
		return -1;
	}
	return 0;
}

int
store_sync(struct store *st, const char *user, bool undelivered,
    int64_t after, int64_t receipts_after, unsigned limit,
    struct store_sync_page *page, char **cause)
{
	sqlite3_stmt	*stmt;
	bool		 more;

	memset(page, 0, sizeof *page);
	stmt = store_stmt(st, undelivered ? ST_SYNC_UNDELIVERED :
	    ST_SYNC_AFTER, cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, undelivered ? 0 : after);
	sqlite3_bind_int64(stmt, 3, (int64_t)limit + 1);
	if (store_messages(st, stmt, limit, &page->msgs, &page->n, &more,
	    cause) != 0)
		return -1;
	page->more = more;
	page->last = page->n > 0 ? page->msgs[page->n - 1].mid : after;
	/*
	 * Once every undelivered message is out, the cursor moves to the
	 * newest message the user can see: older ones were delivered to
	 * another of their sessions, and a cursor of 0 would replay them all.
	 */
	if (undelivered && !more && store_sync_last(st, user, &page->last,
	    cause) != 0)
		goto fail;
	if ((stmt = store_stmt(st, ST_SYNC_RECEIPTS, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if (store_receipt_rows(st, stmt, receipts_after, limit, page,
	    cause) != 0)
		goto fail;
	return 0;
fail:
	store_sync_free(page);
	return -1;
}

int
store_receipts_of(struct store *st, const char *sender, int64_t mid,
    int64_t after, unsigned limit, struct store_sync_page *page,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(page, 0, sizeof *page);
	if ((stmt = store_stmt(st, ST_MSG_OWNED, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mid);
	sqlite3_bind_text(stmt, 2, sender, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a message");
		return -1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	if ((stmt = store_stmt(st, ST_RECEIPTS_OF, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mid);
	if (store_receipt_rows(st, stmt, after, limit, page, cause) != 0) {
		store_sync_free(page);
		return -1;
	}
	return 1;
}

int
store_unread(struct store *st, const char *user, size_t max,
    struct proto_unread **out, size_t *n, int64_t *last, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = xcalloc(max + 1, sizeof **out);
	*n = 0;
	*last = 0;
	if ((stmt = store_stmt(st, ST_SYNC_LAST, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*last = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading the newest message");
		goto fail;
	}
	if ((stmt = store_stmt(st, ST_UNREAD, cause)) == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, *last);
	sqlite3_bind_int(stmt, 3, STORE_UNREAD_SCAN);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)max);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < max) {
		snprintf((*out)[*n].with, sizeof (*out)[*n].with, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
		(*out)[*n].unread = (unsigned)sqlite3_column_int(stmt, 1);
		(*out)[*n].urgent = (unsigned)sqlite3_column_int(stmt, 2);
		(*n)++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*cause = store_error(st, "counting unread messages");
		goto fail;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

void
store_sync_free(struct store_sync_page *page)
{
	store_messages_free(page->msgs, page->n);
	free(page->receipts);
	memset(page, 0, sizeof *page);
}

void
store_messages_free(struct proto_message *msgs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(msgs[i].body);
	free(msgs);
}
