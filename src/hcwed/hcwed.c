#include "config.h"

#include <stdio.h>
#include <string.h>

#include "src/base/log.h"
#include "src/hcwed/cmd_ui.h"
#include "src/hcwed/commands.h"

static const struct cmd_entry *const hcwed_cmds[] = {
	&cmd_send_entry, &cmd_listen_entry, &cmd_who_entry,
	&cmd_book_entry,
	NULL
};

static const struct cmd_program hcwed_program = {
	.name = "hcwed",
	.manual = "hcwed(1)",
	.cmds = hcwed_cmds,
};

static void
hcwed_help(FILE *f)
{
	fprintf(f, "usage: %s\n"
	    "       hcwed COMMAND [ARGS]\n"
	    "       hcwed --version | --help\n\n"
	    "Without a command, hcwed is the full-screen client; server and "
	    "user may\ncome from ~/.config/hcwed/config (hcwed.conf(5)), and "
	    "then a bare \"hcwed\"\nopens it.\n\n", CMD_UI_USAGE);
	cmd_list(&hcwed_program, f);
	fprintf(f, "\nSee hcwed(1) for details.\n");
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*c;

	log_open("hcwed", NULL);
	log_set_level(LOG_LEVEL_WARN);
	if (argc < 2 && cmd_ui_configured())
		return cmd_ui_run(argc, argv);
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
	if ((c = cmd_find(&hcwed_program, argc, argv)) != NULL)
		return cmd_run(&hcwed_program, c, argc, argv);
	fprintf(stderr, "hcwed: unknown command \"%s\" (try hcwed --help)\n",
	    argv[1]);
	return CMD_EXIT_USAGE;
}
