/* fs_copy: `cp -a`-like copies of files and trees for the copy step.
 *
 * MUST:
 * - never follow a link at the destination: every destination name is
 *   looked at with AT_SYMLINK_NOFOLLOW and opened O_NOFOLLOW; a link where a
 *   file or directory is to be written is refused (ERR_SAFETY); a file is
 *   written to an fs_tmp temp file (O_TMPFILE, else O_EXCL|O_NOFOLLOW) mode
 *   0600 beside it, given its owner, mode and times through the fd, and
 *   renamed over it;
 * - follow source links only as cp -H does (the named SRC, never one a
 *   glob listed) and as fs_src_link allows: the keys of a ConfigMap/Secret
 *   layout (exactly its two links), and with links=follow a link resolved
 *   by hand beneath the source's top; a link that leaves the source is
 *   copied as a link (a planted `..data` beside `shadow -> /etc/shadow`
 *   once copied /etc/shadow);
 * - refuse devices; never open a FIFO or socket (they are skipped with a
 *   warning, not recreated: a volume has no use for them); open sources
 *   O_NONBLOCK and check with fstat that they are the regular file looked
 *   at; strip set-uid (and on files set-gid) unless mode= sets them;
 * - leave a file whose content already matches untouched (mtime is copied
 *   but not compared), keeping its own mode and owner unless mode= or
 *   owner= ask otherwise (then set in place: it has one link); only new
 *   or changed files take the source's metadata; overwrite=missing|never
 *   leave an existing entry alone;
 * - refuse to copy a directory into itself or round a link loop;
 * - stay on the source's and the destination's mounts: an entry below
 *   either top on another mount (a bind mount of the same filesystem
 *   included: fs_statat's mount id) is left alone with a warning, never
 *   read from nor written through;
 * - walk on a stack of our own, bounded by fs_tree_depth_limit.
 * A dry run (o->sim) writes nothing: each entry is compared with what the
 * simulation holds (what earlier steps would have made) or, failing that,
 * the disk; what the copy would make goes into the simulation, and each
 * changed file's diff goes to o->diff (copy_file_dry).
 * Durability: one syncfs(2) on the destination after the last rename,
 * rather than fsync per file (a 100,000-file tree would take minutes). */
#define _GNU_SOURCE	/* copy_file_range, syncfs in glibc test builds */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fs_copy.h"
#include "fs_tree.h"
#include "log.h"
#include "signals.h"
#include "xalloc.h"

#define CP_BUFSZ (64 * 1024)

struct cp_id {
	dev_t dev;
	ino_t ino;
};

/* A directory being copied, on the walk's own stack (never the C stack):
 * its entries are read one at a time; when they end its metadata is set
 * and it is closed. */
struct cp_frame {
	struct fs_dir d;	/* the source directory */
	int dfd;		/* the destination; -1 in dry-run when missing */
	struct stat st, dt;	/* the source as opened, the destination as
				 * found (with have) */
	size_t sl, dl, mark;	/* sp, dp and nopen to go back to */
	size_t rl;		/* rp to go back to, or */
	char *rsave;		/* rp itself when this one is not below it */
	char *cm;		/* its ..data target in a ConfigMap layout */
	bool have, fresh;	/* dt valid; c->fresh of the directory around
				 * it */
};

struct cp {
	const struct fs_copy_opts *o;
	struct buf sp, dp;	/* source and destination, for messages */
	unsigned long changed;
	struct err *e;
	char *buf;		/* 2 * CP_BUFSZ: compare and copy */
	struct fs_dirpool pool;	/* getdents buffers, one per depth */
	struct fs_mount smnt;	/* the mounts the copy stays on: the */
	struct fs_mount dmnt;	/* source's and the destination's tops */
	int topfd;		/* the source's top directory, and */
	struct buf rp;		/* the innermost one's path below it (no
				 * links): where links=follow resolves */
	struct buf rtmp;
	unsigned hops;		/* links followed for the entry at hand */
	struct cp_frame *fr;	/* the directories open, top first */
	size_t nfr, cfr, limit;
	struct cp_id *open;	/* directories being copied, both sides */
	size_t nopen, copen;
	unsigned tmpn;
	long pid;
	uid_t euid;
	gid_t egid;
	bool fresh;		/* the destination directory was just made */
	bool dheld;		/* dry run: the destination dest_stat looked
				 * at exists only in the simulation */
	size_t dtop;		/* dp's length at the top, and */
	struct buf dabs;	/* the entry's absolute path (dry run) */
};

/* The temp file being written, for fs_copy_cleanup_on_signal. */
static volatile sig_atomic_t tmp_active;
static int tmp_dirfd = -1;
static char tmp_name[64];

void
fs_copy_cleanup_on_signal(void)
{
	if (tmp_active)
		unlinkat(tmp_dirfd, tmp_name, 0);
}

static void
tmp_drop(void)
{
	if (tmp_active)
		unlinkat(tmp_dirfd, tmp_name, 0);
	tmp_active = 0;
}

/* Fail naming the path and, for EACCES, the capability that would have
 * let us read the source or write the destination. */
static int
cp_fail(struct cp *c, enum err_kind k, int errnum, const char *what,
    const struct buf *path)
{
	return err_set(c->e, k, errnum, "%s %s%s", what, buf_str(path),
	    errnum != EACCES ? "" : path == &c->sp ?
	    " (needs CAP_DAC_READ_SEARCH)" : " (needs CAP_DAC_OVERRIDE)");
}

/* Dry run: the destination entry's absolute path. */
static const char *
cp_dabs(struct cp *c)
{
	buf_reset(&c->dabs);
	buf_adds(&c->dabs, c->o->dabs);
	buf_adds(&c->dabs, buf_str(&c->dp) + c->dtop);
	return buf_str(&c->dabs);
}

/* One more entry created or replaced; in dry-run, say which. */
static void
cp_count(struct cp *c)
{
	c->changed++;
	if (c->o->dry_run)
		log_info("would write %s", buf_str(&c->dp));
}

static size_t
push(struct buf *b, const char *name)
{
	size_t l = b->len;

	buf_addc(b, '/');
	buf_adds(b, name);
	return l;
}

static void
pop(struct buf *b, size_t l)
{
	b->len = l;
	if (b->p != NULL)
		b->p[l] = '\0';
}

static bool
same_id(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT);
}

/* The metadata the copy of an entry with source stat st must have. Octal
 * mode= applies to files and links' targets only; directories keep the
 * source's mode unless mode= is symbolic. */
static void
want_meta(const struct cp *c, const struct stat *st, mode_t *m, uid_t *u,
    gid_t *g)
{
	const struct fs_copy_opts *o = c->o;
	bool dir = S_ISDIR(st->st_mode);

	*m = st->st_mode & 07777 & ~(dir ? S_ISUID : S_ISUID | S_ISGID);
	if (o->mode != NULL && (!dir || !o->mode->octal))
		*m = o->mode->apply(o->mode->arg, *m, dir);
	*u = o->keep_owner ? st->st_uid : (uid_t)-1;
	*g = o->keep_owner ? st->st_gid : (gid_t)-1;
	if (o->has_owner && o->uid != (uid_t)-1)
		*u = o->uid;
	if (o->has_owner && o->gid != (gid_t)-1)
		*g = o->gid;
}

static bool
meta_ok(const struct stat *dt, mode_t m, uid_t u, gid_t g)
{
	return (S_ISLNK(dt->st_mode) || (dt->st_mode & 07777) == m) &&
	    (u == (uid_t)-1 || dt->st_uid == u) &&
	    (g == (gid_t)-1 || dt->st_gid == g);
}

/* chown (when asked), then chmod, through a real fd. created: fd is an
 * entry we just made (owned by us already). */
static int
set_meta(struct cp *c, int fd, mode_t m, uid_t u, gid_t g, bool created)
{
	if (created && u == c->euid)
		u = (uid_t)-1;	/* what we create is ours already */
	if (created && g == c->egid)
		g = (gid_t)-1;
	if ((u != (uid_t)-1 || g != (gid_t)-1) && fchown(fd, u, g) == -1)
		return err_set(c->e, ERR_STEP, errno, "chown %s%s",
		    buf_str(&c->dp), errno == EPERM ? " (needs CAP_CHOWN)" :
		    "");
	if (fchmod(fd, m) == -1)
		return cp_fail(c, ERR_STEP, errno, "chmod", &c->dp);
	return 0;
}

/* Look at the destination: 1 exists (*dt filled), 0 missing, 2 another
 * mount below the top (left alone with a warning: never written through),
 * -1 error. */
static int
dest_stat(struct cp *c, int ddir, const char *dname, struct stat *dt)
{
	struct fs_sim_ent *en = NULL;
	uint64_t mnt;

	c->dheld = false;
	if (c->o->sim != NULL) {
		switch (fs_sim_look(c->o->sim, cp_dabs(c), &en)) {
		case FS_SIM_HELD:
			fs_sim_stat(en, dt);
			c->dheld = true;
			return 1;
		case FS_SIM_ABSENT:
			return 0;
		default:
			break;
		}
	}
	if (ddir == -1 || c->fresh)
		return 0;	/* nothing there yet (a racing link is replaced
				 * by the rename, never followed) */
	if (fs_statat(ddir, dname, AT_SYMLINK_NOFOLLOW, dt, &mnt) == -1) {
		if (errno == ENOENT)
			return 0;
		return cp_fail(c, ERR_STEP, errno, "stat", &c->dp);
	}
	if (c->nfr > 0 && !fs_mount_same(&c->dmnt, dt, mnt)) {
		log_warn("%s: another mount or filesystem, left alone",
		    buf_str(&c->dp));
		return 2;
	}
	if (en != NULL)
		fs_sim_over(en, dt);
	return 1;
}

/* An existing destination of the wrong type: a link is a safety refusal. */
static int
dest_clash(struct cp *c, const struct stat *dt, mode_t type)
{
	if ((dt->st_mode & S_IFMT) == type)
		return 0;
	if (S_ISLNK(dt->st_mode))
		return cp_fail(c, ERR_SAFETY, 0, "refusing to write through "
		    "the symlink", &c->dp);
	if (S_ISDIR(dt->st_mode))
		return cp_fail(c, ERR_STEP, EISDIR, "cannot replace", &c->dp);
	if (type == S_IFDIR)
		return cp_fail(c, ERR_STEP, ENOTDIR, "cannot copy a directory "
		    "to", &c->dp);
	if (!S_ISREG(dt->st_mode))
		return cp_fail(c, ERR_STEP, 0, "refusing to replace the "
		    "special file", &c->dp);
	return 0;
}

static ssize_t
read_full(int fd, char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, p + got, n - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* 1 when the two files hold the same bytes, 0 if not, -1 on error. */
static int
same_content(struct cp *c, int sfd, int dfd)
{
	ssize_t a, b;

	for (;;) {
		a = read_full(sfd, c->buf, CP_BUFSZ);
		b = read_full(dfd, c->buf + CP_BUFSZ, CP_BUFSZ);
		if (a == -1 || b == -1)
			return -1;
		if (a != b || memcmp(c->buf, c->buf + CP_BUFSZ, (size_t)a))
			return 0;
		if (a == 0)
			return 1;
	}
}

/* Copy [off, end) of sfd to the same offsets of tfd: copy_file_range,
 * else pread/pwrite. The offset reached: end, or less when the source
 * shrank meanwhile; -1 on error. */
static off_t
copy_range(struct cp *c, int sfd, int tfd, off_t off, off_t end, bool *cfr)
{
	off_t out;
	ssize_t n, w;
	size_t o, want;

	while (off < end) {
		if (*cfr) {
			out = off;
			n = copy_file_range(sfd, &off, tfd, &out,
			    (size_t)(end - off), 0);
			if (n > 0)
				continue;
			if (n == 0)
				return off;	/* it shrank */
			if (errno != EXDEV && errno != EINVAL &&
			    errno != ENOSYS && errno != EOPNOTSUPP &&
			    errno != EPERM)
				return -1;
			*cfr = false;
		}
		want = end - off < CP_BUFSZ ? (size_t)(end - off) : CP_BUFSZ;
		if ((n = pread(sfd, c->buf, want, off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return n == 0 ? off : -1;
		}
		for (o = 0; o < (size_t)n; o += (size_t)w)
			if ((w = pwrite(tfd, c->buf + o, (size_t)n - o,
			    off + (off_t)o)) < 0)
				return -1;
		off += n;
	}
	return off;
}

/* Copy the first size bytes of sfd to tfd, holes kept as holes: only the
 * data segments SEEK_DATA/SEEK_HOLE find are written, and ftruncate sets
 * the length, so a 10 GB sparse file stays a few blocks on the volume.
 * Where SEEK_DATA is refused the whole file is one segment. A file that
 * grows meanwhile is copied as it was when looked at. */
static int
copy_data(struct cp *c, int sfd, int tfd, off_t size)
{
	bool cfr = true;
	off_t at = 0, data, hole, got, len = size;

	while (at < size) {
		if ((data = lseek(sfd, at, SEEK_DATA)) == -1) {
			if (errno == ENXIO)
				break;		/* only a hole is left */
			if (errno != EINVAL && errno != EOPNOTSUPP)
				return -1;
			data = at;	/* no SEEK_DATA: copy the rest */
			hole = size;
		} else if ((hole = lseek(sfd, data, SEEK_HOLE)) == -1)
			return -1;
		if (data >= size)
			break;
		if (hole > size)
			hole = size;
		if ((got = copy_range(c, sfd, tfd, data, hole, &cfr)) == -1)
			return -1;
		if (got < hole) {
			len = got;	/* it shrank */
			break;
		}
		at = hole;
	}
	return ftruncate(tfd, len);
}

/* Create a temp symlink to link beside DNAME, registered for the signal
 * handler until renamed or dropped. (Files go through fs_tmp; a link
 * cannot be flock'ed, so a SIGKILL in its short window can leave one.) */
static int
tmp_link(struct cp *c, int ddir, const char *link)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		snprintf(tmp_name, sizeof(tmp_name), ".volinit.cp.%ld.%u",
		    c->pid, c->tmpn++);
		tmp_dirfd = ddir;
		tmp_active = 1;
		if (symlinkat(link, ddir, tmp_name) == 0)
			return 0;
		tmp_active = 0;
		if (errno != EEXIST)
			break;
	}
	return cp_fail(c, ERR_STEP, errno, "create a temp link beside",
	    &c->dp);
}

/* DEST is a mount point (a single-file bind mount): rewrite it in place. */
static int
write_in_place(struct cp *c, int sfd, off_t size, int ddir, const char *dname,
    mode_t m, uid_t u, gid_t g)
{
	struct stat dt;
	int fd, r = -1;

	fd = openat(ddir, dname, O_WRONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return cp_fail(c, ERR_STEP, errno, "open", &c->dp);
	if (fstat(fd, &dt) == -1 || !S_ISREG(dt.st_mode))
		cp_fail(c, ERR_STEP, 0, "not a regular file:", &c->dp);
	else if (ftruncate(fd, 0) == -1 ||
	    copy_data(c, sfd, fd, size) == -1)
		cp_fail(c, ERR_STEP, errno, "write", &c->dp);
	else if ((r = set_meta(c, fd, m, u, g, false)) == 0)
		log_warn("%s is a mount point: rewritten in place, not "
		    "atomically", buf_str(&c->dp));
	close(fd);
	return r;
}

/* Write sfd's content with the wanted metadata to a temp file (fs_tmp:
 * O_TMPFILE where it can, the one temp-file mechanism of write, render and
 * copy), then rename it over DNAME. */
static int
write_file(struct cp *c, int sfd, const struct stat *st, int ddir,
    const char *dname, mode_t m, uid_t u, gid_t g)
{
	struct fs_at at = { ddir, (char *)dname, (char *)buf_str(&c->dp), NULL,
	    NULL };
	struct timespec ts[2];
	struct fs_tmp t;
	int r = -1;

	if (fs_tmp_open(&at, 0600, &t, c->e) == -1)
		return -1;
	ts[0] = st->st_atim;
	ts[1] = st->st_mtim;
	if (copy_data(c, sfd, t.fd, st->st_size) == -1)
		cp_fail(c, ERR_STEP, errno, "copy to", &c->dp);
	else if (set_meta(c, t.fd, m, u, g, true) == -1)
		;
	else if (futimens(t.fd, ts) == -1)
		cp_fail(c, ERR_STEP, errno, "set times of", &c->dp);
	else if (fs_tmp_rename(&t, dname) == 0)
		r = 0;
	else if (errno == EBUSY)
		r = write_in_place(c, sfd, st->st_size, ddir, dname, m, u, g);
	else
		cp_fail(c, ERR_STEP, errno, "rename to", &c->dp);
	fs_tmp_abort(&t);
	return r;
}

/* The destination already holds the source's bytes. Unlike cp -a, it
 * keeps its own mode and owner unless mode= / owner= say otherwise, so a
 * copy followed by a chmod converges instead of fighting it on every run;
 * what they ask is set in place through fd (the file has one link). 1 when
 * nothing is left to do, -1 on error. */
static int
equal_file_meta(struct cp *c, int fd, const struct stat *dt, mode_t m,
    uid_t u, gid_t g)
{
	const struct fs_copy_opts *o = c->o;

	if (o->mode == NULL)
		m = dt->st_mode & 07777;
	if (!o->has_owner)
		u = (uid_t)-1, g = (gid_t)-1;
	if (meta_ok(dt, m, u, g))
		return 1;
	cp_count(c);
	if (o->dry_run)
		return 1;
	return set_meta(c, fd, m, u, g, false) == -1 ? -1 : 1;
}

/* A dry run's view of a file's content: whole when it is at most
 * FS_SIM_KEEP bytes (kept), else only its size and hash. */
struct cp_text {
	struct buf b;
	size_t len;
	uint64_t hash;
	bool kept;
};

static int
text_read(struct cp *c, int fd, off_t size, struct cp_text *t)
{
	ssize_t n;

	t->hash = FS_SIM_HASH0;
	t->kept = size <= (off_t)FS_SIM_KEEP;
	while ((n = read_full(fd, c->buf, CP_BUFSZ)) > 0) {
		t->hash = fs_sim_hash(t->hash, c->buf, (size_t)n);
		t->len += (size_t)n;
		if (t->kept)
			buf_add(&t->b, c->buf, (size_t)n);
	}
	return n == -1 ? -1 : 0;
}

/* Is the entry at hand inside a ConfigMap/Secret layout? */
static bool
in_cm(const struct cp *c)
{
	size_t i;

	for (i = 0; i < c->nfr; i++)
		if (c->fr[i].cm != NULL)
			return true;
	return false;
}

/* Dry run of copying a file whose content is src (from the disk or the
 * simulation) over the destination dt (have: it exists): the same verdict
 * as copy_file and equal_file_meta, recorded in the simulation, with the
 * diff (hide: show no content). */
static int
copy_file_dry(struct cp *c, struct cp_text *src, const struct stat *dt,
    int have, int ddir, const char *dname, mode_t m, uid_t u, gid_t g,
    bool hide)
{
	struct fs_sim *sim = c->o->sim;
	struct cp_text old;
	struct fs_sim_ent *en;
	bool same;
	int fd, r = 0;

	memset(&old, 0, sizeof(old));
	if (have && c->dheld && fs_sim_look(sim, cp_dabs(c), &en) ==
	    FS_SIM_HELD) {
		old.len = en->len;
		old.hash = en->hash;
		if ((old.kept = en->data != NULL))
			buf_add(&old.b, en->data, en->len);
	} else if (have) {
		fd = openat(ddir, dname, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC | O_NOCTTY);
		if (fd == -1 || text_read(c, fd, dt->st_size, &old) == -1)
			r = cp_fail(c, ERR_STEP, errno, "compare", &c->dp);
		if (fd != -1)
			close(fd);
	}
	same = have && (c->dheld || dt->st_nlink == 1) &&
	    old.len == src->len && old.hash == src->hash &&
	    (!old.kept || !src->kept || memcmp(buf_str(&old.b),
	    buf_str(&src->b), src->len) == 0);
	if (r == -1) {
	} else if (same) {	/* equal_file_meta's rule */
		if (c->o->mode == NULL)
			m = dt->st_mode & 07777;
		if (!c->o->has_owner)
			u = (uid_t)-1, g = (gid_t)-1;
		if (!meta_ok(dt, m, u, g)) {
			cp_count(c);
			fs_sim_meta(sim, cp_dabs(c), dt, m, u == (uid_t)-1 ?
			    dt->st_uid : u, g == (gid_t)-1 ? dt->st_gid : g);
		}
	} else {
		cp_count(c);
		if (src->kept && (old.kept || !have) && c->o->diff != NULL)
			c->o->diff(c->o->diff_arg, buf_str(&c->dp), old.b.p,
			    old.b.len, buf_str(&src->b), src->b.len, hide);
		else
			log_info("dry run: %s: past what a dry run keeps; no "
			    "diff", buf_str(&c->dp));
		u = u == (uid_t)-1 ? sim->uid : u;
		g = g == (gid_t)-1 ? sim->gid : g;
		if (src->kept)
			fs_sim_put(sim, cp_dabs(c), FS_SIM_FILE, m, u, g,
			    buf_str(&src->b), src->len);
		else
			fs_sim_put_hash(sim, cp_dabs(c), m, u, g, src->len,
			    src->hash);
	}
	buf_wipe(&old.b);
	return r;
}

/* Dry run: the source file open as sfd (st), to DNAME. */
static int
copy_file_sfd_dry(struct cp *c, int sfd, const struct stat *st,
    const struct stat *dt, int have, int ddir, const char *dname, mode_t m,
    uid_t u, gid_t g)
{
	struct cp_text src;
	int r = -1;

	memset(&src, 0, sizeof(src));
	if (text_read(c, sfd, st->st_size, &src) == -1)
		cp_fail(c, ERR_STEP, errno, "read", &c->sp);
	else
		r = copy_file_dry(c, &src, dt, have, ddir, dname, m, u, g,
		    !(st->st_mode & S_IROTH) || in_cm(c));
	buf_wipe(&src.b);
	return r;
}

static int
copy_file(struct cp *c, int sdir, const char *sname, const struct stat *st,
    int ddir, const char *dname, bool follow)
{
	struct stat dt, now;
	mode_t m;
	uid_t u;
	gid_t g;
	int sfd, dfd, have, r = 0;

	want_meta(c, st, &m, &u, &g);
	if ((have = dest_stat(c, ddir, dname, &dt)) == -1 || have == 2)
		return have == 2 ? 0 : -1;
	if (have && c->o->ow != FS_OW_ALWAYS)
		return 0;
	if (have && dest_clash(c, &dt, S_IFREG) == -1)
		return -1;
	sfd = openat(sdir, sname, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
	if (sfd == -1)
		return cp_fail(c, ERR_STEP, errno, "open", &c->sp);
	if (fstat(sfd, &now) == -1 || !same_id(st, &now)) {
		close(sfd);
		return cp_fail(c, ERR_SAFETY, 0, "changed while copying:",
		    &c->sp);
	}
	if (c->o->sim != NULL) {
		r = copy_file_sfd_dry(c, sfd, &now, &dt, have, ddir, dname, m,
		    u, g);
		close(sfd);
		return r;
	}
	if (have && dt.st_nlink == 1 && dt.st_size == now.st_size) {
		dfd = openat(ddir, dname, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC | O_NOCTTY);
		r = dfd == -1 ? -1 : same_content(c, sfd, dfd);
		if (r == 1)
			r = equal_file_meta(c, dfd, &dt, m, u, g);
		if (dfd != -1)
			close(dfd);
		if (r == -1 && c->e->kind == ERR_NONE)
			r = cp_fail(c, ERR_STEP, errno, "compare", &c->dp);
	}
	if (r == 0) {
		cp_count(c);
		if (!c->o->dry_run)
			r = write_file(c, sfd, &now, ddir, dname, m, u, g);
	}
	close(sfd);
	return r == -1 ? -1 : 0;
}

/* The target of a link (heap), or NULL with e filled. */
static char *
read_link(struct cp *c, int dir, const char *name, const struct buf *path)
{
	size_t sz = 256;
	char *t = NULL;
	ssize_t n;

	for (;;) {
		t = xrealloc(t, sz);
		if ((n = readlinkat(dir, name, t, sz)) == -1) {
			free(t);
			cp_fail(c, ERR_STEP, errno, "read the link", path);
			return NULL;
		}
		if ((size_t)n < sz)
			break;
		sz *= 2;
	}
	t[n] = '\0';
	return t;
}

/* Create the link DNAME -> t atomically: a temp link, renamed over. */
static int
make_link(struct cp *c, int ddir, const char *dname, const char *t,
    const struct stat *st, uid_t u, gid_t g)
{
	struct timespec ts[2];
	int r = -1;

	ts[0] = st->st_atim;
	ts[1] = st->st_mtim;
	if (tmp_link(c, ddir, t) == -1)
		return -1;
	if ((u != (uid_t)-1 || g != (gid_t)-1) && fchownat(ddir, tmp_name, u,
	    g, AT_SYMLINK_NOFOLLOW) == -1)
		cp_fail(c, ERR_STEP, errno, "chown the link", &c->dp);
	else if (utimensat(ddir, tmp_name, ts, AT_SYMLINK_NOFOLLOW) == -1 ||
	    renameat(ddir, tmp_name, ddir, dname) == -1)
		cp_fail(c, ERR_STEP, errno, "create the link", &c->dp);
	else
		r = 0;
	if (r == -1)
		tmp_drop();
	tmp_active = 0;
	return r;
}

/* A link met while walking a tree is copied as a link (cp -a). */
static int
copy_link(struct cp *c, int sdir, const char *sname, const struct stat *st,
    int ddir, const char *dname)
{
	struct fs_sim_ent *en;
	struct stat dt;
	char *t, *old;
	mode_t m;
	uid_t u;
	gid_t g;
	int have, r = 0;

	want_meta(c, st, &m, &u, &g);
	if ((have = dest_stat(c, ddir, dname, &dt)) == -1 || have == 2)
		return have == 2 ? 0 : -1;
	if (have && c->o->ow != FS_OW_ALWAYS)
		return 0;
	if (have && S_ISDIR(dt.st_mode))
		return dest_clash(c, &dt, S_IFLNK);
	if ((t = read_link(c, sdir, sname, &c->sp)) == NULL)
		return -1;
	if (have && S_ISLNK(dt.st_mode)) {
		if (c->dheld)	/* an earlier step of the dry run made it */
			old = xstrdup(fs_sim_look(c->o->sim, cp_dabs(c), &en)
			    == FS_SIM_HELD ? en->data : "");
		else if ((old = read_link(c, ddir, dname, &c->dp)) == NULL)
			r = -1;
		else if (strcmp(old, t) == 0 && meta_ok(&dt, m, u, g))
			r = 1;
		free(old);
	}
	if (r == 0) {
		cp_count(c);
		if (c->o->sim != NULL)
			fs_sim_put(c->o->sim, cp_dabs(c), FS_SIM_LINK, 0777,
			    u == (uid_t)-1 ? c->o->sim->uid : u, g == (gid_t)-1 ?
			    c->o->sim->gid : g, t, 0);
		if (!c->o->dry_run)
			r = make_link(c, ddir, dname, t, st, u, g);
	}
	free(t);
	return r == -1 ? -1 : 0;
}

/* Note a directory open on either side; one already open means a copy
 * into itself or a loop through followed links. */
static int
track(struct cp *c, const struct stat *st, const struct buf *path)
{
	size_t i;

	for (i = 0; i < c->nopen; i++)
		if (c->open[i].dev == st->st_dev &&
		    c->open[i].ino == st->st_ino)
			return cp_fail(c, ERR_STEP, ELOOP, "cannot copy a "
			    "directory into itself:", path);
	c->open = xgrow(c->open, &c->copen, c->nopen + 1, sizeof(*c->open));
	c->open[c->nopen].dev = st->st_dev;
	c->open[c->nopen++].ino = st->st_ino;
	return 0;
}

static int
open_dest_dir(struct cp *c, int ddir, const char *dname)
{
	struct stat st;
	int fd;

	fd = openat(ddir, dname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return cp_fail(c, errno == ELOOP ? ERR_SAFETY : ERR_STEP,
		    errno, "open", &c->dp);
	if (fstat(fd, &st) == -1) {
		cp_fail(c, ERR_STEP, errno, "stat", &c->dp);
		close(fd);
		return -1;
	}
	if (track(c, &st, &c->dp) == -1) {
		close(fd);
		return -1;
	}
	/* what a killed copy left here goes (fs_sweep_stale's rule) */
	if (!c->o->dry_run)
		fs_sweep_dir(fd);
	return fd;
}

/* A directory's own metadata, set after its entries (as cp -a does). A new
 * one takes the source's; one that existed keeps its own but for what
 * mode= and owner= ask, and only with overwrite=always. */
static int
dir_meta(struct cp *c, int dfd, const struct stat *dt, const struct stat *st)
{
	struct timespec ts[2];
	mode_t m;
	uid_t u;
	gid_t g;

	want_meta(c, st, &m, &u, &g);
	if (dt != NULL) {	/* as an equal file does: equal_file_meta */
		m = dt->st_mode & 07777;
		if (c->o->mode != NULL && !c->o->mode->octal)
			m = c->o->mode->apply(c->o->mode->arg,
			    dt->st_mode, true);
		u = c->o->has_owner ? c->o->uid : (uid_t)-1;
		g = c->o->has_owner ? c->o->gid : (gid_t)-1;
	}
	if (dt != NULL) {
		if (c->o->ow != FS_OW_ALWAYS || meta_ok(dt, m, u, g))
			return 0;
		cp_count(c);
		if (c->o->sim != NULL)
			fs_sim_meta(c->o->sim, cp_dabs(c), dt, m, u ==
			    (uid_t)-1 ? dt->st_uid : u, g == (gid_t)-1 ?
			    dt->st_gid : g);
		return c->o->dry_run ? 0 : set_meta(c, dfd, m, u, g, false);
	}
	ts[0] = st->st_atim;
	ts[1] = st->st_mtim;
	if (set_meta(c, dfd, m, u, g, true) == -1)
		return -1;
	if (futimens(dfd, ts) == -1)
		return cp_fail(c, ERR_STEP, errno, "set times of", &c->dp);
	return 0;
}

static bool
below(const struct buf *dir, const char *rel)
{
	return strncmp(rel, buf_str(dir), dir->len) == 0 &&
	    (dir->len == 0 || rel[dir->len] == '/');
}

/* Make rel (c->rtmp) the innermost directory's path below the top,
 * saving what frame f needs to go back. */
static void
enter_rel(struct cp *c, struct cp_frame *f)
{
	f->rl = c->rp.len;
	f->rsave = below(&c->rp, buf_str(&c->rtmp)) ? NULL :
	    xstrdup(buf_str(&c->rp));
	buf_reset(&c->rp);
	buf_adds(&c->rp, buf_str(&c->rtmp));
}

/* Dry run: the directory copy_dir would make, with the metadata
 * dir_meta would give it. */
static void
sim_dir(struct cp *c, const struct stat *st)
{
	mode_t m;
	uid_t u;
	gid_t g;

	want_meta(c, st, &m, &u, &g);
	fs_sim_put(c->o->sim, cp_dabs(c), FS_SIM_DIR, m, u == (uid_t)-1 ?
	    c->o->sim->uid : u, g == (gid_t)-1 ? c->o->sim->gid : g, NULL, 0);
}

/* A directory: create or check the destination, open both sides and push
 * them; fs_copy's loop copies the entries. dirrel is sdir's path below the
 * source's top, NULL when this is the top. In a ConfigMap layout `..*`
 * entries are left out and the keys followed (fs_src_link). */
static int
copy_dir(struct cp *c, int sdir, const char *dirrel, const char *sname,
    const struct stat *st, int ddir, const char *dname, bool top)
{
	struct cp_frame *f;
	struct stat dt, now;
	size_t mark = c->nopen;
	int sfd, dfd = -1, have;
	char *cm = NULL;

	if (c->nfr >= c->limit)
		return fs_tree_too_deep(c->e, c->limit, buf_str(&c->sp));
	memset(&dt, 0, sizeof(dt));
	if ((have = dest_stat(c, ddir, dname, &dt)) == -1 || have == 2)
		return have == 2 ? 0 : -1;
	if (have && dest_clash(c, &dt, S_IFDIR) == -1)
		return -1;
	sfd = openat(sdir, sname, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (top ? 0 : O_NOFOLLOW));
	if (sfd == -1)
		return cp_fail(c, ERR_STEP, errno, "open", &c->sp);
	if (fstat(sfd, &now) == -1 || !same_id(st, &now)) {
		close(sfd);
		return cp_fail(c, ERR_SAFETY, 0, "changed while copying:",
		    &c->sp);
	}
	if ((cm = fs_cm_layout(sfd)) != NULL)
		now.st_mode = S_IFDIR | 0755;	/* the mount's own mode */
	if (track(c, st, &c->sp) == -1)
		goto fail;
	if (!have) {
		cp_count(c);
		if (c->o->sim != NULL)
			sim_dir(c, &now);
		if (!c->o->dry_run && fs_mkdirat(ddir, dname, 0700) == -1) {
			cp_fail(c, ERR_STEP, errno, "create", &c->dp);
			goto fail;
		}
	}
	if (((have && !c->dheld) || !c->o->dry_run) &&
	    (dfd = open_dest_dir(c, ddir, dname)) == -1)
		goto fail;
	buf_reset(&c->rtmp);
	if (dirrel != NULL) {
		buf_adds(&c->rtmp, dirrel);
		if (c->rtmp.len > 0)
			buf_addc(&c->rtmp, '/');
		buf_adds(&c->rtmp, sname);
	} else
		c->topfd = sfd;
	c->fr = xgrow(c->fr, &c->cfr, c->nfr + 1, sizeof(*c->fr));
	f = &c->fr[c->nfr];
	fs_dir_init(&f->d, &c->pool, c->nfr++, sfd);
	f->dfd = dfd;
	f->st = now;
	f->dt = dt;
	f->have = have;
	f->cm = cm;
	f->fresh = c->fresh;
	f->mark = mark;
	f->sl = f->dl = 0;	/* set by the caller */
	enter_rel(c, f);
	c->fresh = !have;
	return 0;
fail:
	free(cm);
	close(sfd);
	c->nopen = mark;
	return -1;
}

/* The innermost directory is done (ok) or abandoned: set its metadata
 * (when ok), close both sides, go back to the directory around it. */
static int
copy_dir_end(struct cp *c, bool ok)
{
	struct cp_frame *f = &c->fr[c->nfr - 1];
	int r = 0;

	c->fresh = f->fresh;
	if (ok && (f->dfd != -1 || (f->have && c->o->sim != NULL)))
		r = dir_meta(c, f->dfd, f->have ? &f->dt : NULL, &f->st);
	close(f->d.fd);
	if (f->dfd != -1)
		close(f->dfd);
	free(f->cm);
	if (f->rsave != NULL) {
		buf_reset(&c->rp);
		buf_adds(&c->rp, f->rsave);
		free(f->rsave);
	} else
		pop(&c->rp, f->rl);
	c->nopen = f->mark;
	pop(&c->sp, f->sl);
	pop(&c->dp, f->dl);
	c->nfr--;
	return r;
}

static int copy_linked(struct cp *, int, const char *, const char *,
    const char *, const struct stat *, int, const char *);

/* Copy the source entry SNAME of SDIR (dirrel: SDIR's path below the
 * source's top, NULL for the top; cm: SDIR's ConfigMap ..data target) to
 * DNAME in DDIR. top: the SRC named by the plan, followed when a link
 * (cp -H) and the mount the copy stays on. */
static int
copy_entry(struct cp *c, int sdir, const char *dirrel, const char *cm,
    const char *sname, int ddir, const char *dname, bool top)
{
	struct stat st;
	uint64_t mnt;

	if (fs_statat(sdir, sname, top ? 0 : AT_SYMLINK_NOFOLLOW, &st,
	    &mnt) == -1)
		return cp_fail(c, ERR_STEP, errno, "stat", &c->sp);
	if (top)
		fs_mount_set(&c->smnt, &st, mnt);
	else if (!fs_mount_same(&c->smnt, &st, mnt)) {
		log_warn("%s: another mount or filesystem, not copied",
		    buf_str(&c->sp));
		return 0;
	}
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return copy_file(c, sdir, sname, &st, ddir, dname, top);
	case S_IFDIR:
		return copy_dir(c, sdir, dirrel, sname, &st, ddir, dname,
		    top);
	case S_IFLNK:
		return copy_linked(c, sdir, dirrel, cm, sname, &st, ddir,
		    dname);
	case S_IFIFO:
	case S_IFSOCK:
		log_warn("%s: a FIFO or socket, not copied", buf_str(&c->sp));
		return 0;
	}
	return cp_fail(c, ERR_STEP, 0, "refusing to copy the device", &c->sp);
}

/* A link inside the source: followed only as fs_src_link allows (a
 * ConfigMap key; with links=follow one that stays inside the source),
 * otherwise copied as a link. What it leads to is copied under the link's
 * name, looked at again without following (a link raced in there is kept
 * as a link after two hops, never followed further). */
static int
copy_linked(struct cp *c, int sdir, const char *dirrel, const char *cm,
    const char *sname, const struct stat *st, int ddir, const char *dname)
{
	struct fs_link_to to;
	int k, r;

	if (dirrel == NULL || c->hops >= 2)
		k = FS_LINK_KEEP;
	else if ((k = fs_src_link(c->topfd, dirrel, sdir, cm, sname,
	    c->o->follow, &to)) == -1)
		return cp_fail(c, ERR_STEP, errno, "follow the link", &c->sp);
	if (k == FS_LINK_LEAVES)
		log_warn("%s: the link leads outside the source, copied as a "
		    "link", buf_str(&c->sp));
	if (k != FS_LINK_FOLLOW)
		return copy_link(c, sdir, sname, st, ddir, dname);
	c->hops++;
	r = copy_entry(c, to.dirfd, buf_str(&to.dir), NULL, to.name, ddir,
	    dname, false);
	c->hops--;
	fs_link_to_free(&to);
	return r;
}

/* The next entry of the innermost directory: copy it (a directory is
 * pushed, its paths kept until it ends), or end the directory. */
static int
copy_next(struct cp *c)
{
	struct cp_frame *f = &c->fr[c->nfr - 1];
	size_t depth = c->nfr, sl, dl;
	const char *n;
	int r;

	if ((n = fs_dir_next(&f->d)) == NULL) {
		if (errno != 0)
			return cp_fail(c, ERR_STEP, errno, "list", &c->sp);
		return copy_dir_end(c, true);
	}
	if (f->cm != NULL && n[0] == '.' && n[1] == '.')
		return 0;
	sl = push(&c->sp, n);
	dl = push(&c->dp, n);
	r = copy_entry(c, f->d.fd, buf_str(&c->rp), f->cm, n, f->dfd, n,
	    false);
	if (c->nfr > depth) {
		c->fr[depth].sl = sl;	/* f may have moved */
		c->fr[depth].dl = dl;
	} else {
		pop(&c->sp, sl);
		pop(&c->dp, dl);
	}
	return r;
}

/* The destination's mount: DNAME's when it exists, else its directory's
 * (none in dry-run: nothing is there). */
static void
dest_mount(struct cp *c, int ddir, const char *dname)
{
	struct stat st;
	uint64_t mnt;

	if (ddir == -1)
		return;
	if (fs_statat(ddir, dname, AT_SYMLINK_NOFOLLOW, &st, &mnt) == 0 ||
	    fs_statat(ddir, "", AT_EMPTY_PATH, &st, &mnt) == 0)
		fs_mount_set(&c->dmnt, &st, mnt);
}

/* The SRC: named (cp -H), or listed by a glob: then an entry of SDIR's
 * tree, which is the source's top (its mount, its ConfigMap layout). */
static int
copy_top(struct cp *c, int sdir, const char *sname, int ddir,
    const char *dname)
{
	struct stat st;
	uint64_t mnt;
	char *cm;
	int r;

	if (!c->o->listed)
		return copy_entry(c, sdir, NULL, NULL, sname, ddir, dname,
		    true);
	if (fs_statat(sdir, "", AT_EMPTY_PATH, &st, &mnt) == -1)
		return cp_fail(c, ERR_STEP, errno, "stat", &c->sp);
	fs_mount_set(&c->smnt, &st, mnt);
	c->topfd = sdir;
	cm = fs_cm_layout(sdir);
	r = copy_entry(c, sdir, "", cm, sname, ddir, dname, false);
	free(cm);
	return r;
}

/* Dry run: a SRC an earlier step of the dry run made (or removed) is
 * copied from the simulation: a file with its content; a directory or a
 * link is counted as a change and said to be beyond the simulation. 1: the
 * source is the disk's, copy it from there. */
static int
copy_sim_top(struct cp *c, int ddir, const char *dname)
{
	struct fs_sim_ent *en;
	struct cp_text src;
	struct stat st, dt;
	mode_t m;
	uid_t u;
	gid_t g;
	int have, r;

	switch (fs_sim_look(c->o->sim, c->o->sabs, &en)) {
	case FS_SIM_ABSENT:
		return cp_fail(c, ERR_STEP, ENOENT, "stat", &c->sp);
	case FS_SIM_DISK:
		if (fs_sim_any_beneath(c->o->sim, c->o->sabs))
			log_info("dry run: %s: what earlier steps would change "
			    "inside it is not seen by this copy",
			    buf_str(&c->sp));
		return 1;
	default:
		break;
	}
	if (en->kind != FS_SIM_FILE) {
		log_info("dry run: %s: made by an earlier step; copying it is "
		    "not simulated", buf_str(&c->sp));
		cp_count(c);
		return 0;
	}
	fs_sim_stat(en, &st);
	want_meta(c, &st, &m, &u, &g);
	if ((have = dest_stat(c, ddir, dname, &dt)) == -1 || have == 2)
		return have == 2 ? 0 : -1;
	if (have && c->o->ow != FS_OW_ALWAYS)
		return 0;
	if (have && dest_clash(c, &dt, S_IFREG) == -1)
		return -1;
	memset(&src, 0, sizeof(src));
	src.len = en->len;
	src.hash = en->hash;
	if ((src.kept = en->data != NULL))
		buf_add(&src.b, en->data, en->len);
	r = copy_file_dry(c, &src, &dt, have, ddir, dname, m, u, g,
	    !(st.st_mode & S_IROTH));
	buf_wipe(&src.b);
	return r;
}

int
fs_copy(int sdirfd, const char *sname, const char *spath, int ddirfd,
    const char *dname, const char *dpath, const struct fs_copy_opts *o,
    unsigned long *changed, struct err *e)
{
	struct cp c;
	int r, fd;

	proc_signals_on_abort(fs_copy_cleanup_on_signal);

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.e = e;
	c.buf = xmalloc(2 * CP_BUFSZ);
	c.pid = (long)getpid();
	c.euid = geteuid();
	c.egid = getegid();
	c.limit = fs_tree_depth_limit(sdirfd, 2);
	dest_mount(&c, ddirfd, dname);
	buf_adds(&c.sp, spath);
	buf_adds(&c.dp, dpath);
	c.dtop = c.dp.len;
	r = o->sim != NULL ? copy_sim_top(&c, ddirfd, dname) : 1;
	if (r == 1 && (r = copy_top(&c, sdirfd, sname, ddirfd, dname)) == 0 &&
	    c.nfr > 0) {
		c.fr[0].sl = c.sp.len;
		c.fr[0].dl = c.dp.len;
	}
	while (c.nfr > 0)
		if (r == 0)
			r = copy_next(&c);
		else
			copy_dir_end(&c, false);
	if (r == 0 && c.changed > 0 && !o->dry_run) {
		fd = openat(ddirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd == -1 || syncfs(fd) == -1)
			r = cp_fail(&c, ERR_STEP, errno, "sync", &c.dp);
		if (fd != -1)
			close(fd);
	}
	buf_free(&c.sp);
	buf_free(&c.dp);
	buf_free(&c.rp);
	buf_free(&c.rtmp);
	buf_free(&c.dabs);
	free(c.buf);
	free(c.open);
	free(c.fr);
	fs_dirpool_free(&c.pool);
	*changed += c.changed;
	return r;
}
