/* fs_path: validate plan paths and resolve them to a (directory fd, last
 * name) pair, beneath a root when the plan declared roots.
 *
 * MUST:
 * - validate before any I/O: an empty path, or `..` climbing above `/`,
 *   the current directory or (after cleaning) every root, is ERR_SAFETY;
 * - under roots, a write path must lie lexically beneath a root (the
 *   longest matching one); its parent is resolved beneath that root's fd
 *   with openat2(RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS) or, where openat2
 *   is refused (ENOSYS, EPERM from seccomp, EINVAL) or disabled, with a
 *   component walk: each component opened O_PATH|O_NOFOLLOW, relative
 *   links spliced in by hand, absolute links and `..` above the root
 *   refused (ERR_SAFETY), `..` taken from our own stack of fds (never
 *   re-resolved by name);
 * - never resolve the last component: callers act on (dirfd, name) with
 *   *at() calls and O_NOFOLLOW / AT_SYMLINK_NOFOLLOW;
 * - FS_MKPARENTS creates missing parents one at a time with mkdirat
 *   beneath the root and opens each O_NOFOLLOW, so a link raced into place
 *   is never entered; in dry-run nothing is created: fs_sim holds what
 *   would be (and what earlier steps of the dry run made or removed
 *   decides first whether a parent exists).
 * Paths are cleaned lexically first (`a/b/../c` is `a/c`), so what is
 * resolved is what the plan wrote, not what a link under it points to.
 * Without roots parents resolve as the kernel does (links followed) and
 * only the last component is protected. The root itself is opened once,
 * component by component from "/" with O_NOFOLLOW: a root whose path holds
 * a symlink anywhere is refused (ERR_SAFETY), never followed.
 */
#define _GNU_SOURCE		/* O_PATH on glibc (the unit-test build) */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "knobs.h"
#include "signals.h"
#include "sink.h"
#include "xalloc.h"

#define HOW_RESOLVE_NO_MAGICLINKS	0x02
#define HOW_RESOLVE_BENEATH		0x08
#define MAX_LINKS			40
#define OPENAT2_TRIES			8
#define DIR_PATH	(O_PATH | O_DIRECTORY | O_CLOEXEC)

/* The kernel's struct open_how (musl 1.2.3 has no header for it). */
struct how {
	uint64_t flags, mode, resolve;
};

void
fs_init(struct fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	proc_signals_on_abort(fs_cleanup_on_signal);
	fs->no_openat2 = KNOB("NO_OPENAT2");
}

void
fs_free(struct fs *fs)
{
	size_t i;

	for (i = 0; i < fs->nroots; i++) {
		close(fs->roots[i].fd);
		free(fs->roots[i].path);
	}
	free(fs->roots);
	fs->roots = NULL;
	fs->nroots = fs->cap = 0;
	if (fs->sim_on)
		fs_sim_free(&fs->sim);
	fs->sim_on = false;
}

struct fs_sim *
fs_dry(struct fs *fs)
{
	if (!fs->dry_run)
		return NULL;
	if (!fs->sim_on)
		fs_sim_init(&fs->sim);
	fs->sim_on = true;
	return &fs->sim;
}

static bool next_comp(struct buf *rest, struct buf *name);

/* Pop the last component of a cleaned path in out (base = its prefix
 * length: 1 for "/", 0 for relative). False when there is none. */
static bool
pop_comp(struct buf *out, size_t base)
{
	if (out->len == base)
		return false;
	while (out->len > base && out->p[out->len - 1] != '/')
		out->len--;
	if (out->len > base)
		out->len--;
	out->p[out->len] = '\0';
	return true;
}

/* Clean path lexically into out: no empty, "." or ".." parts, no trailing
 * slash; "/" or "." when nothing is left. `..` above the start is
 * ERR_SAFETY. */
static int
clean_path(const char *path, struct buf *out, struct err *e)
{
	const char *p = path, *q;
	size_t n, base;

	buf_reset(out);
	if (*path == '\0')
		return err_set(e, ERR_SAFETY, 0, "empty path");
	if (*path == '/')
		buf_addc(out, '/');
	base = out->len;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		for (q = p; *q != '\0' && *q != '/'; q++)
			;
		n = (size_t)(q - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (!pop_comp(out, base))
				return err_set(e, ERR_SAFETY, 0,
				    "%s: '..' climbs above %s", path,
				    base ? "/" : "the current directory");
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (out->len > base)
				buf_addc(out, '/');
			buf_add(out, p, n);
		}
		p = q;
	}
	if (out->len == 0)
		buf_addc(out, '.');
	return 0;
}

/* Make a cleaned relative path absolute (against the cwd) and clean it. */
static int
absolutize(struct buf *p, struct err *e)
{
	struct buf t = BUF_INIT;
	char *cwd;
	int r;

	if (p->p[0] == '/')
		return 0;
	if ((cwd = getcwd(NULL, 0)) == NULL)
		return err_set(e, ERR_STEP, errno, "getcwd");
	buf_adds(&t, cwd);
	buf_addc(&t, '/');
	buf_add(&t, p->p, p->len);
	free(cwd);
	r = clean_path(buf_str(&t), p, e);
	buf_free(&t);
	return r;
}

/* Open one component of a root's path, never following a link: the fd, or
 * -1 with ERR_SAFETY naming the link and where it points. */
static int
root_comp(int cur, const char *name, const char *sofar, const char *dir,
    struct err *e)
{
	char t[4096];
	struct stat st;
	ssize_t n;
	int fd;

	fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "root %s", dir);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		return fd;
	if (!S_ISLNK(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_STEP, ENOTDIR, "root %s", dir);
	}
	n = readlinkat(fd, "", t, sizeof(t) - 1);
	close(fd);
	t[n > 0 ? n : 0] = '\0';
	return err_set(e, ERR_SAFETY, 0, "root %s: %s is a symlink to %s; "
	    "name the real directory", dir, sofar, t);
}

/* Open the cleaned absolute path p component by component from "/", so a
 * root is trusted exactly as declared (SECURITY.md rule 12): a link in any
 * component, planted or not, is refused rather than followed. */
static int
open_root(const char *p, const char *dir, struct err *e)
{
	struct buf rest = BUF_INIT, name = BUF_INIT, sofar = BUF_INIT;
	int cur, next;

	if ((cur = open("/", DIR_PATH)) == -1)
		return err_set(e, ERR_STEP, errno, "root %s", dir);
	buf_adds(&rest, p);
	while (cur != -1 && next_comp(&rest, &name)) {
		buf_addc(&sofar, '/');
		buf_add(&sofar, name.p, name.len);
		next = root_comp(cur, name.p, buf_str(&sofar), dir, e);
		close(cur);
		cur = next;
	}
	buf_free(&rest);
	buf_free(&name);
	buf_free(&sofar);
	return cur;
}

int
fs_add_root(struct fs *fs, const char *dir, struct err *e)
{
	struct buf p = BUF_INIT;
	struct fs_root *r;
	size_t i;
	int fd;

	if (clean_path(dir, &p, e) == -1 || absolutize(&p, e) == -1)
		goto fail;
	for (i = 0; i < fs->nroots; i++)
		if (strcmp(fs->roots[i].path, p.p) == 0)
			goto done;
	if ((fd = open_root(p.p, dir, e)) == -1)
		goto fail;
	fs->roots = xgrow(fs->roots, &fs->cap, fs->nroots + 1,
	    sizeof(*fs->roots));
	r = &fs->roots[fs->nroots++];
	r->len = p.len;
	r->fd = fd;
	r->path = buf_detach(&p);
done:
	buf_free(&p);
	return 0;
fail:
	buf_free(&p);
	return -1;
}

/* The longest root that lexically contains the absolute cleaned path p. */
static struct fs_root *
find_root(struct fs *fs, const char *p)
{
	struct fs_root *best = NULL, *r;
	size_t i;

	for (i = 0; i < fs->nroots; i++) {
		r = &fs->roots[i];
		if (r->len > 1 && (strncmp(p, r->path, r->len) != 0 ||
		    (p[r->len] != '\0' && p[r->len] != '/')))
			continue;
		if (best == NULL || r->len > best->len)
			best = r;
	}
	return best;
}

/* The umask is cleared for the one call and put back: single-threaded,
 * and no signal handler creates anything. */
int
fs_mkdirat(int dirfd, const char *name, mode_t mode)
{
	mode_t u = umask(0);
	int r = mkdirat(dirfd, name, mode), saved = errno;

	umask(u);
	errno = saved;
	return r;
}

int
fs_openat_create(int dirfd, const char *name, int flags, mode_t mode)
{
	mode_t u = umask(0);
	int r = openat(dirfd, name, flags, mode), saved = errno;

	umask(u);
	errno = saved;
	return r;
}

/* Create directory name in dirfd (mode pmode exactly, or exactly 0755,
 * whatever the umask); EEXIST is fine. Created 0700 first when pmode is
 * given, then set through a real fd opened O_NOFOLLOW (never via a path
 * or /proc). */
static int
mkdir_one(int dirfd, const char *name, mode_t pmode)
{
	int fd, r;

	if (fs_mkdirat(dirfd, name, pmode ? 0700 : 0755) == -1)
		return errno == EEXIST ? 0 : -1;
	if (pmode == 0)
		return 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	r = fchmod(fd, pmode);
	close(fd);
	return r;
}

/* Open one component of a walk beneath a root: a directory fd (>= 0), -2
 * with the link's target in lnk when it is a symlink, -1 on error. */
static int
walk_one(struct fs *fs, int cur, const char *name, int flags, mode_t pmode,
    struct buf *lnk, const char *path, struct err *e)
{
	char t[4096];
	struct stat st;
	ssize_t n;
	int fd;

	fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT && (flags & FS_MKPARENTS)) {
		if (fs->dry_run)
			return err_set(e, ERR_STEP, ENOENT,
			    "%s: would create parent %s", path, name);
		if (mkdir_one(cur, name, pmode) == -1)
			return err_set(e, ERR_STEP, errno, "mkdir %s (in %s)",
			    name, path);
		fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "open %s (in %s)", name,
		    path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		return fd;
	if (!S_ISLNK(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_STEP, ENOTDIR, "open %s (in %s)", name,
		    path);
	}
	n = readlinkat(fd, "", t, sizeof(t));
	close(fd);
	if (n <= 0 || (size_t)n >= sizeof(t))
		return err_set(e, ERR_STEP, n < 0 ? errno : ENAMETOOLONG,
		    "readlink %s (in %s)", name, path);
	buf_reset(lnk);
	buf_add(lnk, t, (size_t)n);
	return -2;
}

/* Move the first component of rest into name; false when rest is empty. */
static bool
next_comp(struct buf *rest, struct buf *name)
{
	size_t i = 0, j;

	while (i < rest->len && rest->p[i] == '/')
		i++;
	for (j = i; j < rest->len && rest->p[j] != '/'; j++)
		;
	if (i == j)
		return false;
	buf_reset(name);
	buf_add(name, rest->p + i, j - i);
	memmove(rest->p, rest->p + j, rest->len - j + 1);
	rest->len -= j;
	return true;
}

/* Splice a relative link target in front of what is left to walk. */
static int
splice_link(struct buf *rest, struct buf *lnk, int *links, const char *path,
    struct err *e)
{
	if (lnk->p[0] == '/')
		return err_set(e, ERR_SAFETY, 0, "%s: an absolute symlink on "
		    "the way leads outside the root", path);
	if (++*links > MAX_LINKS)
		return err_set(e, ERR_SAFETY, ELOOP, "%s", path);
	buf_addc(lnk, '/');
	buf_add(lnk, rest->p, rest->len);
	buf_reset(rest);
	buf_add(rest, lnk->p, lnk->len);
	return 0;
}

/* The component walk: rel (relative, cleaned) beneath rootfd. Returns an
 * O_PATH directory fd or -1. */
static int
walk(struct fs *fs, int rootfd, const char *rel, int flags, mode_t pmode,
    const char *path, struct err *e)
{
	struct buf rest = BUF_INIT, name = BUF_INIT, lnk = BUF_INIT;
	int *st = NULL, links = 0, fd = -1;
	size_t n = 0, cap = 0;

	buf_adds(&rest, rel);
	st = xgrow(st, &cap, 1, sizeof(*st));
	st[n++] = rootfd;
	while (next_comp(&rest, &name)) {
		if (strcmp(name.p, ".") == 0)
			continue;
		if (strcmp(name.p, "..") == 0) {
			if (n == 1) {
				err_set(e, ERR_SAFETY, 0, "%s: a symlink on "
				    "the way leads above the root", path);
				goto out;
			}
			close(st[--n]);
			continue;
		}
		fd = walk_one(fs, st[n - 1], name.p, flags, pmode, &lnk, path,
		    e);
		if (fd == -1 || (fd == -2 &&
		    splice_link(&rest, &lnk, &links, path, e) == -1))
			goto out;
		if (fd >= 0) {
			st = xgrow(st, &cap, n + 1, sizeof(*st));
			st[n++] = fd;
		}
	}
	fd = n > 1 ? st[--n] : fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
	if (fd == -1)
		err_set(e, ERR_STEP, errno, "dup");
out:
	if (fd < 0)
		fd = -1;
	while (n > 1)
		close(st[--n]);
	free(st);
	buf_free(&rest);
	buf_free(&name);
	buf_free(&lnk);
	return fd;
}

/* openat2 beneath rootfd: an fd, -1 with errno; retries EAGAIN (a rename
 * raced the lookup). */
static int
try_openat2(int rootfd, const char *rel)
{
	struct how how;
	long fd = -1;
	int i;

	memset(&how, 0, sizeof(how));
	how.flags = DIR_PATH;
	how.resolve = HOW_RESOLVE_BENEATH | HOW_RESOLVE_NO_MAGICLINKS;
	for (i = 0; i < OPENAT2_TRIES; i++) {
		fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return (int)fd;
}

/* Resolve directory rel beneath rootfd: openat2 first, the walk when the
 * kernel refuses it or a parent is missing and FS_MKPARENTS asks. */
static int
open_beneath(struct fs *fs, int rootfd, const char *rel, int flags,
    mode_t pmode, const char *path, struct err *e)
{
	int fd;

	if (!fs->no_openat2) {
		if ((fd = try_openat2(rootfd, rel)) >= 0)
			return fd;
		if (errno == ENOSYS || errno == EPERM || errno == EINVAL)
			fs->no_openat2 = true;
		else if (errno == EXDEV || errno == ELOOP)
			return err_set(e, ERR_SAFETY, errno == ELOOP ? ELOOP :
			    0, "%s: a symlink on the way leads outside the "
			    "root", path);
		else if (errno != ENOENT && errno != ENAMETOOLONG)
			return err_set(e, ERR_STEP, errno, "open %s", path);
		else if (errno == ENOENT && !(flags & FS_MKPARENTS))
			return err_set(e, ERR_STEP, errno, "open %s", path);
		/* ENAMETOOLONG: the whole path is over PATH_MAX, which the
		 * walk, one component at a time, can still resolve: both
		 * resolvers give the same answer for the same path. */
	}
	return walk(fs, rootfd, rel, flags, pmode, path, e);
}

/* Without roots: open directory dir as the kernel resolves it; with
 * FS_MKPARENTS create what is missing, prefix by prefix (mkdir -p). */
static int
open_plain(struct fs *fs, char *dir, int flags, mode_t pmode,
    const char *path, struct err *e)
{
	char *s;
	int fd, r;

	if ((fd = open(dir, DIR_PATH)) >= 0)
		return fd;
	if (errno != ENOENT || !(flags & FS_MKPARENTS))
		return err_set(e, ERR_STEP, errno, "open %s", dir);
	if (fs->dry_run)
		return err_set(e, ERR_STEP, ENOENT, "%s: would create parent "
		    "%s", path, dir);
	for (s = dir + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		r = mkdir_one(AT_FDCWD, dir, pmode);
		*s = '/';
		if (r == -1)
			return err_set(e, ERR_STEP, errno, "mkdir %s", dir);
	}
	if (mkdir_one(AT_FDCWD, dir, pmode) == -1)
		return err_set(e, ERR_STEP, errno, "mkdir %s", dir);
	if ((fd = open(dir, DIR_PATH)) == -1)
		return err_set(e, ERR_STEP, errno, "open %s", dir);
	return fd;
}

/* Fill at for the cleaned path p beneath root r. */
static int
at_beneath(struct fs *fs, struct fs_root *r, char *p, int flags,
    mode_t pmode, struct fs_at *at, const char *path, struct err *e)
{
	char *rel = p + r->len, *slash;

	while (*rel == '/')
		rel++;
	if (*rel == '\0') {
		at->name = xstrdup(".");
		at->dirfd = fcntl(r->fd, F_DUPFD_CLOEXEC, 0);
	} else if ((slash = strrchr(rel, '/')) == NULL) {
		at->name = xstrdup(rel);
		at->dirfd = fcntl(r->fd, F_DUPFD_CLOEXEC, 0);
	} else {
		*slash = '\0';
		at->name = xstrdup(slash + 1);
		return (at->dirfd = open_beneath(fs, r->fd, rel, flags, pmode,
		    path, e)) == -1 ? -1 : 0;
	}
	if (at->dirfd == -1)
		return err_set(e, ERR_STEP, errno, "dup");
	return 0;
}

/* Fill at for the cleaned path p without roots. */
static int
at_plain(struct fs *fs, char *p, int flags, mode_t pmode, struct fs_at *at,
    const char *path, struct err *e)
{
	char *slash = strrchr(p, '/'), *dir = p;

	if (strcmp(p, "/") == 0 || strcmp(p, ".") == 0) {
		at->name = xstrdup(".");
	} else if (slash == NULL) {
		at->name = xstrdup(p);
		dir = ".";
	} else {
		at->name = xstrdup(slash + 1);
		if (slash == p)
			dir = "/";
		else
			*slash = '\0';
	}
	at->dirfd = open_plain(fs, dir, flags, pmode, path, e);
	return at->dirfd == -1 ? -1 : 0;
}

/* Dry run: lstat of the path q as the simulation sees it (following a
 * link the disk holds, as the parent walk would). */
static int
dry_stat(struct fs_sim *s, const char *q, struct stat *st)
{
	struct fs_sim_ent *en;

	switch (fs_sim_look(s, q, &en)) {
	case FS_SIM_HELD:
		fs_sim_stat(en, st);
		return 0;
	case FS_SIM_ABSENT:
		errno = ENOENT;
		return -1;
	default:
		if (stat(q, st) == -1)
			return -1;
		if (en != NULL)
			fs_sim_over(en, st);
		return 0;
	}
}

/* Dry run: the parents of abs below its first `skip` bytes (the root's
 * path) that do not exist yet become held directories (mkdir -p's modes
 * and owner); one that is not a directory is the error the real walk
 * would give. */
static int
dry_parents(struct fs_sim *s, const char *abs, size_t skip, mode_t pmode,
    const char *path, struct err *e)
{
	struct buf q = BUF_INIT;
	struct stat st;
	const char *end = strrchr(abs, '/'), *c;
	int r = 0;

	for (c = abs + skip + 1; r == 0 && c <= end; c++) {
		if (*c != '/' && c != end)
			continue;
		buf_reset(&q);
		buf_add(&q, abs, (size_t)(c - abs));
		if (q.len == 0)
			continue;
		if (dry_stat(s, q.p, &st) == -1) {
			if (errno != ENOENT)
				r = err_set(e, ERR_STEP, errno, "open %s", q.p);
			else
				fs_sim_put(s, q.p, FS_SIM_DIR, pmode ? pmode :
				    0755, s->uid, s->gid, NULL, 0);
		} else if (!S_ISDIR(st.st_mode))
			r = err_set(e, ERR_STEP, ENOTDIR, "open %s (in %s)",
			    q.p, path);
	}
	buf_free(&q);
	return r;
}

/* Dry run: where abs's parent is only in the simulation (held, or to be
 * made by FS_MKPARENTS), at gets dirfd -1: 0. 1: resolve on disk (and
 * real says whether that was tried already and failed with ENOENT). */
static int
at_dry(struct fs_at *at, const char *abs, size_t skip, int flags,
    mode_t pmode, bool real, struct err *e)
{
	const char *slash = strrchr(abs, '/');
	struct fs_sim_ent *en;
	struct buf dir = BUF_INIT;
	enum fs_sim_state st;

	if (slash == NULL || (size_t)(slash - abs) < skip || slash[1] == '\0')
		return 1;	/* a root, or "/" */
	buf_add(&dir, abs, slash == abs ? 1 : (size_t)(slash - abs));
	st = fs_sim_look(at->sim, dir.p, &en);
	buf_free(&dir);
	if (st == FS_SIM_DISK && !real)
		return 1;
	if (st == FS_SIM_HELD && en->kind != FS_SIM_DIR)
		return err_set(e, ERR_STEP, ENOTDIR, "open %s", at->path);
	if (st != FS_SIM_HELD && !(flags & FS_MKPARENTS))
		return err_set(e, ERR_STEP, ENOENT, "open %s", at->path);
	if (st != FS_SIM_HELD && dry_parents(at->sim, abs, skip, pmode,
	    at->path, e) == -1)
		return -1;
	err_clear(e);
	free(at->name);
	at->name = xstrdup(slash + 1);
	if (at->dirfd >= 0)
		close(at->dirfd);
	at->dirfd = -1;
	return 0;
}

int
fs_at_open(struct fs *fs, const char *path, int flags, mode_t pmode,
    struct fs_at *at, struct err *e)
{
	struct buf p = BUF_INIT, abs = BUF_INIT;
	struct fs_root *r = NULL;
	size_t skip = 0;
	int ret = -1;

	at->dirfd = -1;
	at->name = NULL;
	at->abs = NULL;
	at->path = xstrdup(path);
	at->sim = fs_dry(fs);
	if (clean_path(path, &p, e) == -1)
		goto out;
	if (at->sim != NULL) {
		buf_add(&abs, p.p, p.len);
		if (absolutize(&abs, e) == -1)
			goto out;
		at->abs = xstrdup(abs.p);
	}
	if (fs->nroots > 0 && !(flags & FS_FOR_READ)) {
		if (absolutize(&p, e) == -1)
			goto out;
		if ((r = find_root(fs, p.p)) == NULL) {
			err_set(e, ERR_SAFETY, 0, "%s is outside every root",
			    path);
			goto out;
		}
		skip = r->len > 1 ? r->len : 0;
	}
	if (at->sim != NULL && (ret = at_dry(at, at->abs, skip, flags, pmode,
	    false, e)) != 1)
		goto out;
	if (r != NULL)
		ret = at_beneath(fs, r, p.p, flags, pmode, at, path, e);
	else
		ret = at_plain(fs, p.p, flags, pmode, at, path, e);
	if (ret == -1 && at->sim != NULL && e->kind == ERR_STEP &&
	    e->errnum == ENOENT && (flags & FS_MKPARENTS))
		ret = at_dry(at, at->abs, skip, flags, pmode, true, e);
	if (ret == 0 && !(flags & FS_FOR_READ))
		fs_sweep_stale(fs, at->dirfd);
out:
	buf_free(&p);
	buf_free(&abs);
	if (ret == -1)
		fs_at_close(at);
	return ret;
}

void
fs_at_close(struct fs_at *at)
{
	if (at->dirfd >= 0)
		close(at->dirfd);
	at->dirfd = -1;
	free(at->name);
	free(at->path);
	free(at->abs);
	at->name = at->path = at->abs = NULL;
}

int
fs_at_lstat(const struct fs_at *at, struct stat *st)
{
	struct fs_sim_ent *en = NULL;

	if (at->sim != NULL) {
		switch (fs_sim_look(at->sim, at->abs, &en)) {
		case FS_SIM_HELD:
			fs_sim_stat(en, st);
			return 0;
		case FS_SIM_ABSENT:
			errno = ENOENT;
			return -1;
		default:
			break;
		}
		if (at->dirfd == -1) {
			errno = ENOENT;
			return -1;
		}
	}
	if (fstatat(at->dirfd, at->name, st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	if (en != NULL)
		fs_sim_over(en, st);
	return 0;
}

/* Is the directory path (abs, in a dry run) empty but for lost+found? */
static bool
dir_empty(struct fs_sim *s, const char *path, const char *abs)
{
	struct buf b = BUF_INIT;
	struct fs_sim_ent *en;
	struct dirent *de;
	bool empty;
	DIR *d;

	empty = s == NULL || !fs_sim_any_beneath(s, abs);
	if (!empty || (d = opendir(path)) == NULL)
		return false;
	while (empty && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, "lost+found") == 0)
			continue;
		empty = false;
		if (s != NULL) {	/* one an earlier step removes */
			buf_reset(&b);
			buf_printf(&b, "%s/%s", abs, de->d_name);
			empty = fs_sim_look(s, b.p, &en) == FS_SIM_ABSENT;
		}
	}
	closedir(d);
	buf_free(&b);
	return empty;
}

/* A dry run's answer for a file a step reads (a template, a secret, an
 * envfile, stdin=): what an earlier step of this dry run would have
 * written there. 1 with *en (its content), -1 with e (absent, or not a
 * file, or too large to have been kept), 0: read the disk. */
static int
dry_file(struct fs *fs, const char *path, const char *what,
    const struct fs_sim_ent **en, struct err *e)
{
	struct fs_sim *s = fs_dry(fs);
	struct fs_sim_ent *ent = NULL;
	struct buf abs = BUF_INIT;
	struct err ignore = ERR_INIT;
	enum fs_sim_state st;

	if (s == NULL || clean_path(path, &abs, &ignore) == -1 ||
	    absolutize(&abs, &ignore) == -1) {
		buf_free(&abs);
		return 0;
	}
	st = fs_sim_look(s, abs.p, &ent);
	buf_free(&abs);
	if (st == FS_SIM_ABSENT)
		return err_set(e, ERR_STEP, ENOENT, "%s %s", what, path);
	if (st != FS_SIM_HELD)
		return 0;
	if (ent->kind != FS_SIM_FILE)
		return err_set(e, ERR_STEP, 0, "%s %s: an earlier step makes "
		    "it a %s (a dry run reads only files it keeps)", what, path,
		    ent->kind == FS_SIM_DIR ? "directory" : "link");
	if (ent->data == NULL && ent->len > 0)
		return err_set(e, ERR_STEP, 0, "%s %s: dry run: an earlier "
		    "step writes it, too large to keep, so it is not read", what,
		    path);
	*en = ent;
	return 1;
}

int
fs_read(struct fs *fs, const char *path, size_t cap, struct buf *out,
    struct err *e)
{
	const struct fs_sim_ent *en;
	int r = dry_file(fs, path, "read", &en, e);

	if (r == 0)
		return fs_read_file(path, cap, out, e);
	if (r < 0)
		return -1;
	if (en->len > cap)
		return err_set(e, ERR_STEP, EFBIG, "read %s", path);
	buf_add(out, en->data != NULL ? en->data : "", en->len);
	return 0;
}

int
fs_open_read(struct fs *fs, const char *path, const char *what,
    struct err *e)
{
	const struct fs_sim_ent *en;
	int r = dry_file(fs, path, what, &en, e), fd;

	if (r == 0)
		return fs_open_file(path, what, e);
	if (r < 0)
		return -1;
	/* a memory file holding what the earlier step would write: readers
	 * take a descriptor, and nothing may be created on the volume */
	fd = (int)syscall(SYS_memfd_create, "volinit-dry-run", 1u);
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "%s %s (dry run)", what,
		    path);
	if (sink_write_all(fd, en->data != NULL ? en->data : "", en->len) ==
	    -1 || lseek(fd, 0, SEEK_SET) == -1) {
		close(fd);
		return err_set(e, ERR_STEP, errno, "%s %s (dry run)", what,
		    path);
	}
	return fd;
}

int
fs_lstat(struct fs *fs, const char *path, struct stat *st, bool *empty)
{
	struct fs_sim *s = fs_dry(fs);
	struct fs_sim_ent *en = NULL;
	struct buf abs = BUF_INIT;
	struct err e = ERR_INIT;
	int r = 0;

	if (empty != NULL)
		*empty = true;
	if (s != NULL && (clean_path(path, &abs, &e) == -1 ||
	    absolutize(&abs, &e) == -1))
		s = NULL;	/* the real lstat gives the answer */
	switch (s != NULL ? fs_sim_look(s, abs.p, &en) : FS_SIM_DISK) {
	case FS_SIM_HELD:
		fs_sim_stat(en, st);
		break;
	case FS_SIM_ABSENT:
		errno = ENOENT;
		r = -1;
		break;
	default:
		if ((r = lstat(path, st)) == 0 && en != NULL)
			fs_sim_over(en, st);
		break;
	}
	if (r == 0 && empty != NULL && S_ISREG(st->st_mode))
		*empty = st->st_size == 0;
	else if (r == 0 && empty != NULL && S_ISDIR(st->st_mode))
		*empty = en != NULL && !en->over ?
		    !fs_sim_any_beneath(s, abs.p) :
		    dir_empty(s, path, buf_str(&abs));
	else if (r == 0 && empty != NULL)
		*empty = false;
	else if (r == -1 && empty != NULL)
		*empty = errno == ENOENT || errno == ENOTDIR;
	buf_free(&abs);
	return r;
}

/* How many levels dirfd lies below the directory rootfd (following `..`
 * from the fd, never a path); -1 when it is not beneath it. */
static int
dir_depth(int dirfd, int rootfd)
{
	struct stat rs, st, ps;
	int fd, nfd, depth = 0;

	if (fstat(rootfd, &rs) == -1 ||
	    (fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0)) == -1)
		return -1;
	while (fstat(fd, &st) == 0 && depth < 4096) {
		if (st.st_ino == rs.st_ino && st.st_dev == rs.st_dev) {
			close(fd);
			return depth;
		}
		nfd = openat(fd, "..", DIR_PATH);
		if (nfd == -1 || fstat(nfd, &ps) == -1 ||
		    (ps.st_ino == st.st_ino && ps.st_dev == st.st_dev)) {
			if (nfd != -1)
				close(nfd);
			break;
		}
		close(fd);
		fd = nfd;
		depth++;
	}
	close(fd);
	return -1;
}

/* How many components rel has. */
static int
lex_depth(const char *rel)
{
	int n = 0;

	for (; *rel != '\0'; rel++)
		if (*rel != '/' && (rel[1] == '/' || rel[1] == '\0'))
			n++;
	return n;
}

int
fs_check_link_target(struct fs *fs, const struct fs_at *at,
    const char *target, struct err *e)
{
	struct buf p = BUF_INIT, name = BUF_INIT;
	struct fs_root *r;
	int depth = -1;

	if (fs->nroots == 0)
		return 0;
	if (target[0] == '/') {
		if (clean_path(target, &p, e) == 0 &&
		    find_root(fs, p.p) != NULL)
			depth = 0;
	} else if (clean_path(at->path, &p, e) == 0 &&
	    absolutize(&p, e) == 0 && (r = find_root(fs, p.p)) != NULL) {
		depth = at->dirfd != -1 ? dir_depth(at->dirfd, r->fd) :
		    lex_depth(p.p + r->len) - 1;	/* a dry run's parent */
		buf_reset(&p);
		buf_adds(&p, target);
		while (depth >= 0 && next_comp(&p, &name))
			if (strcmp(name.p, "..") == 0)
				depth--;
			else if (strcmp(name.p, ".") != 0)
				depth++;
	}
	buf_free(&p);
	buf_free(&name);
	if (depth < 0)
		return err_set(e, ERR_SAFETY, 0, "symlink %s: the target "
		    "would resolve outside the roots", at->path);
	return 0;
}
