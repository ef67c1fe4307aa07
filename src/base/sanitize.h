/*
 * Text from the network (message bodies, display names, roles) is drawn
 * only after passing through here.  The result is valid UTF-8 that holds
 * no control character except, when asked, newline: a hostile peer
 * cannot move the cursor, clear the screen, set the title, reorder text
 * with bidirectional overrides or smuggle bytes the terminal would act on.
 *
 * What the sender put there stays visible: C0 controls and DEL are shown
 * in caret notation (ESC as "^["), so "\033[2J" is drawn as "^[[2J";
 * invalid UTF-8, C1 controls and bidirectional controls become U+FFFD;
 * a tab becomes one space.
 */
#ifndef HC_SANITIZE_H
#define HC_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#define SANITIZE_NEWLINES	0x1	/* keep '\n' (message bodies) */

/* A malloc'd, NUL-terminated safe copy of s[0..len); the caller frees. */
char	*sanitize_text(const char *s, size_t len, int flags);
/* sanitize_text() of the NUL-terminated s, for one line of output. */
char	*sanitize_line(const char *s);
/*
 * A malloc'd copy of the JSON text s[0..len) with DEL and the C1 controls
 * written as \u escapes (json-c escapes only those below 0x20), so that
 * printing it cannot drive a terminal; *outlen gets its length.
 */
char	*sanitize_json(const char *s, size_t len, size_t *outlen);
/* True when s[0..len) is valid UTF-8 without NUL bytes. */
bool	 sanitize_valid_utf8(const char *s, size_t len);

#endif
