/* call: the helpers step handlers share (call.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call.h"
#include "diff.h"
#include "mode.h"
#include "owner.h"
#include "validate.h"
#include "xalloc.h"

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
bool
call_truthy(const char *s)
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

void
call_show_diff(const char *path, const char *old, size_t oldlen,
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
	return call_overwrite_parse(call_opt(c, "overwrite"), ow, e);
}

int
call_meta(const struct call *c, struct fs_meta *m, struct err *e)
{
	return call_meta_parse(call_opt(c, "mode"), call_opt(c, "owner"), m, e);
}

int
call_overwrite_parse(const char *v, enum fs_overwrite *ow, struct err *e)
{
	if (v == NULL || strcmp(v, "always") == 0)
		*ow = FS_OW_ALWAYS;
	else if (strcmp(v, "missing") == 0 || strcmp(v, "never") == 0)
		*ow = FS_OW_MISSING;	/* SPEC gives them one meaning */
	else
		return err_set(e, ERR_PLAN, 0,
		    "overwrite= takes always, missing or never");
	return 0;
}

/* A symbolic mode= on a file a step creates applies to 0644, what a
 * shell's redirection gives under the usual umask. */
int
call_meta_parse(const char *mode, const char *owner, struct fs_meta *m,
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

/* validate_step's view of a call: its expanded values. */
static const char *
call_value(void *arg, const char *name)
{
	const struct call *c = arg;

	if (name == NULL)
		return c->argc > 0 ? c->argv[0] : NULL;
	if (*name >= '0' && *name <= '9')	/* a positional argument */
		return (size_t)atoi(name) < c->argc ? c->argv[atoi(name)] :
		    NULL;
	return call_opt(c, name);
}

int
call_validate(const struct call *c, struct err *e)
{
	const struct step *st = c->st;
	const char *at;
	size_t i;

	for (i = 0; i < st->nopts; i++)
		if (validate_opt(lang_opt(st->opts[i].name), c->optv[i], e) < 0) {
			err_at(e, st->file, st->opts[i].value.line,
			    st->opts[i].value.col);
			return -1;
		}
	for (i = 0; i < c->argc; i++)
		if (validate_arg(st->verb, i, c->argv[i], c->argv[0], e) < 0) {
			err_at(e, st->file, st->args[i].line,
			    st->args[i].col);
			return -1;
		}
	if (validate_step(st->verb, call_value, (void *)c, &at, e) < 0) {
		const struct opt *o;

		if (at != NULL && *at >= '0' && *at <= '9' &&
		    (size_t)atoi(at) < c->argc)
			err_at(e, st->file, st->args[atoi(at)].line,
			    st->args[atoi(at)].col);
		else if (at != NULL && (o = plan_opt(st, at)) != NULL)
			err_at(e, st->file, o->value.line, o->value.col);
		return -1;
	}
	return 0;
}

static mode_t
apply_spec(const void *spec, mode_t cur, bool isdir)
{
	return mode_apply(spec, cur, isdir);
}

int
call_mode_parse(const char *s, struct call_mode *m, struct err *e)
{
	if (mode_parse(s, &m->spec, e) < 0)
		return -1;
	m->chmod.apply = apply_spec;
	m->chmod.arg = &m->spec;
	m->chmod.octal = m->spec.octal;
	return 0;
}

void
call_set_args(struct run_ctx *ctx, char *const *argv, size_t n)
{
	char **old = ctx->args;
	size_t i, nold = ctx->nargs;

	ctx->args = xcalloc(n + 1, sizeof(*ctx->args));
	for (i = 0; i < n; i++)
		ctx->args[i] = xstrdup(argv[i]);
	ctx->nargs = n;
	for (i = 0; i < nold; i++)
		free(old[i]);
	free(old);
}
