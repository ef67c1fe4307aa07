#include "config.h"

#include <stdio.h>
#include <string.h>

#include "src/base/sanitize.h"
#include "src/base/utf8.h"
#include "src/base/xmalloc.h"

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

char *
sanitize_line(const char *s)
{
	return sanitize_text(s, strlen(s), 0);
}

char *
sanitize_json(const char *s, size_t len, size_t *outlen)
{
	char	*out = xmalloc(len * 6 + 1), *o = out;
	size_t	 i;

	for (i = 0; i < len; i++) {
		/* Both only occur inside strings, where \u is their spelling. */
		if ((unsigned char)s[i] == 0x7f)
			o += sprintf(o, "\\u007f");
		else if ((unsigned char)s[i] == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xa0)
			o += sprintf(o, "\\u%04x", (unsigned char)s[++i]);
		else
			*o++ = s[i];
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
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
