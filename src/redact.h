/* redact: the secret values volinit holds, and the one function every
 * piece of output passes through so that none of them is ever printed
 * (SECURITY.md rule 15). Level 0: libc and buf only.
 *
 * The registry is process-global on purpose: output is written in one
 * place (log.c), errors are formatted in another (err.c), and secrets are
 * learned in a third (vars.c); threading a table through all of them would
 * leave a path that forgets it. */
#ifndef REDACT_H
#define REDACT_H
#include <stddef.h>

#include "buf.h"

/* Remember value[0..len) as a secret (copied; empty values are ignored;
 * adding one twice is harmless). A value stays redacted for the life of
 * the process, even after the variable that held it changes. */
void redact_add(const char *value, size_t len);
/* Forget (and wipe) every secret: for tests and before exit. */
void redact_clear(void);
/* How many secrets are held. */
size_t redact_count(void);
/* Append s[0..n) to out with every secret, and the userinfo of every URL
 * (USER:PASS@ after the scheme's colon and slashes), replaced by "***".
 * At each position the longest matching secret wins, and the scan resumes after
 * the replaced bytes, so a secret such as "*" or one inside "***" can
 * never loop, and a replacement can never overflow: out grows. Callers
 * truncate only after this (a cut secret cannot leak a prefix). */
void redact(struct buf *out, const char *s, size_t n);
#endif
