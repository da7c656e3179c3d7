/* step_perm.c: the chmod and chown steps, on one entry or (-R) a tree.
 *
 * MUST: resolve each PATH with fs_at_open (beneath the roots, last
 * component never followed) and leave the walking to fs_walk; report
 * changed only when something changed (or would, in dry-run). */
#include <stdlib.h>
#include <string.h>

#include "fs_walk.h"
#include "owner.h"
#include "steps.h"
#include "xalloc.h"

/* exclude=a,b as an array of names pointing into *store (both heap). */
static char **
split_names(const char *s, char **store, size_t *n)
{
	char **v = NULL, *p, *save = NULL;
	size_t cap = 0;

	*n = 0;
	*store = xstrdup(s);
	for (p = strtok_r(*store, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		v = xgrow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = p;
	}
	return v;
}

static int
perm_run(struct run_ctx *ctx, struct call *c, struct fs_walk_opts *o,
    struct err *e)
{
	const char *ex = call_opt(c, "exclude");
	char **names = NULL, *store = NULL;
	unsigned long n = 0;
	struct fs_at at;
	size_t i;
	int r = 0;

	o->recursive = c->st->recursive;
	o->dry_run = ctx->dry_run;
	o->sim = fs_dry(&ctx->fs);
	if (ex != NULL)
		names = split_names(ex, &store, &o->nexclude);
	o->exclude = names;
	c->target = c->argv[1];
	for (i = 1; i < c->argc && r == 0; i++) {
		if ((r = fs_at_open(&ctx->fs, c->argv[i], 0, 0, &at, e)) == 0) {
			o->abs = at.abs;
			r = fs_walk(at.dirfd, at.name, c->argv[i], o, &n, e);
			fs_at_close(&at);
		}
	}
	free(names);
	free(store);
	if (r == -1)
		return -1;
	return n > 0 ? 1 : 0;
}

int
step_chmod(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct fs_walk_opts o;
	struct call_mode m;

	memset(&o, 0, sizeof(o));
	c->target = c->argv[1];
	if (call_mode_parse(c->argv[0], &m, e) == -1)
		return -1;
	o.uid = OWNER_NONE_UID;
	o.gid = OWNER_NONE_GID;
	o.mode = &m.chmod;
	return perm_run(ctx, c, &o, e);
}

int
step_chown(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct fs_walk_opts o;

	memset(&o, 0, sizeof(o));
	c->target = c->argv[1];
	if (owner_parse(c->argv[0], OWNER_PASSWD, OWNER_GROUP, &o.uid, &o.gid,
	    e) == -1)
		return -1;
	return perm_run(ctx, c, &o, e);
}
