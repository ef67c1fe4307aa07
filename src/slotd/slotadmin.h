/*
 * The staff commands of hcwed-slotd, run against its database while the
 * service runs or not: token add/list/revoke, block, release, journal.
 * argv[0] is the command name; returns the exit status (0, 1 failure,
 * 2 usage).
 */
#ifndef HC_SLOTADMIN_H
#define HC_SLOTADMIN_H

#include <stdbool.h>

/* Whether name is one of the commands. */
bool	slotadmin_is_command(const char *name);
int	slotadmin_run(int argc, char **argv);

#endif
