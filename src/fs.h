/* fs: safe filesystem primitives. Every write works on descriptors, never
 * on a path re-resolved later; the last component is never followed; under
 * `root`, paths resolve beneath a root with openat2(RESOLVE_BENEATH) or a
 * component walk with O_NOFOLLOW where openat2 is missing (ENOSYS, EPERM,
 * EINVAL). See shared/SECURITY.md for the rules and the attacks. */
#ifndef FS_H
#define FS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"
#include "fs_sim.h"

struct fs_root {
	char *path;		/* normalised absolute path, no trailing '/' */
	size_t len;
	int fd;			/* O_PATH|O_DIRECTORY, opened once */
};

struct fs {
	struct fs_root *roots;
	size_t nroots, cap;
	bool no_openat2;	/* force the component walk (tests; or after
				 * openat2 answered ENOSYS/EPERM/EINVAL) */
	bool dry_run;		/* change nothing; report what would change */
	bool sim_on;		/* sim initialised (fs_dry) */
	struct fs_sim sim;	/* what this dry run's steps would have made */
	/* directories already swept of stale temp files (fs_sweep_stale) */
	struct { dev_t dev; ino_t ino; } swept[64];
	size_t nswept;
};

/* Initialise (test builds: the NO_OPENAT2 knob, knobs.h). */
void fs_init(struct fs *fs);
void fs_free(struct fs *fs);
/* Add DIR as a root (it must exist and be a directory). */
int fs_add_root(struct fs *fs, const char *dir, struct err *e);
/* The dry run's simulation (fs_sim.h: what earlier steps would have
 * made), NULL outside a dry run. Every dry-run look at the filesystem goes
 * through it: fs_at_open, fs_at_lstat, fs_lstat and what takes an fs_at. */
struct fs_sim *fs_dry(struct fs *fs);

/* mkdirat, and an openat that creates (O_CREAT or O_TMPFILE), giving
 * exactly the permission bits asked for whatever the process umask: the
 * plan's `umask` step is for run and exec children, and an inherited
 * umask (0077, even 0777) never narrows the modes volinit documents.
 * Every create in the fs layer and the steps goes through these. */
int fs_mkdirat(int dirfd, const char *name, mode_t mode);
int fs_openat_create(int dirfd, const char *name, int flags, mode_t mode);

/* A resolved location: an open directory and a last component in it. */
struct fs_at {
	int dirfd;		/* O_PATH|O_DIRECTORY or a real dir fd */
	char *name;		/* last component (heap); "." for a root */
	char *path;		/* the path as the plan wrote it (heap) */
	struct fs_sim *sim;	/* in a dry run (fs_dry), else NULL; then */
	char *abs;		/* the cleaned absolute path (heap), and
				 * dirfd is -1 when the parent exists only
				 * in the simulation */
};

enum {
	FS_MKPARENTS = 1,	/* create missing parent directories */
	FS_FOR_READ = 2		/* a source: no root needed (reads are free) */
};

/* Resolve the parent directory of PATH. For writes (no FS_FOR_READ), when
 * roots exist PATH must lie beneath one (ERR_SAFETY otherwise), and no
 * component may lead outside it (ERR_SAFETY). With FS_MKPARENTS missing
 * parents are created with mode pmode (0 = 0755 under the umask); in a
 * dry run they are not: the simulation holds them (and what earlier steps
 * made or removed decides whether a parent exists), and dirfd is -1 for a
 * parent found only there. Validates PATH first: empty, NUL or escaping
 * `..` parts are ERR_SAFETY. Fills at on success. */
int fs_at_open(struct fs *fs, const char *path, int flags, mode_t pmode,
    struct fs_at *at, struct err *e);
/* Close and free; safe twice, and on any `at` fs_at_open filled (even
 * after it failed). */
void fs_at_close(struct fs_at *at);
/* lstat of at's last component; in a dry run as the simulation sees it
 * (what earlier steps made, changed or removed). -1 with errno. */
int fs_at_lstat(const struct fs_at *at, struct stat *st);
/* lstat(PATH) for the engine's path conditions (creates=, if-exists=,
 * if-empty=, unless-empty=), in a dry run through the simulation. *empty
 * (when not NULL): PATH is missing, an empty file, or a directory holding
 * nothing but lost+found. 0, or -1 with errno (ENOENT: missing). */
int fs_lstat(struct fs *fs, const char *path, struct stat *st, bool *empty);
/* Read a whole file (fs_read_file), or open it for reading (fs_open_file),
 * as the steps that read files do: in a dry run, a file an earlier step
 * would write is read from the simulation (through a memory file for
 * fs_open_read), one it would remove is absent. */
int fs_read(struct fs *fs, const char *path, size_t cap, struct buf *out,
    struct err *e);
int fs_open_read(struct fs *fs, const char *path, const char *what,
    struct err *e);

/* How an existing destination is treated. */
enum fs_overwrite {
	FS_OW_ALWAYS,		/* replace when content/mode/owner differ */
	FS_OW_MISSING		/* only create; leave an existing one alone (the
				 * plan's missing and never) */
};

/* A chmod for each file a tree walk or a copy meets, given by the layer
 * that parsed it (mode.h stays out of the effect modules): apply(arg,
 * current mode, is a directory) is the new mode; octal when the current
 * mode plays no part (a copy's directories then keep the source's). */
struct fs_chmod {
	mode_t (*apply)(const void *arg, mode_t cur, bool isdir);
	const void *arg;
	bool octal;
};

/* Wanted metadata for a file or directory. */
struct fs_meta {
	mode_t mode;		/* permission bits incl. set-id/sticky */
	uid_t uid;
	gid_t gid;		/* (gid_t)-1: leave the group */
	bool has_mode, has_owner;
};

/* An atomic replacement in progress: a temp file beside the target, made
 * with O_TMPFILE where the file system allows (nothing is named until the
 * data is complete: a kill leaves nothing) and otherwise created
 * O_EXCL|O_NOFOLLOW; either way with its final mode or narrower, so a
 * secret is never readable by others even for an instant. A named temp is
 * registered so that a signal handler can remove it
 * (fs_cleanup_on_signal); one left by SIGKILL is removed by a later run
 * (fs_sweep_stale). */
struct fs_tmp {
	int fd;			/* write here (flock'ed for its life) */
	int dirfd;		/* borrowed from the fs_at */
	char name[64];		/* "" while unnamed (O_TMPFILE) */
};

int fs_tmp_open(const struct fs_at *at, mode_t mode, struct fs_tmp *t,
    struct err *e);
/* fsync the temp, compare it with the existing target: identical content
 * and metadata → remove the temp, *changed = false (the target's mtime and
 * ctime untouched). Otherwise apply meta through the fd, rename over the
 * target, fsync the directory, *changed = true. A target that is a mount
 * point (EBUSY) is rewritten in place with a warning. A target that is a
 * directory or a link is an error (ERR_SAFETY for a link). */
int fs_tmp_commit(struct fs_tmp *t, const struct fs_at *at,
    const struct fs_meta *m, bool *changed, struct err *e);
/* Remove the temp file (after any error). */
void fs_tmp_abort(struct fs_tmp *t);
/* Put the temp in place of name in its directory, as it is (no compare,
 * no metadata, no directory fsync: for copy, which syncs once at the end):
 * an unnamed one is linked under a temp name first, then renamed; the fd
 * is closed. -1 with errno (EBUSY: name is a mount point) and the temp
 * left for fs_tmp_abort. */
int fs_tmp_rename(struct fs_tmp *t, const char *name);

/* A replacement written only where it differs (SECURITY.md rule 17): the
 * bytes streamed in are compared with the existing target as they come,
 * and the temp file (fs_tmp, mode tmpmode) is created only at the first
 * differing byte, with the equal prefix copied into it. A result identical
 * in content and metadata opens nothing for writing and creates nothing,
 * so it succeeds on a read-only volume and leaves the directory's mtime
 * and ctime alone. Memory stays constant whatever the size. */
struct fs_lazy {
	const struct fs_at *at;	/* borrowed */
	int oldfd;		/* the existing target, read-only, or -1 */
	struct stat old;	/* what oldfd is */
	off_t same;		/* bytes equal to the target so far */
	mode_t tmpmode;
	struct fs_tmp tmp;	/* tmp.fd >= 0 once it diverged */
	size_t len;		/* buffered for the temp */
	char data[32768];
};

/* Start; a target that is a link is ERR_SAFETY, a directory or special
 * file an error (as fs_tmp_commit). */
int fs_lazy_open(const struct fs_at *at, mode_t tmpmode, struct fs_lazy *l,
    struct err *e);
int fs_lazy_write(struct fs_lazy *l, const char *p, size_t n, struct err *e);
/* Finish: identical content and metadata m → *changed = false and nothing
 * was touched; otherwise the temp is committed as fs_tmp_commit does. */
int fs_lazy_commit(struct fs_lazy *l, const struct fs_meta *m,
    bool *changed, struct err *e);
/* After any error: remove the temp, if one was made. */
void fs_lazy_abort(struct fs_lazy *l);

/* Write data as the whole content of at (atomic, idempotent). With
 * FS_OW_MISSING an existing target is left alone (*changed = false).
 * In dry-run nothing is written: the simulation records the file;
 * *changed says whether it would be, and old (may be NULL) receives the
 * current content for the diff (the new content itself when the dry run
 * does not know the old one: then it says so, and no diff is due). Without
 * m->has_mode an existing file's permission bits (set-id dropped) carry
 * over, a new one gets exactly 0644; without m->has_owner the new
 * file belongs to the caller. Identical content + wanted meta: nothing is
 * touched, so this succeeds even on a read-only file system. */
int fs_write_at(struct fs *fs, const struct fs_at *at, const char *data,
    size_t len, const struct fs_meta *m, enum fs_overwrite ow,
    struct buf *old, bool *changed, struct err *e);

/* Make at a symlink to target, atomically (a temp link renamed over it);
 * unchanged when it already is one to target. A directory at `at` is an
 * error (never a link inside it, as `ln -sf` would make). Under roots the
 * target is checked first (fs_check_link_target). Honours dry-run. */
int fs_symlink_at(struct fs *fs, const struct fs_at *at, const char *target,
    bool *changed, struct err *e);
/* Under roots: refuse (ERR_SAFETY) a link target that would resolve
 * outside them. An absolute target must lie lexically beneath a root; a
 * relative one may not climb (`..`) above the root that holds the link,
 * counted from where the link's directory really is. Links inside the
 * target itself are not followed by this check. */
int fs_check_link_target(struct fs *fs, const struct fs_at *at,
    const char *target, struct err *e);

/* Read the whole regular file at `at` (never following a link there:
 * ERR_SAFETY) into out, at most cap bytes. A missing file is an error
 * with errnum ENOENT. out is wiped (freed) on error. */
int fs_read_at(const struct fs_at *at, size_t cap, struct buf *out,
    struct err *e);

/* Read a whole regular file (following links: sources are free) into out,
 * at most cap bytes (larger is an error). A FIFO, socket, device or a
 * directory is an error, never a block or an empty value. */
int fs_read_file(const char *path, size_t cap, struct buf *out,
    struct err *e);

/* Open a file for reading under fs_read_file's rules (links followed:
 * sources are free; only a regular file, checked by stat before the open
 * and by fstat after it on the same inode, opened O_NONBLOCK so a FIFO
 * swapped in can never block): a descriptor (O_CLOEXEC, O_NONBLOCK
 * cleared again), or -1 with e ("WHAT PATH: ..."). For stdin= and
 * templates. */
int fs_open_file(const char *path, const char *what, struct err *e);

/* Remove the temp files a killed volinit left in directory dirfd: names
 * fs_tmp makes, that no live writer holds locked (every writer holds an
 * flock on its temp for the temp's whole life, so a concurrent run's are
 * never touched, whatever PID namespace it runs in). Once per directory
 * per run; never in dry-run; errors (a read-only volume) are ignored. */
void fs_sweep_stale(struct fs *fs, int dirfd);
/* The same for one directory, every time (copy: each destination
 * directory it enters). */
void fs_sweep_dir(int dirfd);

/* Unlink the temp file of an interrupted write, if any. Async-signal-safe:
 * called from the SIGTERM/SIGINT handler before exiting. */
void fs_cleanup_on_signal(void);
#endif
