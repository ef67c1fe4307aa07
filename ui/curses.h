/*
 * The only place hcwed includes curses.  The wide-character API is
 * selected here so every ui/ file sees the same declarations.
 */
#ifndef HC_UI_CURSES_H
#define HC_UI_CURSES_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

#endif
