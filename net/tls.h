/*
 * TLS for hcwedd and the hcwed client library: the OpenSSL contexts both
 * sides use under libevent's bufferevent_openssl.  TLS 1.2 is the minimum;
 * TLS 1.2 suites are ECDHE with AES-GCM or ChaCha20-Poly1305 only (forward
 * secrecy, AEAD), TLS 1.3 keeps OpenSSL's defaults; no renegotiation, no
 * compression.
 *
 * Memory: an SSL_CTX returned here is released with SSL_CTX_free(); an
 * SSL is owned by the bufferevent made with BEV_OPT_CLOSE_ON_FREE.  Every
 * char * returned is the caller's to free.
 */
#ifndef HC_TLS_H
#define HC_TLS_H

#include <openssl/ssl.h>

struct bufferevent;

/*
 * A server context with the certificate chain (PEM, leaf first) and its
 * private key.  A key file that others may read is refused.  NULL and a
 * malloc'd *cause naming the file on error.
 */
SSL_CTX	*tls_server_ctx(const char *cert, const char *key, char **cause);

/*
 * A client context that verifies the server's certificate against
 * ca_file (PEM, one or more certificates), or against the system's trust
 * store when ca_file is NULL.  Nothing is pinned.  NULL and *cause.
 */
SSL_CTX	*tls_client_ctx(const char *ca_file, char **cause);

/*
 * A client connection to host: the certificate must name host (a DNS
 * name, checked with SNI, or an IP address, checked against the
 * certificate's IP addresses).
 */
SSL	*tls_client_ssl(SSL_CTX *, const char *host);

/*
 * Why the TLS bufferevent bev failed, in words for a person: the
 * certificate problem the verification found, or OpenSSL's reason, with
 * a hint when the peer seems not to speak TLS.  NULL when TLS found no
 * fault (the socket failed: see errno).  Drains the bufferevent's OpenSSL
 * errors.
 */
char	*tls_error(struct bufferevent *bev);

#endif
