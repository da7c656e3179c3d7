/* step_files: the single-path file verbs: root, mkdir, write, ensure-line,
 * set-key, replace, symlink and remove.
 *
 * MUST:
 * - send every path through fs_at_open (validation, roots, parents beneath
 *   the root), then touch it only through (dirfd, name) with *at() calls
 *   that never follow the last component;
 * - set owner before mode, on a real fd; modes are exact octal (`0700`
 *   clears set-gid on a directory, unlike GNU);
 * - in dry-run (or check) change nothing and return 1 when a change would
 *   happen, showing content diffs through call_show_diff (redacted when a
 *   secret went into the step); look through fs_at_lstat and record what
 *   would be made in the dry run's simulation (at.sim), so later steps
 *   see it;
 * - never put file content in an error or a log line; escape names read
 *   from the volume;
 * - remove: never follow a link, never enter another mount than the one
 *   removed from (bind mounts of the same filesystem included: mount ids), walk on a stack of our own bounded by fs_tree_depth_limit (never
 *   recursion: a 10,000-level tree is a clear error, not a crash).
 * Missing parents are created (0755, or parents-mode=) for mkdir, write,
 * ensure-line and symlink. A symlink in PATH's place is an error for
 * mkdir (ERR_SAFETY), write and ensure-line (ERR_SAFETY, from fs_write);
 * remove deletes the link itself.
 */
#define _GNU_SOURCE		/* O_PATH on glibc (the unit-test build) */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edit.h"
#include "fs_tree.h"
#include "steps.h"
#include "xalloc.h"

#define LINE_FILE_CAP	(16u << 20)
#define DIR_FLAGS	(O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static bool
is_dry(struct run_ctx *ctx)
{
	if (ctx->dry_run)
		ctx->fs.dry_run = true;
	return ctx->fs.dry_run;
}

/* mode= and owner= of the step (run.c parses them); a file holding a
 * secret defaults to 0600. */
static int
get_meta(const struct call *c, bool secret, struct fs_meta *m,
    struct err *e)
{
	if (call_meta(c, m, e) == -1)
		return -1;
	if (!m->has_mode && secret) {
		m->mode = 0600;
		m->has_mode = true;
	}
	return 0;
}

int
step_root(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;

	c->target = c->argv[0];
	for (i = 0; i < c->argc; i++)
		if (fs_add_root(&ctx->fs, c->argv[i], e) == -1)
			return -1;
	return 0;
}

/* Owner, then mode, of a directory: 1 when something differs (and, out
 * of dry-run, was fixed through fd). */
static int
fix_dir_meta(int fd, const struct stat *st, const struct fs_meta *m,
    bool dry, const char *path, struct err *e)
{
	bool own = m->has_owner && (st->st_uid != m->uid ||
	    (m->gid != (gid_t)-1 && st->st_gid != m->gid));
	bool mod = m->has_mode && (own || (st->st_mode & 07777) != m->mode);

	if (own && !dry && fchown(fd, m->uid, m->gid) == -1)
		return err_set(e, ERR_STEP, errno, "chown %s", path);
	if (mod && !dry && fchmod(fd, m->mode) == -1)
		return err_set(e, ERR_STEP, errno, "chmod %s", path);
	return own || mod;
}

/* Create at.name as a directory unless it is one. 1 created, 0 there
 * already, -1 error; st describes it (unless created in dry-run). */
static int
mkdir_at(const struct fs_at *at, const struct fs_meta *m, bool dry,
    struct stat *st, struct err *e)
{
	int made = 0;

	if (fs_at_lstat(at, st) == -1) {
		if (errno != ENOENT)
			return err_set(e, ERR_STEP, errno, "mkdir %s",
			    at->path);
		if (dry) {	/* what fs_mkdirat would make: exact modes */
			fs_sim_put(at->sim, at->abs, FS_SIM_DIR, m->has_mode ?
			    0700 : 0755, at->sim->uid, at->sim->gid, NULL, 0);
			return fs_at_lstat(at, st) == -1 ? -1 : 1;
		}
		if (fs_mkdirat(at->dirfd, at->name, m->has_mode ? 0700 : 0755)
		    == -1 || fstatat(at->dirfd, at->name, st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			return err_set(e, ERR_STEP, errno, "mkdir %s",
			    at->path);
		made = 1;
	}
	if (S_ISLNK(st->st_mode))
		return err_set(e, ERR_SAFETY, 0, "mkdir %s: a symlink is in "
		    "the way", at->path);
	if (!S_ISDIR(st->st_mode))
		return err_set(e, ERR_STEP, EEXIST, "mkdir %s", at->path);
	return made;
}

/* mkdir -p PATH, then owner and mode on it. The directory is opened (a
 * real fd, O_NOFOLLOW, same inode as checked) only when its metadata
 * must change, so an existing unreadable directory is fine. */
static int
mkdir_path(struct run_ctx *ctx, const char *path, const struct fs_meta *m,
    mode_t pmode, struct err *e)
{
	struct fs_at at;
	struct stat st, fst;
	bool dry = is_dry(ctx);
	int made, r, fd = -1;

	if (fs_at_open(&ctx->fs, path, FS_MKPARENTS, pmode, &at, e) == -1)
		return -1;
	made = r = mkdir_at(&at, m, dry, &st, e);
	if (r == -1 || (r = fix_dir_meta(-1, &st, m, true, path, e)) == 0)
		goto out;
	if (dry) {
		fs_sim_meta(at.sim, at.abs, &st, m->has_mode ? m->mode :
		    st.st_mode & 07777, m->has_owner && m->uid != (uid_t)-1 ?
		    m->uid : st.st_uid, m->has_owner && m->gid != (gid_t)-1 ?
		    m->gid : st.st_gid);
		goto out;
	}
	if ((fd = openat(at.dirfd, at.name, DIR_FLAGS)) == -1 ||
	    fstat(fd, &fst) == -1)
		r = err_set(e, ERR_STEP, errno, "mkdir %s", path);
	else if (fst.st_ino != st.st_ino || fst.st_dev != st.st_dev)
		r = err_set(e, ERR_SAFETY, 0, "mkdir %s: replaced while "
		    "working on it", path);
	else
		r = fix_dir_meta(fd, &fst, m, false, path, e);
out:
	if (fd != -1)
		close(fd);
	fs_at_close(&at);
	return r == -1 ? -1 : (r || made);
}

int
step_mkdir(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct fs_meta m, pm;
	size_t i;
	int r, any = 0;

	if (get_meta(c, false, &m, e) == -1 ||
	    call_meta_parse(call_opt(c, "parents-mode"), NULL, &pm, e) == -1)
		return -1;
	c->target = c->argv[0];
	for (i = 0; i < c->argc; i++) {
		if ((r = mkdir_path(ctx, c->argv[i], &m, pm.mode, e)) == -1)
			return -1;
		any |= r;
	}
	return any;
}

/* Write data to path (parents created), showing the diff in dry-run. */
static int
write_path(struct run_ctx *ctx, const char *path, const char *data,
    size_t len, const struct fs_meta *m, enum fs_overwrite ow, bool secret,
    struct err *e)
{
	struct buf old = BUF_INIT;
	struct fs_at at;
	bool dry = is_dry(ctx), ch = false;
	int r;

	if (fs_at_open(&ctx->fs, path, FS_MKPARENTS, 0, &at, e) == -1)
		return -1;
	r = fs_write_at(&ctx->fs, &at, data, len, m, ow, dry ? &old : NULL,
	    &ch, e);
	if (r == 0 && dry && ch && (old.len != len || (len > 0 &&
	    memcmp(old.p, data, len) != 0)))
		call_show_diff(path, buf_str(&old), old.len, data, len, secret);
	buf_wipe(&old);
	fs_at_close(&at);
	return r == -1 ? -1 : ch;
}

int
step_write(struct run_ctx *ctx, struct call *c, struct err *e)
{
	enum fs_overwrite ow;
	struct fs_meta m;

	if (get_meta(c, c->secret, &m, e) == -1 ||
	    call_overwrite(c, &ow, e) == -1)
		return -1;
	c->target = c->argv[0];
	return write_path(ctx, c->argv[0], c->argv[1], strlen(c->argv[1]), &m,
	    ow, c->secret, e);
}

/* What an edit wants of a missing FILE. */
enum edit_want {
	EDIT_CREATE,		/* edit "" and create it (set-key, ensure-line) */
	EDIT_MUST_EXIST,	/* an error (replace) */
	EDIT_IF_EXISTS		/* nothing to do (ensure-line state=absent) */
};

/* The new content of a file from its current one. */
typedef int (*edit_fn)(const struct call *c, const struct buf *old,
    struct buf *new, struct err *e);

/* Read FILE, let fn make its new content, write that as write does: one
 * resolution of the path (fs_at_open), a link or a directory there
 * refused (fs_read_at), atomic, and nothing written (nor opened for
 * writing) when the result is what is there. A secret in any token makes
 * a new file 0600 and the dry-run diff redacted. */
static int
edit_file(struct run_ctx *ctx, struct call *c, enum edit_want want,
    edit_fn fn, struct err *e)
{
	struct buf old = BUF_INIT, new = BUF_INIT;
	struct fs_at at;
	struct fs_meta m;
	const char *path = c->argv[0];
	bool dry = is_dry(ctx), ch = false;
	int r = -1;

	c->target = path;
	memset(&at, 0, sizeof(at));
	at.dirfd = -1;
	if (get_meta(c, c->secret, &m, e) == -1)
		return -1;
	if (fs_at_open(&ctx->fs, path, want == EDIT_CREATE ? FS_MKPARENTS : 0,
	    0, &at, e) == -1) {
		/* a dry run's missing parents are fs_sim's: no error here */
		if (want == EDIT_IF_EXISTS && e->errnum == ENOENT &&
		    e->kind == ERR_STEP) {
			err_clear(e);
			r = 0;
		}
		goto out;
	}
	if (fs_read_at(&at, LINE_FILE_CAP, &old, e) == -1) {
		if (want == EDIT_MUST_EXIST || e->errnum != ENOENT ||
		    e->kind != ERR_STEP)
			goto out;
		err_clear(e);
		if (want == EDIT_IF_EXISTS) {
			r = 0;
			goto out;
		}
	}
	if (fn(c, &old, &new, e) == -1)
		goto out;
	r = fs_write_at(&ctx->fs, &at, buf_str(&new), new.len, &m,
	    FS_OW_ALWAYS, NULL, &ch, e);
	if (r == 0 && dry && ch && (old.len != new.len || (new.len > 0 &&
	    memcmp(old.p, new.p, new.len) != 0)))
		call_show_diff(path, buf_str(&old), old.len, buf_str(&new),
		    new.len, c->secret);
	r = r == -1 ? -1 : ch;
out:
	buf_wipe(&old);
	buf_wipe(&new);
	fs_at_close(&at);
	return r;
}

/* LINE without the one trailing newline a "...\n" token may give it. */
static size_t
line_len(const char *line)
{
	size_t n = strlen(line);

	return n > 0 && line[n - 1] == '\n' ? n - 1 : n;
}

static bool
line_absent(const struct call *c)
{
	const char *st = call_opt(c, "state");

	return st != NULL && strcmp(st, "absent") == 0;
}

static int
ensure_line_edit(const struct call *c, const struct buf *old,
    struct buf *new, struct err *e)
{
	const char *line = c->argv[1];
	size_t n = line_len(line);

	(void)e;
	if (line_absent(c))
		edit_remove_line(buf_str(old), old->len, line, n, new);
	else if (edit_has_line(buf_str(old), old->len, line, n))
		buf_add(new, buf_str(old), old->len);
	else
		edit_add_line(buf_str(old), old->len, line, n, new);
	return 0;
}

/* ensure-line FILE LINE [state=present|absent]: append LINE unless FILE
 * has it (FILE created); absent: remove every line equal to it (a
 * missing FILE has none). */
int
step_ensure_line(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return edit_file(ctx, c, line_absent(c) ? EDIT_IF_EXISTS : EDIT_CREATE,
	    ensure_line_edit, e);
}

static int
set_key_edit(const struct call *c, const struct buf *old, struct buf *new,
    struct err *e)
{
	const char *sep = call_opt(c, "sep"), *comment = call_opt(c,
	    "comment");

	(void)e;
	edit_set_key(buf_str(old), old->len, c->argv[1], sep != NULL ? sep :
	    " = ", c->argv[2], comment != NULL ? comment : "#", new);
	return 0;
}

/* set-key FILE KEY VALUE [sep=" = "] [comment=#] (edit.h: the matcher). */
int
step_set_key(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return edit_file(ctx, c, EDIT_CREATE, set_key_edit, e);
}

static int
replace_edit(const struct call *c, const struct buf *old, struct buf *new,
    struct err *e)
{
	const char *o = c->argv[1], *n = c->argv[2];
	size_t on = strlen(o);

	edit_replace(buf_str(old), old->len, o, on, n, strlen(n), new);
	/* OLD made again from NEW and the text beside it ("aab", ab -> b):
	 * the next run would change the file again */
	if (edit_find(buf_str(new), new->len, o, on) != NULL)
		return err_set(e, ERR_STEP, 0, "replace %s: the result holds "
		    "OLD again (NEW next to the text around it), so every run "
		    "would change it; nothing written", c->argv[0]);
	return 0;
}

/* replace FILE OLD NEW: every literal OLD (not empty; NEW not holding
 * it: validate.c) becomes NEW; FILE must exist. */
int
step_replace(struct run_ctx *ctx, struct call *c, struct err *e)
{
	return edit_file(ctx, c, EDIT_MUST_EXIST, replace_edit, e);
}

int
step_symlink(struct run_ctx *ctx, struct call *c, struct err *e)
{
	struct fs_at at;
	bool ch;
	int r;

	c->target = c->argv[0];
	is_dry(ctx);
	if (fs_at_open(&ctx->fs, c->argv[0], FS_MKPARENTS, 0, &at, e) == -1)
		return -1;
	r = fs_symlink_at(&ctx->fs, &at, c->argv[1], &ch, e);
	fs_at_close(&at);
	return r == -1 ? -1 : ch;
}

/* A directory being emptied, on remove's own stack (never the C stack,
 * so a 10,000-level tree is an error, not a crash). */
struct rm_frame {
	struct fs_dir d;
	int parent;		/* the directory it is removed from */
	const char *name;	/* its name there (in the parent's buffer) */
	size_t rl;		/* rel's length without its name */
};

struct rm {
	struct fs_dirpool pool;
	struct rm_frame *fr;
	size_t nfr, cfr, limit;
	struct fs_mount mnt;	/* the mount being removed from */
	const char *path;	/* the plan's path */
	struct buf rel;		/* the entry's path, for errors */
	struct err *e;
};

/* "remove PATH: NAME" with NAME escaped (it comes from the volume). */
static int
rm_err(struct rm *rm, int errnum, const char *name, const char *why)
{
	struct buf b = BUF_INIT;

	log_escape(&b, name);
	err_set(rm->e, ERR_STEP, errnum, "remove %s: %s%s", rm->path,
	    buf_str(&b), why);
	buf_free(&b);
	return -1;
}

/* Open directory name in dfd and push it to be emptied. */
static int
rm_push(struct rm *rm, int dfd, const char *name, size_t rl)
{
	struct rm_frame *f;
	struct stat st;
	uint64_t mnt;
	int fd;

	if (rm->nfr >= rm->limit)
		return fs_tree_too_deep(rm->e, rm->limit, buf_str(&rm->rel));
	if ((fd = openat(dfd, name, DIR_FLAGS)) == -1) {
		if ((errno == ENOTDIR || errno == ELOOP) &&	/* swapped */
		    (unlinkat(dfd, name, 0) == 0 || errno == ENOENT))
			return 0;
		return rm_err(rm, errno, name, "");
	}
	if (fs_statat(fd, "", AT_EMPTY_PATH, &st, &mnt) == -1 ||
	    !fs_mount_same(&rm->mnt, &st, mnt)) {
		close(fd);
		return rm_err(rm, 0, name, ": another file system (a "
		    "mount), not removed");
	}
	rm->fr = xgrow(rm->fr, &rm->cfr, rm->nfr + 1, sizeof(*rm->fr));
	f = &rm->fr[rm->nfr];
	fs_dir_init(&f->d, &rm->pool, rm->nfr++, fd);
	f->parent = dfd;
	f->name = name;
	f->rl = rl;
	return 0;
}

/* The innermost directory is empty (ok) or abandoned: close it and, when
 * ok, remove it. */
static int
rm_pop(struct rm *rm, bool ok)
{
	struct rm_frame *f = &rm->fr[rm->nfr - 1];
	int r = 0;

	close(f->d.fd);
	if (ok && unlinkat(f->parent, f->name, AT_REMOVEDIR) == -1 &&
	    errno != ENOENT)
		r = rm_err(rm, errno, f->name, "");
	rm->rel.len = f->rl;
	rm->rel.p[f->rl] = '\0';
	rm->nfr--;
	return r;
}

/* Remove name in dfd, whatever it is; a link is removed itself, a
 * directory pushed to be emptied first. */
static int
rm_entry(struct rm *rm, int dfd, const char *name, bool top)
{
	size_t rl = rm->rel.len, depth = rm->nfr;
	struct stat st;
	int r = 0;

	if (!top) {
		buf_addc(&rm->rel, '/');
		buf_adds(&rm->rel, name);
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)
			r = rm_err(rm, errno, name, "");
	} else if (S_ISDIR(st.st_mode)) {
		if ((r = rm_push(rm, dfd, name, rl)) == 0 &&
		    rm->nfr > depth)
			return 0;	/* rel kept until it is popped */
	} else if (unlinkat(dfd, name, 0) == -1 && errno != ENOENT)
		r = rm_err(rm, errno, name, "");
	rm->rel.len = rl;
	rm->rel.p[rl] = '\0';
	return r;
}

/* rm -rf name in dfd, staying on mount m (dfd's). */
static int
rm_tree(int dfd, const char *name, const struct fs_mount *m,
    const char *path, struct err *e)
{
	struct rm rm;
	struct rm_frame *f;
	const char *n;
	int r;

	memset(&rm, 0, sizeof(rm));
	rm.mnt = *m;
	rm.path = path;
	rm.e = e;
	rm.limit = fs_tree_depth_limit(dfd, 1);
	buf_adds(&rm.rel, path);
	r = rm_entry(&rm, dfd, name, true);
	while (rm.nfr > 0) {
		f = &rm.fr[rm.nfr - 1];
		if (r != 0)
			rm_pop(&rm, false);
		else if ((n = fs_dir_next(&f->d)) != NULL)
			r = rm_entry(&rm, f->d.fd, n, false);
		else if (errno != 0)
			r = rm_err(&rm, errno, f->name, "");
		else
			r = rm_pop(&rm, true);
	}
	free(rm.fr);
	fs_dirpool_free(&rm.pool);
	buf_free(&rm.rel);
	return r;
}

static int
remove_path(struct run_ctx *ctx, const char *path, struct err *e)
{
	struct fs_at at;
	struct stat st, ds;
	struct fs_mount m;
	uint64_t mnt;
	int r = 1;

	is_dry(ctx);
	if (fs_at_open(&ctx->fs, path, 0, 0, &at, e) == -1) {
		if (e->errnum != ENOENT || e->kind != ERR_STEP)
			return -1;
		err_clear(e);
		return 0;
	}
	if (strcmp(at.name, ".") == 0)
		r = err_set(e, ERR_SAFETY, 0, "remove %s: refusing to remove a "
		    "root, / or .", path);
	else if (fs_at_lstat(&at, &st) == -1)
		r = errno == ENOENT ? 0 : err_set(e, ERR_STEP, errno,
		    "remove %s", path);
	else if (at.sim != NULL)	/* later steps see it gone */
		fs_sim_gone(at.sim, at.abs);
	else if (fs_statat(at.dirfd, "", AT_EMPTY_PATH, &ds, &mnt) == -1)
		r = err_set(e, ERR_STEP, errno, "remove %s", path);
	else {
		fs_mount_set(&m, &ds, mnt);
		if (!is_dry(ctx) && rm_tree(at.dirfd, at.name, &m, path,
		    e) == -1)
			r = -1;
	}
	fs_at_close(&at);
	return r;
}

int
step_remove(struct run_ctx *ctx, struct call *c, struct err *e)
{
	size_t i;
	int r, any = 0;

	c->target = c->argv[0];
	for (i = 0; i < c->argc; i++) {
		if ((r = remove_path(ctx, c->argv[i], e)) == -1)
			return -1;
		any |= r;
	}
	return any;
}
