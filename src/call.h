/* call: the contract between the engine (run.c) and the step handlers
 * (step_*.c), and the helpers the handlers share. Below the engine: the
 * handlers include this, never run.h. */
#ifndef CALL_H
#define CALL_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "fs.h"
#include "log.h"
#include "mode.h"
#include "plan.h"
#include "vars.h"

struct call;

struct run_ctx {
	struct vars vars;
	struct fs fs;
	bool dry_run;		/* --dry-run: change nothing, show diffs */
	char **environ;		/* the original environment (borrowed) */
	char **args;		/* the container arguments ("-- ARG..." on the
				 * command line, then `args`): owned copies */
	size_t nargs;
	char argc_s[24];	/* ${#}, formatted */
	struct log_counts counts;
	long t0;		/* start, for the summary's ms */
	unsigned step_no;	/* the step running now (1-based) */
	long step_t0;
	/* Set by the engine: log the exec step and the summary just before
	 * the exec (after it nothing of volinit's is left to print them). */
	void (*before_exec)(struct run_ctx *ctx, const struct call *c);
};

/* One step, its tokens expanded and validated: what a handler sees. The
 * engine owns every string here and frees them after logging; a handler
 * that sets target to a string of its own keeps that string alive until
 * it is called again (a static buffer, or one of the call's strings). */
struct call {
	const struct step *st;
	char **argv;		/* expanded positional args */
	size_t argc;
	char **cmdv;		/* expanded args after "--", NULL-terminated */
	size_t cmdc;
	bool secret;		/* a secret value went into some token */
	const char *target;	/* log target; a handler may set its own */
	char **optv;		/* expanded option values, as st->opts */
	bool logged;		/* the handler's own line is the step's (log):
				 * the engine adds no result line */
};

/* Step handlers: 1 = changed, 0 = unchanged, -1 = failed (e filled).
 * In ctx->dry_run they change nothing and return what they would do. */
typedef int (*step_fn)(struct run_ctx *ctx, struct call *c, struct err *e);

/* Replace the container arguments with copies of argv[0..n). */
void call_set_args(struct run_ctx *ctx, char *const *argv, size_t n);
/* Every expanded value through the validator `check` runs on literal
 * ones (validate.c), each error at the value's own position, as check
 * reports it. An assigning step's arguments are not in argv: the engine
 * validates them one at a time as it expands them. */
int call_validate(const struct call *c, struct err *e);
/* A parsed MODE and the chmod the tree walkers and copy apply with it. */
struct call_mode {
	struct mode_spec spec;
	struct fs_chmod chmod;
};
int call_mode_parse(const char *s, struct call_mode *m, struct err *e);
/* The expanded value of option NAME, or NULL when absent. */
const char *call_opt(const struct call *c, const char *name);
/* true = non-empty and not 0/false/no/off (any case). */
bool call_truthy(const char *s);
/* mode= and owner= values (either may be NULL) as wanted metadata. */
int call_meta_parse(const char *mode, const char *owner, struct fs_meta *m,
    struct err *e);
/* An overwrite= value (NULL: always; never is missing). */
int call_overwrite_parse(const char *v, enum fs_overwrite *ow,
    struct err *e);
/* The same, from a call's options. */
int call_meta(const struct call *c, struct fs_meta *m, struct err *e);
int call_overwrite(const struct call *c, enum fs_overwrite *ow,
    struct err *e);
/* Show a unified diff of a content change in dry-run (redacted when
 * secret). */
void call_show_diff(const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen, bool secret);
#endif
