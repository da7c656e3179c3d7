/* steps: one handler per verb, grouped by family in step_*.c files. The
 * contract is in call.h (struct call, step_fn). */
#ifndef STEPS_H
#define STEPS_H
#include "fs.h"
#include "call.h"
#include "tmpl.h"

/* step_vars.c: variables and secrets */
int step_env(struct run_ctx *ctx, struct call *c, struct err *e);
int step_default(struct run_ctx *ctx, struct call *c, struct err *e);
int step_require(struct run_ctx *ctx, struct call *c, struct err *e);
int step_forbid(struct run_ctx *ctx, struct call *c, struct err *e);
int step_secret(struct run_ctx *ctx, struct call *c, struct err *e);
int step_file_env(struct run_ctx *ctx, struct call *c, struct err *e);
int step_envfile(struct run_ctx *ctx, struct call *c, struct err *e);
int step_export(struct run_ctx *ctx, struct call *c, struct err *e);
int step_unset(struct run_ctx *ctx, struct call *c, struct err *e);
int step_args(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_files.c: single paths */
int step_root(struct run_ctx *ctx, struct call *c, struct err *e);
int step_mkdir(struct run_ctx *ctx, struct call *c, struct err *e);
int step_write(struct run_ctx *ctx, struct call *c, struct err *e);
int step_ensure_line(struct run_ctx *ctx, struct call *c, struct err *e);
int step_set_key(struct run_ctx *ctx, struct call *c, struct err *e);
int step_replace(struct run_ctx *ctx, struct call *c, struct err *e);
int step_symlink(struct run_ctx *ctx, struct call *c, struct err *e);
int step_remove(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_copy.c, step_perm.c: trees */
int step_copy(struct run_ctx *ctx, struct call *c, struct err *e);
int step_chmod(struct run_ctx *ctx, struct call *c, struct err *e);
int step_chown(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_render.c: templates */
/* One rendering, shared by the render steps and `volinit render`. */
struct render_req {
	const char *tmpl;	/* a path, or "-" for stdin; with tmpl_open
				 * only the name shown */
	bool tmpl_open;		/* tmpl_fd is the template, already open */
	int tmpl_fd;
	const char *dest;	/* NULL: stdout */
	struct tmpl_opts opts;
	const char *delims;	/* go: "L:R", or NULL */
	bool strict;		/* go: printing a missing value is an error */
	struct fs_meta meta;	/* no mode: 0644, or 0600 with a secret */
	enum fs_overwrite ow;
	bool secret;		/* a secret went into the plan's tokens */
	int at_flags;		/* FS_MKPARENTS: create missing directories */
};
/* Read the render options of a step (or `render` flags given as a call). */
int render_req_opts(const struct call *c, struct render_req *rq,
    struct err *e);
/* 1 changed, 0 unchanged, -1 error. */
int render_one(struct run_ctx *ctx, const struct render_req *rq,
    struct err *e);
int step_render(struct run_ctx *ctx, struct call *c, struct err *e);
/* `volinit render`: its flags (names as the render step's options) run
 * through the step's validation and option parsing; dest NULL: stdout. */
#define RENDER_FLAGS_MAX 8
int render_command(struct run_ctx *ctx, const char *tmpl, const char *dest,
    const char *const *names, const char *const *values, size_t n,
    struct err *e);
int step_render_dir(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_misc.c: the process's own settings and messages */
int step_umask(struct run_ctx *ctx, struct call *c, struct err *e);
int step_log(struct run_ctx *ctx, struct call *c, struct err *e);

/* step_proc.c: waiting and processes */
int step_wait(struct run_ctx *ctx, struct call *c, struct err *e);
int step_run(struct run_ctx *ctx, struct call *c, struct err *e);
int step_exec(struct run_ctx *ctx, struct call *c, struct err *e);
#endif
