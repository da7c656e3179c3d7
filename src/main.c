/* main: parse the command line, load the plans, run them; the only place
 * that prints the final error and picks the exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "check.h"
#include "cli.h"
#include "multicall.h"
#include "proc.h"
#include "run.h"
#include "seccomp.h"
#include "signals.h"
#include "steps.h"
#include "xalloc.h"

#ifndef VOLINIT_VERSION
#define VOLINIT_VERSION "dev"
#endif
#define PLAN_MAX (4u << 20)

extern char **environ;

/* A plan error as found (there may be several). */
static void
report(const struct err *e)
{
	char line[1024];

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
	char line[1024];

	report(e);
	err_format(e, line, sizeof(line));
	log_termination(line);
	return err_exit_code(e);
}

/* Parse one plan source; every error is printed, the first kept in e. */
static int
load_one(const struct cli_plan *src, struct plan *p, unsigned *ntext,
    struct err *e)
{
	struct buf text = BUF_INIT;
	int errors;

	if (src->text) {
		char name[16];

		/* "-e", then "-e2", "-e3": each -e numbers its own lines */
		if (++*ntext > 1)
			snprintf(name, sizeof(name), "-e%u", *ntext);
		else
			snprintf(name, sizeof(name), "-e");
		return plan_parse(p, name, src->s, strlen(src->s), report, e);
	}
	if (fs_read_file(src->s, PLAN_MAX, &text, e) < 0) {
		e->kind = ERR_USAGE;
		err_prefix(e, "plan %s", src->s);
		return 1;
	}
	errors = plan_parse(p, src->s, buf_str(&text), text.len, report, e);
	buf_free(&text);
	return errors;
}

/* Every plan source; with none, $VOLINIT_PLAN, then /etc/volinit/plan. */
static int
load_plans(const struct cli *c, struct plan *p, struct err *e)
{
	struct cli_plan dflt = { false, getenv("VOLINIT_PLAN") };
	unsigned ntext = 0;
	size_t i;
	int errors = 0;

	if (c->nplans == 0) {
		if (dflt.s == NULL || *dflt.s == '\0')
			dflt.s = "/etc/volinit/plan";
		if (access(dflt.s, F_OK) < 0)
			return err_set(e, ERR_USAGE, 0, "no plan: give -f FILE, "
			    "-e TEXT or PLAN, or set VOLINIT_PLAN");
		return load_one(&dflt, p, &ntext, e) ? -1 : 0;
	}
	for (i = 0; i < c->nplans; i++) {
		struct err one = ERR_INIT;

		if (load_one(&c->plans[i], p, &ntext, &one) == 0)
			continue;
		if (errors++ == 0)
			*e = one;
		else if (!one.reported)
			report(&one);
	}
	return errors ? -1 : 0;
}

static void
ctx_init(struct run_ctx *ctx, const struct cli *c)
{
	char id[32];

	memset(ctx, 0, sizeof(*ctx));
	ctx->environ = environ;
	vars_init(&ctx->vars, environ);
	snprintf(id, sizeof(id), "%u", (unsigned)geteuid());
	vars_set(&ctx->vars, "VOLINIT_UID", id, VAR_BUILTIN);
	snprintf(id, sizeof(id), "%u", (unsigned)getegid());
	vars_set(&ctx->vars, "VOLINIT_GID", id, VAR_BUILTIN);
	fs_init(&ctx->fs);
	ctx->dry_run = c->dry_run;
	ctx->check = c->cmd == CLI_CHECK;
}

/* `check --caps`: on stdout, before the checks' own findings. */
static int
print_caps(const struct plan *p, struct err *e)
{
	struct buf b = BUF_INIT;
	int r;

	caps_report(p, &b);
	r = log_stdout(buf_str(&b), b.len, e);
	buf_free(&b);
	return r;
}

/* `check --seccomp`: the profile on stdout, its families on stderr. */
static int
print_seccomp(const struct plan *p, struct err *e)
{
	struct buf b = BUF_INIT, fams = BUF_INIT;
	unsigned f = seccomp_families(p);
	int i, r;

	for (i = 0; i < SECCOMP_NFAMILIES; i++)
		if (f & 1U << i)
			buf_printf(&fams, "%s%s", fams.len ? ", " : "",
			    seccomp_family_name((enum seccomp_family)i));
	log_info("seccomp: system calls of %s", buf_str(&fams));
	seccomp_profile(f, &b);
	r = log_stdout(buf_str(&b), b.len, e);
	buf_free(&b);
	buf_free(&fams);
	return r;
}

static int
check_and_say(const struct plan *p, struct err *e)
{
	int n = check_plan(p, report, e);

	if (n == 0)
		log_info("check: %zu steps, no problems found", p->n);
	else
		log_info("check: %zu steps, %d problem%s found", p->n, n,
		    n > 1 ? "s" : "");
	return n ? -1 : 0;
}

/* Load and run (or check) the plans into p, which the caller frees after
 * printing any error: errors point into p's file names. */
static int
cmd_run(const struct cli *c, struct run_ctx *ctx, struct plan *p,
    struct err *e)
{
	size_t i;

	if (load_plans(c, p, e) < 0)
		return -1;
	if (c->exec_argv != NULL)
		plan_add_exec(p, c->exec_argv, "command line");
	for (i = 0; i < c->nroots; i++)
		if (fs_add_root(&ctx->fs, c->roots[i], e) < 0)
			return -1;
	if (c->caps && print_caps(p, e) < 0)
		return -1;
	if (c->seccomp && print_seccomp(p, e) < 0)
		return -1;
	if (c->cmd == CLI_CHECK)
		return check_and_say(p, e);
	return run_plan(ctx, p, e);
}

/* `volinit render`: the render step's options as flags. */
static int
cmd_render(const struct cli *c, struct run_ctx *ctx, struct err *e)
{
	struct render_req rq;
	size_t i;

	/* --root binds `volinit render` as `root` binds the render step */
	for (i = 0; i < c->nroots; i++)
		if (fs_add_root(&ctx->fs, c->roots[i], e) < 0)
			return -1;
	memset(&rq, 0, sizeof(rq));
	if (tmpl_syntax_parse(c->syntax, &rq.opts.syntax, e) < 0)
		return -1;
	rq.opts.vars = c->vars;
	rq.delims = c->delims;
	rq.strict = c->strict;
	if (meta_parse(c->mode, c->owner, &rq.meta, e) < 0 ||
	    overwrite_parse(c->overwrite, &rq.ow, e) < 0)
		return -1;
	rq.tmpl = c->tmpl;
	rq.dest = c->output;
	return render_one(ctx, &rq, e) < 0 ? -1 : 0;
}

/* help [STEP] and version, on stdout. */
static int
say(struct cli *c, struct err *e)
{
	struct buf b = BUF_INIT;
	int r = 0;

	if (c->cmd == CLI_VERSION)
		buf_adds(&b, "volinit " VOLINIT_VERSION "\n");
	else if (c->topic == NULL)
		buf_adds(&b, cli_usage());
	if (c->cmd == CLI_HELP && plan_help(&b, c->topic) < 0)
		r = err_set(e, ERR_USAGE, 0, "help: unknown step '%s' "
		    "(volinit help lists them)", c->topic);
	if (r == 0)
		r = log_stdout(b.p, b.len, e);
	buf_free(&b);
	cli_free(c);
	return r < 0 ? fail(e) : 0;
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
	if (c.cmd == CLI_HELP || c.cmd == CLI_VERSION)
		return say(&c, &e);
	ctx_init(&ctx, &c);
	memset(&p, 0, sizeof(p));
	rc = c.cmd == CLI_RENDER ? cmd_render(&c, &ctx, &e) :
	    cmd_run(&c, &ctx, &p, &e);
	rc = rc < 0 ? fail(&e) : 0;
	plan_free(&p);
	vars_free(&ctx.vars);
	fs_free(&ctx.fs);
	cli_free(&c);
	return rc;
}
