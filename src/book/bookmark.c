#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/xmalloc.h"
#include "src/book/bookmark.h"

static char *
bookmark_path(void)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/hcwed/book-services", xdg);
	return xasprintf("%s/.local/state/hcwed/book-services",
	    home != NULL ? home : ".");
}

bool
bookmark_has(const char *hotel_url, const char *band_url)
{
	FILE	*f;
	char	 line[4096], *path = bookmark_path(), *want;
	bool	 found = false;

	want = xasprintf("%s %s\n", hotel_url, band_url);
	if ((f = fopen(path, "r")) != NULL) {
		while (!found && fgets(line, sizeof line, f) != NULL)
			found = strcmp(line, want) == 0;
		fclose(f);
	}
	free(want);
	free(path);
	return found;
}

/* mkdir -p of the marker's directory, private to the user. */
static void
bookmark_mkdir(const char *path)
{
	char	*dir = xstrdup(path), *p;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(dir);
}

/*
 * The service may already hold the reservation when this runs, so the marker
 * must survive a machine crash: the file and the directory entry both go to
 * disk before the caller is told it is saved.
 */
static int
bookmark_sync_dir(const char *path, char **cause)
{
	char	*dir = xstrdup(path), *slash = strrchr(dir, '/');
	int	 fd, error;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1 || fsync(fd) == -1) {
		error = errno;
		if (fd != -1)
			close(fd);
		*cause = xasprintf("%s: %s", dir, strerror(error));
		free(dir);
		return -1;
	}
	close(fd);
	free(dir);
	return 0;
}

int
bookmark_add(const char *hotel_url, const char *band_url, char **cause)
{
	FILE	*f;
	char	*path;
	int	 rc;

	if (bookmark_has(hotel_url, band_url))
		return 0;
	path = bookmark_path();
	bookmark_mkdir(path);
	if ((f = fopen(path, "a")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fprintf(f, "%s %s\n", hotel_url, band_url);
	rc = fflush(f) == EOF || fsync(fileno(f)) == -1 ? -1 : 0;
	if (fclose(f) == EOF)
		rc = -1;
	if (rc != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	rc = bookmark_sync_dir(path, cause);
	free(path);
	return rc;
}
