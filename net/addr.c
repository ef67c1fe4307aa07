#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/addr.h"
#include "src/base/xmalloc.h"

int
addr_split(const char *s, char **host, unsigned *port, char **cause)
{
	const char	*colon, *hstart, *hend;
	char		*end;
	unsigned long	 p;

	if (*s == '[') {
		hstart = s + 1;
		if ((hend = strchr(hstart, ']')) == NULL || hend[1] != ':') {
			*cause = xasprintf("\"%s\": expected [ADDRESS]:PORT", s);
			return -1;
		}
		colon = hend + 1;
	} else {
		hstart = s;
		if ((colon = strrchr(s, ':')) == NULL ||
		    memchr(s, ':', (size_t)(colon - s)) != NULL) {
			*cause = xasprintf("\"%s\": expected HOST:PORT", s);
			return -1;
		}
		hend = colon;
	}
	if (hend == hstart) {
		*cause = xasprintf("\"%s\": missing host", s);
		return -1;
	}
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || p > 65535) {
		*cause = xasprintf("\"%s\": port must be a number 0..65535", s);
		return -1;
	}
	*host = xstrndup(hstart, (size_t)(hend - hstart));
	*port = (unsigned)p;
	return 0;
}

int
addr_write_ready_file(const char *path, int fd, char **cause)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	char			 host[INET6_ADDRSTRLEN], *tmp;
	unsigned		 port;
	FILE			*f;
	int			 rc = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
		*cause = xasprintf("getsockname: %s", strerror(errno));
		return -1;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		port = ntohs(sin6->sin6_port);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		port = ntohs(sin->sin_port);
	}
	tmp = xasprintf("%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	fprintf(f, ss.ss_family == AF_INET6 ? "[%s]:%u\n" : "%s:%u\n", host,
	    port);
	if (fclose(f) != 0 || rename(tmp, path) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	return rc;
}

static bool
addr_sa_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6	*sin6 = (const struct sockaddr_in6 *)sa;

	if (sa->sa_family == AF_INET)
		return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	return sa->sa_family == AF_INET6 &&
	    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
}

int
addr_loopback(const char *listen, char **cause)
{
	struct addrinfo	 hints, *res, *ai;
	char		*host;
	unsigned	 port;
	int		 rc, loopback = 1;

	if (addr_split(listen, &host, &port, cause) != 0)
		return -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, "0", &hints, &res);
	free(host);
	if (rc != 0) {
		*cause = xasprintf("%s: %s", listen, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (!addr_sa_loopback(ai->ai_addr))
			loopback = 0;
	}
	freeaddrinfo(res);
	return loopback;
}

uint64_t
addr_fds_raise(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
}
