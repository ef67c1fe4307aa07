#include "config.h"

#include <CUnit/Basic.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "src/base/xmalloc.h"
#include "tests/testlib.h"

char		*testlib_dir;
static const char *testlib_suite;

int
testlib_run(const char *name, CU_InitializeFunc setup,
    CU_CleanupFunc teardown, const struct testlib_case *cases)
{
	CU_pSuite	suite;
	unsigned	failed;

	testlib_suite = name;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 99;
	if ((suite = CU_add_suite(name, setup, teardown)) == NULL)
		goto error;
	for (; cases->name != NULL; cases++) {
		if (CU_add_test(suite, cases->name, cases->fn) == NULL)
			goto error;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		goto error;
	failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
error:
	fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
	CU_cleanup_registry();
	return 99;
}

char *
testlib_tmpdir(const char *prefix)
{
	const char	*base = getenv("TMPDIR");
	char		*dir;

	dir = xasprintf("%s/%s.XXXXXX", base != NULL ? base : "/tmp", prefix);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		exit(99);
	}
	return dir;
}

static int
testlib_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void
testlib_rmdir(const char *dir)
{
	nftw(dir, testlib_rm, 16, FTW_DEPTH | FTW_PHYS);
}

int
testlib_dir_setup(void)
{
	char	*prefix = xasprintf("test_%s", testlib_suite);

	testlib_dir = testlib_tmpdir(prefix);
	free(prefix);
	return 0;
}

int
testlib_dir_teardown(void)
{
	testlib_rmdir(testlib_dir);
	free(testlib_dir);
	testlib_dir = NULL;
	return 0;
}
