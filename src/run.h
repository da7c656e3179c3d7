/* run: the engine. Loads plans, then runs them step by step: conditions
 * first, then expansion of the step's tokens, then the one validator
 * check also uses (validate.c), then the step's handler (lang.h names it);
 * with dry-run, logging and the exit code. The only module that includes
 * both the pure modules and the effect modules, with check and the steps. */
#ifndef RUN_H
#define RUN_H
#include <stdbool.h>
#include <stddef.h>

#include "call.h"
#include "err.h"
#include "plan.h"

/* Where a plan comes from: -e TEXT, or a file. */
struct run_source {
	bool text;
	const char *s;		/* borrowed */
};

/* The context for a run: variables from environ plus the built-ins
 * (VOLINIT_UID, VOLINIT_GID), no roots yet. */
void run_init(struct run_ctx *ctx, char **environ, bool dry_run);
void run_free(struct run_ctx *ctx);
/* Parse every source into p, in order (none: $VOLINIT_PLAN, then
 * /etc/volinit/plan). Every error goes to report as found; the first is
 * kept in e. Then, when the plan has no exec step, `-- CMD` (argv, may be
 * NULL) becomes a last exec. */
int run_load(struct plan *p, const struct run_source *src, size_t n,
    char *const *argv, void (*report)(const struct err *), struct err *e);
int run_plan(struct run_ctx *ctx, const struct plan *p, struct err *e);
#endif
