/* fs_walk: recursive chown/chmod for the chown and chmod steps.
 *
 * MUST:
 * - never follow a symlink: fstatat(AT_SYMLINK_NOFOLLOW) to look, openat
 *   (O_NOFOLLOW) to act, and act on the descriptor after checking with
 *   fstat that it is the inode looked at (a swapped entry is ERR_SAFETY);
 * - descend only through directories opened O_DIRECTORY|O_NOFOLLOW, with
 *   getdents64 and *at() calls (no PATH_MAX, no path re-resolved), on a
 *   stack of our own bounded by fs_tree_depth_limit (never recursion);
 * - leave alone (with a warning) regular files with st_nlink > 1 and
 *   entries on another mount than the top, bind mounts of the same
 *   filesystem included (fs_statat's mount id, not st_dev);
 * - issue no syscall that changes an entry already right (ctime unchanged);
 * - chown before chmod (directories: chown after their entries, chmod
 *   before, as coreutils does); a chown-only walk never chmods (the
 *   set-id bits the kernel clears on chown stay cleared, as chown(1));
 * - chmod through fchmodat2(fd, "", AT_EMPTY_PATH) on an O_PATH fd (Linux
 *   6.6+); where that is missing, through a real fd opened O_RDONLY|
 *   O_NONBLOCK for files and directories only: FIFOs, sockets and device
 *   nodes are then skipped with a warning, never opened (musl's fchmod on an
 *   O_PATH fd would go through /proc, shared/SECURITY.md);
 * - never report success over a subtree it could not list.
 * A dry run (o->sim) changes nothing: what earlier steps would have made
 * is walked first (walk_sim), then the disk, skipping what the simulation
 * holds or removed; each change is recorded in the simulation.
 */
#define _GNU_SOURCE	/* O_PATH, AT_EMPTY_PATH in glibc test builds */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fs_tree.h"
#include "fs_walk.h"
#include "knobs.h"
#include "log.h"
#include "xalloc.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452	/* the same number on every architecture */
#endif

/* A directory being walked: its entries are read one at a time from the
 * walk's own stack (never the C stack); when they end the directory is
 * finished (chowned after its entries) and closed. */
struct wframe {
	struct fs_dir d;
	struct stat st;		/* the directory as opened */
	int parent;		/* the fd it was opened in */
	const char *name;	/* its name there (in the parent's buffer) */
	size_t plen;		/* the path's length without its name */
	bool pre;		/* chmod before the entries, nothing after */
};

struct walk {
	const struct fs_walk_opts *o;
	struct fs_dirpool pool;
	struct wframe *fr;	/* the directories open, top first */
	size_t nfr, cfr, limit;
	struct fs_mount top;	/* the mount the walk stays on */
	struct buf path;
	unsigned long changed;
	struct err *e;
	bool failed;
	bool no_fchmodat2;	/* ENOSYS, or the knob (knobs.h) */
	bool hot;		/* the last entry needed a change */
	size_t toplen;		/* the top path's length, and */
	struct buf abs;		/* the entry's absolute path (dry run) */
};

/* Dry run: the absolute path of the entry at hand. */
static const char *
walk_abs(struct walk *w)
{
	buf_reset(&w->abs);
	buf_adds(&w->abs, w->o->abs);
	buf_adds(&w->abs, buf_str(&w->path) + w->toplen);
	return buf_str(&w->abs);
}

/* Record the first failure, naming the path and the capability that an
 * EACCES or EPERM suggests; later ones are dropped. */
static void
walk_fail(struct walk *w, enum err_kind kind, int errnum, const char *what,
    const char *cap)
{
	if (w->failed)
		return;
	w->failed = true;
	if (cap != NULL && (errnum == EACCES || errnum == EPERM))
		err_set(w->e, kind, errnum, "%s %s (needs %s)", what,
		    buf_str(&w->path), cap);
	else
		err_set(w->e, kind, errnum, "%s %s", what, buf_str(&w->path));
}

static bool
same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT);
}

/* Open NAME O_PATH|O_NOFOLLOW and check it is still the inode in *st. */
static int
open_checked(struct walk *w, int dirfd, const char *name, int flags,
    const struct stat *st)
{
	struct stat now;
	int fd;

	fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		walk_fail(w, ERR_STEP, errno, "open", NULL);
		return -1;
	}
	if (fstat(fd, &now) == -1 || !same_inode(st, &now) ||
	    (S_ISREG(now.st_mode) && now.st_nlink > 1)) {
		close(fd);
		walk_fail(w, ERR_SAFETY, 0, "changed while walking:", NULL);
		return -1;
	}
	return fd;
}

/* chmod the inode behind pfd (O_PATH) or rfd (a real fd, or -1). */
static int
walk_chmod(struct walk *w, int dirfd, const char *name, int pfd, int rfd,
    const struct stat *st, mode_t m)
{
	int fd = rfd, r;

	if (rfd == -1) {
		if (!w->no_fchmodat2) {
			if (syscall(SYS_fchmodat2, pfd, "", m,
			    AT_EMPTY_PATH) == 0)
				return 0;
			if (errno != ENOSYS && errno != EINVAL &&
			    errno != EPERM && errno != EOPNOTSUPP)
				goto fail;
			w->no_fchmodat2 = errno != EPERM;
		}
		if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
			log_warn("%s: not changing the mode of a special file "
			    "(needs fchmodat2, Linux 6.6)", buf_str(&w->path));
			return 0;
		}
		fd = open_checked(w, dirfd, name, O_RDONLY | O_NONBLOCK, st);
		if (fd == -1)
			return -1;
	}
	r = fchmod(fd, m);
	if (fd != rfd)
		close(fd);
	if (r == 0)
		return 0;
fail:
	walk_fail(w, ERR_STEP, errno, "chmod", "CAP_FOWNER");
	return -1;
}

/* Bring one entry to the wanted owner and mode, touching nothing that is
 * already right. rfd is a real fd on it (a directory being walked), pfd an
 * O_PATH fd that st came from, or -1. */
static void
walk_apply(struct walk *w, int dirfd, const char *name,
    const struct stat *st, int rfd, int pfd)
{
	const struct fs_walk_opts *o = w->o;
	uid_t u = o->uid == (uid_t)-1 ? st->st_uid : o->uid;
	gid_t g = o->gid == (gid_t)-1 ? st->st_gid : o->gid;
	mode_t m = st->st_mode & 07777;
	bool own = u != st->st_uid || g != st->st_gid;
	struct fs_sim_ent *en;
	int fd = rfd, r = 0;

	if (o->sim != NULL && fs_sim_look(o->sim, walk_abs(w), &en) ==
	    FS_SIM_DISK && en != NULL)
		return;		/* walk_sim saw to it */
	if (o->mode != NULL && !S_ISLNK(st->st_mode))
		m = o->mode->apply(o->mode->arg, st->st_mode,
		    S_ISDIR(st->st_mode));
	w->hot = own || m != (st->st_mode & 07777);
	if (!w->hot)
		return;
	w->changed++;
	if (o->sim != NULL)
		fs_sim_meta(o->sim, walk_abs(w), st, m, u, g);
	if (o->dry_run) {
		log_info("would change %s", buf_str(&w->path));
		return;
	}
	if (fd == -1)
		fd = pfd;
	if (fd == -1 && (fd = open_checked(w, dirfd, name, O_PATH, st)) == -1)
		return;
	if (own) {
		r = fd == rfd ? fchown(fd, u, g) :
		    fchownat(fd, "", u, g, AT_EMPTY_PATH);
		if (r == -1)
			walk_fail(w, ERR_STEP, errno, "chown", "CAP_CHOWN");
	}
	if (m != (st->st_mode & 07777) && (!own || r == 0))
		walk_chmod(w, dirfd, name, fd, rfd, st, m);
	if (fd != rfd && fd != pfd)
		close(fd);
}

static bool
excluded(const struct fs_walk_opts *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nexclude; i++)
		if (strcmp(o->exclude[i], name) == 0)
			return true;
	return false;
}

static void
path_cut(struct walk *w, size_t len)
{
	w->path.len = len;
	if (w->path.p != NULL)
		w->path.p[len] = '\0';
}

/* A directory: open it for reading (that needs read and search access, or
 * CAP_DAC_READ_SEARCH) and push it; its entries are walked by fs_walk's
 * loop. As in coreutils, chmod fixes the directory before its entries (so
 * `u+rx` lets us in) and chown after them (so handing a 0700 directory to
 * another user does not lock us out of it half way: grafana's first run,
 * WORKLOADS A15). False when it was not pushed. */
static bool
walk_push(struct walk *w, int dirfd, const char *name, const struct stat *st,
    size_t plen)
{
	struct wframe *f;
	struct stat now;
	int fd;

	if (w->nfr >= w->limit) {
		if (!w->failed)
			fs_tree_too_deep(w->e, w->limit, buf_str(&w->path));
		w->failed = true;
		return false;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1) {
		walk_fail(w, ERR_STEP, errno, "list", "CAP_DAC_READ_SEARCH");
		return false;
	}
	if (fstat(fd, &now) == -1 || !same_inode(st, &now)) {
		close(fd);
		walk_fail(w, ERR_SAFETY, 0, "changed while walking:", NULL);
		return false;
	}
	w->fr = xgrow(w->fr, &w->cfr, w->nfr + 1, sizeof(*w->fr));
	f = &w->fr[w->nfr];
	fs_dir_init(&f->d, &w->pool, w->nfr++, fd);
	f->st = now;
	f->parent = dirfd;
	f->name = name;
	f->plen = plen;
	f->pre = w->o->uid == (uid_t)-1 && w->o->gid == (gid_t)-1;
	if (f->pre)
		walk_apply(w, dirfd, name, &now, fd, -1);
	return true;
}

/* The entries of the innermost directory ended: finish and close it. */
static void
walk_pop(struct walk *w)
{
	struct wframe *f = &w->fr[w->nfr - 1];

	if (errno != 0)
		walk_fail(w, ERR_STEP, errno, "list", "CAP_DAC_READ_SEARCH");
	if (!f->pre)
		walk_apply(w, f->parent, f->name, &f->st, f->d.fd, -1);
	close(f->d.fd);
	path_cut(w, f->plen);
	w->nfr--;
}

/* Look at one entry and act on it; a directory is pushed instead (with
 * -R), its path kept until it is popped. */
static void
walk_entry(struct walk *w, int dirfd, const char *name, bool top)
{
	size_t plen = w->path.len;
	struct fs_sim_ent *en;
	struct stat st;
	uint64_t mnt;
	int pfd = -1, r;

	if (!top) {
		buf_addc(&w->path, '/');
		buf_adds(&w->path, name);
	}
	if (!top && w->hot && !w->o->dry_run) {
		/* the last entry needed a change: this one likely does too,
		 * look at it through the fd we would act on (one syscall
		 * less than fstatat, open, fstat) */
		pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		r = pfd == -1 ? -1 : fs_statat(pfd, "", AT_EMPTY_PATH, &st,
		    &mnt);
	} else
		r = fs_statat(dirfd, name, AT_SYMLINK_NOFOLLOW, &st, &mnt);
	if (r == -1)
		walk_fail(w, ERR_STEP, errno, "stat", "CAP_DAC_READ_SEARCH");
	else if (w->o->sim != NULL && fs_sim_look(w->o->sim, walk_abs(w),
	    &en) != FS_SIM_DISK)
		;	/* removed, or replaced: walk_sim saw to it */
	else if (top && S_ISLNK(st.st_mode))
		walk_fail(w, ERR_SAFETY, 0, "refusing to follow the symlink",
		    NULL);
	else if (!top && !fs_mount_same(&w->top, &st, mnt))
		log_warn("%s: another mount or filesystem, left alone",
		    buf_str(&w->path));
	else if (S_ISREG(st.st_mode) && st.st_nlink > 1)
		log_warn("%s: has %lu hard links, left alone",
		    buf_str(&w->path), (unsigned long)st.st_nlink);
	else if (S_ISDIR(st.st_mode) && w->o->recursive) {
		if (top)
			fs_mount_set(&w->top, &st, mnt);
		if (pfd != -1)
			close(pfd);
		if (walk_push(w, dirfd, name, &st, plen))
			return;
		pfd = -1;
	} else
		walk_apply(w, dirfd, name, &st, -1, pfd);
	if (pfd != -1)
		close(pfd);
	path_cut(w, plen);
}

/* Dry run: one entry the simulation holds or overlays, as walk_apply
 * treats one on disk; the simulation is told of the change. */
static void
sim_apply(void *arg, struct fs_sim_ent *en)
{
	struct walk *w = arg;
	const struct fs_walk_opts *o = w->o;
	const char *rel = en->path + strlen(o->abs), *p;
	uid_t u = o->uid == (uid_t)-1 ? en->uid : o->uid;
	gid_t g = o->gid == (gid_t)-1 ? en->gid : o->gid;
	mode_t m = en->mode;
	struct stat st;
	size_t n;

	for (p = rel; *p == '/'; p += n) {	/* exclude= at any depth */
		n = strcspn(p + 1, "/") + 1;
		for (size_t i = 0; i < o->nexclude; i++)
			if (strlen(o->exclude[i]) == n - 1 &&
			    strncmp(p + 1, o->exclude[i], n - 1) == 0)
				return;
	}
	fs_sim_stat(en, &st);
	if (o->mode != NULL && en->kind != FS_SIM_LINK)
		m = o->mode->apply(o->mode->arg, st.st_mode,
		    en->kind == FS_SIM_DIR);
	if (u == en->uid && g == en->gid && m == en->mode)
		return;
	w->changed++;
	en->uid = u;
	en->gid = g;
	en->mode = m;
	log_info("would change %s%s", buf_str(&w->path), rel);
}

/* Dry run: walk what the simulation has at and beneath the top. 1: the
 * top is on disk, walk it there too; 0: done (w->failed says how). */
static int
walk_sim(struct walk *w)
{
	struct fs_sim_ent *en;

	switch (fs_sim_look(w->o->sim, w->o->abs, &en)) {
	case FS_SIM_ABSENT:
		errno = ENOENT;
		walk_fail(w, ERR_STEP, errno, "stat", NULL);
		return 0;
	case FS_SIM_HELD:
		if (en->kind == FS_SIM_LINK) {
			walk_fail(w, ERR_SAFETY, 0, "refusing to follow the "
			    "symlink", NULL);
			return 0;
		}
		fs_sim_each(w->o->sim, w->o->abs, w->o->recursive, sim_apply,
		    w);
		return 0;
	default:
		fs_sim_each(w->o->sim, w->o->abs, w->o->recursive, sim_apply,
		    w);
		return 1;
	}
}

int
fs_walk(int dirfd, const char *name, const char *path,
    const struct fs_walk_opts *o, unsigned long *changed, struct err *e)
{
	struct wframe *f;
	struct walk w;
	const char *n;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.e = e;
	w.no_fchmodat2 = KNOB("NO_FCHMODAT2");
	w.limit = fs_tree_depth_limit(dirfd, 1);
	buf_adds(&w.path, path);
	w.toplen = w.path.len;
	if (o->sim == NULL || walk_sim(&w) == 1)
		walk_entry(&w, dirfd, name, true);
	while (w.nfr > 0) {
		f = &w.fr[w.nfr - 1];
		if ((n = fs_dir_next(&f->d)) == NULL)
			walk_pop(&w);
		else if (!excluded(o, n))
			walk_entry(&w, f->d.fd, n, false);
	}
	buf_free(&w.path);
	buf_free(&w.abs);
	free(w.fr);
	fs_dirpool_free(&w.pool);
	*changed += w.changed;
	return w.failed ? -1 : 0;
}
