#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/store_wal.h"
#include "src/base/xmalloc.h"

#define STORE_WAL_BUSY_MS	5000
#define STORE_WAL_RETRY_MS	10

int
store_wal_enable(sqlite3 *db)
{
	int	rc;

	sqlite3_busy_timeout(db, STORE_WAL_BUSY_MS);
	/*
	 * Turning a new file to WAL needs a moment of exclusive access, and
	 * SQLite answers BUSY at once, without the busy handler, when another
	 * process is opening the same file (two admin commands at once).
	 * Retry for as long as the busy timeout would have waited.
	 */
	for (int waited = 0; ; waited += STORE_WAL_RETRY_MS) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL,
		    NULL);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited >= STORE_WAL_BUSY_MS)
			break;
		sqlite3_sleep(STORE_WAL_RETRY_MS);
	}
	if (rc != SQLITE_OK)
		return rc;
	return sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

/* An existing file that others may read or write is refused. */
static int
store_wal_private(const char *path, const char *suffix, char **cause)
{
	char		*file = xasprintf("%s%s", path, suffix);
	struct stat	 sb;
	int		 rc = 0;

	if (stat(file, &sb) == 0 && (sb.st_mode & 077) != 0) {
		*cause = xasprintf("%s: group or others may read or write it "
		    "(mode %04o): it holds what only this service may see; run: "
		    "chmod 600 %s", file,
		    (unsigned)(sb.st_mode & 07777), file);
		rc = -1;
	}
	free(file);
	return rc;
}

int
store_wal_create(const char *path, char **cause)
{
	int	fd;

	if (*path == ':' || strncmp(path, "file:", 5) == 0)
		return 0;
	/*
	 * O_EXCL: an existing file is never opened here, since closing any
	 * descriptor of a file drops the process's POSIX locks on it, which
	 * another connection of this process may hold.
	 */
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		if (errno != EEXIST) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			return -1;
		}
		return store_wal_private(path, "", cause) != 0 ||
		    store_wal_private(path, "-wal", cause) != 0 ||
		    store_wal_private(path, "-shm", cause) != 0 ? -1 : 0;
	}
	/* Whatever the umask. */
	if (fchmod(fd, 0600) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
