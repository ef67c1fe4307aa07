/*
 * A terminal's echo turned off for a password, and turned back on even
 * when a signal (Ctrl-C, a hangup) ends the process in between.  One
 * terminal at a time per process; nothing is allocated.
 */
#ifndef HC_NOECHO_H
#define HC_NOECHO_H

/* Echo (and echoed newlines) off on fd; -1 when fd is not a terminal. */
int	noecho_begin(int fd);
/* The terminal and the signal actions as noecho_begin found them. */
void	noecho_end(void);

#endif
