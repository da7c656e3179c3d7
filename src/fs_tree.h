/* fs_tree: what every tree walker shares (copy, chmod -R, chown -R,
 * remove, render-dir). See the MUST list in fs_tree.c. */
#ifndef FS_TREE_H
#define FS_TREE_H
#include <sys/stat.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* No walk goes deeper than this many directory levels below its top: a
 * path that deep is already twice PATH_MAX, and each level holds an fd. */
#define FS_TREE_MAX_DEPTH 4096

/* Reading directories with getdents64 into buffers kept for the whole walk
 * (musl's opendir/closedir would mmap and munmap for every directory). A
 * pool holds one buffer per depth (large near the top, small below, so a
 * deep chain costs little); fs_dirpool_free releases them. */
struct fs_dirpool {
	char **v;
	size_t n, cap;
};
struct fs_dir {
	int fd;			/* the caller opens and closes it */
	char *buf;		/* from the pool */
	size_t size, pos, len;
};
/* Start reading fd with the pool's buffer for depth. */
void fs_dir_init(struct fs_dir *d, struct fs_dirpool *p, size_t depth,
    int fd);
void fs_dirpool_free(struct fs_dirpool *p);
/* The next name other than "." and "..", or NULL: at the end with errno 0,
 * on error with errno set. The name is valid until the next call with the
 * same depth's buffer. */
const char *fs_dir_next(struct fs_dir *d);

/* How many levels a walk holding fds_per_level descriptors a level may
 * descend: FS_TREE_MAX_DEPTH, or fewer when RLIMIT_NOFILE would run out
 * first (a reserve is kept for the files opened at the bottom). dirfd is
 * any open descriptor (to count those already open). */
size_t fs_tree_depth_limit(int dirfd, unsigned fds_per_level);
/* Fill e: the walk would go deeper than limit levels at path. -1. */
int fs_tree_too_deep(struct err *e, size_t limit, const char *path);

/* fstatat that also gives the mount the entry lives on (*mnt; 0 when the
 * kernel tells none): statx with STATX_MNT_ID (Linux 5.8), else fstatat
 * and name_to_handle_at's mount id. flags: AT_SYMLINK_NOFOLLOW,
 * AT_EMPTY_PATH. The NO_STATX knob (knobs.h) forces the fallback. */
int fs_statat(int dirfd, const char *name, int flags, struct stat *st,
    uint64_t *mnt);
/* The mount a walk started on. */
struct fs_mount {
	dev_t dev;
	uint64_t id;		/* 0: unknown, st_dev decides alone */
};
void fs_mount_set(struct fs_mount *m, const struct stat *st, uint64_t mnt);
/* Whether an entry (st, mnt) is on m: the same device and, where both are
 * known, the same mount id (a bind mount of the same filesystem has the
 * same st_dev and another mount id). */
bool fs_mount_same(const struct fs_mount *m, const struct stat *st,
    uint64_t mnt);

/* The ConfigMap/Secret layout (Kubernetes' atomic writer): DIR/..data is
 * a link to a sibling `..NAME` (a plain name, no slash) that is a real
 * directory, and each key is a top-level link NAME -> ..data/NAME. When
 * dirfd holds one, its ..data target (heap) is returned, else NULL. */
char *fs_cm_layout(int dirfd);

/* Where a followed link leads: an entry to look at without following
 * it. */
struct fs_link_to {
	int dirfd;		/* O_PATH directory, owned */
	char *name;		/* heap; "." for the top itself */
	struct buf dir;		/* dirfd's path below the source's top, no
				 * links in it ("" for the top) */
};
enum fs_link {
	FS_LINK_KEEP,		/* not to be followed: keep it as a link */
	FS_LINK_LEAVES,		/* following was asked, it leaves the source */
	FS_LINK_FOLLOW		/* to is filled */
};
/* The one rule for a link NAME met in directory DIRFD of a source tree
 * (copy, render-dir), whatever else the source holds (a planted ..data
 * changes nothing):
 * - in a ConfigMap layout (cm: fs_cm_layout's answer for DIRFD, or NULL)
 *   NAME -> ..data/NAME, NAME not starting with "..", leads to NAME in the
 *   ..NAME directory (opened O_NOFOLLOW): exactly two link-follows;
 * - with inside (links=follow) any other link is followed when it stays
 *   beneath topfd, resolved one component at a time from topfd along rel
 *   (DIRFD's path below it, links spliced by hand, `..` taken lexically):
 *   an absolute target or `..` above the top leaves the source;
 * - nothing else is ever followed.
 * Returns an enum fs_link, or -1 with errno (a dangling link, ELOOP). */
int fs_src_link(int topfd, const char *rel, int dirfd, const char *cm,
    const char *name, bool inside, struct fs_link_to *to);
void fs_link_to_free(struct fs_link_to *to);
#endif
