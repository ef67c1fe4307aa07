#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "net/tls.h"
#include "src/base/xmalloc.h"

/* The TLS 1.2 suites of Mozilla's "intermediate" profile. */
#define TLS_CIPHERS_12 \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

/* OpenSSL's reason for the last queued error, and an empty queue. */
static char *
tls_reason(void)
{
	unsigned long	 e = ERR_peek_last_error();
	const char	*r = ERR_reason_error_string(e);
	char		 buf[256];

	if (r == NULL) {
		ERR_error_string_n(e, buf, sizeof buf);
		r = buf;
	}
	ERR_clear_error();
	return xstrdup(e == 0 ? "unknown error" : r);
}

static SSL_CTX *
tls_ctx(const SSL_METHOD *method)
{
	SSL_CTX	*ctx = SSL_CTX_new(method);

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/*
	 * A peer that closes without close_notify has ended the session,
	 * as over plaintext: every request and reply is a whole line, so a
	 * truncated stream loses at most a partial line, which is never
	 * acted on.  Without this OpenSSL 3 reports such an EOF as an error.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
	/* Idle connections give their buffers back: many stay idle. */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (SSL_CTX_set_cipher_list(ctx, TLS_CIPHERS_12) != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Fail early and plainly on a file that cannot be read at all. */
static int
tls_readable(const char *what, const char *path, struct stat *st,
    char **cause)
{
	if (stat(path, st) == -1) {
		*cause = xasprintf("%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	return 0;
}

SSL_CTX *
tls_server_ctx(const char *cert, const char *key, char **cause)
{
	SSL_CTX		*ctx;
	struct stat	 st;
	char		*why;

	if (tls_readable("certificate", cert, &st, cause) != 0 ||
	    tls_readable("key", key, &st, cause) != 0)
		return NULL;
	if (st.st_mode & S_IRWXO) {
		*cause = xasprintf("key %s is accessible by others (mode %03o); "
		    "refusing to use it (chmod 600 %s)", key,
		    (unsigned)(st.st_mode & 0777), key);
		return NULL;
	}
	if ((ctx = tls_ctx(TLS_server_method())) == NULL) {
		why = tls_reason();
		*cause = xasprintf("TLS context: %s", why);
		free(why);
		return NULL;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		why = tls_reason();
		*cause = xasprintf("certificate %s: %s", cert, why);
		goto fail;
	}
	/* This also checks that the key is the certificate's. */
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		why = tls_reason();
		*cause = xasprintf("key %s: %s (is it the key of %s?)", key,
		    why, cert);
		goto fail;
	}
	return ctx;
fail:
	free(why);
	SSL_CTX_free(ctx);
	return NULL;
}

SSL_CTX *
tls_client_ctx(const char *ca_file, char **cause)
{
	SSL_CTX		*ctx;
	struct stat	 st;
	char		*why;
	int		 ok;

	if (ca_file != NULL && tls_readable("CA file", ca_file, &st,
	    cause) != 0)
		return NULL;
	if ((ctx = tls_ctx(TLS_client_method())) == NULL) {
		why = tls_reason();
		*cause = xasprintf("TLS context: %s", why);
		free(why);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (ca_file != NULL)
		ok = SSL_CTX_load_verify_locations(ctx, ca_file, NULL);
	else
		ok = SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1) {
		why = tls_reason();
		*cause = ca_file != NULL ? xasprintf("CA file %s: %s", ca_file,
		    why) : xasprintf("system trust store: %s", why);
		free(why);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

SSL *
tls_client_ssl(SSL_CTX *ctx, const char *host)
{
	SSL			*ssl = SSL_new(ctx);
	struct in6_addr		 a;

	if (ssl == NULL)
		return NULL;
	if (inet_pton(AF_INET, host, &a) == 1 ||
	    inet_pton(AF_INET6, host, &a) == 1) {
		/* SNI carries names only (RFC 6066). */
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl),
		    host) != 1)
			goto fail;
		return ssl;
	}
	SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (SSL_set_tlsext_host_name(ssl, host) != 1 ||
	    SSL_set1_host(ssl, host) != 1)
		goto fail;
	return ssl;
fail:
	SSL_free(ssl);
	return NULL;
}

char *
tls_error(struct bufferevent *bev)
{
	SSL		*ssl = bufferevent_openssl_get_ssl(bev);
	unsigned long	 e, last = 0;
	long		 vr;
	const char	*r;
	char		 buf[256];

	/* The queue also holds SSL_get_error() codes, which name no
	 * library: only OpenSSL's own errors say what went wrong. */
	while ((e = bufferevent_get_openssl_error(bev)) != 0) {
		if (ERR_GET_LIB(e) != 0)
			last = e;
	}
	ERR_clear_error();
	vr = ssl != NULL ? SSL_get_verify_result(ssl) : X509_V_OK;
	if (vr != X509_V_OK)
		return xasprintf("TLS: the server's certificate was refused: "
		    "%s", X509_verify_cert_error_string(vr));
	if (last == 0)
		return NULL;
	if (ERR_GET_LIB(last) == ERR_LIB_SSL &&
	    (ERR_GET_REASON(last) == SSL_R_WRONG_VERSION_NUMBER ||
	    ERR_GET_REASON(last) == SSL_R_HTTP_REQUEST ||
	    ERR_GET_REASON(last) == SSL_R_PACKET_LENGTH_TOO_LONG))
		return xasprintf("TLS: %s (the peer does not speak TLS)",
		    ERR_reason_error_string(last));
	r = ERR_reason_error_string(last);
	if (r != NULL)
		return xasprintf("TLS: %s", r);
	ERR_error_string_n(last, buf, sizeof buf);
	return xasprintf("TLS: %s", buf);
}
