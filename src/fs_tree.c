/* fs_tree: the pieces every tree walker shares.
 *
 * MUST:
 * - bound every walk: walkers keep their own stack of directories on the
 *   heap (never recursion, so a 10,000-level tree cannot overflow the C
 *   stack) and stop with a clear error (exit 1, naming the depth and the
 *   path) before FS_TREE_MAX_DEPTH levels or before RLIMIT_NOFILE runs out,
 *   whichever comes first: never EMFILE half way;
 * - keep memory small for deep chains: 16 KiB getdents buffers for the top
 *   levels, 1 KiB (still several entries) below;
 * - tell mounts apart by mount id, not st_dev alone: `mount --bind /outside
 *   VOL/dir/m` has VOL's st_dev, and a walk that trusted st_dev removed or
 *   chowned /outside. statx(STATX_MNT_ID) gives it with the stat (one
 *   syscall); before Linux 5.8 (or where statx is refused) fstatat plus
 *   name_to_handle_at's mount id; where both fail, st_dev alone;
 * - follow a link in a source tree only as fs_src_link allows: the two
 *   links of a ConfigMap layout, or (links=follow) a target resolved by
 *   hand beneath the source's top, every component opened
 *   O_PATH|O_NOFOLLOW, never handed to the kernel to follow (a planted
 *   `..data` once made copy follow every link, /etc/shadow included).
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_tree.h"
#include "knobs.h"
#include "xalloc.h"

#define DIR_BUF_TOP	16384
#define DIR_BUF_DEEP	1024	/* > the largest dirent64 (280 bytes) */
#define DIR_DEEP	16	/* levels given DIR_BUF_TOP */
#define FD_RESERVE	16	/* the bottom's files, temps, a resolution */
#define MAX_LINKS	40	/* as the kernel */
#define PATH_DIR	(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define STATX_BASIC	0x7ffu	/* STATX_BASIC_STATS */
#define STATX_MNTID	0x1000u	/* STATX_MNT_ID, Linux 5.8 */
#ifndef SYS_statx
#define SYS_statx 332		/* x86_64 */
#endif
#ifndef SYS_name_to_handle_at
#define SYS_name_to_handle_at 303
#endif

/* The kernel's struct statx (musl 1.2.3 has neither it nor the wrapper;
 * glibc's would clash by name): 256 bytes. */
struct fs_statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t pad;
};
struct fs_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct fs_statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint64_t spare[13];
};
typedef char fs_statx_is_256[sizeof(struct fs_statx) == 256 ? 1 : -1];

/* The kernel's struct file_handle with no room for the handle: the call
 * then fails with EOVERFLOW but still gives the mount id. */
struct fs_fh {
	uint32_t handle_bytes;
	int handle_type;
};

static int statx_state;		/* 0 untried, 1 works, -1 missing */

struct fs_dirent64 {		/* the kernel's struct linux_dirent64 */
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static size_t
buf_size(size_t depth)
{
	return depth < DIR_DEEP ? DIR_BUF_TOP : DIR_BUF_DEEP;
}

void
fs_dir_init(struct fs_dir *d, struct fs_dirpool *p, size_t depth, int fd)
{
	while (p->n <= depth) {
		p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof(*p->v));
		p->v[p->n] = xmalloc(buf_size(p->n));
		p->n++;
	}
	d->fd = fd;
	d->buf = p->v[depth];
	d->size = buf_size(depth);
	d->pos = d->len = 0;
}

void
fs_dirpool_free(struct fs_dirpool *p)
{
	while (p->n > 0)
		free(p->v[--p->n]);
	free(p->v);
	p->v = NULL;
	p->cap = 0;
}

const char *
fs_dir_next(struct fs_dir *d)
{
	struct fs_dirent64 *de;
	long n;

	for (;;) {
		if (d->pos >= d->len) {
			n = syscall(SYS_getdents64, d->fd, d->buf, d->size);
			if (n <= 0) {
				if (n == 0)
					errno = 0;
				return NULL;
			}
			d->len = (size_t)n;
			d->pos = 0;
		}
		de = (struct fs_dirent64 *)(void *)(d->buf + d->pos);
		d->pos += de->d_reclen;
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		return de->d_name;
	}
}

/* The fds open now, roughly: the lowest free one (they are dense unless
 * something leaked). */
static size_t
fds_in_use(int dirfd)
{
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);

	if (fd == -1)
		return 0;
	close(fd);
	return (size_t)fd;
}

size_t
fs_tree_depth_limit(int dirfd, unsigned fds_per_level)
{
	struct rlimit rl;
	size_t avail, used;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 ||
	    rl.rlim_cur == RLIM_INFINITY)
		return FS_TREE_MAX_DEPTH;
	used = fds_in_use(dirfd) + FD_RESERVE;
	avail = (size_t)rl.rlim_cur > used ? (size_t)rl.rlim_cur - used : 0;
	avail /= fds_per_level;
	return avail < FS_TREE_MAX_DEPTH ? avail : FS_TREE_MAX_DEPTH;
}

int
fs_tree_too_deep(struct err *e, size_t limit, const char *path)
{
	return err_set(e, ERR_STEP, 0, "deeper than %zu levels (%s): %s",
	    limit, limit == FS_TREE_MAX_DEPTH ? "volinit's limit" :
	    "as deep as the open-file limit allows", path);
}

static struct timespec
ts_of(const struct fs_statx_ts *t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t->sec;
	ts.tv_nsec = (long)t->nsec;
	return ts;
}

static void
stat_of(const struct fs_statx *x, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(x->dev_major, x->dev_minor);
	st->st_ino = (ino_t)x->ino;
	st->st_mode = x->mode;
	st->st_nlink = x->nlink;
	st->st_uid = x->uid;
	st->st_gid = x->gid;
	st->st_rdev = makedev(x->rdev_major, x->rdev_minor);
	st->st_size = (off_t)x->size;
	st->st_blksize = (blksize_t)x->blksize;
	st->st_blocks = (blkcnt_t)x->blocks;
	st->st_atim = ts_of(&x->atime);
	st->st_mtim = ts_of(&x->mtime);
	st->st_ctim = ts_of(&x->ctime);
}

/* 1 done, 0 statx cannot tell the mount here (use the fallback), -1
 * error with errno. */
static int
try_statx(int dirfd, const char *name, int flags, struct stat *st,
    uint64_t *mnt)
{
	struct fs_statx x;

	if (statx_state == 0)
		statx_state = KNOB("NO_STATX") ? -1 : 1;
	if (statx_state < 0)
		return 0;
	memset(&x, 0, sizeof(x));
	if (syscall(SYS_statx, dirfd, name, flags, STATX_BASIC | STATX_MNTID,
	    &x) == -1) {
		if (errno != ENOSYS && errno != EPERM && errno != EINVAL)
			return -1;
		statx_state = -1;	/* Linux < 4.11, or seccomp */
		return 0;
	}
	/* Linux < 5.8; or an emulator (qemu-user 7.2) that passes the mask
	 * through but not the field: no kernel gives mount id 0 */
	if (!(x.mask & STATX_MNTID) || (x.mask & STATX_BASIC) != STATX_BASIC ||
	    x.mnt_id == 0) {
		statx_state = -1;
		return 0;
	}
	stat_of(&x, st);
	*mnt = x.mnt_id;
	return 1;
}

int
fs_statat(int dirfd, const char *name, int flags, struct stat *st,
    uint64_t *mnt)
{
	struct fs_fh fh;
	int r, id = 0;

	*mnt = 0;
	if ((r = try_statx(dirfd, name, flags, st, mnt)) != 0)
		return r == 1 ? 0 : -1;
	if (fstatat(dirfd, name, st, flags) == -1)
		return -1;
	fh.handle_bytes = 0;
	fh.handle_type = 0;
	r = (int)syscall(SYS_name_to_handle_at, dirfd, name, &fh, &id,
	    (flags & AT_EMPTY_PATH) | (flags & AT_SYMLINK_NOFOLLOW ? 0 :
	    AT_SYMLINK_FOLLOW));
	if ((r == 0 || errno == EOVERFLOW) && id > 0)
		*mnt = (uint64_t)id;
	return 0;
}

void
fs_mount_set(struct fs_mount *m, const struct stat *st, uint64_t mnt)
{
	m->dev = st->st_dev;
	m->id = mnt;
}

bool
fs_mount_same(const struct fs_mount *m, const struct stat *st, uint64_t mnt)
{
	return st->st_dev == m->dev && (m->id == 0 || mnt == 0 ||
	    mnt == m->id);
}

/* The target of the link name in dirfd (heap), or NULL with errno. */
static char *
link_target(int dirfd, const char *name)
{
	size_t sz = 256;
	char *t = NULL;
	ssize_t n;

	for (;;) {
		t = xrealloc(t, sz);
		if ((n = readlinkat(dirfd, name, t, sz)) == -1) {
			free(t);
			return NULL;
		}
		if ((size_t)n < sz)
			break;
		sz *= 2;
	}
	t[n] = '\0';
	return t;
}

char *
fs_cm_layout(int dirfd)
{
	struct stat st;
	char *t;

	if ((t = link_target(dirfd, "..data")) == NULL)
		return NULL;
	if (t[0] != '.' || t[1] != '.' || t[2] == '\0' ||
	    strchr(t, '/') != NULL || fstatat(dirfd, t, &st,
	    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode)) {
		free(t);
		return NULL;
	}
	return t;
}

void
fs_link_to_free(struct fs_link_to *to)
{
	if (to->dirfd >= 0)
		close(to->dirfd);
	to->dirfd = -1;
	free(to->name);
	to->name = NULL;
	buf_free(&to->dir);
}

static void
join(struct buf *b, const char *name)
{
	if (b->len > 0)
		buf_addc(b, '/');
	buf_adds(b, name);
}

/* Open the directory rel (no links in it) beneath topfd, one component
 * at a time, O_NOFOLLOW: a link swapped in is ENOTDIR, never entered. */
static int
open_rel(int topfd, const char *rel)
{
	char name[256];
	const char *p = rel, *q;
	int fd, nfd;

	if ((fd = fcntl(topfd, F_DUPFD_CLOEXEC, 0)) == -1)
		return -1;
	while (*p != '\0') {
		for (q = p; *q != '\0' && *q != '/'; q++)
			;
		if ((size_t)(q - p) >= sizeof(name)) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, p, (size_t)(q - p));
		name[q - p] = '\0';
		nfd = openat(fd, name, PATH_DIR);
		close(fd);
		if ((fd = nfd) == -1)
			return -1;
		p = *q == '/' ? q + 1 : q;
	}
	return fd;
}

/* Move the first component of rest (a path) into name; false at the end. */
static bool
take_comp(struct buf *rest, struct buf *name)
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

/* What is left to resolve becomes the link's target t, then the rest. */
static void
splice_target(struct buf *rest, const char *t, struct buf *tmp)
{
	buf_reset(tmp);
	buf_adds(tmp, t);
	buf_addc(tmp, '/');
	buf_add(tmp, rest->p, rest->len);
	buf_reset(rest);
	buf_add(rest, tmp->p, tmp->len);
}

/* Split canon into the directory (opened) and the last name: to. */
static int
settle(int topfd, struct buf *canon, struct fs_link_to *to)
{
	char *slash;

	if (canon->len == 0) {		/* the top itself */
		to->name = xstrdup(".");
		to->dirfd = fcntl(topfd, F_DUPFD_CLOEXEC, 0);
		return to->dirfd == -1 ? -1 : FS_LINK_FOLLOW;
	}
	slash = strrchr(canon->p, '/');
	to->name = xstrdup(slash != NULL ? slash + 1 : canon->p);
	canon->len = slash != NULL ? (size_t)(slash - canon->p) : 0;
	canon->p[canon->len] = '\0';
	buf_adds(&to->dir, buf_str(canon));
	to->dirfd = open_rel(topfd, buf_str(canon));
	return to->dirfd == -1 ? -1 : FS_LINK_FOLLOW;
}

/* Resolve the link target t, met in directory rel, beneath topfd. */
static int
resolve_inside(int topfd, const char *rel, const char *t,
    struct fs_link_to *to)
{
	struct buf canon = BUF_INIT, rest = BUF_INIT, c = BUF_INIT;
	struct stat st;
	char *lt = NULL;
	int fd, r = FS_LINK_LEAVES, links = 1;

	buf_adds(&canon, rel);
	buf_adds(&rest, t);
	if (t[0] == '/')
		goto out;
	while (take_comp(&rest, &c)) {
		if (strcmp(c.p, ".") == 0)
			continue;
		if (strcmp(c.p, "..") == 0) {
			if (canon.len == 0)
				goto out;	/* above the top */
			while (canon.len > 0 && canon.p[canon.len - 1] != '/')
				canon.len--;
			canon.len -= canon.len > 0;
			canon.p[canon.len] = '\0';
			continue;
		}
		if ((fd = open_rel(topfd, buf_str(&canon))) == -1 ||
		    fstatat(fd, c.p, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			r = -1;
		} else if (S_ISLNK(st.st_mode)) {
			lt = link_target(fd, c.p);
			if (lt == NULL || ++links > MAX_LINKS) {
				if (lt != NULL)
					errno = ELOOP;
				r = -1;
			} else if (lt[0] == '/') {
				close(fd);
				goto out;	/* absolute: leaves */
			} else
				splice_target(&rest, lt, &c);
			free(lt);
			lt = NULL;
		} else if (S_ISDIR(st.st_mode)) {
			join(&canon, c.p);
		} else if (take_comp(&rest, &c)) {
			errno = ENOTDIR;
			r = -1;
		} else
			join(&canon, c.p);	/* the last: a file */
		if (fd != -1)
			close(fd);
		if (r == -1)
			goto out;
	}
	r = settle(topfd, &canon, to);
out:
	free(lt);
	buf_free(&canon);
	buf_free(&rest);
	buf_free(&c);
	return r;
}

int
fs_src_link(int topfd, const char *rel, int dirfd, const char *cm,
    const char *name, bool inside, struct fs_link_to *to)
{
	char *t;
	int r = FS_LINK_KEEP;

	memset(to, 0, sizeof(*to));
	to->dirfd = -1;
	if (rel == NULL)
		rel = "";
	if ((t = link_target(dirfd, name)) == NULL)
		return -1;
	if (cm != NULL && !(name[0] == '.' && name[1] == '.') &&
	    strncmp(t, "..data/", 7) == 0 && strcmp(t + 7, name) == 0) {
		to->dirfd = openat(dirfd, cm, PATH_DIR);
		to->name = xstrdup(name);
		join(&to->dir, rel);
		join(&to->dir, cm);
		r = to->dirfd == -1 ? -1 : FS_LINK_FOLLOW;
	} else if (inside)
		r = resolve_inside(topfd, rel, t, to);
	free(t);
	if (r == -1)
		fs_link_to_free(to);
	return r;
}
