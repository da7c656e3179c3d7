/* tmpl: the streaming template syntaxes — braced ${...} (volinit's
 * default) and envsubst (GNU envsubst exactly). Input is read in chunks and
 * output streamed to a sink: memory stays constant whatever the size. */
#ifndef TMPL_H
#define TMPL_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lookup.h"
#include "sink.h"

enum tmpl_syntax { TMPL_BRACED, TMPL_ENVSUBST, TMPL_GO };

struct tmpl_opts {
	enum tmpl_syntax syntax;
	/* envsubst only: NULL = every name; "defined" = only names set;
	 * else a list of names ("A,B", "$A $B" or "${A},${B}" all work). */
	const char *vars;
};

/* Parse a syntax= value; -1 with e (ERR_PLAN) when unknown. */
int tmpl_syntax_parse(const char *s, enum tmpl_syntax *out, struct err *e);

/* A chunked reader: fills buf, returns bytes read, 0 at end, -1 with e. */
struct tmpl_reader {
	long (*read)(void *arg, char *buf, size_t n, struct err *e);
	void *arg;
};

/* Render from r to out. name is used in errors (name:line:col). Sets
 * *secret when a secret value reached the output. ERR_PLAN for template
 * errors (an undefined ${NAME}, an unclosed ${). */
int tmpl_render(const struct tmpl_reader *r, const char *name,
    const struct tmpl_opts *o, const struct lookup *lk,
    const struct sink *out, bool *secret, struct err *e);
/* Same, from memory (tests, small inputs). */
int tmpl_render_mem(const char *text, size_t len, const char *name,
    const struct tmpl_opts *o, const struct lookup *lk,
    const struct sink *out, bool *secret, struct err *e);
#endif
