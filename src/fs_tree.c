/* fs_tree: the pieces every tree walker shares.
 *
 * MUST:
 * - bound every walk: walkers keep their own stack of directories on the
 *   heap (never recursion, so a 10,000-level tree cannot overflow the C
 *   stack) and stop with a clear error (exit 1, naming the depth and the
 *   path) before FS_TREE_MAX_DEPTH levels or before RLIMIT_NOFILE runs out,
 *   whichever comes first: never EMFILE half way;
 * - keep memory small for deep chains: 16 KiB getdents buffers for the top
 *   levels, 1 KiB (still several entries) below.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "fs_tree.h"
#include "xalloc.h"

#define DIR_BUF_TOP	16384
#define DIR_BUF_DEEP	1024	/* > the largest dirent64 (280 bytes) */
#define DIR_DEEP	16	/* levels given DIR_BUF_TOP */
#define FD_RESERVE	16	/* the bottom's files, temps, a resolution */

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
