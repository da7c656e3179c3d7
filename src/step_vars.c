/* step_vars: the variable and secret steps — env, default, require,
 * forbid, secret, file-env, envfile, export. They change no file, so they
 * report "unchanged": a second run of any plan converges on 0 changed.
 * Values read from files are
 * secrets: never logged, wiped when dropped, and the process is made
 * non-dumpable while it holds them. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "bounds.h"
#include "fs.h"
#include "steps.h"
#include "xalloc.h"

/* Split "NAME=VALUE" in place; NULL (and e) when it is not one. */
static char *
split_assign(char *arg, struct err *e)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || !vars_valid_name(arg, (size_t)(eq - arg))) {
		err_set(e, ERR_PLAN, 0, "expected NAME=VALUE, got '%.*s'",
		    eq != NULL ? (int)(eq - arg) : (int)strlen(arg), arg);
		return NULL;
	}
	*eq = '\0';
	return eq + 1;
}

static int
check_name(const char *name, struct err *e)
{
	if (!vars_valid_name(name, strlen(name)))
		return err_set(e, ERR_PLAN, 0, "bad variable name '%s'", name);
	return 0;
}

/* Set (or default) every NAME=VALUE argument. */
static int
assign(struct run_ctx *ctx, struct call *c, bool only_empty, struct err *e)
{
	size_t i;

	for (i = 0; i < c->argc; i++) {
		char *val = split_assign(c->argv[i], e);

		if (val == NULL)
			return -1;
		if (only_empty && vars_is_set_nonempty(&ctx->vars, c->argv[i]))
			continue;
		vars_set(&ctx->vars, c->argv[i], val,
		    c->secret ? VAR_SECRET : 0);
	}
	return 0;
}

int
step_env(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return assign(ctx, c, false, e);
}

int
step_default(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return assign(ctx, c, true, e);
}

/* unset NAME...: gone from the variables and from every child's
 * environment, inherited or exported (a password after initialisation). */
int
step_unset(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;

	for (i = 0; i < c->argc; i++) {
		if (check_name(c->argv[i], e) < 0)
			return -1;
		vars_drop(&ctx->vars, c->argv[i]);
	}
	return 0;
}

/* require (want_set) and forbid (!want_set): name every offender at once. */
static int
check_set(struct run_ctx *ctx, struct call *c, bool want_set, struct err *e)
{
	struct buf bad = BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < c->argc; i++) {
		if (check_name(c->argv[i], e) < 0)
			goto fail;
		if (vars_is_set_nonempty(&ctx->vars, c->argv[i]) == want_set)
			continue;
		buf_printf(&bad, "%s%s", n++ ? ", " : "", c->argv[i]);
	}
	if (n > 0) {
		err_set(e, ERR_STEP, 0, want_set ?
		    "required variable%s not set or empty: %s" :
		    "forbidden variable%s set: %s", n > 1 ? "s" : "",
		    buf_str(&bad));
		goto fail;
	}
	buf_free(&bad);
	return 0;
fail:
	buf_free(&bad);
	return -1;
}

int
step_require(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return check_set(ctx, c, true, e);
}

int
step_forbid(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return check_set(ctx, c, false, e);
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

/* Read a secret file and trim it: "newlines" (the shell's $(< FILE)),
 * "space" (surrounding white space) or "none". */
static int
read_secret(struct fs *fs, const char *path, const char *trim,
    struct buf *out, struct err *e)
{
	size_t start = 0;

	if (trim == NULL)
		trim = "newlines";
	if (strcmp(trim, "newlines") != 0 && strcmp(trim, "none") != 0 &&
	    strcmp(trim, "space") != 0)
		return err_set(e, ERR_PLAN, 0,
		    "trim= takes newlines, none or space");
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (fs_read(fs, path, SECRET_MAX, out, e) < 0)
		return -1;
	if (memchr(out->p != NULL ? out->p : "", '\0', out->len) != NULL)
		return err_set(e, ERR_STEP, 0, "secret file %s holds a NUL "
		    "byte", path);
	if (strcmp(trim, "newlines") == 0)
		while (out->len > 0 && out->p[out->len - 1] == '\n')
			out->len--;
	if (strcmp(trim, "space") == 0) {
		while (out->len > 0 && is_space(out->p[out->len - 1]))
			out->len--;
		while (start < out->len && is_space(out->p[start]))
			start++;
	}
	buf_addc(out, '\0');	/* terminate at the trimmed length */
	if (start > 0)
		memmove(out->p, out->p + start, out->len - start);
	return 0;
}


int
step_secret(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct buf val = BUF_INIT;
	int r = -1;

	if (check_name(c->argv[0], e) < 0)
		return -1;
	if (read_secret(&ctx->fs, c->argv[1], call_opt(c, "trim"), &val, e)
	    == 0) {
		vars_set(&ctx->vars, c->argv[0], buf_str(&val), VAR_SECRET);
		r = 0;
	}
	buf_wipe(&val);
	return r;
}

/* One file-env argument: NAME or NAME=DEFAULT. */
static int
file_env_one(struct run_ctx *ctx, char *arg, struct err *e)
{
	char *def = strchr(arg, '='), fname[256];
	const char *path;
	struct buf val = BUF_INIT;

	if (def != NULL)
		*def++ = '\0';
	if (check_name(arg, e) < 0)
		return -1;
	snprintf(fname, sizeof(fname), "%s_FILE", arg);
	path = vars_get(&ctx->vars, fname);
	if (path == NULL || *path == '\0') {
		if (vars_is_set_nonempty(&ctx->vars, arg) || def == NULL)
			return 0;
		vars_set(&ctx->vars, arg, def, 0);
		return 0;
	}
	if (vars_is_set_nonempty(&ctx->vars, arg))
		return err_set(e, ERR_STEP, 0, "both %s and %s are set "
		    "(they are exclusive)", arg, fname);
	if (read_secret(&ctx->fs, path, NULL, &val, e) < 0) {
		buf_wipe(&val);
		/* name the variable that pointed there, as a user set it */
		if (e->errnum != 0)
			return err_set(e, e->kind, e->errnum, "%s=%s", fname,
			    path);
		err_prefix(e, "%s", fname);
		return -1;
	}
	vars_set(&ctx->vars, arg, buf_str(&val), VAR_SECRET);
	buf_wipe(&val);
	vars_unset(&ctx->vars, fname);
	vars_find(&ctx->vars, fname, strlen(fname))->flags |= VAR_REMOVED;
	return 0;
}

int
step_file_env(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;

	for (i = 0; i < c->argc; i++)
		if (file_env_one(ctx, c->argv[i], e) < 0)
			return -1;
	return 0;
}

int
step_envfile(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct buf text = BUF_INIT;
	unsigned line = 0;
	int r;

	if (fs_read(&ctx->fs, c->argv[0], SECRET_MAX, &text, e) < 0)
		return -1;
	r = vars_load_dotenv(&ctx->vars, text.p, c->secret ? VAR_SECRET : 0,
	    &line, e);
	if (r < 0) {
		err_file(e, NULL);
		err_prefix(e, "%s:%u", c->argv[0], line);
	}
	buf_wipe(&text);
	return r;
}

int
step_export(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;

	for (i = 0; i < c->argc; i++) {
		struct var *v;

		if (check_name(c->argv[i], e) < 0)
			return -1;
		v = vars_find(&ctx->vars, c->argv[i], strlen(c->argv[i]));
		if (v == NULL || v->value == NULL)
			return err_set(e, ERR_STEP, 0, "cannot export %s: "
			    "not set", c->argv[i]);
		v->flags |= VAR_EXPORT;
	}
	return 0;
}

/* args ARG...: the container arguments become ARG... (after expansion:
 * ${@} the old ones, empty bare expansions dropped), as `set --`. Always
 * "unchanged", as env is: a converged re-run says 0 changed. */
int
step_args(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;
	bool same = c->argc == ctx->nargs;

	(void)e;
	for (i = 0; same && i < c->argc; i++)
		same = strcmp(c->argv[i], ctx->args[i]) == 0;
	if (!same)
		call_set_args(ctx, c->argv, c->argc);
	c->target = c->argc > 0 ? c->argv[0] : "";
	return 0;	/* like env: the volume is untouched ("0 changed") */
}
