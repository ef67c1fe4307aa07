#include "config.h"

#include <string.h>

#include "src/xmalloc.h"
#include "src/sanitize.h"
#include "src/utf8.h"

/* Code points that reorder text or hide it: drawn as U+FFFD. */
static bool
sanitize_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061c;
}

char *
sanitize_text(const char *s, size_t len, int flags)
{
	/* Worst case each byte becomes U+FFFD (3 bytes). */
	char		*out = xmalloc(len * 3 + 1), *o = out;
	size_t		 off = 0;
	uint32_t	 cp;
	int		 n;

	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0) {
			o += utf8_encode(UTF8_REPLACEMENT, o);
			off++;
			continue;
		}
		off += n;
		if (cp == '\n' && (flags & SANITIZE_NEWLINES))
			*o++ = '\n';
		else if (cp == '\t')
			*o++ = ' ';
		else if (cp < 0x20 || cp == 0x7f) {
			*o++ = '^';
			*o++ = cp == 0x7f ? '?' : (char)(cp + 0x40);
		} else if ((cp >= 0x80 && cp < 0xa0) || sanitize_bidi(cp))
			o += utf8_encode(UTF8_REPLACEMENT, o);
		else
			o += utf8_encode(cp, o);
	}
	*o = '\0';
	return out;
}

bool
sanitize_valid_utf8(const char *s, size_t len)
{
	size_t		off = 0;
	uint32_t	cp;
	int		n;

	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0 || cp == 0)
			return false;
		off += n;
	}
	return true;
}
