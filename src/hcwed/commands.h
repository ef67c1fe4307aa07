/*
 * The subcommands of hcwed (hcwed send, hcwed listen, ...), one file each
 * (src/hcwed/cmd_NAME.c), listed in the table in src/hcwed/hcwed.c.
 */
#ifndef HC_COMMANDS_H
#define HC_COMMANDS_H

#include "src/base/cmd.h"

extern const struct cmd_entry cmd_send_entry, cmd_listen_entry, cmd_who_entry;
extern const struct cmd_entry cmd_book_entry;

#endif
