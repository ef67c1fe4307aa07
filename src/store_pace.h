/*
 * A VFS for a connection that checkpoints beside a committer.  A
 * checkpoint writes what the log has gathered, megabytes of it, into the
 * database through the page cache and syncs it all at its end; the disk
 * then takes milliseconds to take it in, and every commit's fsync in that
 * time waits behind it.  Through this VFS a database file is also synced
 * each time STORE_PACE_BYTES more have been written to it, so that a
 * checkpoint reaches the disk in slices, and the commits' fsyncs pass
 * between them (BENCHMARKS.md, "hcwedd: checkpoints").
 *
 * It wraps SQLite's default VFS and changes nothing else.  Only store
 * files include it.
 */
#ifndef HC_STORE_PACE_H
#define HC_STORE_PACE_H

#define STORE_PACE_VFS		"hcwed-paced"
#define STORE_PACE_BYTES	(64 * 1024)

/* Register the VFS; once is enough, from any thread.  SQLITE_OK or not. */
int	store_pace_register(void);

#endif
