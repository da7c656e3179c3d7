/* run: the step engine. For each step: conditions first (a skipped step's
 * other tokens are never expanded, so they cannot fail), then expansion of
 * every token against the variables as the steps before left them, then
 * the handler; then one log line. Dry-run and check change nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "expand.h"
#include "fs.h"
#include "run.h"
#include "steps.h"
#include "validate.h"
#include "vars.h"
#include "xalloc.h"


#define HANDLER_(id, name, min, max, flags, opts, a0, an, fn, ...) \
	[VERB_##id] = fn,
static const step_fn handlers[VERB_COUNT] = { LANG_VERBS(HANDLER_) };
#undef HANDLER_

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

/* The plan's variables, and the container arguments: ${1}, ${2}, ...
 * (unset when absent) and ${#} their count. */
static const char *
get_var(void *arg, const char *name, size_t len, bool *secret)
{
	struct run_ctx *ctx = arg;
	struct lookup vl = vars_lookup(&ctx->vars);
	unsigned long n = 0;
	size_t i;

	if (len == 1 && name[0] == '#') {
		snprintf(ctx->argc_s, sizeof(ctx->argc_s), "%zu", ctx->nargs);
		return ctx->argc_s;
	}
	if (len == 0 || name[0] < '0' || name[0] > '9')
		return vl.get(vl.arg, name, len, secret);
	for (i = 0; i < len && n <= ctx->nargs; i++)
		n = n * 10 + (unsigned long)(name[i] - '0');
	return n >= 1 && n <= ctx->nargs ? ctx->args[n - 1] : NULL;
}

/* ${...} in plan tokens: expand.c's evaluator over get_var (nothing
 * here ranges over the variables: each is NULL). */
static struct lookup
run_lookup(struct run_ctx *ctx)
{
	struct lookup lk = { get_var, NULL, ctx };

	return lk;
}

/* Expand segments [from, to) of w into out. */
static int
expand_segs(struct run_ctx *ctx, const struct step *st, const struct word *w,
    size_t from, size_t to, struct buf *out, bool *secret, struct err *e)
{
	struct lookup lk = run_lookup(ctx);
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

/* The right side of A==B / A!=B, from segment i's text after the
 * operator on: its literal text as a glob pattern, what came from a ${}
 * escaped so it matches literally. *glob: the literal text holds an
 * unescaped * ? or [, as bash's [[ A == PATTERN ]]. */
static int
right_side(struct run_ctx *ctx, const struct step *st, const struct word *w,
    size_t i, const char *rest, struct buf *pat, bool *glob, bool *sec,
    struct err *e)
{
	struct buf v = BUF_INIT;
	const char *p;

	*glob = strpbrk(rest, "*?[") != NULL;
	buf_adds(pat, rest);
	for (i++; i < w->nsegs; i++) {
		const struct seg *sg = &w->segs[i];

		if (!sg->expr) {
			*glob |= strpbrk(sg->text, "*?[") != NULL;
			buf_add(pat, sg->text, sg->len);
			continue;
		}
		buf_reset(&v);
		if (expand_segs(ctx, st, w, i, i + 1, &v, sec, e) < 0) {
			buf_wipe(&v);
			return -1;
		}
		for (p = buf_str(&v); *p != '\0'; p++) {
			if (strchr("*?[]\\", *p) != NULL)
				buf_addc(pat, '\\');
			buf_addc(pat, *p);
		}
	}
	buf_wipe(&v);
	return 0;
}

/* A pattern with no glob character, its escapes removed. */
static void
unescape(struct buf *b)
{
	size_t i, o = 0;

	for (i = 0; i < b->len; i++) {
		if (b->p[i] == '\\' && i + 1 < b->len)
			i++;
		b->p[o++] = b->p[i];
	}
	b->len = o;
	if (b->p != NULL)
		b->p[o] = '\0';
}

/* Evaluate an if=/unless= word: truthiness, or A==B / A!=B where the
 * operator is found in the literal text (never inside a value), the right
 * side a glob when its literal text holds one. */
static int
condition(struct run_ctx *ctx, const struct step *st, const struct word *w,
    bool *result, struct err *e)
{
	struct buf l = BUF_INIT, r = BUF_INIT;
	bool sec = false, glob, eq;
	size_t i;
	int rc = -1;

	if (validate_condition(w, e) < 0) {	/* as check says it */
		err_at(e, st->file, w->line, w->col);
		return -1;
	}
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
		if (right_side(ctx, st, w, i, op + 2, &r, &glob, &sec, e) < 0)
			goto out;
		if (!glob)
			unescape(&r);
		eq = glob ? expand_glob_match(buf_str(&r), r.len, buf_str(&l),
		    l.len) : strcmp(buf_str(&l), buf_str(&r)) == 0;
		*result = eq == (op[0] == '=');
		rc = 0;
		goto out;
	}
	if (expand_segs(ctx, st, w, 0, w->nsegs, &l, &sec, e) == 0) {
		*result = call_truthy(buf_str(&l));
		rc = 0;
	}
out:
	buf_wipe(&l);
	buf_wipe(&r);
	return rc;
}

/* The path conditions: creates= (any exists: skip), if-exists= (every one
 * exists, links not followed), if-empty= / unless-empty= (missing, an
 * empty file, or a directory holding nothing but lost+found). fs_lstat
 * looks, so a dry run sees what its earlier steps would have made. */
static int
path_reason(struct run_ctx *ctx, const struct step *st, const char *name,
    char **why, struct err *e)
{
	const struct opt *o = plan_opt(st, name);
	bool sec = false, creates = strcmp(name, "creates") == 0, empty;
	char *list, *p, *save;
	struct buf b = BUF_INIT;
	struct stat sb;

	if (o == NULL || (list = expand_word(ctx, st, &o->value, &sec,
	    e)) == NULL)
		return o == NULL ? 0 : -1;
	if (validate_opt(lang_opt(name), list, e) < 0) {	/* as check */
		err_at(e, st->file, o->value.line, o->value.col);
		free(list);
		return -1;
	}
	if (strcmp(name, "if-empty") == 0 || strcmp(name, "unless-empty") == 0) {
		fs_lstat(&ctx->fs, list, &sb, &empty);
		if (empty != (name[0] == 'i'))
			buf_printf(&b, "%s: %s is %sempty", name, list,
			    name[0] == 'i' ? "not " : "");
	} else {
		for (p = strtok_r(list, ",", &save); p != NULL && b.len == 0;
		    p = strtok_r(NULL, ",", &save))
			if ((fs_lstat(&ctx->fs, p, &sb, NULL) == 0) == creates)
				buf_printf(&b, "%s: %s %s", name, p, creates ?
				    "exists" : "does not exist");
	}
	free(list);
	*why = b.len > 0 ? buf_detach(&b) : (buf_free(&b), NULL);
	return 0;
}

/* Why the step is skipped (heap), NULL to run it, or -1 via e. */
static int
skip_reason(struct run_ctx *ctx, const struct step *st, char **why,
    struct err *e)
{
	static const char *const paths[] = { "creates", "if-exists",
	    "if-empty", "unless-empty" };
	const struct opt *o;
	size_t i;
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
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]) && *why == NULL; i++)
		if (path_reason(ctx, st, paths[i], why, e) < 0)
			return -1;
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

/* A bare token made only of ${...} pieces (no quote, no literal byte):
 * dropped when it expands to "", as the shell drops an unquoted empty
 * expansion. */
static bool
droppable(const struct word *w)
{
	size_t i;

	if (w->quoted || w->nsegs == 0)
		return false;
	for (i = 0; i < w->nsegs; i++)
		if (!w->segs[i].expr)
			return false;
	return true;
}

static void
push(char ***v, size_t *n, size_t *cap, char *s)
{
	*v = xgrow(*v, cap, *n + 2, sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/* ${=NAME}: NAME's value split on blanks, none when unset or empty. */
static void
split_var(struct run_ctx *ctx, const struct seg *sg, char ***v, size_t *n,
    size_t *cap, bool *secret)
{
	const char *name = sg->text + 3, *val, *p;
	size_t len = sg->len - 4;

	val = get_var(ctx, name, len, secret);
	for (p = val != NULL ? val : ""; *p != '\0';) {
		size_t w;

		p += strspn(p, " \t\n");
		if ((w = strcspn(p, " \t\n")) > 0)
			push(v, n, cap, xstrndup(p, w));
		p += w;
	}
}

/* Words as after "--": ${@} becomes the arguments, ${=NAME} NAME's words,
 * an empty bare expansion nothing; every other word one string. */
static char **
expand_words(struct run_ctx *ctx, const struct step *st, const struct word *w,
    size_t nw, size_t *n, bool *secret, struct err *e)
{
	char **v = xcalloc(1, sizeof(*v)), *s;
	size_t i, j, cap = 1;

	*n = 0;
	for (i = 0; i < nw; i++) {
		const struct seg *sg = w[i].nsegs == 1 ? &w[i].segs[0] : NULL;

		if (sg != NULL && sg->list == '@') {
			for (j = 0; j < ctx->nargs; j++)
				push(&v, n, &cap, xstrdup(ctx->args[j]));
		} else if (sg != NULL && sg->list == '=') {
			split_var(ctx, sg, &v, n, &cap, secret);
		} else if ((s = expand_word(ctx, st, &w[i], secret, e)) == NULL) {
			break;	/* the caller sees e->kind */
		} else if (*s == '\0' && droppable(&w[i])) {
			free(s);
		} else {
			push(&v, n, &cap, s);
		}
	}
	return v;
}

static bool warn_only(const struct call *c, struct err *e);

/* A warned failure of one NAME in a multi-name step: say it, go on. */
static void
warn_one(struct run_ctx *ctx, const struct step *st, struct err *e)
{
	char line[ERR_LINE_MAX];

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
		if (validate_arg(st->verb, i, arg, arg, e) < 0) {
			err_at(e, st->file, st->args[i].line, st->args[i].col);
			free(arg);
			return -1;
		}
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
	if (lang_verb(st->verb)->flags & LF_WORDS) {
		c->argv = expand_words(ctx, st, st->args, st->nargs, &c->argc,
		    &c->secret, e);
	} else {
		c->argv = expand_all(ctx, st, st->args, c->argc > 0 ? 1 : 0,
		    &c->secret, e);
		for (i = 1; i < c->argc && e->kind == ERR_NONE; i++) {
			c->argv = xrealloc(c->argv, (c->argc + 1) *
			    sizeof(*c->argv));
			c->argv[i] = expand_word(ctx, st, &st->args[i],
			    &c->secret, e);
			c->argv[i + 1] = NULL;
		}
	}
	if (e->kind == ERR_NONE)
		c->cmdv = expand_words(ctx, st, st->cmd, st->ncmd, &c->cmdc,
		    &c->secret, e);
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
	return call_validate(c, e);
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
	char line[ERR_LINE_MAX];

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
		if (!c.logged)
			log_step(n, verb, c.target, r == 1 ? "changed" :
			    "unchanged", NULL, now_ms() - t0);
		r = 0;
	}
	call_free(&c);
	return r;
}

static void
log_exec(struct run_ctx *ctx, const struct call *c)
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
	ctx->before_exec = log_exec;
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
run_init(struct run_ctx *ctx, char **environ, bool dry_run)
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
	ctx->dry_run = dry_run;
}

void
run_free(struct run_ctx *ctx)
{
	call_set_args(ctx, NULL, 0);
	free(ctx->args);
	vars_free(&ctx->vars);
	fs_free(&ctx->fs);
}

/* Parse one source; every error is reported, the first kept in e. */
static int
load_one(const struct run_source *src, struct plan *p, unsigned *ntext,
    void (*report)(const struct err *), struct err *e)
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

int
run_load(struct plan *p, const struct run_source *src, size_t n,
    char *const *argv, void (*report)(const struct err *), struct err *e)
{
	struct run_source dflt = { false, getenv("VOLINIT_PLAN") };
	unsigned ntext = 0;
	size_t i;
	int errors = 0;

	if (n == 0) {
		if (dflt.s == NULL || *dflt.s == '\0')
			dflt.s = "/etc/volinit/plan";
		if (access(dflt.s, F_OK) < 0)
			return err_set(e, ERR_USAGE, 0, "no plan: give -f FILE, "
			    "-e TEXT or PLAN, or set VOLINIT_PLAN");
		src = &dflt;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		struct err one = ERR_INIT;

		if (load_one(&src[i], p, &ntext, report, &one) == 0)
			continue;
		if (errors++ == 0)
			*e = one;
		else if (!one.reported && report != NULL)
			report(&one);
	}
	/* the arguments are exec'd after the last step unless the plan says
	 * what runs (an exec of its own, e.g. `exec -- ${@}`) */
	if (errors == 0 && argv != NULL && argv[0] != NULL &&
	    !plan_has_exec(p))
		plan_add_exec(p, "command line");
	return errors ? -1 : 0;
}
