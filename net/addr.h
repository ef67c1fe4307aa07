/*
 * HOST:PORT parsing shared by every program's --listen and --server.
 * IPv6 hosts are written in brackets: [::1]:7000.
 */
#ifndef HC_ADDR_H
#define HC_ADDR_H

#include <stdint.h>

/*
 * Split s into a malloc'd *host and numeric *port (0..65535; 0 asks the
 * kernel for an ephemeral port when listening).  The caller frees *host.
 * -1 with a malloc'd *cause on error.
 */
int	addr_split(const char *s, char **host, unsigned *port, char **cause);

/*
 * Write "HOST:PORT\n" for the bound socket fd to path, atomically (via a
 * temporary file and rename), so a test can wait for it to appear.
 */
int	addr_write_ready_file(const char *path, int fd, char **cause);

/*
 * Whether every address HOST:PORT resolves to is a loopback address:
 * 1 yes, 0 no (a wildcard such as 0.0.0.0 or [::] is not), -1 with a
 * malloc'd *cause when it cannot be resolved.  No socket is made.
 */
int	addr_loopback(const char *listen, char **cause);

/*
 * Every connection is a file descriptor: raise the soft limit on them to
 * the hard limit, as far as allowed, and return the limit now in force
 * (UINT64_MAX for none).
 */
uint64_t addr_fds_raise(void);

#endif
