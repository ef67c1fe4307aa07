#include "config.h"

#include <signal.h>
#include <stddef.h>
#include <termios.h>
#include <unistd.h>

#include "src/base/noecho.h"

/* What ends a process at a prompt; each puts the echo back first. */
static const int	 noecho_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NOECHO_NSIGNALS	 (sizeof noecho_signals / sizeof noecho_signals[0])

static struct termios	 noecho_saved;
static struct sigaction	 noecho_old[NOECHO_NSIGNALS];
static volatile sig_atomic_t noecho_fd = -1;

static void
noecho_restore_signals(void)
{
	for (size_t i = 0; i < NOECHO_NSIGNALS; i++)
		sigaction(noecho_signals[i], &noecho_old[i], NULL);
}

/* Only async-signal-safe calls: tcsetattr, sigaction, raise. */
static void
noecho_on_signal(int sig)
{
	if (noecho_fd != -1)
		tcsetattr(noecho_fd, TCSAFLUSH, &noecho_saved);
	noecho_fd = -1;
	noecho_restore_signals();
	raise(sig);
}

int
noecho_begin(int fd)
{
	struct termios		quiet;
	struct sigaction	sa;

	if (tcgetattr(fd, &noecho_saved) == -1)
		return -1;
	sa.sa_handler = noecho_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	/* A signal the process ignores cannot end it; leave those be. */
	for (size_t i = 0; i < NOECHO_NSIGNALS; i++) {
		sigaction(noecho_signals[i], NULL, &noecho_old[i]);
		if (noecho_old[i].sa_handler != SIG_IGN)
			sigaction(noecho_signals[i], &sa, NULL);
	}
	noecho_fd = fd;
	quiet = noecho_saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	return 0;
}

void
noecho_end(void)
{
	if (noecho_fd == -1)
		return;
	tcsetattr(noecho_fd, TCSAFLUSH, &noecho_saved);
	noecho_fd = -1;
	noecho_restore_signals();
}
