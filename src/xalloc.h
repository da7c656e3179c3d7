/* xalloc: allocation that cannot fail. Out of memory logs one line and
 * exits 111 (the only exit outside main, as skarnet does). */
#ifndef XALLOC_H
#define XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of n elements of size `size` to hold at least `want`. */
void *xgrow(void *p, size_t *cap, size_t want, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
#endif
