/*
 * Small UTF-8 helpers for the pure text modules (wrapping, the line editor,
 * sanitising).  Column widths come from wcwidth(3), so the caller sets an
 * LC_CTYPE with UTF-8 first (the shell does; tests use C.UTF-8).
 */
#ifndef HC_UTF8_H
#define HC_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT	0xfffd

/*
 * Decode one code point from s (len > 0 bytes).  Returns the bytes used
 * (1..4) and sets *cp, or -1 for an invalid, overlong, surrogate or
 * truncated sequence (the caller skips one byte).
 */
int	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into buf (4 bytes room); returns the bytes written. */
int	utf8_encode(uint32_t cp, char *buf);
/* Columns cp takes: 0, 1 or 2.  Unknown printable characters take 1. */
int	utf8_cpwidth(uint32_t cp);
/* Columns the valid UTF-8 text s[0..len) takes on one line. */
int	utf8_width(const char *s, size_t len);
/* Start of the code point before offset off (0 when off is 0). */
size_t	utf8_prev(const char *s, size_t off);
/* Offset after the code point at off (len when at the end). */
size_t	utf8_next(const char *s, size_t len, size_t off);

#endif
