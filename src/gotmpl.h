/* gotmpl: the subset of Go's text/template that dockerize templates use,
 * rendering byte for byte what dockerize renders. Lexer, parser and
 * evaluator; pure code except the file reads of `secret`, `file`,
 * `exists`, which go through callbacks. */
#ifndef GOTMPL_H
#define GOTMPL_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lookup.h"
#include "sink.h"

struct gotmpl;

/* Parse text[0..len). name is used in errors ("name:line:col: ...") and is
 * borrowed for the template's lifetime. ldelim/rdelim NULL mean "{{" and
 * "}}". Every unknown function is an error here (kind ERR_PLAN). Returns
 * NULL on error. The text is copied. */
struct gotmpl *gotmpl_parse(const char *name, const char *text, size_t len,
    const char *ldelim, const char *rdelim, struct err *e);
void gotmpl_free(struct gotmpl *t);

struct gotmpl_env {
	struct lookup vars;	/* .Env and `env` */
	bool strict;		/* printing a missing value is an error */
	/* Read a whole file for `secret`/`file` into out; 0 or -1 with e. */
	int (*read_file)(void *arg, const char *path, struct buf *out,
	    struct err *e);
	/* For `exists`: true when path exists (lstat). */
	bool (*exists)(void *arg, const char *path);
	void *arg;
	bool secret_used;	/* out: set when a secret reached the output */
};

/* Execute into out. Errors are ERR_PLAN with name:line:col. */
int gotmpl_exec(const struct gotmpl *t, struct gotmpl_env *env,
    const struct sink *out, struct err *e);
#endif
