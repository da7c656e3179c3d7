/* fuzz.h: what the libFuzzer targets share: a small variable table (A, B,
 * EMPTY, N, S a secret, SPACES, U a URL, LIST), a NUL-terminated copy of
 * the input, and the check that fails the run. Each target is one file,
 * tests/fuzz/fuzz_NAME.c, linked with its module and the base objects. */
#ifndef FUZZ_H
#define FUZZ_H
#define _GNU_SOURCE	/* memmem */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed invariant is a crash libFuzzer records and minimises. */
#define FZ_CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check " \
	"failed: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)

static const char *const fz_vars[][2] = {
	{ "A", "alpha" }, { "B", "b c" }, { "EMPTY", "" }, { "LIST", "x,y,,z" },
	{ "N", "42" }, { "S", "s3cret" }, { "SPACES", "  padded  " },
	{ "U", "postgres://u:p%40ss@db:5432/app?ssl=1" },
};
#define FZ_NVARS (sizeof(fz_vars) / sizeof(fz_vars[0]))

static inline const char *
fz_get(void *arg, const char *name, size_t len, bool *secret)
{
	size_t i;

	(void)arg;
	for (i = 0; i < FZ_NVARS; i++)
		if (strlen(fz_vars[i][0]) == len &&
		    memcmp(fz_vars[i][0], name, len) == 0) {
			if (strcmp(fz_vars[i][0], "S") == 0)
				*secret = true;
			return fz_vars[i][1];
		}
	return NULL;
}

static inline void
fz_each(void *arg, void (*fn)(void *, const char *, const char *, bool),
    void *farg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < FZ_NVARS; i++)
		fn(farg, fz_vars[i][0], fz_vars[i][1],
		    strcmp(fz_vars[i][0], "S") == 0);
}

static const struct lookup fz_lookup = { fz_get, fz_each, NULL };

/* data[0..size) as a heap C string (free it). */
static inline char *
fz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
#endif
