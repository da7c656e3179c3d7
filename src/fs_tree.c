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
 *   name_to_handle_at's mount id; where both fail, st_dev alone.
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
#include "xalloc.h"

#define DIR_BUF_TOP	16384
#define DIR_BUF_DEEP	1024	/* > the largest dirent64 (280 bytes) */
#define DIR_DEEP	16	/* levels given DIR_BUF_TOP */
#define FD_RESERVE	16	/* the bottom's files, temps, a resolution */
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

	if (statx_state == 0) {
		const char *v = getenv("VOLINIT_TEST_NO_STATX");

		statx_state = v != NULL && strcmp(v, "1") == 0 ? -1 : 1;
	}
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
	if (!(x.mask & STATX_MNTID) || (x.mask & STATX_BASIC) != STATX_BASIC) {
		statx_state = -1;	/* Linux < 5.8 */
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
