/* plan: plan text in memory becomes a struct plan, an array of steps whose
 * tokens are kept unexpanded (expansion happens at run time, in order, so a
 * step sees the variables set by the steps before it). Pure code. */
#ifndef PLAN_H
#define PLAN_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lang.h"


/* A piece of a token: literal bytes, or a ${...} expression to expand. */
struct seg {
	bool expr;		/* text is "${...}" including the braces */
	char list;		/* '@': "${@}", the arguments; '=': "${=NAME}",
				 * NAME split on blanks; each a token of its
				 * own (plan.c checks it stands alone) */
	char *text;
	size_t len;
	unsigned line, col;	/* where the piece starts */
};

/* A token as written: its pieces after quote removal and escapes. */
struct word {
	struct seg *segs;
	size_t nsegs;
	bool quoted;		/* any quote or backslash in it */
	size_t bare;		/* bytes before the first quote, backslash or
				 * ${ (all of it when none): an option's NAME=
				 * must lie there, so name="a b" is an option
				 * and "name=a b" an argument */
	unsigned line, col;
};

struct opt {
	const char *name;	/* static: from the verb's option table */
	struct word value;
};

struct step {
	enum verb verb;
	const char *file;	/* borrowed from the plan's file names */
	unsigned line, col;
	bool recursive;		/* -R (chmod, chown) */
	struct word *args;	/* positional arguments, before "--" */
	size_t nargs;
	struct word *cmd;	/* after "--" (run, exec) */
	size_t ncmd;
	bool has_dashdash;
	struct opt *opts;
	size_t nopts;
};

struct plan {
	struct step *steps;
	size_t n, cap;
	char **files;		/* owned copies of the source names */
	size_t nfiles;
};

/* Parse text[0..len) named `name` and append its steps to p. Keeps going
 * after an error and keeps the first in e (ERR_PLAN, file:line:col);
 * returns the number of errors (0 on success). Every error is also passed
 * to report (may be NULL) as it is found, and then marked reported. */
int plan_parse(struct plan *p, const char *name, const char *text,
    size_t len, void (*report)(const struct err *e), struct err *e);
void plan_free(struct plan *p);
/* Whole-plan rules: an unconditional `exec` must be the last step (after
 * it nothing would run); a conditional one may stand anywhere and, when
 * taken, ends the plan. ERR_PLAN at the offending step. */
int plan_validate(const struct plan *p, struct err *e);
/* Append `exec -- ${@}`: the container arguments (the command line's
 * "-- CMD", as `args` left them) exec'd after the last step. file is
 * borrowed for error positions. */
void plan_add_exec(struct plan *p, const char *file);
/* The step has a condition (if=, unless=, creates=, if-exists=,
 * if-empty=, unless-empty=). */
bool plan_conditional(const struct step *st);
/* Some step is an exec. */
bool plan_has_exec(const struct plan *p);

const char *plan_verb_name(enum verb v);
/* The step's option, or NULL. */
const struct opt *plan_opt(const struct step *s, const char *name);
#endif
