#include "config.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "src/store_pace.h"

/*
 * Every file opened through the VFS is wrapped, and every method handed
 * to the file of the default VFS, which lies just after the wrapper in
 * the space SQLite allocates (szOsFile).
 */
struct pace_file {
	sqlite3_file	 base;
	sqlite3_file	*real;
	bool		 paced;		/* the main database */
	sqlite3_int64	 unsynced;	/* bytes written since its last sync */
};

static sqlite3_vfs	*pace_real_vfs;
static sqlite3_vfs	 pace_vfs;
static pthread_once_t	 pace_once = PTHREAD_ONCE_INIT;
static int		 pace_registered;

#define PACE_REAL(f)	(((struct pace_file *)(f))->real)

static int
pace_close(sqlite3_file *f)
{
	return PACE_REAL(f)->pMethods->xClose(PACE_REAL(f));
}

static int
pace_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	return PACE_REAL(f)->pMethods->xRead(PACE_REAL(f), buf, amt, off);
}

static int
pace_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct pace_file	*p = (struct pace_file *)f;
	int			 rc;

	rc = p->real->pMethods->xWrite(p->real, buf, amt, off);
	if (rc != SQLITE_OK || !p->paced)
		return rc;
	p->unsynced += amt;
	if (p->unsynced < STORE_PACE_BYTES)
		return SQLITE_OK;
	p->unsynced = 0;
	return p->real->pMethods->xSync(p->real, SQLITE_SYNC_NORMAL);
}

static int
pace_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return PACE_REAL(f)->pMethods->xTruncate(PACE_REAL(f), size);
}

static int
pace_sync(sqlite3_file *f, int flags)
{
	struct pace_file	*p = (struct pace_file *)f;

	p->unsynced = 0;
	return p->real->pMethods->xSync(p->real, flags);
}

static int
pace_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return PACE_REAL(f)->pMethods->xFileSize(PACE_REAL(f), size);
}

static int
pace_lock(sqlite3_file *f, int level)
{
	return PACE_REAL(f)->pMethods->xLock(PACE_REAL(f), level);
}

static int
pace_unlock(sqlite3_file *f, int level)
{
	return PACE_REAL(f)->pMethods->xUnlock(PACE_REAL(f), level);
}

static int
pace_check_reserved(sqlite3_file *f, int *out)
{
	return PACE_REAL(f)->pMethods->xCheckReservedLock(PACE_REAL(f), out);
}

static int
pace_file_control(sqlite3_file *f, int op, void *arg)
{
	return PACE_REAL(f)->pMethods->xFileControl(PACE_REAL(f), op, arg);
}

static int
pace_sector_size(sqlite3_file *f)
{
	return PACE_REAL(f)->pMethods->xSectorSize(PACE_REAL(f));
}

static int
pace_device(sqlite3_file *f)
{
	return PACE_REAL(f)->pMethods->xDeviceCharacteristics(PACE_REAL(f));
}

static int
pace_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **out)
{
	return PACE_REAL(f)->pMethods->xShmMap(PACE_REAL(f), region, size,
	    extend, out);
}

static int
pace_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return PACE_REAL(f)->pMethods->xShmLock(PACE_REAL(f), offset, n,
	    flags);
}

static void
pace_shm_barrier(sqlite3_file *f)
{
	PACE_REAL(f)->pMethods->xShmBarrier(PACE_REAL(f));
}

static int
pace_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return PACE_REAL(f)->pMethods->xShmUnmap(PACE_REAL(f), delete_flag);
}

static int
pace_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out)
{
	return PACE_REAL(f)->pMethods->xFetch(PACE_REAL(f), off, amt, out);
}

static int
pace_unfetch(sqlite3_file *f, sqlite3_int64 off, void *page)
{
	return PACE_REAL(f)->pMethods->xUnfetch(PACE_REAL(f), off, page);
}

static const sqlite3_io_methods pace_methods = {
	.iVersion = 3,
	.xClose = pace_close,
	.xRead = pace_read,
	.xWrite = pace_write,
	.xTruncate = pace_truncate,
	.xSync = pace_sync,
	.xFileSize = pace_file_size,
	.xLock = pace_lock,
	.xUnlock = pace_unlock,
	.xCheckReservedLock = pace_check_reserved,
	.xFileControl = pace_file_control,
	.xSectorSize = pace_sector_size,
	.xDeviceCharacteristics = pace_device,
	.xShmMap = pace_shm_map,
	.xShmLock = pace_shm_lock,
	.xShmBarrier = pace_shm_barrier,
	.xShmUnmap = pace_shm_unmap,
	.xFetch = pace_fetch,
	.xUnfetch = pace_unfetch,
};

static int
pace_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	struct pace_file	*p = (struct pace_file *)f;
	int			 rc;

	(void)vfs;
	p->real = (sqlite3_file *)(p + 1);
	p->paced = (flags & SQLITE_OPEN_MAIN_DB) != 0;
	p->unsynced = 0;
	rc = pace_real_vfs->xOpen(pace_real_vfs, name, p->real, flags,
	    out_flags);
	/* SQLite calls xClose only on a file whose pMethods is set. */
	f->pMethods = p->real->pMethods != NULL ? &pace_methods : NULL;
	return rc;
}

/*
 * A copy of the default VFS, methods and pAppData alike, so that every
 * method but xOpen is the default's own with what it expects.  The
 * methods above are version 3; so are those of SQLite's Unix VFS.
 */
static void
pace_init(void)
{
	pace_real_vfs = sqlite3_vfs_find(NULL);
	if (pace_real_vfs == NULL) {
		pace_registered = SQLITE_ERROR;
		return;
	}
	pace_vfs = *pace_real_vfs;
	pace_vfs.pNext = NULL;
	pace_vfs.zName = STORE_PACE_VFS;
	pace_vfs.szOsFile = (int)sizeof(struct pace_file) +
	    pace_real_vfs->szOsFile;
	pace_vfs.xOpen = pace_open;
	pace_registered = sqlite3_vfs_register(&pace_vfs, 0);
}

int
store_pace_register(void)
{
	pthread_once(&pace_once, pace_init);
	return pace_registered;
}
