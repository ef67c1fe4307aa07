/*
 * The VFS of the server's commit and checkpoint connections: SQLite's
 * default one, with two changes to how writes reach the disk.
 *
 * - Writes to the write-ahead log are gathered until it is synced, and
 *   go to the kernel as one.  SQLite writes each page of a commit as two
 *   writes (a 24-byte frame header and the page): forty system calls for
 *   a commit of twenty pages, where one does.  Nothing is lost by the
 *   wait: a commit counts only once the log is synced, and anything that
 *   reads, sizes or syncs the log writes the gathered bytes first.  A
 *   connection through this VFS must be synchronous and must not spill
 *   its cache (PRAGMA cache_spill = OFF): then the log is written only by
 *   a commit, from its first page to its sync, under the write lock, and
 *   nothing gathered outlives it.  Pages spilled by a transaction that
 *   then rolled back would otherwise wait here, to be written later over
 *   what another connection had committed meanwhile.
 * - The database file is also synced each time STORE_VFS_PACE_BYTES more
 *   have been written to it.  A checkpoint writes what the log has
 *   gathered, megabytes of it, into the page cache and syncs it all at
 *   its end; the disk then takes milliseconds to take it in, and every
 *   commit's fsync in that time waits behind it.  In slices, the commits'
 *   fsyncs pass between them.
 *
 * BENCHMARKS.md ("hcwedd: checkpoints and the log") has the figures.
 * Only store files include this.
 */
#ifndef HC_STORE_VFS_H
#define HC_STORE_VFS_H

#define STORE_VFS_NAME		"hcwed"
#define STORE_VFS_PACE_BYTES	(64 * 1024)
/*
 * The most gathered into one write: SQLite's Unix VFS takes a write of
 * 128 KiB or more for a short one, and a page is at most 64 KiB.
 */
#define STORE_VFS_GATHER_MAX	(64 * 1024)

/* Register the VFS; once is enough, from any thread.  SQLITE_OK or not. */
int	store_vfs_register(void);

#endif
