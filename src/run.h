/* run: runs a parsed plan step by step — conditions first, then expansion
 * of the step's tokens, then the step's handler — with dry-run, logging and
 * the exit code. The only module that includes both the pure modules and
 * the effect modules. */
#ifndef RUN_H
#define RUN_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "fs.h"
#include "log.h"
#include "plan.h"
#include "vars.h"

struct run_ctx {
	struct vars vars;
	struct fs fs;
	bool dry_run;		/* --dry-run: change nothing, show diffs */
	bool check;		/* `check`: parse and validate, touch nothing */
	char **environ;		/* the original environment (borrowed) */
	struct log_counts counts;
	long t0;		/* start, for the summary's ms */
	unsigned step_no;	/* the step running now (1-based) */
	long step_t0;
};

/* One step, its tokens expanded: what a handler sees. */
struct call {
	const struct step *st;
	char **argv;		/* expanded positional args */
	size_t argc;
	char **cmdv;		/* expanded args after "--", NULL-terminated */
	size_t cmdc;
	bool secret;		/* a secret value went into some token */
	const char *target;	/* log target; a handler may set its own */
	/* Expanded option values, indexed like st->opts. */
	char **optv;
};

/* The expanded value of option NAME, or NULL when absent. */
const char *call_opt(const struct call *c, const char *name);

/* true = non-empty and not 0/false/no/off (any case). */
bool run_truthy(const char *s);
/* mode= and owner= values (either may be NULL) as wanted metadata. */
int meta_parse(const char *mode, const char *owner, struct fs_meta *m,
    struct err *e);
/* An overwrite= value (NULL: always). */
int overwrite_parse(const char *v, enum fs_overwrite *ow, struct err *e);
/* The same, from a call's options. */
int call_meta(const struct call *c, struct fs_meta *m, struct err *e);
int call_overwrite(const struct call *c, enum fs_overwrite *ow,
    struct err *e);

/* Step handlers: 1 = changed, 0 = unchanged, -1 = failed (e filled).
 * In ctx->dry_run they change nothing and return what they would do. */
typedef int (*step_fn)(struct run_ctx *ctx, struct call *c, struct err *e);

/* Log the exec step as changed, and the summary, just before the exec:
 * after it nothing of volinit's is left to print them. */
void run_log_exec(struct run_ctx *ctx, const struct call *c);

int run_plan(struct run_ctx *ctx, const struct plan *p, struct err *e);
/* Show a unified diff of a content change in dry-run (redacted when
 * secret). */
void run_show_diff(const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen, bool secret);
#endif
