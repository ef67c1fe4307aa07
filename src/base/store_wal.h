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

#endif
