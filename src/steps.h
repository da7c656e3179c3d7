/* steps: one handler per verb, grouped by family in step_*.c files. The
 * contract is in run.h (struct call, step_fn). */
#ifndef STEPS_H
#define STEPS_H
#include "run.h"

/* step_vars.c: variables and secrets */
int step_env(struct run_ctx *ctx, struct call *c, struct err *e);
int step_default(struct run_ctx *ctx, struct call *c, struct err *e);
int step_require(struct run_ctx *ctx, struct call *c, struct err *e);
int step_forbid(struct run_ctx *ctx, struct call *c, struct err *e);
int step_secret(struct run_ctx *ctx, struct call *c, struct err *e);
int step_file_env(struct run_ctx *ctx, struct call *c, struct err *e);
int step_envfile(struct run_ctx *ctx, struct call *c, struct err *e);
int step_export(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_files.c: single paths */
int step_root(struct run_ctx *ctx, struct call *c, struct err *e);
int step_mkdir(struct run_ctx *ctx, struct call *c, struct err *e);
int step_write(struct run_ctx *ctx, struct call *c, struct err *e);
int step_ensure_line(struct run_ctx *ctx, struct call *c, struct err *e);
int step_symlink(struct run_ctx *ctx, struct call *c, struct err *e);
int step_remove(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_copy.c, step_perm.c: trees */
int step_copy(struct run_ctx *ctx, struct call *c, struct err *e);
int step_chmod(struct run_ctx *ctx, struct call *c, struct err *e);
int step_chown(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_render.c: templates */
int step_render(struct run_ctx *ctx, struct call *c, struct err *e);
int step_render_dir(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_proc.c: waiting and processes */
int step_wait(struct run_ctx *ctx, struct call *c, struct err *e);
int step_run(struct run_ctx *ctx, struct call *c, struct err *e);
int step_exec(struct run_ctx *ctx, struct call *c, struct err *e);
#endif
