/* step_render: render and render-dir, and `volinit render`. Braced and
 * envsubst templates stream from the source into the temp file beside the
 * target (constant memory); Go templates are parsed whole first. Nothing
 * reaches the target unless the whole template rendered: the temp file is
 * only renamed at the end. Output holding a secret defaults to 0600. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "fs_tree.h"
#include "gotmpl.h"
#include "steps.h"
#include "tmpl.h"
#include "xalloc.h"


static long
fd_read(void *arg, char *buf, size_t n, struct err *e)
{
	int fd = *(int *)arg;
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return err_set(e, ERR_STEP, errno, "read");
	return (long)r;
}

/* Open a template source: one render-dir opened already (a copy of its
 * fd), stdin for "-", else a regular file (a FIFO or a device is refused
 * rather than blocked on). */
static int
open_source(struct run_ctx *ctx, const struct render_req *rq, struct err *e)
{
	const char *path = rq->tmpl;
	int fd;

	if (rq->tmpl_open) {
		if ((fd = fcntl(rq->tmpl_fd, F_DUPFD_CLOEXEC, 3)) == -1)
			return err_set(e, ERR_STEP, errno, "template %s",
			    path);
		return fd;
	}
	if (strcmp(path, "-") == 0)
		return 0;
	/* the read rules (fs_open_read): a regular file, no FIFO blocked
	 * on; in a dry run what an earlier step would have written */
	return fs_open_read(&ctx->fs, path, "template", e);
}

static bool
go_exists(void *arg, const char *path)
{
	struct stat sb;

	return fs_lstat(arg, path, &sb, NULL) == 0;
}

static int
go_read(void *arg, const char *path, struct buf *out, struct err *e)
{
	return fs_read(arg, path, TEMPLATE_MAX, out, e);
}

/* Split delims=L:R (dockerize's -delims) into two heap strings. */
static int
split_delims(const char *d, char **l, char **r, struct err *e)
{
	const char *colon = d != NULL ? strchr(d, ':') : NULL;

	*l = *r = NULL;
	if (d == NULL)
		return 0;
	if (colon == NULL || colon == d || colon[1] == '\0')
		return err_set(e, ERR_PLAN, 0, "delims= takes LEFT:RIGHT");
	*l = xstrndup(d, (size_t)(colon - d));
	*r = xstrdup(colon + 1);
	return 0;
}

/* .Env and `env` are dockerize's os.Environ(): the plan's variables as
 * the steps before left them, without volinit's own built-ins
 * (VOLINIT_UID/GID), which no process environment holds. */
static const char *
go_env_get(void *arg, const char *name, size_t len, bool *secret)
{
	const struct var *v = vars_find(arg, name, len);

	if (v == NULL || v->value == NULL || (v->flags & VAR_BUILTIN))
		return NULL;
	if (v->flags & VAR_SECRET)
		*secret = true;
	return v->value;
}

static void
go_env_each(void *arg, void (*fn)(void *, const char *, const char *, bool),
    void *farg)
{
	const struct vars *vs = arg;
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (vs->v[i].value != NULL && !(vs->v[i].flags & VAR_BUILTIN))
			fn(farg, vs->v[i].name, vs->v[i].value,
			    (vs->v[i].flags & VAR_SECRET) != 0);
}

static int
render_go(struct run_ctx *ctx, const struct render_req *rq, int fd,
    const struct sink *out, bool *secret, struct err *e)
{
	struct buf text = BUF_INIT;
	struct gotmpl *t = NULL;
	struct gotmpl_env env;
	char *l = NULL, *r = NULL;
	long got;
	int rc = -1;

	struct stat sb;
	size_t want = 65536;

	/* One allocation of the file's size: growing by doubling costs page
	 * faults that show on a 1 MB template. */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (unsigned long long)sb.st_size < TEMPLATE_MAX)
		want = (size_t)sb.st_size + 1;
	while ((got = fd_read(&fd, buf_reserve(&text, want), want, e)) > 0)
		text.len += (size_t)got;
	if (got < 0 || split_delims(rq->delims, &l, &r, e) < 0)
		goto out;
	if (text.len > TEMPLATE_MAX) {
		err_set(e, ERR_PLAN, 0, "template over %u bytes",
		    TEMPLATE_MAX);
		goto out;
	}
	t = gotmpl_parse(rq->tmpl, buf_str(&text), text.len, l, r, e);
	if (t == NULL)
		goto out;
	memset(&env, 0, sizeof(env));
	env.vars.get = go_env_get;
	env.vars.each = go_env_each;
	env.vars.arg = &ctx->vars;
	env.strict = rq->strict;
	env.read_file = go_read;
	env.arg = &ctx->fs;	/* read_file, exists: a dry run's view */
	env.exists = go_exists;
	rc = gotmpl_exec(t, &env, out, e);
	*secret |= env.secret_used;
out:
	gotmpl_free(t);
	free(l);
	free(r);
	buf_free(&text);
	return rc;
}

/* Render the template behind fd into out. */
static int
render_to(struct run_ctx *ctx, const struct render_req *rq, int fd,
    const struct sink *out, bool *secret, struct err *e)
{
	struct lookup lk = vars_lookup(&ctx->vars);
	struct tmpl_reader rd = { fd_read, &fd };

	if (rq->opts.syntax == TMPL_GO)
		return render_go(ctx, rq, fd, out, secret, e);
	return tmpl_render(&rd, rq->tmpl, &rq->opts, &lk, out, secret, e);
}

/* Render to standard output: `volinit render TEMPLATE` with no OUTPUT. */
static int
render_stdout(struct run_ctx *ctx, const struct render_req *rq, int fd,
    struct err *e)
{
	struct sink_fd sf;
	struct sink out = sink_to_fd(&sf, 1);
	bool secret = false;

	if (render_to(ctx, rq, fd, &out, &secret, e) < 0)
		return -1;
	return sink_fd_flush(&sf, e) < 0 ? -1 : 1;
}

/* The mode a render gives when the plan names none: an existing file
 * keeps its own (narrowed to 0600 once it holds a secret); a new one gets
 * 0644, or 0600 with a secret. */
static void
default_mode(const struct fs_at *at, bool secret, struct fs_meta *m)
{
	struct stat sb;

	if (m->has_mode)
		return;
	m->has_mode = true;
	if (fs_at_lstat(at, &sb) == 0 && S_ISREG(sb.st_mode))
		m->mode = sb.st_mode & (secret ? 0600 : 07777);
	else
		m->mode = secret ? 0600 : 0644;
}

/* Dry-run: render into memory, compare, show the diff. */
static int
render_dry(struct run_ctx *ctx, const struct render_req *rq,
    const struct fs_at *at, int fd, struct err *e)
{
	struct buf text = BUF_INIT, old = BUF_INIT;
	struct sink out = sink_to_buf(&text);
	struct fs_meta m = rq->meta;
	bool secret = rq->secret, changed = false;
	int rc = -1;

	if (render_to(ctx, rq, fd, &out, &secret, e) < 0)
		goto out;
	default_mode(at, secret, &m);
	if (fs_write_at(&ctx->fs, at, buf_str(&text), text.len, &m, rq->ow,
	    &old, &changed, e) < 0)
		goto out;
	if (changed && (old.len != text.len ||
	    memcmp(buf_str(&old), buf_str(&text), text.len) != 0))
		call_show_diff(at->path, old.p, old.len, buf_str(&text),
		    text.len, secret);
	rc = changed;
out:
	buf_wipe(&text);
	buf_wipe(&old);
	return rc;
}

static int
lazy_sink_write(void *arg, const char *p, size_t n, struct err *e)
{
	return fs_lazy_write(arg, p, n, e);
}

/* Stream, compared with the target as it comes: a 0600 temp file beside
 * it is made only where the result differs, then committed. A render
 * whose result is already there writes nothing (a read-only volume that
 * has converged passes). */
static int
render_file(struct run_ctx *ctx, const struct render_req *rq,
    const struct fs_at *at, int fd, struct err *e)
{
	struct fs_lazy *l = xmalloc(sizeof(*l));
	struct sink out = { lazy_sink_write, l };
	struct fs_meta m = rq->meta;
	bool secret = rq->secret, changed = false;
	int rc = -1;

	if (fs_lazy_open(at, 0600, l, e) < 0)
		goto out;
	if (render_to(ctx, rq, fd, &out, &secret, e) < 0)
		goto fail;
	default_mode(at, secret, &m);
	if (fs_lazy_commit(l, &m, &changed, e) < 0)
		goto fail;
	rc = changed;
	goto out;
fail:
	fs_lazy_abort(l);
out:
	explicit_bzero(l, sizeof(*l));
	free(l);
	return rc;
}

static bool
exists_at(const struct fs_at *at)
{
	struct stat sb;

	return fs_at_lstat(at, &sb) == 0;
}

int
render_one(struct run_ctx *ctx, const struct render_req *rq, struct err *e)
{
	struct fs_at at;
	int fd, rc;

	if (rq->dest == NULL) {
		if ((fd = open_source(ctx, rq, e)) < 0)
			return -1;
		rc = render_stdout(ctx, rq, fd, e);
		goto out;
	}
	if (fs_at_open(&ctx->fs, rq->dest, rq->at_flags, 0, &at, e) < 0)
		return -1;
	if (rq->ow != FS_OW_ALWAYS && exists_at(&at)) {
		fs_at_close(&at);
		return 0;
	}
	if ((fd = open_source(ctx, rq, e)) < 0) {
		fs_at_close(&at);
		return -1;
	}
	rc = ctx->dry_run ? render_dry(ctx, rq, &at, fd, e) :
	    render_file(ctx, rq, &at, fd, e);
	fs_at_close(&at);
out:
	if (fd > 0)
		close(fd);
	return rc;
}

int
render_req_opts(const struct call *c, struct render_req *rq, struct err *e)
{
	const char *strict = call_opt(c, "strict");

	if (tmpl_syntax_parse(call_opt(c, "syntax"), &rq->opts.syntax, e) < 0)
		return -1;
	rq->opts.vars = call_opt(c, "vars");
	if (rq->opts.vars != NULL && rq->opts.syntax != TMPL_ENVSUBST)
		return err_set(e, ERR_PLAN, 0, "vars= needs syntax=envsubst");
	rq->delims = call_opt(c, "delims");
	if ((rq->delims != NULL || strict != NULL) &&
	    rq->opts.syntax != TMPL_GO)
		return err_set(e, ERR_PLAN, 0, "%s= needs syntax=go",
		    rq->delims != NULL ? "delims" : "strict");
	rq->strict = strict != NULL && call_truthy(strict);
	rq->secret = c->secret;
	if (call_meta(c, &rq->meta, e) < 0)
		return -1;
	return call_overwrite(c, &rq->ow, e);
}

/* `volinit render TEMPLATE [OUTPUT] --FLAG=VALUE...`: the flags become
 * the render step's options of a one-step call, checked by the same
 * validators and read by the same render_req_opts as the step's. */
int
render_command(struct run_ctx *ctx, const char *tmpl, const char *dest,
    const char *const *names, const char *const *values, size_t n,
    struct err *e)
{
	struct opt opts[RENDER_FLAGS_MAX];
	char *optv[RENDER_FLAGS_MAX + 1];
	struct render_req rq;
	struct step st;
	struct call c;
	size_t i;

	memset(&st, 0, sizeof(st));
	memset(&c, 0, sizeof(c));
	memset(opts, 0, sizeof(opts));
	st.verb = VERB_RENDER;
	st.file = "";
	st.opts = opts;
	for (i = 0; i < n && i < RENDER_FLAGS_MAX; i++) {
		opts[i].name = lang_opt(names[i])->name;
		optv[st.nopts++] = (char *)values[i];
	}
	optv[st.nopts] = NULL;
	c.st = &st;
	c.optv = optv;
	memset(&rq, 0, sizeof(rq));
	if (call_validate(&c, e) < 0 || render_req_opts(&c, &rq, e) < 0)
		return -1;
	rq.tmpl = tmpl;
	rq.dest = dest;
	return render_one(ctx, &rq, e);
}

int
step_render(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct render_req rq;

	memset(&rq, 0, sizeof(rq));
	if (render_req_opts(c, &rq, e) < 0)
		return -1;
	rq.tmpl = c->argv[0];
	rq.dest = c->argv[1];
	rq.at_flags = FS_MKPARENTS;	/* as write and copy do */
	c->target = c->argv[1];
	return render_one(ctx, &rq, e);
}

/* render-dir's walk: SRC/rel into DEST/rel minus the suffix, on
 * descriptors (each directory opened O_NOFOLLOW, each template opened
 * O_NOFOLLOW and checked with fstat). Links follow the source-tree rule
 * (fs_src_link): a ConfigMap key (NAME -> ..data/NAME) is followed, any
 * other link is not (`a.template -> /etc/shadow` once rendered
 * /etc/shadow into the output); "..*" entries are skipped. */
struct rdir {
	struct run_ctx *ctx;
	struct render_req rq;
	const char *suffix;
	struct buf src, dst;
	struct fs_dirpool pool;
	int changed;
};

static int rdir_walk(struct rdir *w, int dfd, unsigned depth, struct err *e);

static bool
has_suffix(const struct rdir *w, const char *name)
{
	size_t n = strlen(name), sfx = strlen(w->suffix);

	return n > sfx && strcmp(name + n - sfx, w->suffix) == 0;
}

/* Render the regular file name in dfd (looked at as *sb) to dst minus the
 * suffix. */
static int
rdir_render(struct rdir *w, int dfd, const char *name, const struct stat *sb,
    struct err *e)
{
	struct stat now;
	int fd, r;

	fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY);
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "%s", buf_str(&w->src));
	if (fstat(fd, &now) == -1 || now.st_dev != sb->st_dev ||
	    now.st_ino != sb->st_ino || !S_ISREG(now.st_mode)) {
		close(fd);
		return err_set(e, ERR_SAFETY, 0, "%s: changed while reading",
		    buf_str(&w->src));
	}
	w->dst.len -= strlen(w->suffix);
	w->dst.p[w->dst.len] = '\0';
	w->rq.tmpl = buf_str(&w->src);
	w->rq.tmpl_open = true;
	w->rq.tmpl_fd = fd;
	w->rq.dest = buf_str(&w->dst);
	if ((r = render_one(w->ctx, &w->rq, e)) > 0)
		w->changed = 1;
	close(fd);
	return r;
}

/* One entry of directory dfd (cm: its ConfigMap ..data target). */
static int
rdir_look(struct rdir *w, int dfd, const char *cm, const char *name,
    unsigned depth, struct err *e)
{
	struct fs_link_to to;
	struct stat sb;
	int fd, k, r = 0;

	memset(&to, 0, sizeof(to));
	to.dirfd = -1;
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return err_set(e, ERR_STEP, errno, "%s", buf_str(&w->src));
	if (S_ISLNK(sb.st_mode)) {
		k = fs_src_link(-1, NULL, dfd, cm, name, false, &to);
		if (k == -1)
			return err_set(e, ERR_STEP, errno, "%s",
			    buf_str(&w->src));
		if (k == FS_LINK_FOLLOW && fstatat(to.dirfd, to.name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1)
			r = err_set(e, ERR_STEP, errno, "%s",
			    buf_str(&w->src));
		else if (k == FS_LINK_FOLLOW && !S_ISLNK(sb.st_mode)) {
			dfd = to.dirfd;
			name = to.name;
		} else {
			if (has_suffix(w, name))
				log_warn("%s: a symlink that is not a "
				    "ConfigMap key, not followed",
				    buf_str(&w->src));
			sb.st_mode = S_IFLNK;
		}
	}
	if (r == 0 && S_ISDIR(sb.st_mode)) {
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd == -1)
			r = err_set(e, ERR_STEP, errno, "%s",
			    buf_str(&w->src));
		else {
			r = rdir_walk(w, fd, depth + 1, e);
			close(fd);
		}
	} else if (r == 0 && S_ISREG(sb.st_mode) && has_suffix(w, name))
		r = rdir_render(w, dfd, name, &sb, e);
	fs_link_to_free(&to);
	return r;
}

static int
rdir_entry(struct rdir *w, int dfd, const char *cm, const char *name,
    unsigned depth, struct err *e)
{
	size_t sl = w->src.len, dl = w->dst.len;
	int r;

	buf_printf(&w->src, "/%s", name);
	buf_printf(&w->dst, "/%s", name);
	r = rdir_look(w, dfd, cm, name, depth, e);
	w->src.len = sl;
	w->src.p[sl] = '\0';
	w->dst.len = dl;
	w->dst.p[dl] = '\0';
	return r < 0 ? -1 : 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory dfd, sorted, without "..*" (all read before any
 * is rendered, so one getdents buffer serves every depth). */
static char **
list_dir(struct rdir *w, int dfd, size_t *n, struct err *e)
{
	struct fs_dir d;
	const char *name;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	fs_dir_init(&d, &w->pool, 0, dfd);
	while ((name = fs_dir_next(&d)) != NULL) {
		if (strncmp(name, "..", 2) == 0)
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(name);
	}
	if (errno != 0) {
		err_set(e, ERR_STEP, errno, "%s", buf_str(&w->src));
		while (*n > 0)
			free(v[--*n]);
		free(v);
		return NULL;
	}
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_names);
	return v != NULL ? v : xcalloc(1, sizeof(*v));
}

static int
rdir_walk(struct rdir *w, int dfd, unsigned depth, struct err *e)
{
	char **names, *cm;
	size_t i, n;
	int r = 0;

	if (depth > 64)
		return err_set(e, ERR_STEP, 0, "%s: too deep",
		    buf_str(&w->src));
	if ((names = list_dir(w, dfd, &n, e)) == NULL)
		return -1;
	cm = fs_cm_layout(dfd);
	for (i = 0; i < n; i++) {
		if (r == 0)
			r = rdir_entry(w, dfd, cm, names[i], depth, e);
		free(names[i]);
	}
	free(names);
	free(cm);
	return r;
}

int
step_render_dir(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct rdir w;
	int fd, r;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	if (render_req_opts(c, &w.rq, e) < 0)
		return -1;
	w.rq.at_flags = FS_MKPARENTS;
	w.suffix = call_opt(c, "suffix");
	if (w.suffix == NULL)
		w.suffix = ".template";
	if (*w.suffix == '\0')
		return err_set(e, ERR_PLAN, 0, "suffix= must not be empty");
	buf_adds(&w.src, c->argv[0]);
	buf_adds(&w.dst, c->argv[1]);
	c->target = c->argv[1];
	/* SRCDIR itself is named by the plan: followed, as cp -H */
	if ((fd = open(c->argv[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		r = err_set(e, ERR_STEP, errno, "%s", c->argv[0]);
	else {
		r = rdir_walk(&w, fd, 0, e);
		close(fd);
	}
	buf_free(&w.src);
	buf_free(&w.dst);
	fs_dirpool_free(&w.pool);
	return r < 0 ? -1 : w.changed;
}
