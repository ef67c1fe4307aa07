/*
 * Where the client keeps what outlives a session (the outbox, the input
 * history): $XDG_STATE_HOME/hcwed/KIND/USER@SERVER, or
 * ~/.local/state/hcwed/... without it, private to the user.
 */
#ifndef HC_STATEDIR_H
#define HC_STATEDIR_H

/* The path, malloc'd; NULL with a malloc'd *cause when there is no home. */
char	*statedir_path(const char *kind, const char *user, const char *server,
	    char **cause);
/* mkdir -p, 0700 for what it makes; -1 with a malloc'd *cause. */
int	statedir_mkdirs(const char *path, char **cause);

#endif
