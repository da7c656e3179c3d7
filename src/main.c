/* main: a dispatcher. Parse the command line, hand the work to the engine
 * (run), the checker (check) or the render step; the only place that
 * prints the final error and picks the exit code. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "multicall.h"
#include "proc.h"
#include "run.h"
#include "signals.h"
#include "steps.h"

#ifndef VOLINIT_VERSION
#define VOLINIT_VERSION "dev"
#endif

extern char **environ;

/* A plan error as found (there may be several). */
static void
report(const struct err *e)
{
	char line[ERR_LINE_MAX];

	if (e->reported)
		return;
	err_format(e, line, sizeof(line));
	log_error(line);
}

/* The final error: on stderr unless already reported, and where
 * Kubernetes looks; its exit code. */
static int
fail(const struct err *e)
{
	char line[ERR_LINE_MAX];

	report(e);
	err_format(e, line, sizeof(line));
	log_termination(line);
	return err_exit_code(e);
}

/* `volinit render`: the flags, named as the render step's options. */
static int
cmd_render(const struct cli *c, struct run_ctx *ctx, struct err *e)
{
	const char *names[] = { "syntax", "vars", "mode", "owner", "delims",
	    "overwrite", "strict" };
	const char *given[] = { c->syntax, c->vars, c->mode, c->owner,
	    c->delims, c->overwrite, c->strict ? "true" : NULL };
	const char *n[RENDER_FLAGS_MAX], *v[RENDER_FLAGS_MAX];
	size_t i, k = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (given[i] != NULL) {
			n[k] = names[i];
			v[k++] = given[i];
		}
	return render_command(ctx, c->tmpl, c->output, n, v, k, e) < 0 ?
	    -1 : 0;
}

/* Run, check or render, with the plans loaded into p (errors point into
 * p's file names: the caller frees p after printing them). */
static int
dispatch(const struct cli *c, struct run_ctx *ctx, struct plan *p,
    struct err *e)
{
	size_t i;

	if (c->cmd != CLI_RENDER && run_load(p, c->plans, c->nplans,
	    c->exec_argv, report, e) < 0)
		return -1;
	/* the words after "--" are also the plan's arguments: ${1} ${#} ${@} */
	for (i = 0; c->exec_argv != NULL && c->exec_argv[i] != NULL; i++)
		;
	call_set_args(ctx, c->exec_argv, i);
	/* --root binds `volinit render` as `root` binds the render step */
	for (i = 0; i < c->nroots; i++)
		if (fs_add_root(&ctx->fs, c->roots[i], e) < 0)
			return -1;
	if (c->cmd == CLI_RENDER)
		return cmd_render(c, ctx, e);
	if (c->cmd == CLI_CHECK)
		return check_command(p, c->caps, c->seccomp, report, e);
	return run_plan(ctx, p, e);
}

/* help [STEP] and version, on stdout. */
static int
say(const struct cli *c, struct err *e)
{
	struct buf b = BUF_INIT;
	int r = 0;

	if (c->cmd == CLI_VERSION)
		buf_adds(&b, "volinit " VOLINIT_VERSION "\n");
	else if (c->topic == NULL)
		buf_adds(&b, cli_usage());
	if (c->cmd == CLI_HELP && lang_help(&b, c->topic) < 0)
		r = err_set(e, ERR_USAGE, 0, "help: unknown step '%s' "
		    "(volinit help lists them)", c->topic);
	if (r == 0)
		r = log_stdout(b.p, b.len, e);
	buf_free(&b);
	return r;
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct run_ctx ctx;
	struct plan p;
	struct err e = ERR_INIT;
	int rc;

	if ((rc = multicall_main(argc, argv)) != MULTICALL_NOT_MINE)
		return rc;
	if (proc_refuse_setid(&e) < 0)
		return fail(&e);
	proc_signals_init();
	if (cli_parse(argc, argv, &c, &e) < 0) {
		rc = fail(&e);
		fputs(cli_usage(), stderr);
		cli_free(&c);
		return rc;
	}
	log_format = c.format;
	log_level = c.level;
	memset(&p, 0, sizeof(p));
	if (c.cmd == CLI_HELP || c.cmd == CLI_VERSION) {
		rc = say(&c, &e);
	} else {
		run_init(&ctx, environ, c.dry_run);
		rc = dispatch(&c, &ctx, &p, &e);
		run_free(&ctx);
	}
	rc = rc < 0 ? fail(&e) : 0;
	plan_free(&p);
	cli_free(&c);
	return rc;
}
