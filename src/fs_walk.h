/* fs_walk: chmod and chown of one entry or a whole tree, on descriptors,
 * never following a symlink. See the MUST list in fs_walk.c. */
#ifndef FS_WALK_H
#define FS_WALK_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"
#include "fs.h"

struct fs_walk_opts {
	uid_t uid;		/* (uid_t)-1: leave the owner */
	gid_t gid;		/* (gid_t)-1: leave the group */
	const struct fs_chmod *mode;	/* NULL: no chmod (borrowed) */
	bool recursive;		/* -R */
	bool dry_run;		/* count what would change only */
	struct fs_sim *sim;	/* a dry run: what earlier steps made (walked
				 * too, and told of each change), else NULL */
	const char *abs;	/* with sim: NAME's absolute path */
	char *const *exclude;	/* entry names skipped at any depth */
	size_t nexclude;
};

/* Apply o to the entry NAME of DIRFD (an O_PATH or real directory fd, as
 * fs_at_open gives) and, with o->recursive, to everything beneath it. PATH
 * is the name shown in errors and warnings. Entries already right are not
 * touched (their ctime stays); *changed counts those changed (or that would
 * be, in dry-run). NAME being a symlink is refused (ERR_SAFETY); inside the
 * tree links are lchown'd and never chmod'ed nor followed; regular files
 * with more than one link and other mounts (bind mounts of the same
 * filesystem included) are skipped with a warning; deeper than
 * fs_tree_depth_limit is an error.
 * The walk goes on after an error and reports the first one (ERR_STEP, with
 * the capability an EACCES/EPERM suggests): never success over a subtree it
 * could not visit. Returns 0 or -1. */
int fs_walk(int dirfd, const char *name, const char *path,
    const struct fs_walk_opts *o, unsigned long *changed, struct err *e);

#endif
