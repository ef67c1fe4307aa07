/*
 * The one subcommand mechanism of hcwed, hcwedd and hcwed-slotd: each
 * program has a table of commands and hands its argv to cmd_main(), and
 * every command returns one of the exit statuses below, which each man
 * page lists under EXIT STATUS.  All strings are static; nothing here
 * allocates.
 */
#ifndef HC_CMD_H
#define HC_CMD_H

#include <getopt.h>
#include <stdio.h>

enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_FAILURE = 1,		/* the operation failed */
	CMD_EXIT_USAGE = 2,		/* bad command line or configuration */
	CMD_EXIT_AUTH = 3,		/* the server refused the credentials */
	CMD_EXIT_UNREACHABLE = 4,	/* could not reach the server */
	CMD_EXIT_LOCKED = 5,		/* the account is locked for a while */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;	/* one line for PROGRAM --help */
	/*
	 * The text "--help" prints, when it says more than the one-line
	 * usage and summary; NULL for those.
	 */
	const char	*help;
	/* argv[0] is the command's name; returns a cmd_exit. */
	int		(*run)(int argc, char **argv);
};

struct cmd_program {
	const char		*name;
	const char		*manual;	/* "hcwed(1)" */
	const struct cmd_entry	*const *cmds;	/* ends with NULL */
};

/* The command argv[1] names, or NULL when it names none. */
const struct cmd_entry *cmd_find(const struct cmd_program *, int argc,
	    char **argv);
/*
 * Run command c on argv[1...]: a --help or -h before "--" prints its
 * usage on stdout and returns CMD_EXIT_OK without running it.
 */
int	cmd_run(const struct cmd_program *, const struct cmd_entry *c,
	    int argc, char **argv);
/* The table, one command a line, for PROGRAM --help. */
void	cmd_list(const struct cmd_program *, FILE *);
/*
 * getopt_long() (options in opts, long ones only) that writes its own
 * messages, "WHO: unknown option --x" or "WHO: --x needs a value", so
 * they name the program and command rather than argv[0], which may be a
 * path.  Returns what getopt_long() does, '?' for either error.
 */
int	cmd_getopt(const char *who, int argc, char **argv,
	    const struct option *opts);
/* "usage: PROGRAM NAME USAGE" on stderr; returns CMD_EXIT_USAGE. */
int	cmd_usage(const struct cmd_entry *);

#endif
