/* fs_write: atomic, idempotent file writes and capped reads on descriptors
 * handed out by fs_path.
 *
 * MUST:
 * - create temp files beside the target with O_CREAT|O_EXCL|O_NOFOLLOW and
 *   the final permission bits (never wider), so a planted link is never
 *   followed and a secret is never readable by others, even for a moment;
 * - compare before replacing: identical content and wanted metadata leave
 *   the target alone (its mtime and ctime untouched), even on a read-only
 *   file system;
 * - set owner, then mode, on the temp's real fd (not O_PATH: musl's fchmod
 *   on O_PATH goes through /proc), then renameat and fsync the directory;
 * - never write through or over a symlink at the target (ERR_SAFETY: we
 *   refuse rather than silently replace, so a planted link is reported),
 *   never over a directory or a special file;
 * - rewrite in place only when rename says EBUSY (a single-file bind
 *   mount), with a warning that the write was not atomic;
 * - remove the temp on every error and on SIGTERM/SIGINT
 *   (fs_cleanup_on_signal); leave the target untouched on every error;
 * - read only regular files: stat first, open O_NONBLOCK, fstat the fd,
 *   so a FIFO, socket, device or directory is an error, never a block.
 * In a dry run (at->sim) nothing is opened for writing: what a write or a
 * link would make goes into the simulation (fs_sim), and the old content
 * compared with is the simulation's when an earlier step made the file.
 * Without `mode=`, an existing file's permission bits (set-id bits
 * dropped) carry over to the new content; without `owner=` the new file
 * belongs to whoever runs volinit, as with any rename-based writer.
 */
#define _GNU_SOURCE		/* O_PATH on glibc (the unit-test build) */
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "log.h"
#include "sink.h"

#ifdef VOLINIT_TEST
bool fs_test_no_tmpfile;	/* unit tests: take the named-temp path */
#define NO_TMPFILE fs_test_no_tmpfile
#else
#define NO_TMPFILE false
#endif

#define NSLOTS		4
#define DIFF_CAP	(16u << 20)

/* Temps in flight, for the signal handler: set fields, then used. */
static struct {
	volatile sig_atomic_t used;
	int dirfd;
	char name[64];
} slots[NSLOTS];

static void
reg(const struct fs_tmp *t)
{
	int i;

	for (i = 0; i < NSLOTS; i++) {
		if (slots[i].used)
			continue;
		slots[i].dirfd = t->dirfd;
		memcpy(slots[i].name, t->name, sizeof(slots[i].name));
		slots[i].used = 1;
		return;
	}
}

static void
unreg(const struct fs_tmp *t)
{
	int i;

	for (i = 0; i < NSLOTS; i++)
		if (slots[i].used && slots[i].dirfd == t->dirfd &&
		    strcmp(slots[i].name, t->name) == 0)
			slots[i].used = 0;
}

void
fs_cleanup_on_signal(void)
{
	int i;

	for (i = 0; i < NSLOTS; i++)
		if (slots[i].used)
			unlinkat(slots[i].dirfd, slots[i].name, 0);
}

/* ".volinit." and 10 random characters. */
static void
tmp_name(char *name)
{
	static const char cs[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[10];
	struct timespec ts;
	size_t i;

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (i = 0; i < sizeof(r); i++)
			r[i] ^= (unsigned char)(ts.tv_nsec >> (i % 4 * 8)) ^
			    (unsigned char)(getpid() >> (i % 2 * 8));
	}
	memcpy(name, ".volinit.", 9);
	for (i = 0; i < sizeof(r); i++)
		name[9 + i] = cs[r[i] % (sizeof(cs) - 1)];
	name[9 + i] = '\0';
}

/* A named temp beside the target, O_EXCL|O_NOFOLLOW. */
static int
tmp_named(int dirfd, mode_t mode, char *name)
{
	int i, fd = -1;

	for (i = 0; i < 32 && fd == -1; i++) {
		tmp_name(name);
		fd = fs_openat_create(dirfd, name, O_RDWR | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode & 0777);
		if (fd == -1 && errno != EEXIST)
			break;
	}
	return fd;
}

int
fs_tmp_open(const struct fs_at *at, mode_t mode, struct fs_tmp *t,
    struct err *e)
{
	sigset_t all, old;

	t->dirfd = at->dirfd;
	t->name[0] = '\0';
	t->fd = NO_TMPFILE ? (errno = EOPNOTSUPP, -1) :
	    fs_openat_create(at->dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC,
	    mode & 0777);
	if (t->fd >= 0) {
		(void)flock(t->fd, LOCK_EX | LOCK_NB);
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL &&
	    errno != ENOENT)
		return err_set(e, ERR_STEP, errno, "write %s", at->path);
	/* Signals wait while the name exists unregistered: a SIGTERM in
	 * between would leave it behind. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	t->fd = tmp_named(at->dirfd, mode, t->name);
	if (t->fd >= 0) {
		(void)flock(t->fd, LOCK_EX | LOCK_NB);
		reg(t);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (t->fd == -1) {
		t->name[0] = '\0';
		return err_set(e, ERR_STEP, errno, "write %s", at->path);
	}
	return 0;
}

/* Give an unnamed (O_TMPFILE) temp a name, so it can be renamed over the
 * target: linkat through /proc/self/fd, as AT_EMPTY_PATH needs
 * CAP_DAC_READ_SEARCH. The data is complete and synced by now. */
static int
tmp_name_it(struct fs_tmp *t)
{
	char proc[32], name[64];
	sigset_t all, old;
	int i, r = -1;

	if (t->name[0] != '\0')
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", t->fd);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < 32 && r == -1; i++) {
		tmp_name(name);
		r = linkat(t->fd, "", t->dirfd, name, AT_EMPTY_PATH);
		if (r == -1 && (errno == ENOENT || errno == EPERM))
			r = linkat(AT_FDCWD, proc, t->dirfd, name,
			    AT_SYMLINK_FOLLOW);
		if (r == -1 && errno != EEXIST)
			break;
	}
	if (r == 0) {
		memcpy(t->name, name, sizeof(name));
		reg(t);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

int
fs_tmp_rename(struct fs_tmp *t, const char *name)
{
	if (tmp_name_it(t) == -1 || renameat(t->dirfd, t->name, t->dirfd,
	    name) == -1)
		return -1;
	unreg(t);
	t->name[0] = '\0';
	if (close(t->fd) == -1) {
		t->fd = -1;
		return -1;
	}
	t->fd = -1;
	return 0;
}

/* Is name one fs_tmp makes: ".volinit." and 10 letters or digits? */
static bool
is_tmp_name(const char *name)
{
	size_t i;

	if (strncmp(name, ".volinit.", 9) != 0 || strlen(name) != 19)
		return false;
	for (i = 9; i < 19; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' &&
		    name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

static bool
swept_already(struct fs *fs, const struct stat *st)
{
	size_t i;

	for (i = 0; i < fs->nswept; i++)
		if (fs->swept[i].dev == st->st_dev &&
		    fs->swept[i].ino == st->st_ino)
			return true;
	i = fs->nswept < 64 ? fs->nswept++ : (size_t)(st->st_ino % 64);
	fs->swept[i].dev = st->st_dev;
	fs->swept[i].ino = st->st_ino;
	return false;
}

void
fs_sweep_stale(struct fs *fs, int dirfd)
{
	struct stat st;

	if (fs->dry_run || fstat(dirfd, &st) == -1 || swept_already(fs, &st))
		return;
	fs_sweep_dir(dirfd);
}

void
fs_sweep_dir(int dirfd)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int dfd, f;

	dfd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1 || (d = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_tmp_name(de->d_name))
			continue;
		f = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		if (f == -1)
			continue;
		/* the lock is free only when its writer is gone */
		if (fstat(f, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(f, LOCK_EX | LOCK_NB) == 0 &&
		    unlinkat(dfd, de->d_name, 0) == 0)
			log_info("removed %s, left by an interrupted run",
			    de->d_name);
		close(f);
	}
	closedir(d);
}

void
fs_tmp_abort(struct fs_tmp *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->name[0] != '\0') {
		unlinkat(t->dirfd, t->name, 0);
		unreg(t);
	}
	t->name[0] = '\0';
}

/* Only regular files are read or replaced: an error for a link
 * (ERR_SAFETY), a directory, a FIFO, socket or device. */
static int
check_reg(const struct stat *st, const char *verb, const char *path,
    struct err *e)
{
	if (S_ISLNK(st->st_mode))
		return err_set(e, ERR_SAFETY, 0, "%s %s: a symlink, refusing "
		    "to follow or replace it", verb, path);
	if (S_ISDIR(st->st_mode))
		return err_set(e, ERR_STEP, EISDIR, "%s %s", verb, path);
	if (!S_ISREG(st->st_mode))
		return err_set(e, ERR_STEP, 0, "%s %s: not a regular file "
		    "(a FIFO, socket or device)", verb, path);
	return 0;
}

/* lstat the target into st and *exists; non-regular files are errors. */
static int
target_stat(const struct fs_at *at, struct stat *st, bool *exists,
    const char *verb, struct err *e)
{
	*exists = false;
	if (fstatat(at->dirfd, at->name, st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, ERR_STEP, errno, "%s %s", verb, at->path);
	}
	*exists = true;
	return check_reg(st, verb, at->path, e);
}

/* Does the existing file's metadata already match m? */
static bool
meta_same(const struct stat *st, const struct fs_meta *m)
{
	if (m->has_mode && (st->st_mode & 07777) != m->mode)
		return false;
	if (m->has_owner && (st->st_uid != m->uid ||
	    (m->gid != (gid_t)-1 && st->st_gid != m->gid)))
		return false;
	return true;
}

/* Open the target for reading, O_NOFOLLOW, and check it is still the
 * file st described. -1 (errno set) otherwise. */
static int
open_target(const struct fs_at *at, const struct stat *st)
{
	struct stat fs;
	int fd;

	fd = openat(at->dirfd, at->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &fs) == -1 || fs.st_ino != st->st_ino ||
	    fs.st_dev != st->st_dev || !S_ISREG(fs.st_mode)) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* Read fd into out, at most cap bytes; -1 with errno (EFBIG over cap). */
static int
read_fd(int fd, size_t cap, struct buf *out)
{
	char b[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, b, sizeof(b));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len + (size_t)n > cap) {
			n = -1;
			errno = EFBIG;
			break;
		}
		buf_add(out, b, (size_t)n);
	}
	explicit_bzero(b, sizeof(b));
	return n == 0 ? 0 : -1;
}

/* Same bytes in fds a and b (both of size len)? 1 yes, 0 no, -1 error. */
static int
same_fds(int a, int b, off_t len)
{
	char x[8192], y[8192];
	off_t off;
	ssize_t n, m;
	int r = 1;

	for (off = 0; off < len && r == 1; off += n) {
		n = pread(a, x, sizeof(x), off);
		m = pread(b, y, sizeof(y), off);
		if (n <= 0 || m != n)
			r = n < 0 || m < 0 ? -1 : 0;
		else if (memcmp(x, y, (size_t)n) != 0)
			r = 0;
	}
	explicit_bzero(x, sizeof(x));
	explicit_bzero(y, sizeof(y));
	return r;
}

/* Is the existing target (st) identical to the temp, content and meta?
 * An unreadable target counts as different (it will be replaced). */
static bool
tmp_same(const struct fs_tmp *t, const struct fs_at *at,
    const struct stat *st, const struct fs_meta *m)
{
	struct stat ts;
	int fd, r;

	if (!meta_same(st, m) || fstat(t->fd, &ts) == -1 ||
	    ts.st_size != st->st_size)
		return false;
	if ((fd = open_target(at, st)) == -1)
		return false;
	r = same_fds(t->fd, fd, st->st_size);
	close(fd);
	return r == 1;
}

/* Without owner=, the old file's owner carries over to its replacement,
 * as its mode does (a root init container editing postgres's pg_hba.conf
 * must leave it postgres's). Where that is not allowed (not root, and the
 * file was someone else's) the write goes on, and says so. */
static int
keep_owner(int fd, const struct stat *old, const char *path, struct err *e)
{
	struct stat now;

	if (fstat(fd, &now) == -1)
		return err_set(e, ERR_STEP, errno, "stat %s", path);
	if (now.st_uid == old->st_uid && now.st_gid == old->st_gid)
		return 0;
	if (fchown(fd, old->st_uid, old->st_gid) == 0)
		return 0;
	if (errno != EPERM)
		return err_set(e, ERR_STEP, errno, "chown %s", path);
	log_warn("%s: its owner %u:%u could not be kept (not root): now "
	    "%u:%u", path, (unsigned)old->st_uid, (unsigned)old->st_gid,
	    (unsigned)now.st_uid, (unsigned)now.st_gid);
	return 0;
}

/* Mode, then owner, on a real fd: the mode is set while the temp is still
 * ours (no CAP_FOWNER needed to chmod a file given away); a set-id mode is
 * set again after the chown, which clears those bits. Without mode= and
 * owner=, an old file's permission bits and owner carry over. */
static int
apply_meta(int fd, const struct fs_meta *m, const struct stat *old,
    const char *path, struct err *e)
{
	mode_t mode = m->has_mode ? m->mode : old != NULL ?
	    old->st_mode & 0777 : 0;
	bool set = m->has_mode || old != NULL;

	if (set && fchmod(fd, mode) == -1)
		return err_set(e, ERR_STEP, errno, "chmod %s", path);
	if (m->has_owner && fchown(fd, m->uid, m->gid) == -1)
		return err_set(e, ERR_STEP, errno, "chown %s", path);
	if (!m->has_owner && old != NULL && keep_owner(fd, old, path, e) == -1)
		return -1;
	if (set && (mode & (S_ISUID | S_ISGID)) != 0 && fchmod(fd, mode) == -1)
		return err_set(e, ERR_STEP, errno, "chmod %s", path);
	return 0;
}

/* fsync the directory (through a real fd: O_PATH cannot be synced). */
static int
sync_dir(const struct fs_at *at, struct err *e)
{
	int fd, r;

	fd = openat(at->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	r = fsync(fd);
	close(fd);
	if (r == -1 && errno != EINVAL && errno != EROFS)
		return err_set(e, ERR_STEP, errno, "fsync directory of %s",
		    at->path);
	return 0;
}

/* Copy the temp's content over the target in place (EBUSY: a file bind
 * mount cannot be renamed over). Not atomic, and it says so. */
static int
rewrite(struct fs_tmp *t, const struct fs_at *at, const struct stat *st,
    const struct fs_meta *m, struct err *e)
{
	char b[8192];
	ssize_t n = 0;
	off_t off = 0;
	int fd;

	log_warn("%s is a mount point: rewritten in place, the write was "
	    "not atomic", at->path);
	fd = openat(at->dirfd, at->name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "write %s", at->path);
	if (apply_meta(fd, m, st, at->path, e) == -1 ||
	    ftruncate(fd, 0) == -1)
		goto fail;
	while ((n = pread(t->fd, b, sizeof(b), off)) > 0 &&
	    sink_write_all(fd, b, (size_t)n) == 0)
		off += n;
	explicit_bzero(b, sizeof(b));
	if (n != 0 || fsync(fd) == -1)
		goto fail;
	close(fd);
	return 0;
fail:
	if (e->kind == ERR_NONE)
		err_set(e, ERR_STEP, errno, "write %s", at->path);
	close(fd);
	return -1;
}

/* Replace the target with the temp unless (compare) they are the same. */
static int
commit(struct fs_tmp *t, const struct fs_at *at, const struct fs_meta *m,
    bool compare, bool *changed, struct err *e)
{
	struct stat st;
	bool exists;

	*changed = false;
	if (target_stat(at, &st, &exists, "write", e) == -1)
		goto fail;
	if (exists && compare && tmp_same(t, at, &st, m)) {
		fs_tmp_abort(t);
		return 0;
	}
	if (fsync(t->fd) == -1) {
		err_set(e, ERR_STEP, errno, "write %s", at->path);
		goto fail;
	}
	if (apply_meta(t->fd, m, exists ? &st : NULL, at->path, e) == -1)
		goto fail;
	if (tmp_name_it(t) == -1) {
		err_set(e, ERR_STEP, errno, "write %s", at->path);
		goto fail;
	}
	if (renameat(t->dirfd, t->name, at->dirfd, at->name) == 0) {
		unreg(t);
		close(t->fd);
		t->fd = -1;
		t->name[0] = '\0';
	} else if (errno != EBUSY || !exists) {
		err_set(e, ERR_STEP, errno, "rename into %s", at->path);
		goto fail;
	} else if (rewrite(t, at, &st, m, e) == -1) {
		goto fail;
	} else {
		fs_tmp_abort(t);
	}
	*changed = true;
	return sync_dir(at, e);
fail:
	fs_tmp_abort(t);
	return -1;
}

int
fs_tmp_commit(struct fs_tmp *t, const struct fs_at *at,
    const struct fs_meta *m, bool *changed, struct err *e)
{
	return commit(t, at, m, true, changed, e);
}

int
fs_lazy_open(const struct fs_at *at, mode_t tmpmode, struct fs_lazy *l,
    struct err *e)
{
	bool exists;

	l->at = at;
	l->oldfd = -1;
	l->same = 0;
	l->tmpmode = tmpmode;
	l->tmp.fd = -1;
	l->tmp.name[0] = '\0';
	l->len = 0;
	if (target_stat(at, &l->old, &exists, "write", e) == -1)
		return -1;
	/* an unreadable target counts as different: it will be replaced */
	if (exists)
		l->oldfd = open_target(at, &l->old);
	if (l->oldfd == -1)
		return fs_tmp_open(at, tmpmode, &l->tmp, e);
	return 0;
}

static int
lazy_flush(struct fs_lazy *l, struct err *e)
{
	if (l->len > 0 && sink_write_all(l->tmp.fd, l->data, l->len) == -1)
		return err_set(e, ERR_STEP, errno, "write %s", l->at->path);
	l->len = 0;
	return 0;
}

static int
lazy_put(struct fs_lazy *l, const char *p, size_t n, struct err *e)
{
	if (l->len + n > sizeof(l->data) && lazy_flush(l, e) == -1)
		return -1;
	if (n >= sizeof(l->data))
		return sink_write_all(l->tmp.fd, p, n) == -1 ?
		    err_set(e, ERR_STEP, errno, "write %s", l->at->path) : 0;
	memcpy(l->data + l->len, p, n);
	l->len += n;
	return 0;
}

/* The result differs from the target after l->same equal bytes: make the
 * temp and copy that prefix into it. */
static int
lazy_diverge(struct fs_lazy *l, struct err *e)
{
	char b[8192];
	off_t off = 0;
	ssize_t n = 0;

	if (fs_tmp_open(l->at, l->tmpmode, &l->tmp, e) == -1)
		return -1;
	while (off < l->same && (n = pread(l->oldfd, b, (size_t)(l->same -
	    off) < sizeof(b) ? (size_t)(l->same - off) : sizeof(b), off)) > 0
	    && sink_write_all(l->tmp.fd, b, (size_t)n) == 0)
		off += n;
	explicit_bzero(b, sizeof(b));
	if (off < l->same)
		return err_set(e, ERR_STEP, n < 0 ? errno : EIO, "write %s",
		    l->at->path);
	return 0;
}

int
fs_lazy_write(struct fs_lazy *l, const char *p, size_t n, struct err *e)
{
	char b[8192];
	size_t k = 0;
	ssize_t r;

	while (l->tmp.fd == -1 && k < n) {
		size_t want = n - k < sizeof(b) ? n - k : sizeof(b), i = 0;

		r = pread(l->oldfd, b, want, l->same);
		while (r > 0 && i < (size_t)r && b[i] == p[k + i])
			i++;
		l->same += (off_t)i;
		k += i;
		if (r <= 0 || i < want) {
			explicit_bzero(b, sizeof(b));
			if (lazy_diverge(l, e) == -1)
				return -1;
		}
	}
	explicit_bzero(b, sizeof(b));
	return k < n ? lazy_put(l, p + k, n - k, e) : 0;
}

int
fs_lazy_commit(struct fs_lazy *l, const struct fs_meta *m, bool *changed,
    struct err *e)
{
	struct stat st;

	*changed = false;
	if (l->tmp.fd == -1) {
		if (fstat(l->oldfd, &st) == 0 && st.st_size == l->same &&
		    meta_same(&st, m)) {
			close(l->oldfd);
			l->oldfd = -1;
			return 0;
		}
		/* the target is longer, or only its metadata differs: a
		 * whole new file still replaces it (links broken, atomic) */
		if (lazy_diverge(l, e) == -1)
			return -1;
	}
	if (lazy_flush(l, e) == -1)
		return -1;
	if (l->oldfd >= 0)
		close(l->oldfd);
	l->oldfd = -1;
	return commit(&l->tmp, l->at, m, false, changed, e);
}

void
fs_lazy_abort(struct fs_lazy *l)
{
	if (l->oldfd >= 0)
		close(l->oldfd);
	l->oldfd = -1;
	explicit_bzero(l->data, sizeof(l->data));
	if (l->tmp.fd >= 0 || l->tmp.name[0] != '\0')
		fs_tmp_abort(&l->tmp);
}

/* Is the existing target (st) already data with metadata m? Fills old
 * (when not NULL) with its content, up to DIFF_CAP. */
static bool
data_same(const struct fs_at *at, const struct stat *st, const char *data,
    size_t len, const struct fs_meta *m, struct buf *old)
{
	struct buf mine = BUF_INIT, *b = old != NULL ? old : &mine;
	bool same;
	int fd;

	same = meta_same(st, m) && st->st_size == (off_t)len;
	if ((!same && old == NULL) || (fd = open_target(at, st)) == -1)
		return false;
	buf_reset(b);
	if (read_fd(fd, old != NULL && len < DIFF_CAP ? DIFF_CAP : len, b)
	    == -1) {
		buf_reset(b);
		same = false;
	}
	close(fd);
	same = same && b->len == len && (len == 0 ||
	    memcmp(b->p, data, len) == 0);
	buf_wipe(&mine);
	return same;
}

/* The owner a file this run creates gets: owner= where it says, else
 * ours (the simulation's record of who we are). */
static void
new_owner(const struct fs_sim *s, const struct fs_meta *m, uid_t *u,
    gid_t *g)
{
	*u = m->has_owner && m->uid != (uid_t)-1 ? m->uid : s->uid;
	*g = m->has_owner && m->gid != (gid_t)-1 ? m->gid : s->gid;
}

/* Dry run of fs_write_at: compare with what the simulation or the disk
 * holds, record the result in the simulation. */
static int
write_dry(const struct fs_at *at, const char *data, size_t len,
    const struct fs_meta *m, enum fs_overwrite ow, struct buf *old,
    bool *changed, struct err *e)
{
	struct fs_sim_ent *en;
	struct stat st;
	bool exists = fs_at_lstat(at, &st) == 0, same = false;
	mode_t mode;
	uid_t u;
	gid_t g;

	*changed = false;
	if (old != NULL)
		buf_reset(old);
	if (!exists && errno != ENOENT)
		return err_set(e, ERR_STEP, errno, "write %s", at->path);
	if (exists && (ow != FS_OW_ALWAYS ||
	    check_reg(&st, "write", at->path, e) == -1))
		return ow != FS_OW_ALWAYS ? 0 : -1;
	if (exists && fs_sim_look(at->sim, at->abs, &en) == FS_SIM_HELD) {
		same = meta_same(&st, m) && en->len == len &&
		    en->hash == fs_sim_hash(FS_SIM_HASH0, data, len);
		if (old != NULL && en->data != NULL)
			buf_add(old, en->data, en->len);
		else if (old != NULL && !same) {
			log_info("dry run: %s: its content is past what a dry "
			    "run keeps; no diff", at->path);
			buf_add(old, data, len);	/* no diff is due */
		}
	} else if (exists)
		same = data_same(at, &st, data, len, m, old);
	if (same)
		return 0;
	*changed = true;
	mode = m->has_mode ? m->mode : exists ? st.st_mode & 0777 : 0644;
	new_owner(at->sim, m, &u, &g);
	fs_sim_put(at->sim, at->abs, FS_SIM_FILE, mode, u, g, data, len);
	return 0;
}

int
fs_write_at(struct fs *fs, const struct fs_at *at, const char *data,
    size_t len, const struct fs_meta *m, enum fs_overwrite ow,
    struct buf *old, bool *changed, struct err *e)
{
	struct fs_tmp t;
	struct stat st;
	bool exists;

	if (at->sim != NULL)
		return write_dry(at, data, len, m, ow, old, changed, e);
	*changed = false;
	if (ow != FS_OW_ALWAYS &&
	    fstatat(at->dirfd, at->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	if (target_stat(at, &st, &exists, "write", e) == -1)
		return -1;
	if (exists && data_same(at, &st, data, len, m, old))
		return 0;
	*changed = true;
	if (fs->dry_run)	/* an fs_at opened before the dry run began */
		return 0;
	if (fs_tmp_open(at, m->has_mode ? m->mode : exists ? st.st_mode :
	    0644, &t, e) == -1)
		return -1;
	if (sink_write_all(t.fd, data, len) == -1) {
		err_set(e, ERR_STEP, errno, "write %s", at->path);
		fs_tmp_abort(&t);
		return -1;
	}
	return commit(&t, at, m, false, changed, e);
}

/* Read the regular file st describes, already open as fd, into out.
 * Closes fd; wipes out on error. */
static int
read_checked(int fd, const struct stat *st, size_t cap, struct buf *out,
    const char *path, struct err *e)
{
	struct stat fst;
	int r = -1;

	if (fstat(fd, &fst) == -1)
		err_set(e, ERR_STEP, errno, "read %s", path);
	else if (fst.st_ino != st->st_ino || fst.st_dev != st->st_dev)
		err_set(e, ERR_SAFETY, 0, "read %s: replaced while opening it",
		    path);
	else if (check_reg(&fst, "read", path, e) == -1)
		;
	else if (read_fd(fd, cap, out) == 0)
		r = 0;
	else if (errno == EFBIG)
		err_set(e, ERR_STEP, 0, "read %s: larger than %zu bytes", path,
		    cap);
	else
		err_set(e, ERR_STEP, errno, "read %s", path);
	close(fd);
	if (r == -1)
		buf_wipe(out);
	return r;
}

int
fs_read_at(const struct fs_at *at, size_t cap, struct buf *out,
    struct err *e)
{
	struct fs_sim_ent *en;
	struct stat st;
	bool exists;
	int fd;

	if (at->sim != NULL && fs_sim_look(at->sim, at->abs, &en) !=
	    FS_SIM_DISK) {	/* an earlier step of the dry run made it */
		if (fs_at_lstat(at, &st) == -1)
			return err_set(e, ERR_STEP, ENOENT, "read %s",
			    at->path);
		if (check_reg(&st, "read", at->path, e) == -1)
			return -1;
		if (en->data == NULL)
			log_info("dry run: %s: its content is past what a "
			    "dry run keeps; read as empty", at->path);
		else if (en->len > cap)
			return err_set(e, ERR_STEP, 0, "read %s: larger than "
			    "%zu bytes", at->path, cap);
		else
			buf_add(out, en->data, en->len);
		return 0;
	}
	if (at->sim != NULL && at->dirfd == -1)
		return err_set(e, ERR_STEP, ENOENT, "read %s", at->path);
	if (target_stat(at, &st, &exists, "read", e) == -1)
		return -1;
	if (!exists)
		return err_set(e, ERR_STEP, ENOENT, "read %s", at->path);
	fd = openat(at->dirfd, at->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "read %s", at->path);
	return read_checked(fd, &st, cap, out, at->path, e);
}

int
fs_open_file(const char *path, const char *what, struct err *e)
{
	struct stat st, fst;
	int fd, fl;

	if (stat(path, &st) == -1)
		return err_set(e, ERR_STEP, errno, "%s %s", what, path);
	if (check_reg(&st, what, path, e) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return err_set(e, ERR_STEP, errno, "%s %s", what, path);
	if (fstat(fd, &fst) == -1)
		err_set(e, ERR_STEP, errno, "%s %s", what, path);
	else if (fst.st_ino != st.st_ino || fst.st_dev != st.st_dev)
		err_set(e, ERR_SAFETY, 0, "%s %s: replaced while opening it",
		    what, path);
	else if (check_reg(&fst, what, path, e) == -1)
		;
	else if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
		err_set(e, ERR_STEP, errno, "%s %s", what, path);
	else
		return fd;
	close(fd);
	return -1;
}

int
fs_read_file(const char *path, size_t cap, struct buf *out, struct err *e)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == -1)
		return err_set(e, ERR_STEP, errno, "read %s", path);
	if (check_reg(&st, "read", path, e) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return err_set(e, ERR_STEP, errno, "read %s", path);
	return read_checked(fd, &st, cap, out, path, e);
}

/* Is at already a symlink whose target is exactly target? */
static bool
link_is(const struct fs_at *at, const char *target)
{
	char b[4096];
	ssize_t n;

	n = readlinkat(at->dirfd, at->name, b, sizeof(b));
	return n >= 0 && (size_t)n == strlen(target) &&
	    memcmp(b, target, (size_t)n) == 0;
}

int
fs_symlink_at(struct fs *fs, const struct fs_at *at, const char *target,
    bool *changed, struct err *e)
{
	struct fs_sim_ent *en;
	struct fs_tmp t;
	struct stat st;
	int i;

	*changed = false;
	if (fs_check_link_target(fs, at, target, e) == -1)
		return -1;
	if (fs_at_lstat(at, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return err_set(e, ERR_STEP, EISDIR, "symlink %s",
			    at->path);
		if (S_ISLNK(st.st_mode) && (at->sim != NULL && fs_sim_look(
		    at->sim, at->abs, &en) == FS_SIM_HELD ?
		    strcmp(en->data, target) == 0 : link_is(at, target)))
			return 0;
	} else if (errno != ENOENT) {
		return err_set(e, ERR_STEP, errno, "symlink %s", at->path);
	}
	*changed = true;
	if (at->sim != NULL)
		fs_sim_put(at->sim, at->abs, FS_SIM_LINK, 0777, at->sim->uid,
		    at->sim->gid, target, 0);
	if (fs->dry_run)
		return 0;
	t.fd = -1;
	t.dirfd = at->dirfd;
	for (i = 0; i < 32; i++) {
		tmp_name(t.name);
		if (symlinkat(target, at->dirfd, t.name) == 0)
			break;
		if (errno != EEXIST || i == 31)
			return err_set(e, ERR_STEP, errno, "symlink %s",
			    at->path);
	}
	reg(&t);
	if (renameat(at->dirfd, t.name, at->dirfd, at->name) == -1) {
		err_set(e, ERR_STEP, errno, "symlink %s", at->path);
		fs_tmp_abort(&t);
		return -1;
	}
	unreg(&t);
	return sync_dir(at, e);
}
