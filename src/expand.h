/* expand: the ${...} expression language shared by plan tokens and the
 * braced template syntax: ${NAME} ${NAME:-word} ${NAME-word} ${NAME:+word}
 * ${NAME+word} ${NAME:?message} ${NAME?message}. Words may hold nested
 * ${...}. Pure code. */
#ifndef EXPAND_H
#define EXPAND_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lookup.h"

/* Length of the ${...} expression at s[0..n) (s[0] == '$', s[1] == '{'),
 * braces included; 0 when it is not closed within n bytes; -1 with e set
 * (ERR_PLAN, col relative to s, 1-based) when it is malformed or nested
 * more than 100 levels deep. */
long expand_span(const char *s, size_t n, struct err *e);
/* Evaluate the expression s[0..n) (as found by expand_span) and append its
 * value to out. An unset NAME with no default is an error (ERR_PLAN) naming
 * it; so is ${NAME:?msg}. *secret is set when a secret value was used. */
int expand_eval(const char *s, size_t n, const struct lookup *lk,
    struct buf *out, bool *secret, struct err *e);
/* The shell's pattern matching on bytes: does p[0..pn) match all of
 * s[0..sn)? (* ? [...] [!...] [:class:], a backslash quotes the next
 * byte; never exponential.) */
bool expand_glob_match(const char *p, size_t pn, const char *s, size_t sn);
/* A pattern the plan language takes: every '[' closes and no lone '\'
 * ends it (a shell would match those bytes literally, which a condition
 * never means). NULL, or the reason with *at its offset. */
const char *expand_glob_check(const char *p, size_t n, size_t *at);
#endif
