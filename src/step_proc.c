/* step_proc.c: wait, run and exec.
 *
 * What users see (for the README):
 * - Durations (timeout=, interval=): a whole number with unit ms, s or m;
 *   a bare number is seconds; at most 30 days. timeout=0 waits forever
 *   (as wait-for-it's 0). Defaults 60s and 1s. `wait KIND A B...` waits
 *   for every target in turn under the one timeout.
 * - wait http: status= takes 200, 2xx, 200-399 or a comma list (default
 *   2xx); redirects are not followed (a 3xx counts only if status= says
 *   so); URL userinfo is sent as Basic auth and shown as ***.
 * - Exit codes: a run child exiting N != 0, or killed by a signal of its
 *   own (SIGSEGV, OOM kill): 6, the status in the message. volinit itself
 *   getting SIGTERM/INT/QUIT/HUP: 128+N — at once when no child runs;
 *   forwarded to a running child, then 128+N when it ends, whatever its
 *   status (the plan never goes on after being told to stop). A command
 *   not found: 127; not executable, or the user=/cwd= preparation
 *   failed in the child: 126. After exec: the program's own code.
 * - user=: the image's /etc/passwd and /etc/group ($VOLINIT_PASSWD and
 *   $VOLINIT_GROUP override the paths, for tests); without an entry USER
 *   and LOGNAME are removed and HOME=/. Dropping to who volinit already
 *   is (same uid, gid and groups) is no change and works unprivileged.
 * - stdin=FILE[,FILE...]: the files, in order, are the command's standard
 *   input (mariadb-install-db's `mariadbd --bootstrap < SQL`). Each is
 *   opened when the step starts, before anything runs and before user=
 *   drops privileges (as a shell's `< FILE`), under the rules every read
 *   follows (fs_open_file: links followed, only a regular file, so a FIFO,
 *   device or socket is refused and nothing can block); a missing one
 *   fails the step and nothing starts. One file is the command's stdin
 *   itself; several are fed through a pipe by a feeder process (proc.c:
 *   for run volinit's child, for exec forked twice so the program does
 *   not inherit it). `check` validates the list without opening it. The
 *   content is never logged.
 * - PATH lookup uses the plan's PATH (default /usr/local/sbin:
 *   /usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin); empty entries are
 *   skipped, never the current directory; no shell fallback on ENOEXEC.
 *
 * MUST: every option is validated before anything waits or starts (bad
 * address or duration: ERR_PLAN; unknown user or group: ERR_STEP), also
 * in dry-run and check; a child gets vars_child_env (plus HOME, USER,
 * LOGNAME with user=) and nothing else; an exec that fails once it has
 * begun to change the process (privileges, descriptors, signals) ends
 * volinit on the spot with its 126/127 code: the plan never goes on
 * after it, whatever on-error says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "fs.h"
#include "proc.h"
#include "steps.h"
#include "supervise.h"
#include "wait.h"
#include "xalloc.h"

/* Log targets must outlive the handler: the engine logs after it. */
static char target[256];

static int
wait_opts(struct call *c, long *timeout, long *interval, struct err *e)
{
	const char *s;

	*timeout = WAIT_TIMEOUT_MS;
	*interval = WAIT_INTERVAL_MS;
	if ((s = call_opt(c, "timeout")) != NULL &&
	    wait_parse_duration(s, timeout, e) == -1)
		return -1;
	if ((s = call_opt(c, "interval")) != NULL &&
	    wait_parse_duration(s, interval, e) == -1)
		return -1;
	return 0;	/* interval=0 and the arity: validate.c, plan.c */
}

/* Target i of a wait step, with its header= lines (one a line) and its
 * body= text. */
static int
wait_target_of(struct call *c, size_t i, const char *status,
    struct wait_target *t, struct err *e)
{
	const char *h = call_opt(c, "header"), *body = call_opt(c, "body");
	char *line;
	size_t n;
	int r;

	if (wait_target_parse(t, c->argv[0], c->argv[i], status, e) == -1)
		return -1;
	for (; h != NULL; h = h[n] != '\0' ? h + n + 1 : NULL) {
		n = strcspn(h, "\n");
		line = xstrndup(h, n);
		r = wait_target_add_header(t, line, e);
		explicit_bzero(line, n);
		free(line);
		if (r == -1)
			return -1;
	}
	return body != NULL ? wait_target_set_body(t, body, e) : 0;
}

/* wait KIND TARGET... [timeout=60s] [interval=1s] [status=2xx]: every
 * target, in order, under one deadline (timeout=0: no deadline). */
int
step_wait(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct wait_target t;
	const char *status = call_opt(c, "status");
	long timeout, interval;
	long long deadline;
	size_t i;
	int r = 0;

	if (wait_opts(c, &timeout, &interval, e) == -1)
		return -1;
	for (i = 1; i < c->argc && r == 0; i++) {
		r = wait_target_of(c, i, status, &t, e);
		if (i == 1 && t.shown != NULL) {
			snprintf(target, sizeof(target), "%s %s%s", c->argv[0],
			    t.shown, c->argc > 2 ? " ..." : "");
			c->target = target;
		}
		wait_target_free(&t);
	}
	if (r == 0 && ctx->dry_run)
		log_info("dry run: not waited for; the real run waits up to "
		    "%s", timeout == 0 ? "forever" : "its timeout");
	if (r == -1 || ctx->dry_run)
		return r;
	deadline = timeout == 0 ? -1 : wait_now_ms() + timeout;
	for (i = 1; i < c->argc && r == 0; i++) {
		wait_target_of(c, i, status, &t, e);
		r = wait_until(&t, deadline, interval, e);
		wait_target_free(&t);
	}
	return r;
}

/* Everything run and exec need, validated. */
struct prep {
	struct proc_user user;
	struct proc_cmd cmd;
	char **venv, **uenv;
	int *fds;		/* stdin=, open */
	char **names;		/* stdin=, NULL-terminated */
	size_t nin;
};

/* stdin=FILE[,FILE...]: every file opened, or -1 (the list's form is
 * validate.c's). */
static int
open_inputs(struct fs *fs, const char *list, struct prep *p, struct err *e)
{
	const char *s = list;

	for (;;) {
		size_t n = strcspn(s, ",");

		p->names = xrealloc(p->names, (p->nin + 2) * sizeof(char *));
		p->fds = xrealloc(p->fds, (p->nin + 1) * sizeof(int));
		p->names[p->nin] = xstrndup(s, n);
		p->names[p->nin + 1] = NULL;
		p->fds[p->nin] = fs_open_read(fs, p->names[p->nin], "read", e);
		if (p->fds[p->nin] == -1) {
			free(p->names[p->nin]);
			p->names[p->nin] = NULL;
			return -1;
		}
		p->nin++;
		if (s[n] == '\0')
			return 0;
		s += n + 1;
	}
}

/* cwd= moves the child: its PWD says where (absolute, as a shell's cd
 * leaves it), never the directory volinit started in. */
static void
set_pwd(char ***envp, const char *cwd)
{
	struct buf b = BUF_INIT;
	char **env = *envp, *here;
	size_t i;

	buf_adds(&b, "PWD=");
	if (cwd[0] != '/' && (here = getcwd(NULL, 0)) != NULL) {
		buf_adds(&b, here);
		buf_addc(&b, '/');
		free(here);
	}
	buf_adds(&b, cwd);
	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], "PWD=", 4) == 0)
			break;
	if (env[i] == NULL) {
		env = xrealloc(env, (i + 2) * sizeof(*env));
		env[i + 1] = NULL;
	} else {
		free(env[i]);
	}
	env[i] = buf_detach(&b);
	*envp = env;
}

static void
prep_free(struct prep *p)
{
	size_t i;

	vars_free_env(p->venv);
	proc_env_free(p->uenv);
	proc_user_free(&p->user);
	for (i = 0; i < p->nin; i++) {
		if (p->fds[i] >= 0)
			close(p->fds[i]);
		free(p->names[i]);
	}
	free(p->fds);
	free(p->names);
	memset(p, 0, sizeof(*p));
}

static int
prepare(struct run_ctx *ctx, struct call *c, struct prep *p, struct err *e)
{
	const char *user = call_opt(c, "user"), *cwd = call_opt(c, "cwd");
	const char *in = call_opt(c, "stdin");

	memset(p, 0, sizeof(*p));
	if (c->cmdc == 0 || c->cmdv[0][0] == '\0')	/* "-- ${@}" of none */
		return err_set(e, ERR_PLAN, 0, "%s: want -- CMD [ARG...]",
		    plan_verb_name(c->st->verb));
	if (user != NULL && proc_user_load(user, &p->user, e) == -1)
		return -1;
	p->venv = vars_child_env(&ctx->vars);
	if (user != NULL)
		p->uenv = proc_user_env(p->venv, &p->user);
	if (cwd != NULL)
		set_pwd(p->uenv != NULL ? &p->uenv : &p->venv, cwd);
	p->cmd.argv = c->cmdv;
	p->cmd.envp = p->uenv != NULL ? p->uenv : p->venv;
	p->cmd.path = vars_get(&ctx->vars, "PATH");
	p->cmd.cwd = cwd;
	p->cmd.user = user != NULL ? &p->user : NULL;
	if (in != NULL && open_inputs(&ctx->fs, in, p, e) == -1) {
		prep_free(p);
		return -1;
	}
	p->cmd.input = p->fds;
	p->cmd.input_names = p->names;
	p->cmd.ninput = p->nin;
	return 0;
}

/* run [user=] [cwd=] [stdin=] -- CMD ARG...: 1 (changed) when it ran and
 * exited 0. */
/* run capture=NAME [secret=true]: NAME = the output, its trailing
 * newlines dropped (as $(...) does); a secret with secret=true. In a dry
 * run nothing runs: NAME is set to "" so later steps still expand. */
static void
capture_set(struct run_ctx *ctx, const struct call *c, const char *name,
    struct buf *out)
{
	const char *sec = call_opt(c, "secret");

	while (out->len > 0 && out->p[out->len - 1] == '\n')
		out->p[--out->len] = '\0';
	vars_set(&ctx->vars, name, out->len > 0 ? buf_str(out) : "",
	    sec != NULL && call_truthy(sec) ? VAR_SECRET : 0);
}

int
step_run(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct prep p;
	int r = 1;

	const char *name = call_opt(c, "capture");
	struct buf out = BUF_INIT;

	if (prepare(ctx, c, &p, e) == -1)
		return -1;
	if (name != NULL) {
		p.cmd.capture = &out;
		p.cmd.capture_max = CAPTURE_MAX;
	}
	if (ctx->dry_run)
		log_info("dry run: run steps are not simulated; later steps "
		    "see the volume as it is");
	else if (proc_run(&p.cmd, e) == -1)
		r = -1;
	if (r == 1 && name != NULL)
		capture_set(ctx, c, name, &out);
	buf_wipe(&out);
	prep_free(&p);
	return r;
}

struct exec_ready {
	struct run_ctx *ctx;
	const struct call *c;
};

/* The privileges are dropped and the directory changed: now say so. */
static void
exec_ready(void *arg)
{
	struct exec_ready *r = arg;

	r->ctx->before_exec(r->ctx, r->c);
	fflush(NULL);
}

/* exec supervise=true [tail=FILE,...]: volinit stays PID 1 for CMD's
 * life (supervise.c) and ends with CMD's code; the step and the summary
 * are logged before CMD starts, as for an exec in place. Never returns. */
static void
exec_supervised(struct run_ctx *ctx, struct call *c, struct prep *p)
{
	struct sup_tail tails[16];
	struct supervise s;
	struct err e = ERR_INIT;
	const char *t = call_opt(c, "tail");
	char line[ERR_LINE_MAX], *names[16];
	size_t n, k = 0;
	int code;

	memset(&s, 0, sizeof(s));
	for (; t != NULL && k < 16; t = t[n] != '\0' ? t + n + 1 : NULL) {
		n = strcspn(t, ",");
		names[k] = xstrndup(t, n);
		tails[k].path = names[k];
		tails[k++].out = 1;
	}
	s.cmd = &p->cmd;
	s.tails = tails;
	s.ntails = k;
	p->cmd.new_pgrp = true;
	ctx->before_exec(ctx, c);
	fflush(NULL);
	code = supervise_run(&s, &e);
	if (code < 0) {
		err_at(&e, c->st->file, c->st->line, c->st->col);
		err_format(&e, line, sizeof(line));
		log_error(line);
		code = err_exit_code(&e);
	}
	fflush(NULL);
	_exit(code);
}

/* exec [user=] [cwd=] [stdin=] [supervise=] [tail=] -- CMD ARG...: never
 * returns once it has begun. */
int
step_exec(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct prep p;
	struct exec_ready ready;
	char line[ERR_LINE_MAX];
	const char *sup = call_opt(c, "supervise");

	if (prepare(ctx, c, &p, e) == -1)
		return -1;
	if (ctx->dry_run) {
		prep_free(&p);
		return 1;
	}
	if (sup != NULL && call_truthy(sup))
		exec_supervised(ctx, c, &p);
	ready.ctx = ctx;
	ready.c = c;
	p.cmd.ready = exec_ready;
	p.cmd.ready_arg = &ready;
	proc_exec(&p.cmd, e);
	err_at(e, c->st->file, c->st->line, c->st->col);
	err_format(e, line, sizeof(line));
	log_error(line);
	_exit(err_exit_code(e));
}
