#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/base/xmalloc.h"
#include "src/hcwed/statedir.h"

/* mkdir -p, 0700 for what it makes. */
int
statedir_mkdirs(const char *path, char **cause)
{
	char	*copy = xstrdup(path);

	for (char *p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		if (path[p - copy] == '\0')
			break;
		*p = '/';
	}
	free(copy);
	return 0;
}

char *
statedir_path(const char *kind, const char *user, const char *server,
    char **cause)
{
	const char	*state = getenv("XDG_STATE_HOME");
	const char	*home = getenv("HOME");
	char		*where, *dir;

	/* A relative XDG_STATE_HOME is invalid, as the spec says. */
	if (state != NULL && *state == '/')
		where = xasprintf("%s/hcwed/%s", state, kind);
	else if (home != NULL && *home == '/')
		where = xasprintf("%s/.local/state/hcwed/%s", home, kind);
	else {
		*cause = xstrdup("neither XDG_STATE_HOME nor HOME is set");
		return NULL;
	}
	dir = xasprintf("%s/%s@%s", where, user, server);
	free(where);
	/* A server written as a path must not climb out of the folder. */
	for (char *p = strrchr(dir, '@'); *p != '\0'; p++) {
		if (*p == '/')
			*p = '_';
	}
	return dir;
}
