#include "config.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwedd/store_vfs.h"

/*
 * Every file opened through the VFS is wrapped, and every method handed
 * to the file of the default VFS, which lies just after the wrapper in
 * the space SQLite allocates (szOsFile).
 */
struct vfs_file {
	sqlite3_file	 base;
	sqlite3_file	*real;

	bool		 paced;		/* the main database */
	sqlite3_int64	 unsynced;	/* bytes written since its last sync */

	bool		 gathers;	/* the write-ahead log */
	char		*buf;		/* what it has gathered */
	size_t		 len;
	sqlite3_int64	 off;		/* where buf goes in the file */
};

static sqlite3_vfs	*vfs_default;
static sqlite3_vfs	 vfs_ours;
static pthread_once_t	 vfs_once = PTHREAD_ONCE_INIT;
static int		 vfs_registered;

#define VFS_REAL(f)	(((struct vfs_file *)(f))->real)

/* Write what the log has gathered. */
static int
vfs_flush(struct vfs_file *p)
{
	int	rc;

	if (p->len == 0)
		return SQLITE_OK;
	rc = p->real->pMethods->xWrite(p->real, p->buf, (int)p->len, p->off);
	p->len = 0;
	return rc;
}

static int
vfs_gather(struct vfs_file *p, const void *buf, int amt, sqlite3_int64 off)
{
	int	rc;

	/*
	 * A write elsewhere (a new log's header), or one that would not fit,
	 * sends what came before.
	 */
	if (p->len > 0 && (off != p->off + (sqlite3_int64)p->len ||
	    p->len + (size_t)amt > STORE_VFS_GATHER_MAX) &&
	    (rc = vfs_flush(p)) != SQLITE_OK)
		return rc;
	if ((size_t)amt > STORE_VFS_GATHER_MAX)
		return p->real->pMethods->xWrite(p->real, buf, amt, off);
	if (p->buf == NULL)
		p->buf = xmalloc(STORE_VFS_GATHER_MAX);
	if (p->len == 0)
		p->off = off;
	memcpy(p->buf + p->len, buf, (size_t)amt);
	p->len += (size_t)amt;
	return SQLITE_OK;
}

static int
vfs_close(sqlite3_file *f)
{
	struct vfs_file	*p = (struct vfs_file *)f;
	int		 rc, flushed;

	flushed = vfs_flush(p);
	free(p->buf);
	p->buf = NULL;
	rc = p->real->pMethods->xClose(p->real);
	return rc != SQLITE_OK ? rc : flushed;
}

static int
vfs_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	int	rc;

	if ((rc = vfs_flush((struct vfs_file *)f)) != SQLITE_OK)
		return rc;
	return VFS_REAL(f)->pMethods->xRead(VFS_REAL(f), buf, amt, off);
}

static int
vfs_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct vfs_file	*p = (struct vfs_file *)f;
	int		 rc;

	if (p->gathers)
		return vfs_gather(p, buf, amt, off);
	rc = p->real->pMethods->xWrite(p->real, buf, amt, off);
	if (rc != SQLITE_OK || !p->paced)
		return rc;
	p->unsynced += amt;
	if (p->unsynced < STORE_VFS_PACE_BYTES)
		return SQLITE_OK;
	p->unsynced = 0;
	return p->real->pMethods->xSync(p->real, SQLITE_SYNC_NORMAL);
}

static int
vfs_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	int	rc;

	if ((rc = vfs_flush((struct vfs_file *)f)) != SQLITE_OK)
		return rc;
	return VFS_REAL(f)->pMethods->xTruncate(VFS_REAL(f), size);
}

static int
vfs_sync(sqlite3_file *f, int flags)
{
	struct vfs_file	*p = (struct vfs_file *)f;
	int		 rc;

	if ((rc = vfs_flush(p)) != SQLITE_OK)
		return rc;
	p->unsynced = 0;
	return p->real->pMethods->xSync(p->real, flags);
}

static int
vfs_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	int	rc;

	if ((rc = vfs_flush((struct vfs_file *)f)) != SQLITE_OK)
		return rc;
	return VFS_REAL(f)->pMethods->xFileSize(VFS_REAL(f), size);
}

static int
vfs_lock(sqlite3_file *f, int level)
{
	return VFS_REAL(f)->pMethods->xLock(VFS_REAL(f), level);
}

static int
vfs_unlock(sqlite3_file *f, int level)
{
	return VFS_REAL(f)->pMethods->xUnlock(VFS_REAL(f), level);
}

static int
vfs_check_reserved(sqlite3_file *f, int *out)
{
	return VFS_REAL(f)->pMethods->xCheckReservedLock(VFS_REAL(f), out);
}

static int
vfs_file_control(sqlite3_file *f, int op, void *arg)
{
	int	rc;

	/* Some (a size hint, say) act on the file as it stands. */
	if ((rc = vfs_flush((struct vfs_file *)f)) != SQLITE_OK)
		return rc;
	return VFS_REAL(f)->pMethods->xFileControl(VFS_REAL(f), op, arg);
}

static int
vfs_sector_size(sqlite3_file *f)
{
	return VFS_REAL(f)->pMethods->xSectorSize(VFS_REAL(f));
}

static int
vfs_device(sqlite3_file *f)
{
	return VFS_REAL(f)->pMethods->xDeviceCharacteristics(VFS_REAL(f));
}

static int
vfs_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **out)
{
	return VFS_REAL(f)->pMethods->xShmMap(VFS_REAL(f), region, size,
	    extend, out);
}

static int
vfs_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return VFS_REAL(f)->pMethods->xShmLock(VFS_REAL(f), offset, n,
	    flags);
}

static void
vfs_shm_barrier(sqlite3_file *f)
{
	VFS_REAL(f)->pMethods->xShmBarrier(VFS_REAL(f));
}

static int
vfs_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return VFS_REAL(f)->pMethods->xShmUnmap(VFS_REAL(f), delete_flag);
}

static int
vfs_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out)
{
	return VFS_REAL(f)->pMethods->xFetch(VFS_REAL(f), off, amt, out);
}

static int
vfs_unfetch(sqlite3_file *f, sqlite3_int64 off, void *page)
{
	return VFS_REAL(f)->pMethods->xUnfetch(VFS_REAL(f), off, page);
}

static const sqlite3_io_methods vfs_methods = {
	.iVersion = 3,
	.xClose = vfs_close,
	.xRead = vfs_read,
	.xWrite = vfs_write,
	.xTruncate = vfs_truncate,
	.xSync = vfs_sync,
	.xFileSize = vfs_file_size,
	.xLock = vfs_lock,
	.xUnlock = vfs_unlock,
	.xCheckReservedLock = vfs_check_reserved,
	.xFileControl = vfs_file_control,
	.xSectorSize = vfs_sector_size,
	.xDeviceCharacteristics = vfs_device,
	.xShmMap = vfs_shm_map,
	.xShmLock = vfs_shm_lock,
	.xShmBarrier = vfs_shm_barrier,
	.xShmUnmap = vfs_shm_unmap,
	.xFetch = vfs_fetch,
	.xUnfetch = vfs_unfetch,
};

static int
vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out_flags)
{
	struct vfs_file	*p = (struct vfs_file *)f;
	int		 rc;

	(void)vfs;
	p->real = (sqlite3_file *)(p + 1);
	p->paced = (flags & SQLITE_OPEN_MAIN_DB) != 0;
	p->unsynced = 0;
	p->gathers = (flags & SQLITE_OPEN_WAL) != 0;
	p->buf = NULL;
	p->len = 0;
	rc = vfs_default->xOpen(vfs_default, name, p->real, flags,
	    out_flags);
	/* SQLite calls xClose only on a file whose pMethods is set. */
	f->pMethods = p->real->pMethods != NULL ? &vfs_methods : NULL;
	return rc;
}

/*
 * A copy of the default VFS, methods and pAppData alike, so that every
 * method but xOpen is the default's own with what it expects.  The
 * methods above are version 3; so are those of SQLite's Unix VFS.
 */
static void
vfs_init(void)
{
	vfs_default = sqlite3_vfs_find(NULL);
	if (vfs_default == NULL) {
		vfs_registered = SQLITE_ERROR;
		return;
	}
	vfs_ours = *vfs_default;
	vfs_ours.pNext = NULL;
	vfs_ours.zName = STORE_VFS_NAME;
	vfs_ours.szOsFile = (int)sizeof(struct vfs_file) +
	    vfs_default->szOsFile;
	vfs_ours.xOpen = vfs_open;
	vfs_registered = sqlite3_vfs_register(&vfs_ours, 0);
}

int
store_vfs_register(void)
{
	pthread_once(&vfs_once, vfs_init);
	return vfs_registered;
}
