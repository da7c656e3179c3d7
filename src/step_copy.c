/* step_copy.c: the copy step. `copy SRC... DEST [mode=] [owner=]
 * [overwrite=] [links=]`.
 *
 * One SRC (no glob) and DEST not ending in `/`: DEST becomes a copy of SRC.
 * Several SRCs, a glob, or DEST ending in `/`: each into DEST/NAME, DEST
 * created (0755, as mkdir -p) when missing. Globs (`*`, `?`, `[...]`, in
 * the last component only) are matched here over a listing of the
 * directory, sorted as glob(3) does (musl's glob costs 28 KiB of binary);
 * a leading `.` must be matched explicitly, so `*` skips a ConfigMap's
 * `..data`. What a glob lists is an entry of its directory, not a name:
 * its links follow the source-tree rule (fs_src_link: a ConfigMap key is
 * followed, `shadow -> /etc/shadow` is copied as a link), never cp -H. A
 * glob matching nothing and a missing SRC are errors. DEST's
 * missing parents are created (FS_MKPARENTS), beneath the roots.
 *
 * Metadata (fs_copy): mode, owner (as root) and times as `cp -a`, set-id
 * bits stripped; `mode=` octal applies to files, symbolic to everything
 * (`mode=u=rwX,go=rX`); `owner=` to everything copied; a ConfigMap mount's
 * own directory gives 0755 when created and nothing when it exists.
 *
 * MUST: resolve DEST with fs_at_open (ERR_SAFETY for planted links) and
 * leave the copying to fs_copy; change nothing in dry-run: there fs_copy
 * consults and fills the simulation (o.sim) and shows each changed file's
 * diff (copy_diff). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fs_copy.h"
#include "fs_tree.h"
#include "owner.h"
#include "steps.h"
#include "xalloc.h"

struct srcs {
	char **v;
	size_t n, cap;
	bool *listed;		/* came from a glob: an entry of its
				 * directory, not a name (no cp -H) */
	size_t lcap;
	bool glob;
};

static void
srcs_add(struct srcs *s, const char *p, bool listed)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->listed = xgrow(s->listed, &s->lcap, s->n + 1, sizeof(*s->listed));
	s->listed[s->n] = listed;
	s->v[s->n++] = xstrdup(p);
}

static void
srcs_free(struct srcs *s)
{
	while (s->n > 0)
		free(s->v[--s->n]);
	free(s->v);
	free(s->listed);
}

/* The end of the bracket expression at p ('['), or NULL when c does not
 * match it; an unterminated one is a literal '['. */
static const char *
match_class(const char *p, char c)
{
	const char *q = p + 1;
	bool neg = false, hit = false;

	if (*q == '!' || *q == '^') {
		neg = true;
		q++;
	}
	if (*q == ']') {
		hit = c == ']';
		q++;
	}
	for (; *q != ']'; q++) {
		if (*q == '\0')
			return c == '[' ? p : NULL;
		if (q[1] == '-' && q[2] != ']' && q[2] != '\0') {
			hit = hit || (c >= q[0] && c <= q[2]);
			q += 2;
		} else if (*q == c)
			hit = true;
	}
	return hit != neg ? q : NULL;
}

/* fnmatch(3) without flags: `*`, `?`, `[...]`, `\` escapes. */
static bool
glob_match(const char *p, const char *s)
{
	for (; *p != '\0'; p++, s++) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (; *s != '\0'; s++)
				if (glob_match(p, s))
					return true;
			return *p == '\0';
		}
		if (*s == '\0')
			return false;
		if (*p == '?')
			continue;
		if (*p == '[') {
			if ((p = match_class(p, *s)) == NULL)
				return false;
			continue;
		}
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (*p != *s)
			return false;
	}
	return *s == '\0';
}

/* Add the entries of PAT's directory matching its last component, sorted.
 * Entries starting with '.' match only a pattern starting with '.'. */
static int
glob_dir(const char *pat, struct srcs *s, struct err *e)
{
	const char *slash = strrchr(pat, '/'), *base, *n;
	struct fs_dirpool pool = { NULL, 0, 0 };
	struct buf b = BUF_INIT;
	struct fs_dir d;
	size_t first = s->n, i;
	char *dir, *t;
	int fd;

	base = slash != NULL ? slash + 1 : pat;
	dir = slash == NULL ? xstrdup(".") : slash == pat ? xstrdup("/") :
	    xstrndup(pat, (size_t)(slash - pat));
	if (strpbrk(dir, "*?[") != NULL) {
		free(dir);
		return err_set(e, ERR_PLAN, 0, "'%s': wildcards only in the "
		    "last component", pat);
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		err_set(e, ERR_STEP, errno, "open %s", dir);
		free(dir);
		return -1;
	}
	fs_dir_init(&d, &pool, 0, fd);
	while ((n = fs_dir_next(&d)) != NULL) {
		if ((n[0] == '.' && base[0] != '.') || !glob_match(base, n))
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s%s%s", slash == NULL ? "" : dir,
		    slash == NULL || slash == pat ? "" : "/", n);
		srcs_add(s, buf_str(&b), true);
		for (i = s->n - 1; i > first &&
		    strcmp(s->v[i - 1], s->v[i]) > 0; i--) {
			t = s->v[i];
			s->v[i] = s->v[i - 1];
			s->v[i - 1] = t;
		}
	}
	i = errno;
	close(d.fd);
	fs_dirpool_free(&pool);
	buf_free(&b);
	if (i != 0 || s->n == first)
		err_set(e, ERR_STEP, (int)i, i != 0 ? "list %s" :
		    "nothing matches '%s'", i != 0 ? dir : pat);
	free(dir);
	return i != 0 || s->n == first ? -1 : 0;
}

/* The SRC arguments with globs expanded. */
static int
expand_srcs(struct call *c, struct srcs *s, struct err *e)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i + 1 < c->argc; i++) {
		if (strpbrk(c->argv[i], "*?[") == NULL) {
			srcs_add(s, c->argv[i], false);
			continue;
		}
		s->glob = true;
		if (glob_dir(c->argv[i], s, e) == -1)
			return -1;
	}
	return 0;
}

/* The copy options from mode=, owner=, overwrite= and links=. */
static int
copy_opts(struct call *c, struct fs_copy_opts *o, struct call_mode *m,
    struct err *e)
{
	const char *mode = call_opt(c, "mode"), *owner = call_opt(c, "owner");
	const char *links = call_opt(c, "links");

	memset(o, 0, sizeof(*o));
	o->uid = OWNER_NONE_UID;
	o->gid = OWNER_NONE_GID;
	o->keep_owner = geteuid() == 0;
	if (mode != NULL && call_mode_parse(mode, m, e) == -1)
		return -1;
	o->mode = mode != NULL ? &m->chmod : NULL;
	if (owner != NULL && owner_parse(owner, OWNER_PASSWD, OWNER_GROUP,
	    &o->uid, &o->gid, e) == -1)
		return -1;
	o->has_owner = owner != NULL;
	o->follow = links != NULL && strcmp(links, "follow") == 0;
	return call_overwrite(c, &o->ow, e);
}

/* Dry run: a changed file's unified diff, as render shows one; no content
 * when a secret went into the step or fs_copy says hide. */
static void
copy_diff(void *arg, const char *path, const char *old, size_t oldlen,
    const char *new, size_t newlen, bool hide)
{
	const struct call *c = arg;

	call_show_diff(path, old, oldlen, new, newlen, c->secret || hide);
}

/* One SRC to DEST (a file or a merged directory). */
static int
copy_one(struct run_ctx *ctx, const char *src, const char *dest,
    const struct fs_copy_opts *o, unsigned long *n, struct err *e)
{
	struct fs_at sat, dat;
	int r;

	struct fs_copy_opts lo = *o;

	if (fs_at_open(&ctx->fs, src, FS_FOR_READ, 0, &sat, e) == -1)
		return -1;
	if (fs_at_open(&ctx->fs, dest, FS_MKPARENTS, 0, &dat, e) == -1) {
		fs_at_close(&sat);
		return -1;
	}
	lo.sabs = sat.abs;
	lo.dabs = dat.abs;
	r = fs_copy(sat.dirfd, sat.name, src, dat.dirfd, dat.name, dest, &lo,
	    n, e);
	fs_at_close(&sat);
	fs_at_close(&dat);
	return r;
}

/* Open DEST as a directory to copy into, creating it (0755, owner=) when
 * missing. -2: in a dry run, only the simulation has it (made now or by
 * an earlier step); *abs (heap) its absolute path then. -1: error. */
static int
open_into(struct run_ctx *ctx, const char *dest,
    const struct fs_copy_opts *o, unsigned long *n, char **abs,
    struct err *e)
{
	struct fs_sim_ent *en;
	struct fs_at at;
	struct stat st;
	int fd = -1;

	if (fs_at_open(&ctx->fs, dest, FS_MKPARENTS, 0, &at, e) == -1)
		return -1;
	*abs = at.abs != NULL ? xstrdup(at.abs) : NULL;
	if (fs_at_lstat(&at, &st) == -1) {
		if (errno != ENOENT) {
			err_set(e, ERR_STEP, errno, "stat %s", dest);
			goto out;
		}
		(*n)++;
		if (ctx->dry_run) {	/* fs_mkdirat(0755): exact */
			fs_sim_put(at.sim, at.abs, FS_SIM_DIR, 0755,
			    o->has_owner && o->uid !=
			    (uid_t)-1 ? o->uid : at.sim->uid, o->has_owner &&
			    o->gid != (gid_t)-1 ? o->gid : at.sim->gid, NULL,
			    0);
			fd = -2;
			goto out;
		}
		if (fs_mkdirat(at.dirfd, at.name, 0755) == -1) {
			err_set(e, ERR_STEP, errno, "create %s", dest);
			goto out;
		}
	} else if (S_ISLNK(st.st_mode)) {
		err_set(e, ERR_SAFETY, 0, "refusing to follow the symlink %s",
		    dest);
		goto out;
	} else if (!S_ISDIR(st.st_mode)) {
		err_set(e, ERR_STEP, ENOTDIR, "%s", dest);
		goto out;
	} else if (at.sim != NULL && fs_sim_look(at.sim, at.abs, &en) ==
	    FS_SIM_HELD) {
		fd = -2;	/* an earlier step of the dry run makes it */
		goto out;
	}
	fd = openat(at.dirfd, at.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		err_set(e, ERR_STEP, errno, "open %s", dest);
	else if (o->has_owner && !ctx->dry_run &&
	    fchown(fd, o->uid, o->gid) == -1) {
		err_set(e, ERR_STEP, errno, "chown %s", dest);
		close(fd);
		fd = -1;
	}
out:
	fs_at_close(&at);
	return fd;
}

/* Each SRC into DEST/NAME. */
static int
copy_into(struct run_ctx *ctx, const struct srcs *s, const char *dest,
    const struct fs_copy_opts *o, unsigned long *n, struct err *e)
{
	struct fs_copy_opts lo = *o;
	struct buf dp = BUF_INIT, dabs = BUF_INIT;
	struct fs_at sat;
	char *abs = NULL;
	size_t i;
	int dfd, r = 0;

	if ((dfd = open_into(ctx, dest, o, n, &abs, e)) == -1) {
		free(abs);
		return -1;
	}
	for (i = 0; i < s->n && r == 0; i++) {
		if (fs_at_open(&ctx->fs, s->v[i], FS_FOR_READ, 0, &sat,
		    e) == -1)
			break;
		buf_reset(&dp);
		buf_printf(&dp, "%s/%s", dest, sat.name);
		if (strcmp(sat.name, ".") == 0 || strcmp(sat.name, "..") == 0)
			r = err_set(e, ERR_STEP, 0, "'%s' has no name to copy "
			    "into %s", s->v[i], dest);
		else {
			lo.listed = s->listed[i];
			buf_reset(&dabs);
			buf_printf(&dabs, "%s/%s", abs == NULL ||
			    strcmp(abs, "/") == 0 ? "" : abs, sat.name);
			lo.sabs = sat.abs;
			lo.dabs = buf_str(&dabs);
			r = fs_copy(sat.dirfd, sat.name, s->v[i], dfd >= 0 ?
			    dfd : -1, sat.name, buf_str(&dp), &lo, n, e);
		}
		fs_at_close(&sat);
	}
	if (i < s->n)
		r = -1;
	if (dfd >= 0)
		close(dfd);
	buf_free(&dp);
	buf_free(&dabs);
	free(abs);
	return r;
}

int
step_copy(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct fs_copy_opts o;
	struct call_mode m;
	struct srcs s;
	unsigned long n = 0;
	size_t len;
	char *dest;
	bool into;
	int r;

	memset(&s, 0, sizeof(s));
	c->target = c->argv[c->argc - 1];
	dest = xstrdup(c->target);
	len = strlen(dest);
	into = len > 0 && dest[len - 1] == '/';
	while (len > 1 && dest[len - 1] == '/')
		dest[--len] = '\0';
	if ((r = copy_opts(c, &o, &m, e)) == 0 &&
	    (r = expand_srcs(c, &s, e)) == 0) {
		o.dry_run = ctx->dry_run;
		o.sim = fs_dry(&ctx->fs);
		o.diff = copy_diff;
		o.diff_arg = c;
		if (into || s.glob || s.n > 1)
			r = copy_into(ctx, &s, dest, &o, &n, e);
		else
			r = copy_one(ctx, s.v[0], dest, &o, &n, e);
	}
	srcs_free(&s);
	free(dest);
	if (r < 0)
		return -1;
	return r == 1 || n > 0;
}
