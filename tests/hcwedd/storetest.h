/*
 * What the store tests share: fresh SQLite files in the test directory
 * (testlib_dir_setup), accounts, and messages stored one batch at a time.
 * Failures are CUnit assertions, or exit 99 when nothing can go on.
 */
#ifndef HC_STORETEST_H
#define HC_STORETEST_H

#include <stdint.h>

#include "src/hcwedd/store.h"

/* A new store file NAME.db; the caller closes it. */
struct store	*st_fresh(const char *name);
/* The same with the accounts alice, bob, carol and dave. */
struct store	*st_fresh_accounts(const char *name);
void		 st_add_user(struct store *, const char *name, const char *role);
/* A message to store; the strings are borrowed. */
struct store_put_msg st_msg(const char *from, const char *to, const char *body,
		    const char *cid, int64_t ts);
/* Store one message in a batch of its own; its mid (0: not stored). */
int64_t		 st_put1(struct store *, const char *from, const char *to,
		    const char *cid);

#endif
