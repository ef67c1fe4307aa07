/*
 * Shared CUnit runner for the tests/ programs: a suite table in, an exit
 * status out (0 all passed, 1 a failure, 99 a framework error, as the
 * automake test harness expects).
 */
#ifndef HC_TESTLIB_H
#define HC_TESTLIB_H

#include <CUnit/CUnit.h>

struct testlib_case {
	const char	*name;
	CU_TestFunc	 fn;
};

/* Cases end with { NULL, NULL }. setup/teardown may be NULL. */
int	testlib_run(const char *suite, CU_InitializeFunc setup,
	    CU_CleanupFunc teardown, const struct testlib_case *cases);

/*
 * Setup and teardown for a suite whose cases write files: testlib_dir is
 * a fresh directory under $TMPDIR, named after the suite, and is removed
 * after the last case.
 */
extern char	*testlib_dir;
int	testlib_dir_setup(void);
int	testlib_dir_teardown(void);

/* A fresh directory under $TMPDIR for throw-away files; caller frees. */
char	*testlib_tmpdir(const char *prefix);
/* rm -rf of a directory made by testlib_tmpdir. */
void	 testlib_rmdir(const char *dir);

#endif
