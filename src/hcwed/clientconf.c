#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/base/conf.h"
#include "src/base/log.h"
#include "src/base/noecho.h"
#include "src/base/xmalloc.h"
#include "src/book/bookconf.h"
#include "src/hcwed/clientconf.h"
#include "ui/uiconf.h"

/* A password line longer than this is refused rather than cut. */
#define CLIENTCONF_SECRET_MAX	1024

/* "tls = no" asks for plaintext, which the struct records as a choice. */
static int
clientconf_tls(void *field, const char *key, const char *value, char **cause)
{
	bool	*plaintext = field, tls;

	if (conf_bool(value, &tls, cause) == -1)
		return -1;
	*plaintext = !tls;
	return 0;
}

#define CLIENTCONF_FIELD(member)	CONF_FIELD(struct clientconf, member)

/* The connection keys; the full-screen client and the planner read theirs. */
static const struct conf_key clientconf_keys[] = {
	{ .key = "server", .type = CONF_STRING, CLIENTCONF_FIELD(server) },
	{ .key = "user", .type = CONF_STRING, CLIENTCONF_FIELD(user) },
	{ .key = "password_command", .type = CONF_STRING,
	  CLIENTCONF_FIELD(password_command) },
	{ .key = "password_file", .type = CONF_STRING,
	  CLIENTCONF_FIELD(password_file) },
	{ .key = "tls_ca", .type = CONF_STRING, CLIENTCONF_FIELD(tls_ca) },
	{ .key = "tls", .type = CONF_CUSTOM, CLIENTCONF_FIELD(plaintext),
	  .set = clientconf_tls },
	{ .key = NULL }
};

/*
 * Every hcwed command reads the connection settings, so this reader
 * also refuses what neither the planner nor the screens know.
 */
static const struct conf_table *const clientconf_others[] = {
	&bookconf_table, &uiconf_table, NULL
};

static const struct conf_table clientconf_table = {
	.noun = "setting",
	.shared = true,
	.others = clientconf_others,
	.keys = clientconf_keys,
};

int
clientconf_load(struct clientconf *conf, const char *path, char **cause)
{
	return conf_load_client(path, &clientconf_table, conf, cause);
}

void
clientconf_free(struct clientconf *conf)
{
	free(conf->server);
	free(conf->user);
	free(conf->password_command);
	free(conf->password_file);
	free(conf->tls_ca);
	memset(conf, 0, sizeof *conf);
}

/* The first line of f, without its newline; NULL if over the limit. */
static char *
clientconf_first_line(FILE *f)
{
	char	buf[CLIENTCONF_SECRET_MAX + 2];
	size_t	n;
	char	*s;

	if (fgets(buf, sizeof buf, f) == NULL)
		buf[0] = '\0';
	n = strcspn(buf, "\r\n");
	if (n > CLIENTCONF_SECRET_MAX) {
		explicit_bzero(buf, sizeof buf);
		return NULL;
	}
	s = xstrndup(buf, n);
	explicit_bzero(buf, sizeof buf);
	return s;
}

char *
clientconf_read_secret(const char *path, char **cause)
{
	struct stat	 st;
	FILE		*f;
	char		*s;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		*cause = xasprintf("%s is accessible by group or others (mode "
		    "%03o); refusing to read a password from it (chmod 600 %s)",
		    path, (unsigned)(st.st_mode & 0777), path);
		close(fd);
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL)
		log_fatal("fdopen");
	s = clientconf_first_line(f);
	fclose(f);
	if (s == NULL)
		*cause = xasprintf("%s: first line too long", path);
	else if (*s == '\0') {
		*cause = xasprintf("%s: empty password", path);
		free(s);
		s = NULL;
	}
	return s;
}

static char *
clientconf_run(const char *command, char **cause)
{
	FILE	*f;
	char	*s;
	int	 status;

	if ((f = popen(command, "re")) == NULL) {
		*cause = xasprintf("password_command: %s", strerror(errno));
		return NULL;
	}
	s = clientconf_first_line(f);
	status = pclose(f);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    s == NULL || *s == '\0') {
		*cause = xasprintf("password_command failed (%s)",
		    s == NULL ? "line too long" : *s == '\0' ? "no output" :
		    "non-zero exit");
		if (s != NULL)
			explicit_bzero(s, strlen(s));
		free(s);
		return NULL;
	}
	return s;
}

static char *
clientconf_prompt(const struct clientconf *conf, char **cause)
{
	FILE	*tty;
	char	*s;

	if ((tty = fopen("/dev/tty", "r+e")) == NULL ||
	    !isatty(fileno(tty))) {
		if (tty != NULL)
			fclose(tty);
		*cause = xstrdup("no password: set HCWED_PASSWORD, use "
		    "--password-file, or set password_command or password_file "
		    "in the configuration");
		return NULL;
	}
	fprintf(tty, "Password for %s@%s: ", conf->user != NULL ?
	    conf->user : "?", conf->server != NULL ? conf->server : "?");
	fflush(tty);
	noecho_begin(fileno(tty));
	s = clientconf_first_line(tty);
	noecho_end();
	fputc('\n', tty);
	fclose(tty);
	if (s == NULL || *s == '\0') {
		*cause = xstrdup("no password given");
		free(s);
		return NULL;
	}
	return s;
}

char *
clientconf_password(const struct clientconf *conf, char **cause)
{
	const char	*env = getenv("HCWED_PASSWORD");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (conf->password_file != NULL)
		return clientconf_read_secret(conf->password_file, cause);
	if (conf->password_command != NULL)
		return clientconf_run(conf->password_command, cause);
	return clientconf_prompt(conf, cause);
}
