/* knobs: switches that force the fallback an older kernel takes (no
 * openat2, no statx mount ids, no fchmodat2), so the tests can prove both
 * paths on one machine. Compiled into test builds only (-DVOLINIT_TEST:
 * volinit-knobs, volinit-asan, the unit tests): the shipped binary has no
 * such switch and `strings volinit` shows none. A knob is on when its
 * variable is "1". */
#ifndef KNOBS_H
#define KNOBS_H
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef VOLINIT_TEST
#define KNOB(name) knob_on(getenv("VOLINIT_TEST_" name))
static inline bool
knob_on(const char *v)
{
	return v != NULL && strcmp(v, "1") == 0;
}
#else
#define KNOB(name) false
#endif
#endif
