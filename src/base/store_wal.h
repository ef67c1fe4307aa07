/*
 * The durability settings every SQLite store of hcwed shares (hcwedd's
 * message store and hcwed-slotd's slot books): a busy timeout for admin
 * commands writing while a server runs, WAL, and synchronous=FULL so that
 * a commit survives a crash of the machine.  Only store files include it.
 */
#ifndef HC_STORE_WAL_H
#define HC_STORE_WAL_H

#include <sqlite3.h>

/*
 * Apply the settings to db.  SQLITE_OK, or an SQLite result code with the
 * reason in sqlite3_errmsg(db).
 */
int	store_wal_enable(sqlite3 *db);
/*
 * Make the database file at path, if it is not there, readable and
 * writable by its owner only, whatever the umask: it holds password hashes, messages
 * and key hashes, and SQLite gives its -wal and -shm files the same mode.
 * An existing file (or -wal, -shm) that others may read or write is
 * refused, with the chmod that fixes it in *cause.  ":memory:" and URIs
 * are left alone.  -1 with a malloc'd *cause.
 */
int	store_wal_create(const char *path, char **cause);

#endif
