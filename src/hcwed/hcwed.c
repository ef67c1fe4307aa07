#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "src/hcwed/cmd.h"
#include "src/hcwed/cmd_ui.h"
#include "src/base/log.h"

static const struct cmd_entry *cmd_table[] = {
	&cmd_send_entry, &cmd_listen_entry, &cmd_who_entry,
	&cmd_book_entry,
	NULL
};

static void
hcwed_help(FILE *f)
{
	fprintf(f, "usage: hcwed [--version] [--help] COMMAND [ARGS]\n\n"
	    "commands:\n");
	for (size_t i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-8s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fprintf(f, "\nSee hcwed(1) for details.\n");
}

int
cmd_usage(const struct cmd_entry *cmd)
{
	fprintf(stderr, "usage: hcwed %s %s\n", cmd->name, cmd->usage);
	return CMD_EXIT_USAGE;
}

/* "hcwed send --help": the usage on stdout, as a request, not an error. */
static bool
hcwed_asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

int
main(int argc, char **argv)
{
	log_open("hcwed", NULL);
	log_set_level(LOG_LEVEL_WARN);
	if (argc < 2) {
		hcwed_help(stderr);
		return CMD_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("hcwed %s\n", PACKAGE_VERSION);
		return CMD_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		hcwed_help(stdout);
		return CMD_EXIT_OK;
	}
	/* Options without a command open the full-screen client. */
	if (strncmp(argv[1], "--", 2) == 0)
		return cmd_ui_run(argc, argv);
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(argv[1], cmd_table[i]->name) != 0)
			continue;
		if (hcwed_asks_help(argc - 1, argv + 1)) {
			printf("usage: hcwed %s %s\n\n%s.\nSee hcwed(1) for "
			    "details.\n", cmd_table[i]->name, cmd_table[i]->usage,
			    cmd_table[i]->summary);
			return CMD_EXIT_OK;
		}
		return cmd_table[i]->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "hcwed: unknown command \"%s\" (try hcwed --help)\n",
	    argv[1]);
	return CMD_EXIT_USAGE;
}
