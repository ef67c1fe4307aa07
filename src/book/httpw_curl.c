#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "src/base/xmalloc.h"
#include "src/book/httpw_int.h"

#define HTTPW_BODY_MAX	(1024 * 1024)

/*
 * libcurl resends a request whose reused connection died before the
 * reply, which would be a second request inside one second, and for a
 * POST applied before the reply was lost, a 409 for its own success.
 * Refuse any send after the first: the attempt ends as a lost reply, and
 * the retry policy decides.
 */
static int
httpw_prereq_cb(void *arg, char *ip, char *local, int port, int lport)
{
	struct httpw_conn	*c = arg;

	return ++c->sends > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

int
httpw_conn_open(struct httpw_conn *c, const char *base, const char *key,
    const struct httpw_config *cfg, atomic_bool *stop, char **cause)
{
	char	*auth;

	memset(c, 0, sizeof *c);
	if ((c->curl = curl_easy_init()) == NULL) {
		*cause = xstrdup("curl_easy_init failed");
		return -1;
	}
	c->base = xstrdup(base);
	/* A trailing slash in the base URL would double up in the path. */
	while (*c->base != '\0' && c->base[strlen(c->base) - 1] == '/')
		c->base[strlen(c->base) - 1] = '\0';
	c->stop = stop;
	auth = xasprintf("Authorization: Bearer %s", key);
	c->headers = curl_slist_append(c->headers, auth);
	c->headers = curl_slist_append(c->headers, "Accept: application/json");
	free(auth);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)cfg->connect_timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, (long)cfg->timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "hcwed/" PACKAGE_VERSION);
	curl_easy_setopt(c->curl, CURLOPT_PREREQFUNCTION, httpw_prereq_cb);
	curl_easy_setopt(c->curl, CURLOPT_PREREQDATA, c);
	/* Below the services' idle timeout, so a kept connection is alive. */
	curl_easy_setopt(c->curl, CURLOPT_MAXAGE_CONN, 5L);
	return 0;
}

void
httpw_conn_close(struct httpw_conn *c)
{
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free(c->base);
	memset(c, 0, sizeof *c);
}

void
httpw_attempt_free(struct httpw_attempt *a)
{
	free(a->body);
	memset(a, 0, sizeof *a);
}

static size_t
httpw_body_cb(char *data, size_t size, size_t n, void *arg)
{
	struct httpw_attempt	*a = arg;
	size_t			 len = size * n;

	if (a->len + len > HTTPW_BODY_MAX)
		return 0;
	a->body = xreallocarray(a->body, a->len + len + 1, 1);
	memcpy(a->body + a->len, data, len);
	a->len += len;
	a->body[a->len] = '\0';
	return len;
}

static size_t
httpw_header_cb(char *data, size_t size, size_t n, void *arg)
{
	struct httpw_attempt	*a = arg;
	size_t			 len = size * n;
	char			 value[128];
	const size_t		 name = sizeof "Retry-After:" - 1;

	if (len > name && len - name < sizeof value &&
	    strncasecmp(data, "Retry-After:", name) == 0) {
		memcpy(value, data + name, len - name);
		value[len - name] = '\0';
		value[strcspn(value, "\r\n")] = '\0';
		if (retry_after_parse(value, (int64_t)time(NULL),
		    &a->retry_after_ms) == 0)
			a->has_retry_after = true;
	}
	return len;
}

static int
httpw_progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct httpw_conn	*c = arg;

	return atomic_load(c->stop) ? 1 : 0;
}

void
httpw_conn_perform(struct httpw_conn *c, const struct book_req *req,
    struct httpw_attempt *a)
{
	char		 path[48], *url;
	CURLcode	 rc;
	long		 status = 0, sent = 0;
	bool		 mutates = req->method == BOOK_RESERVE ||
			     req->method == BOOK_CANCEL;

	memset(a, 0, sizeof *a);
	book_req_path(req, path, sizeof path);
	url = xasprintf("%s%s", c->base, path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, httpw_body_cb);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, httpw_header_cb);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c->curl, CURLOPT_XFERINFOFUNCTION, httpw_progress_cb);
	curl_easy_setopt(c->curl, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(c->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c->curl, CURLOPT_FRESH_CONNECT, mutates ? 1L : 0L);
	curl_easy_setopt(c->curl, CURLOPT_FORBID_REUSE, mutates ? 1L : 0L);
	switch (req->method) {
	case BOOK_GET_AVAILABLE:
	case BOOK_GET_HELD:
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, NULL);
		break;
	case BOOK_RESERVE:
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, 0L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, NULL);
		break;
	case BOOK_CANCEL:
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	}
	c->sends = 0;
	rc = curl_easy_perform(c->curl);
	free(url);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
		a->transport = RETRY_REPLY;
		a->status = (int)status;
		return;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK && c->sends > 1)
		snprintf(a->error, sizeof a->error, "connection lost after "
		    "sending (not resent)");
	else
		snprintf(a->error, sizeof a->error, "%s", curl_easy_strerror(rc));
	/* Whether the request left decides if it may have been applied. */
	curl_easy_getinfo(c->curl, CURLINFO_REQUEST_SIZE, &sent);
	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
	    sent == 0)
		a->transport = RETRY_NOT_SENT;
	else
		a->transport = RETRY_LOST;
}
