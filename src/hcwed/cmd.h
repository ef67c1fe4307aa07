/*
 * The subcommands of hcwed (hcwed send, hcwed listen, ...), one file each
 * (src/cmd_NAME.c), listed in the table in src/hcwed.c.  A command gets
 * the arguments after its own name (argv[0] is the command name) and
 * returns the process exit status.
 */
#ifndef HC_CMD_H
#define HC_CMD_H

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;	/* one line for hcwed --help */
	int		(*run)(int argc, char **argv);
};

/* Exit statuses shared by the subcommands (documented in hcwed(1)). */
#define CMD_EXIT_OK		0
#define CMD_EXIT_FAILURE	1	/* the operation failed */
#define CMD_EXIT_USAGE		2	/* bad command line or configuration */
#define CMD_EXIT_AUTH		3	/* the server refused the credentials */
#define CMD_EXIT_UNREACHABLE	4	/* could not reach the server */

extern const struct cmd_entry cmd_send_entry, cmd_listen_entry, cmd_who_entry;
extern const struct cmd_entry cmd_book_entry;

/* Print "usage: hcwed NAME USAGE" to stderr; returns CMD_EXIT_USAGE. */
int	cmd_usage(const struct cmd_entry *);

#endif
