/* run: the step engine. For each step: conditions first (a skipped step's
 * other tokens are never expanded, so they cannot fail), then expansion of
 * every token against the variables as the steps before left them, then
 * the handler; then one log line. Dry-run and check change nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "diff.h"
#include "expand.h"
#include "mode.h"
#include "owner.h"
#include "run.h"
#include "steps.h"
#include "xalloc.h"

static const step_fn handlers[VERB_COUNT] = {
	[VERB_ENV] = step_env, [VERB_DEFAULT] = step_default,
	[VERB_REQUIRE] = step_require, [VERB_FORBID] = step_forbid,
	[VERB_SECRET] = step_secret, [VERB_FILE_ENV] = step_file_env,
	[VERB_ENVFILE] = step_envfile, [VERB_EXPORT] = step_export,
	[VERB_ROOT] = step_root, [VERB_MKDIR] = step_mkdir,
	[VERB_COPY] = step_copy, [VERB_RENDER] = step_render,
	[VERB_RENDER_DIR] = step_render_dir, [VERB_WRITE] = step_write,
	[VERB_ENSURE_LINE] = step_ensure_line, [VERB_CHMOD] = step_chmod,
	[VERB_CHOWN] = step_chown, [VERB_SYMLINK] = step_symlink,
	[VERB_REMOVE] = step_remove, [VERB_WAIT] = step_wait,
	[VERB_RUN] = step_run, [VERB_EXEC] = step_exec,
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* env, default and file-env assign left to right. */
static bool
assigns(const struct step *st)
{
	return st->verb == VERB_ENV || st->verb == VERB_DEFAULT ||
	    st->verb == VERB_FILE_ENV;
}

const char *
call_opt(const struct call *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->st->nopts; i++)
		if (strcmp(c->st->opts[i].name, name) == 0)
			return c->optv != NULL ? c->optv[i] : NULL;
	return NULL;
}

/* Expand segments [from, to) of w into out. */
static int
expand_segs(struct run_ctx *ctx, const struct step *st, const struct word *w,
    size_t from, size_t to, struct buf *out, bool *secret, struct err *e)
{
	struct lookup lk = vars_lookup(&ctx->vars);
	size_t i;

	for (i = from; i < to; i++) {
		const struct seg *sg = &w->segs[i];

		if (!sg->expr) {
			buf_add(out, sg->text, sg->len);
			continue;
		}
		if (expand_eval(sg->text, sg->len, &lk, out, secret, e) < 0) {
			err_at(e, st->file, sg->line, sg->col);
			return -1;
		}
	}
	return 0;
}

/* The whole word, expanded, as a heap string. */
static char *
expand_word(struct run_ctx *ctx, const struct step *st, const struct word *w,
    bool *secret, struct err *e)
{
	struct buf b = BUF_INIT;

	if (expand_segs(ctx, st, w, 0, w->nsegs, &b, secret, e) < 0) {
		buf_wipe(&b);
		return NULL;
	}
	return buf_detach(&b);
}

bool
run_truthy(const char *s)
{
	static const char *const no[] = { "0", "false", "no", "off" };
	size_t i;

	if (*s == '\0')
		return false;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return false;
	return true;
}

/* Evaluate an if=/unless= word: truthiness, or A==B / A!=B where the
 * operator is found in the literal text (never inside a value). */
static int
condition(struct run_ctx *ctx, const struct step *st, const struct word *w,
    bool *result, struct err *e)
{
	struct buf l = BUF_INIT, r = BUF_INIT;
	bool sec = false;
	size_t i;
	int rc = -1;

	for (i = 0; i < w->nsegs; i++) {
		const struct seg *sg = &w->segs[i];
		char *op;

		if (sg->expr)
			continue;
		op = strstr(sg->text, "==");
		if (op == NULL)
			op = strstr(sg->text, "!=");
		if (op == NULL)
			continue;
		if (expand_segs(ctx, st, w, 0, i, &l, &sec, e) < 0)
			goto out;
		buf_add(&l, sg->text, (size_t)(op - sg->text));
		buf_adds(&r, op + 2);
		if (expand_segs(ctx, st, w, i + 1, w->nsegs, &r, &sec, e) < 0)
			goto out;
		*result = (strcmp(buf_str(&l), buf_str(&r)) == 0) ==
		    (op[0] == '=');
		rc = 0;
		goto out;
	}
	if (expand_segs(ctx, st, w, 0, w->nsegs, &l, &sec, e) == 0) {
		*result = run_truthy(buf_str(&l));
		rc = 0;
	}
out:
	buf_wipe(&l);
	buf_wipe(&r);
	return rc;
}

/* Why the step is skipped (heap), NULL to run it, or -1 via e. */
static int
skip_reason(struct run_ctx *ctx, const struct step *st, char **why,
    struct err *e)
{
	const struct opt *o;
	bool v;

	*why = NULL;
	if ((o = plan_opt(st, "if")) != NULL) {
		if (condition(ctx, st, &o->value, &v, e) < 0)
			return -1;
		if (!v)
			*why = xstrdup("if: false");
	}
	if (*why == NULL && (o = plan_opt(st, "unless")) != NULL) {
		if (condition(ctx, st, &o->value, &v, e) < 0)
			return -1;
		if (v)
			*why = xstrdup("unless: true");
	}
	if (*why == NULL && (o = plan_opt(st, "creates")) != NULL) {
		bool sec = false;
		char *list = expand_word(ctx, st, &o->value, &sec, e), *p, *save;
		struct stat sb;

		if (list == NULL)
			return -1;
		for (p = strtok_r(list, ",", &save); p != NULL && *why == NULL;
		    p = strtok_r(NULL, ",", &save))
			if (lstat(p, &sb) == 0) {
				struct buf b = BUF_INIT;

				buf_printf(&b, "creates: %s exists", p);
				*why = buf_detach(&b);
			}
		free(list);
	}
	return 0;
}

static void
call_free(struct call *c)
{
	size_t i;

	for (i = 0; i < c->argc; i++)
		free(c->argv[i]);
	for (i = 0; i < c->cmdc; i++)
		free(c->cmdv[i]);
	for (i = 0; c->optv != NULL && i < c->st->nopts; i++)
		free(c->optv[i]);
	free(c->argv);
	free(c->cmdv);
	free(c->optv);
	if (assigns(c->st))
		free((char *)c->target);
}

/* Expand an array of words into a NULL-terminated heap array. */
static char **
expand_all(struct run_ctx *ctx, const struct step *st, const struct word *w,
    size_t n, bool *secret, struct err *e)
{
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		if ((v[i] = expand_word(ctx, st, &w[i], secret, e)) == NULL)
			return v;	/* caller sees e->kind */
	return v;
}

static bool warn_only(const struct call *c, struct err *e);

/* A warned failure of one NAME in a multi-name step: say it, go on. */
static void
warn_one(struct run_ctx *ctx, const struct step *st, struct err *e)
{
	char line[768];

	err_at(e, st->file, st->line, st->col);
	err_format(e, line, sizeof(line));
	log_warn("%s", line);
	ctx->counts.warned++;
	err_clear(e);
}

/* Run an assigning step one NAME=VALUE at a time, each expanded after the
 * ones before it took effect, as the shell's `A=1 B=$A` does. */
static int
run_assigns(struct run_ctx *ctx, struct call *c, struct err *e)
{
	const struct step *st = c->st;
	size_t i;
	int r = 0;

	for (i = 0; i < st->nargs && r >= 0; i++) {
		struct call one = *c;
		char *arg = expand_word(ctx, st, &st->args[i], &one.secret, e);

		if (arg == NULL)
			return -1;
		one.argv = &arg;
		one.argc = 1;
		r = handlers[st->verb](ctx, &one, e);
		if (i == 0)	/* the log shows the first NAME, no value */
			c->target = xstrndup(arg, strcspn(arg, "="));
		explicit_bzero(arg, strlen(arg));
		free(arg);
		/* on-error=warn: each NAME on its own, as if one step each */
		if (r < 0 && e->kind != ERR_PLAN && warn_only(c, e) &&
		    i + 1 < st->nargs) {
			warn_one(ctx, st, e);
			r = 0;
		}
	}
	return r;
}

static int
build_call(struct run_ctx *ctx, const struct step *st, struct call *c,
    struct err *e)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->st = st;
	c->argc = assigns(st) ? 0 : st->nargs;	/* see run_assigns */
	c->cmdc = st->ncmd;
	c->argv = expand_all(ctx, st, st->args, c->argc > 0 ? 1 : 0,
	    &c->secret, e);
	for (i = 1; i < c->argc && e->kind == ERR_NONE; i++) {
		c->argv = xrealloc(c->argv, (c->argc + 1) * sizeof(*c->argv));
		c->argv[i] = expand_word(ctx, st, &st->args[i], &c->secret, e);
		c->argv[i + 1] = NULL;
	}
	if (e->kind == ERR_NONE)
		c->cmdv = expand_all(ctx, st, st->cmd, st->ncmd, &c->secret, e);
	if (e->kind == ERR_NONE) {
		c->optv = xcalloc(st->nopts + 1, sizeof(*c->optv));
		for (i = 0; i < st->nopts && e->kind == ERR_NONE; i++)
			c->optv[i] = expand_word(ctx, st, &st->opts[i].value,
			    &c->secret, e);
	}
	if (e->kind != ERR_NONE)
		return -1;
	if (c->target == NULL && c->argc > 0)
		c->target = c->argv[0];
	if (c->target == NULL && c->cmdc > 0)
		c->target = c->cmdv[0];
	return 0;
}

/* on-error=warn; never for exec, which must not fall through to exit 0
 * with no program started. */
static bool
warn_only(const struct call *c, struct err *e)
{
	const char *oe = call_opt(c, "on-error");

	if (c->st->verb == VERB_EXEC)
		oe = NULL;
	if (oe == NULL || strcmp(oe, "fail") == 0)
		return false;
	if (strcmp(oe, "warn") == 0)
		return true;
	err_set(e, ERR_PLAN, 0, "on-error= takes fail or warn");
	return false;
}

/* A failed step's line. Text mode gives the reason only for a warned
 * failure: a fatal one is printed once, as the final error, by main. */
static void
log_failed(unsigned n, const struct call *c, const struct err *e,
    const char *verb, bool warned, long ms)
{
	char line[768];

	err_format(e, line, sizeof(line));
	log_step(n, verb, c->target, "failed",
	    warned || log_format == LOG_JSON ? line : NULL, ms);
}

/* -v: the step as expanded, unless a secret went into it. */
static void
log_call(unsigned n, const struct call *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_printf(&b, "[%u] %s:%u: %s", n, c->st->file, c->st->line,
	    plan_verb_name(c->st->verb));
	if (c->secret) {
		buf_adds(&b, " (its arguments hold a secret: not shown)");
	} else {
		for (i = 0; i < c->argc; i++)
			buf_printf(&b, " %s", c->argv[i]);
		for (i = 0; i < c->st->nopts; i++)
			buf_printf(&b, " %s=%s", c->st->opts[i].name,
			    c->optv[i]);
		if (c->cmdc > 0)
			buf_adds(&b, " --");
		for (i = 0; i < c->cmdc; i++)
			buf_printf(&b, " %s", c->cmdv[i]);
	}
	log_debug("%s", buf_str(&b));
	buf_free(&b);
}

/* Run one step: 0 on success (or a warned failure), -1 with e. */
static int
run_step(struct run_ctx *ctx, const struct step *st, unsigned n,
    struct err *e)
{
	const char *verb = plan_verb_name(st->verb);
	struct call c;
	char *why = NULL;
	long t0 = now_ms();
	int r;

	ctx->counts.steps++;
	if (skip_reason(ctx, st, &why, e) < 0)
		return -1;
	if (why != NULL) {
		ctx->counts.skipped++;
		log_step(n, verb, st->nargs > 0 && st->args[0].nsegs == 1 &&
		    !st->args[0].segs[0].expr ? st->args[0].segs[0].text : "",
		    "skipped", why, now_ms() - t0);
		free(why);
		return 0;
	}
	r = build_call(ctx, st, &c, e);
	if (r == 0 && warn_only(&c, e) == false && e->kind != ERR_NONE)
		r = -1;
	ctx->step_no = n;
	ctx->step_t0 = t0;
	if (r == 0 && log_level >= LOG_VERBOSE)
		log_call(n, &c);
	if (r == 0)
		r = assigns(st) ? run_assigns(ctx, &c, e) :
		    handlers[st->verb](ctx, &c, e);
	if (r < 0) {
		err_at(e, st->file, st->line, st->col);
		if (warn_only(&c, e) && e->kind != ERR_PLAN) {
			ctx->counts.warned++;
			ctx->counts.failed++;
			log_failed(n, &c, e, verb, true, now_ms() - t0);
			err_clear(e);
			r = 0;
		} else {
			ctx->counts.failed++;
			log_failed(n, &c, e, verb, false, now_ms() - t0);
		}
	} else {
		r == 1 ? ctx->counts.changed++ : ctx->counts.unchanged++;
		log_step(n, verb, c.target,
		    r == 1 ? "changed" : "unchanged", NULL, now_ms() - t0);
		r = 0;
	}
	call_free(&c);
	return r;
}

void
run_log_exec(struct run_ctx *ctx, const struct call *c)
{
	ctx->counts.changed++;
	log_step(ctx->step_no, "exec", c->target,
	    "changed", NULL, now_ms() - ctx->step_t0);
	log_summary(&ctx->counts, now_ms() - ctx->t0);
}

int
run_plan(struct run_ctx *ctx, const struct plan *p, struct err *e)
{
	size_t i;

	ctx->t0 = now_ms();
	if (plan_validate(p, e) < 0)
		return -1;
	ctx->fs.dry_run = ctx->dry_run;
	for (i = 0; i < p->n; i++) {
		if (run_step(ctx, &p->steps[i], (unsigned)i + 1, e) == 0)
			continue;
		log_summary(&ctx->counts, now_ms() - ctx->t0);
		return -1;
	}
	log_summary(&ctx->counts, now_ms() - ctx->t0);
	return 0;
}

void
run_show_diff(const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen, bool secret)
{
	struct buf b = BUF_INIT;

	if (secret) {
		buf_printf(&b, "--- %s\n+++ %s\n@@ content holds a secret: "
		    "*** @@\n", path, path);
	} else {
		diff_unified(&b, path, old != NULL ? old : "",
		    old != NULL ? oldlen : 0, new, newlen);
	}
	log_raw(b.p, b.len);
	buf_free(&b);
}

int
call_overwrite(const struct call *c, enum fs_overwrite *ow, struct err *e)
{
	return overwrite_parse(call_opt(c, "overwrite"), ow, e);
}

int
call_meta(const struct call *c, struct fs_meta *m, struct err *e)
{
	return meta_parse(call_opt(c, "mode"), call_opt(c, "owner"), m, e);
}

int
overwrite_parse(const char *v, enum fs_overwrite *ow, struct err *e)
{
	if (v == NULL || strcmp(v, "always") == 0)
		*ow = FS_OW_ALWAYS;
	else if (strcmp(v, "missing") == 0)
		*ow = FS_OW_MISSING;
	else if (strcmp(v, "never") == 0)
		*ow = FS_OW_NEVER;
	else
		return err_set(e, ERR_PLAN, 0,
		    "overwrite= takes always, missing or never");
	return 0;
}

/* A symbolic mode= on a file a step creates applies to 0644, what a
 * shell's redirection gives under the usual umask. */
int
meta_parse(const char *mode, const char *owner, struct fs_meta *m,
    struct err *e)
{
	struct mode_spec ms;

	memset(m, 0, sizeof(*m));
	m->uid = OWNER_NONE_UID;
	m->gid = OWNER_NONE_GID;
	if (mode != NULL) {
		if (mode_parse(mode, &ms, e) < 0)
			return -1;
		m->mode = mode_apply(&ms, 0644, false);
		m->has_mode = true;
	}
	if (owner != NULL) {
		if (owner_parse(owner, OWNER_PASSWD, OWNER_GROUP, &m->uid,
		    &m->gid, e) < 0)
			return -1;
		m->has_owner = true;
	}
	return 0;
}
