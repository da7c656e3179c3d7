/* mode: parse `mode=` values and apply them to a current mode. Pure code.
 *
 * Octal modes are exact: `0700` gives 0700 on files and directories alike
 * (set-gid on a directory is cleared, unlike GNU chmod; shared/WORKLOADS.md
 * C6). Symbolic modes follow GNU chmod's grammar and rules, except that a
 * clause without a who-letter applies to `a` (all) instead of honouring the
 * umask: volinit is not a shell and its result must not depend on the
 * caller's umask. As in GNU, `=` keeps a directory's set-uid/set-gid bits
 * unless the clause names `s`; `X` is x for a directory or for a file that
 * already has an x bit; `u`, `g`, `o` as permissions copy that class. */
#ifndef MODE_H
#define MODE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define MODE_MAX_CLAUSES 16

struct mode_clause {
	mode_t affected;	/* bits of the named classes */
	mode_t value;		/* bits to add, remove or set */
	mode_t mentioned;	/* set-id bits named explicitly (s) */
	char op;		/* '+', '-' or '=' */
	unsigned char flag;	/* MODE_F_* */
};

struct mode_spec {
	bool octal;
	mode_t bits;		/* with octal: the exact mode */
	size_t n;
	struct mode_clause c[MODE_MAX_CLAUSES];
};

/* Parse S (octal or symbolic) into m. Errors: ERR_PLAN naming S. */
int mode_parse(const char *s, struct mode_spec *m, struct err *e);
/* The permission bits (07777) that m gives an entry whose current mode is
 * cur (type bits ignored) and which is a directory when isdir. */
mode_t mode_apply(const struct mode_spec *m, mode_t cur, bool isdir);
/* A umask: 1 to 4 octal digits, 0000-0777 (what the shell's `umask 077`
 * takes; no symbolic form). Errors: ERR_PLAN naming S. */
int mode_parse_umask(const char *s, mode_t *out, struct err *e);
#endif
