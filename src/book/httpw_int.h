/*
 * Inside the HTTP worker: one libcurl exchange per attempt (httpw_curl.c),
 * driven by the thread, queues and bucket in httpw.c.
 */
#ifndef HC_HTTPW_INT_H
#define HC_HTTPW_INT_H

#include <curl/curl.h>

#include <stdatomic.h>

#include "src/book/httpw.h"

struct httpw_conn {
	CURL			*curl;
	struct curl_slist	*headers;
	char			*base;
	atomic_bool		*stop;
	unsigned		 sends;		/* within one perform */
};

/* What one attempt brought back; body is malloc'd (httpw_attempt_free). */
struct httpw_attempt {
	enum retry_transport	 transport;
	int			 status;
	char			*body;
	size_t			 len;
	bool			 has_retry_after;
	uint64_t		 retry_after_ms;
	char			 error[96];
};

int	httpw_conn_open(struct httpw_conn *, const char *base, const char *key,
	    const struct httpw_config *, atomic_bool *stop, char **cause);
void	httpw_conn_close(struct httpw_conn *);
void	httpw_conn_perform(struct httpw_conn *, const struct book_req *,
	    struct httpw_attempt *);
void	httpw_attempt_free(struct httpw_attempt *);

#endif
