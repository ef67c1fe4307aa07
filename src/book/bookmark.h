/*
 * The resume marker of the wedding planner: a line "HOTEL_URL BAND_URL"
 * in $XDG_STATE_HOME/hcwed/book-services (default
 * ~/.local/state/hcwed/book-services) for every pair of services at which
 * hcwed may hold reservations.  Whoever drives the planner (hcwed book,
 * the dashboard) starts it with resume set when the marker lists its
 * services, and adds them before its first reservation, so that a restart
 * reads the holdings back instead of forgetting them.
 */
#ifndef HC_BOOKMARK_H
#define HC_BOOKMARK_H

#include <stdbool.h>

bool	bookmark_has(const char *hotel_url, const char *band_url);
/* 0, or -1 with a malloc'd *cause (the caller frees). */
int	bookmark_add(const char *hotel_url, const char *band_url, char **cause);

#endif
