/* diff: a unified diff of two texts, for dry-run. Pure code. */
#ifndef DIFF_H
#define DIFF_H
#include <stddef.h>

#include "buf.h"

/* Append to out a unified diff (3 lines of context) turning a into b, with
 * "--- name" / "+++ name" headers. Texts too large for the line table get
 * a one-line summary instead; a text holding a NUL byte "Binary files
 * NAME and NAME differ", as diff(1) says. */
void diff_unified(struct buf *out, const char *name, const char *a,
    size_t alen, const char *b, size_t blen);
#endif
