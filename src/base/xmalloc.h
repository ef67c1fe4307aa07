/*
 * Allocation that never returns NULL: running out of memory is fatal,
 * so callers need no checks.  Everything returned is freed with free().
 */
#ifndef HC_XMALLOC_H
#define HC_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* What the analysers and the optimiser may assume of every one of them. */
#define XMALLOC_ATTRS	__attribute__((returns_nonnull, warn_unused_result))
#define XMALLOC_NEW	__attribute__((malloc)) XMALLOC_ATTRS

void	*xmalloc(size_t) XMALLOC_NEW __attribute__((alloc_size(1)));
void	*xcalloc(size_t, size_t) XMALLOC_NEW __attribute__((alloc_size(1, 2)));
void	*xreallocarray(void *, size_t, size_t) XMALLOC_ATTRS
	    __attribute__((alloc_size(2, 3)));
char	*xstrdup(const char *) XMALLOC_NEW __attribute__((nonnull));
char	*xstrndup(const char *, size_t) XMALLOC_NEW __attribute__((nonnull));
char	*xasprintf(const char *, ...) XMALLOC_NEW
	    __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) XMALLOC_NEW
	    __attribute__((format(printf, 1, 0)));

#endif
