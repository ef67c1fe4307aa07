#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "src/base/utf8.h"
#include "ui/keys.h"
#include "ui/shell_int.h"
#include "ui/theme.h"

/*
 * The lock view doubles as the login prompt: both ask for the password
 * and neither shows any message text.  The typed password is echoed as
 * nothing at all (not even stars), as a terminal password prompt does.
 */
void
lock_draw(struct shell *sh, WINDOW *w)
{
	int	rows, cols, y;

	getmaxyx(w, rows, cols);
	y = rows / 2 - 2;
	theme_put(w, y, 2, cols - 4, "hcwed", (size_t)-1, ROLE_TITLE);
	theme_put(w, y + 1, 2, cols - 4, sh->lock_msg, (size_t)-1, ROLE_NORMAL);
	theme_put(w, y + 3, 2, cols - 4, "Password for ", (size_t)-1, ROLE_NORMAL);
	theme_put(w, y + 3, 15, cols - 17, sh->st.user, (size_t)-1, ROLE_TITLE);
	waddstr(w, ": ");
}

void
lock_key(struct shell *sh, int key)
{
	char	*pw;

	if (key == KEYS_ENTER) {
		pw = input_take(sh->lock_input);
		input_wipe(sh->lock_input);
		if (sh->opts.password != NULL)
			sh->opts.password(sh->opts.password_arg, pw);
		sodium_memzero(pw, strlen(pw));
		free(pw);
		return;
	}
	if (key == KEYS_BACKSPACE || key == 0x08) {
		input_edit(sh->lock_input, INPUT_BACKSPACE);
		return;
	}
	if (key == 0x15) {
		input_wipe(sh->lock_input);
		return;
	}
	if (key >= 0x20 && key < KEYS_NONE && key != 0x7f) {
		char	buf[4];

		input_insert(sh->lock_input, buf, utf8_encode(key, buf));
	}
}

void
lock_paste(struct shell *sh, const char *text, size_t len)
{
	const char	*nl = memchr(text, '\n', len);

	input_insert(sh->lock_input, text, nl != NULL ? (size_t)(nl - text) :
	    len);
}
