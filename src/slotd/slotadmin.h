/*
 * The staff commands of hcwed-slotd, run against its database while the
 * service runs or not: token add/list/revoke, block, release, journal.
 */
#ifndef HC_SLOTADMIN_H
#define HC_SLOTADMIN_H

#include "src/base/cmd.h"

/* The command table, ending with NULL. */
extern const struct cmd_entry *const slotadmin_cmds[];

#endif
