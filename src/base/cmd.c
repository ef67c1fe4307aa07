#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "src/base/cmd.h"

/* One process runs one program, so usage messages can name it. */
static const char	*cmd_program_name = "";

const struct cmd_entry *
cmd_find(const struct cmd_program *p, int argc, char **argv)
{
	if (argc < 2)
		return NULL;
	for (size_t i = 0; p->cmds[i] != NULL; i++) {
		if (strcmp(argv[1], p->cmds[i]->name) == 0)
			return p->cmds[i];
	}
	return NULL;
}

/* "PROGRAM send --help": the usage on stdout, as a request, not an error. */
static bool
cmd_asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

int
cmd_run(const struct cmd_program *p, const struct cmd_entry *c, int argc,
    char **argv)
{
	cmd_program_name = p->name;
	if (!cmd_asks_help(argc - 1, argv + 1))
		return c->run(argc - 1, argv + 1);
	if (c->help != NULL)
		fputs(c->help, stdout);
	else
		printf("usage: %s %s %s\n\n%s.\nSee %s for details.\n", p->name,
		    c->name, c->usage, c->summary, p->manual);
	return CMD_EXIT_OK;
}

void
cmd_list(const struct cmd_program *p, FILE *f)
{
	fprintf(f, "commands:\n");
	for (size_t i = 0; p->cmds[i] != NULL; i++)
		fprintf(f, "  %-8s %s\n", p->cmds[i]->name, p->cmds[i]->summary);
}

int
cmd_getopt(const char *who, int argc, char **argv, const struct option *opts)
{
	int	ch;

	opterr = 0;
	ch = getopt_long(argc, argv, ":", opts, NULL);
	if (ch == ':')
		fprintf(stderr, "%s: %s needs a value\n", who, argv[optind - 1]);
	else if (ch == '?' && optopt != 0)
		fprintf(stderr, "%s: unknown option -%c\n", who, optopt);
	else if (ch == '?')
		fprintf(stderr, "%s: unknown option %s\n", who, argv[optind - 1]);
	return ch == ':' ? '?' : ch;
}

int
cmd_usage(const struct cmd_entry *c)
{
	fprintf(stderr, "usage: %s %s %s\n", cmd_program_name, c->name,
	    c->usage);
	return CMD_EXIT_USAGE;
}
