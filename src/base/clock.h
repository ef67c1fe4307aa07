/*
 * The one clock of the programs, in milliseconds.  Wall time is what
 * people and journals read; monotonic time never steps, so it measures
 * timeouts, rates and durations.
 */
#ifndef HC_CLOCK_H
#define HC_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch. */
int64_t		clock_wall_ms(void);
/* Milliseconds since an arbitrary start; never goes back. */
uint64_t	clock_mono_ms(void);

#endif
