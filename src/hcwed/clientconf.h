/*
 * The client's configuration file, $XDG_CONFIG_HOME/hcwed/config (else
 * ~/.config/hcwed/config), in the syntax of src/conf.h, and how the
 * client gets its password.  Keys read here: server, user,
 * password_command, password_file, tls, tls_ca.  Other keys are left to their own
 * readers (the full-screen client's settings) and ignored here.
 *
 * Memory: the strings in struct clientconf are malloc'd and released by
 * clientconf_free(); every char * returned is the caller's to free.
 */
#ifndef HC_CLIENTCONF_H
#define HC_CLIENTCONF_H

#include <stdbool.h>

struct clientconf {
	char	*server;		/* HOST:PORT */
	char	*user;
	char	*password_command;	/* run by sh -c, first line of output */
	char	*password_file;		/* first line; must be private */
	bool	 plaintext;		/* tls = no: no TLS, by choice */
	char	*tls_ca;		/* NULL: the system's trust store */
};

/*
 * Read path (NULL: the default; a missing default file is no error) into
 * conf, replacing only what the file sets.  -1 and *cause on error, when
 * conf may hold the settings read before the bad line: release it with
 * clientconf_free() either way.
 */
int	clientconf_load(struct clientconf *, const char *path, char **cause);
void	clientconf_free(struct clientconf *);

/*
 * The password, from the first of: $HCWED_PASSWORD, conf->password_file,
 * conf->password_command, a prompt without echo on the terminal.  Never
 * from the command line.  NULL and *cause when none can be had.  The
 * caller wipes and frees the result.
 */
char	*clientconf_password(const struct clientconf *, char **cause);

/* The first line of a private file (mode without group/other bits). */
char	*clientconf_read_secret(const char *path, char **cause);

#endif
