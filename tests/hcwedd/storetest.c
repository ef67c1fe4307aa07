#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store.h"
#include "tests/hcwedd/storetest.h"
#include "tests/testlib.h"

/* A fresh store file for each case. */
struct store *
st_fresh(const char *name)
{
	char		*path = xasprintf("%s/%s.db", testlib_dir, name);
	char		*cause = NULL;
	struct store	*s = NULL;

	if (store_open(path, &s, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	free(path);
	return s;
}

void
st_add_user(struct store *s, const char *name, const char *role)
{
	struct store_user	 u = { .created = 1000 };
	char			*cause = NULL;

	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.role, sizeof u.role, "%s", role);
	snprintf(u.display, sizeof u.display, "The %s", name);
	u.hash = (char *)"$argon2id$x";
	CU_ASSERT_EQUAL(store_user_add(s, &u, &cause), 0);
}

/* A fresh store with the accounts the message tests write between. */
struct store *
st_fresh_accounts(const char *name)
{
	struct store	*s = st_fresh(name);

	st_add_user(s, "alice", "doctor");
	st_add_user(s, "bob", "nurse");
	st_add_user(s, "carol", "nurse");
	st_add_user(s, "dave", "nurse");
	return s;
}

struct store_put_msg
st_msg(const char *from, const char *to, const char *body, const char *cid,
    int64_t ts)
{
	struct store_put_msg	m = {
		.from = from, .to = to, .body = body, .cid = cid, .ts = ts,
		.body_len = strlen(body), .priority = PROTO_PRIO_NORMAL,
	};

	return m;
}

/* Store one message alone; returns its mid. */
int64_t
st_put1(struct store *s, const char *from, const char *to, const char *cid)
{
	struct store_put_msg		 m = st_msg(from, to, "hi", cid, 5);
	struct store_new_receipt	*fr;
	size_t				 nfr;
	char				*cause = NULL;

	CU_ASSERT_EQUAL(store_put_batch(s, &m, 1, NULL, 0, NULL, 0, &fr, &nfr,
	    &cause), 0);
	free(fr);
	return m.mid;
}

