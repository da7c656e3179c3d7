/* test_fs: fs_path and fs_write in a mkdtemp sandbox. Every test that
 * resolves beneath a root runs twice: with openat2 and with the component
 * walk (fs.no_openat2). Tests needing root (chown, tmpfs, bind mounts) skip
 * otherwise. */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs.h"

extern bool fs_test_no_tmpfile;

static char sandbox[] = "/tmp/test_fs.XXXXXX";
static int ncase;
static bool use_openat2 = false, use_walk = true;

struct tc {
	struct fs fs;
	char base[256], root[300], out[300];
};

static char *
pj(const char *a, const char *b)
{
	static char p[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", a, b);
	return p[i];
}

static void
tc_init(struct tc *t, void **state)
{
	struct err e = ERR_INIT;

	snprintf(t->base, sizeof(t->base), "%s/%d", sandbox, ++ncase);
	snprintf(t->root, sizeof(t->root), "%s/root", t->base);
	snprintf(t->out, sizeof(t->out), "%s/out", t->base);
	assert_int_equal(mkdir(t->base, 0755), 0);
	assert_int_equal(mkdir(t->root, 0755), 0);
	assert_int_equal(mkdir(t->out, 0755), 0);
	fs_init(&t->fs);
	t->fs.no_openat2 = *(bool *)*state;
	assert_int_equal(fs_add_root(&t->fs, t->root, &e), 0);
}

static void
tc_done(struct tc *t, void **state)
{
	/* openat2 exists on this kernel: the first run must really use it */
	assert_int_equal(t->fs.no_openat2, *(bool *)*state);
	fs_free(&t->fs);
}

static void
put(const char *path, const char *s, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	fchmod(fd, mode);
	close(fd);
}

static char *
get(const char *path)
{
	static char b[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd == -1)
		return NULL;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	b[n < 0 ? 0 : n] = '\0';
	return b;
}

static int
count_temps(const char *dir)
{
	char cmd[600], *s;
	FILE *f;
	int n = 0;

	snprintf(cmd, sizeof(cmd), "find %s -name '.volinit.*' | wc -l", dir);
	f = popen(cmd, "r");
	s = fgets(cmd, sizeof(cmd), f);
	if (s != NULL)
		n = atoi(s);
	pclose(f);
	return n;
}

static void show(const struct err *);

/* Write data to path via fs_at_open(FS_MKPARENTS) + fs_write_at. */
static int
wr(struct fs *fs, const char *path, const char *data, const struct fs_meta *m,
    enum fs_overwrite ow, bool *changed, struct err *e)
{
	struct fs_meta none = { 0, 0, 0, false, false };
	struct fs_at at;
	int r;

	err_clear(e);
	if (fs_at_open(fs, path, FS_MKPARENTS, 0, &at, e) == -1) {
		show(e);
		return -1;
	}
	r = fs_write_at(fs, &at, data, strlen(data), m ? m : &none, ow, NULL,
	    changed, e);
	if (r == -1)
		show(e);
	fs_at_close(&at);
	return r;
}

/* The one-line error, printed when TEST_FS_VERBOSE is set. */
static void
show(const struct err *e)
{
	char line[700];

	if (getenv("TEST_FS_VERBOSE") == NULL)
		return;
	err_format(e, line, sizeof(line));
	printf("  error (kind %d): %s\n", e->kind, line);
}

static void
t_write_new_and_unchanged(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct stat a, b;
	bool ch;
	char *p;

	tc_init(&t, state);
	p = pj(t.root, "a/b/c.conf");
	assert_int_equal(wr(&t.fs, p, "hello\n", NULL, FS_OW_ALWAYS, &ch, &e),
	    0);
	assert_true(ch);
	assert_string_equal(get(p), "hello\n");
	assert_int_equal(count_temps(t.base), 0);
	assert_int_equal(stat(p, &a), 0);
	assert_int_equal(a.st_mode & 07777, 0644);
	usleep(20000);
	assert_int_equal(wr(&t.fs, p, "hello\n", NULL, FS_OW_ALWAYS, &ch, &e),
	    0);
	assert_false(ch);
	assert_int_equal(stat(p, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_true(a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
	    a.st_mtim.tv_sec == b.st_mtim.tv_sec);
	assert_true(a.st_ctim.tv_nsec == b.st_ctim.tv_nsec &&
	    a.st_ctim.tv_sec == b.st_ctim.tv_sec);
	assert_int_equal(wr(&t.fs, p, "bye\n", NULL, FS_OW_ALWAYS, &ch, &e), 0);
	assert_true(ch);
	assert_string_equal(get(p), "bye\n");
	assert_int_equal(count_temps(t.base), 0);
	tc_done(&t, state);
}

static void
t_mode_change_only(void **state)
{
	struct fs_meta m = { 0600, 0, 0, true, false };
	struct tc t;
	struct err e = ERR_INIT;
	struct stat st;
	bool ch;
	char *p;

	tc_init(&t, state);
	p = pj(t.root, "secret");
	put(p, "pw", 0644);
	assert_int_equal(wr(&t.fs, p, "pw", &m, FS_OW_ALWAYS, &ch, &e), 0);
	assert_true(ch);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(wr(&t.fs, p, "pw", &m, FS_OW_ALWAYS, &ch, &e), 0);
	assert_false(ch);
	/* without mode=, the old bits carry over */
	assert_int_equal(wr(&t.fs, p, "pw2", NULL, FS_OW_ALWAYS, &ch, &e), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	tc_done(&t, state);
}

static void
t_link_last_component(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	char *victim, *p;
	bool ch;

	tc_init(&t, state);
	victim = pj(t.out, "victim");
	put(victim, "orig", 0644);
	p = pj(t.root, "app.conf");
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(wr(&t.fs, p, "evil", NULL, FS_OW_ALWAYS, &ch, &e),
	    -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_string_equal(get(victim), "orig");
	assert_int_equal(count_temps(t.base), 0);
	/* dangling: O_CREAT through it would create outside */
	p = pj(t.root, "dangling");
	assert_int_equal(symlink(pj(t.out, "created"), p), 0);
	assert_int_equal(wr(&t.fs, p, "evil", NULL, FS_OW_ALWAYS, &ch, &e),
	    -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_null(get(pj(t.out, "created")));
	/* overwrite=missing: the link counts as existing, left alone */
	assert_int_equal(wr(&t.fs, p, "x", NULL, FS_OW_MISSING, &ch, &e), 0);
	assert_false(ch);
	assert_null(get(pj(t.out, "created")));
	tc_done(&t, state);
}

static void
t_link_in_parent(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	bool ch;

	tc_init(&t, state);
	/* absolute and relative links that leave the root */
	assert_int_equal(symlink(t.out, pj(t.root, "abs")), 0);
	assert_int_equal(symlink("../out", pj(t.root, "rel")), 0);
	assert_int_equal(mkdir(pj(t.root, "d"), 0755), 0);
	assert_int_equal(symlink("../../out", pj(t.root, "d/deep")), 0);
	assert_int_equal(wr(&t.fs, pj(t.root, "abs/f"), "x", NULL,
	    FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(wr(&t.fs, pj(t.root, "rel/f"), "x", NULL,
	    FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(wr(&t.fs, pj(t.root, "d/deep/new/f"), "x", NULL,
	    FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_null(get(pj(t.out, "f")));
	assert_null(get(pj(t.out, "new")));
	/* a relative link that stays inside is followed */
	assert_int_equal(symlink("d", pj(t.root, "in")), 0);
	assert_int_equal(wr(&t.fs, pj(t.root, "in/f"), "ok", NULL,
	    FS_OW_ALWAYS, &ch, &e), 0);
	assert_string_equal(get(pj(t.root, "d/f")), "ok");
	tc_done(&t, state);
}

static void
t_dotdot_and_empty(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs_at at;
	char p[600];

	tc_init(&t, state);
	snprintf(p, sizeof(p), "%s/../out/f", t.root);
	assert_int_equal(fs_at_open(&t.fs, p, 0, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, "", 0, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, "/../x", 0, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, "/etc/passwd", 0, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	/* `..` that stays inside is cleaned lexically */
	snprintf(p, sizeof(p), "%s/a/../b", t.root);
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, p, 0, 0, &at, &e), 0);
	assert_string_equal(at.name, "b");
	fs_at_close(&at);
	/* the root itself: "." in the root's fd */
	assert_int_equal(fs_at_open(&t.fs, t.root, 0, 0, &at, &e), 0);
	assert_string_equal(at.name, ".");
	fs_at_close(&at);
	/* reads are free */
	assert_int_equal(fs_at_open(&t.fs, "/etc/passwd", FS_FOR_READ, 0, &at,
	    &e), 0);
	fs_at_close(&at);
	tc_done(&t, state);
}

static void
t_mkparents(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs_at at;
	struct stat st;

	tc_init(&t, state);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "x/y/z/f"), FS_MKPARENTS,
	    0750, &at, &e), 0);
	fs_at_close(&at);
	assert_int_equal(stat(pj(t.root, "x/y/z"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0750);
	/* a link in the middle leading out: nothing created outside */
	assert_int_equal(symlink(t.out, pj(t.root, "x/l")), 0);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "x/l/n/f"),
	    FS_MKPARENTS, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(lstat(pj(t.out, "n"), &st), -1);
	/* a file in the way */
	put(pj(t.root, "file"), "", 0644);
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "file/n/f"),
	    FS_MKPARENTS, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_STEP);
	/* a dry run creates nothing: the simulation holds the parents
	 * (dirfd -1: they are nowhere on disk), and later looks see them */
	t.fs.dry_run = true;
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "q/r/f"), FS_MKPARENTS,
	    0, &at, &e), 0);
	assert_int_equal(at.dirfd, -1);
	assert_string_equal(at.name, "f");
	assert_int_equal(lstat(pj(t.root, "q"), &st), -1);
	assert_int_equal(fs_at_lstat(&at, &st), -1);
	assert_int_equal(errno, ENOENT);
	fs_at_close(&at);
	assert_int_equal(fs_lstat(&t.fs, pj(t.root, "q/r"), &st, NULL), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0755);	/* exact, as fs_mkdirat */
	/* without FS_MKPARENTS a missing parent stays an error */
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "z/f"), 0, 0, &at, &e),
	    -1);
	assert_int_equal(e.errnum, ENOENT);
	/* and a file in the way is the real walk's error */
	err_clear(&e);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "file/n/f"),
	    FS_MKPARENTS, 0, &at, &e), -1);
	assert_int_equal(e.kind, ERR_STEP);
	tc_done(&t, state);
}

static void
t_overwrite_missing(void **state)
{
	struct fs_meta m = { 0640, 0, 0, true, false };
	struct tc t;
	struct err e = ERR_INIT;
	struct stat st;
	bool ch;
	char *p;

	tc_init(&t, state);
	p = pj(t.root, "user.conf");
	put(p, "mine", 0600);
	assert_int_equal(wr(&t.fs, p, "default", &m, FS_OW_MISSING, &ch, &e),
	    0);
	assert_false(ch);
	assert_string_equal(get(p), "mine");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(wr(&t.fs, pj(t.root, "new"), "default", &m,
	    FS_OW_MISSING, &ch, &e), 0);
	assert_true(ch);
	assert_int_equal(stat(pj(t.root, "new"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	tc_done(&t, state);
}

static void
t_dir_where_file(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	struct fs_tmp tmp;
	struct fs_at at;
	struct fs_meta m = { 0, 0, 0, false, false };
	bool ch;

	tc_init(&t, state);
	assert_int_equal(mkdir(pj(t.root, "d"), 0755), 0);
	assert_int_equal(wr(&t.fs, pj(t.root, "d"), "x", NULL, FS_OW_ALWAYS,
	    &ch, &e), -1);
	assert_int_equal(e.errnum, EISDIR);
	assert_int_equal(fs_read_file(pj(t.root, "d"), 100, &b, &e), -1);
	assert_int_equal(e.errnum, EISDIR);
	/* an error after the temp exists removes the temp; with O_TMPFILE
	 * nothing is ever named, without it the named temp goes */
	for (fs_test_no_tmpfile = false;; fs_test_no_tmpfile = true) {
		rmdir(pj(t.root, "late"));
		assert_int_equal(fs_at_open(&t.fs, pj(t.root, "late"), 0, 0,
		    &at, &e), 0);
		assert_int_equal(fs_tmp_open(&at, 0644, &tmp, &e), 0);
		assert_int_equal(count_temps(t.base), fs_test_no_tmpfile);
		assert_int_equal(mkdir(pj(t.root, "late"), 0755), 0);
		assert_int_equal(fs_tmp_commit(&tmp, &at, &m, &ch, &e), -1);
		assert_int_equal(count_temps(t.base), 0);
		fs_at_close(&at);
		if (fs_test_no_tmpfile)
			break;
	}
	fs_test_no_tmpfile = false;
	tc_done(&t, state);
}

static void
t_tmp_commit_same(void **state)
{
	struct fs_meta m = { 0644, 0, 0, true, false };
	struct tc t;
	struct err e = ERR_INIT;
	struct fs_tmp tmp;
	struct fs_at at;
	struct stat a, b;
	bool ch;

	tc_init(&t, state);
	put(pj(t.root, "f"), "same", 0644);
	assert_int_equal(stat(pj(t.root, "f"), &a), 0);
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "f"), 0, 0, &at, &e), 0);
	assert_int_equal(fs_tmp_open(&at, 0644, &tmp, &e), 0);
	assert_int_equal(write(tmp.fd, "same", 4), 4);
	assert_int_equal(fs_tmp_commit(&tmp, &at, &m, &ch, &e), 0);
	assert_false(ch);
	assert_int_equal(stat(pj(t.root, "f"), &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(count_temps(t.base), 0);
	/* signal cleanup removes a named temp in flight */
	fs_test_no_tmpfile = true;
	assert_int_equal(fs_tmp_open(&at, 0600, &tmp, &e), 0);
	fs_test_no_tmpfile = false;
	assert_int_equal(count_temps(t.base), 1);
	fs_cleanup_on_signal();
	assert_int_equal(count_temps(t.base), 0);
	close(tmp.fd);
	fs_at_close(&at);
	tc_done(&t, state);
}

static void
t_dry_run(void **state)
{
	struct fs_meta m = { 0, 0, 0, false, false };
	struct tc t;
	struct err e = ERR_INIT;
	struct buf old = BUF_INIT;
	struct fs_at at;
	bool ch;

	tc_init(&t, state);
	put(pj(t.root, "f"), "old", 0644);
	t.fs.dry_run = true;
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "f"), 0, 0, &at, &e), 0);
	assert_int_equal(fs_write_at(&t.fs, &at, "new", 3, &m, FS_OW_ALWAYS,
	    &old, &ch, &e), 0);
	assert_true(ch);
	assert_string_equal(buf_str(&old), "old");
	assert_string_equal(get(pj(t.root, "f")), "old");
	/* the second write compares with what the first would have made */
	buf_reset(&old);
	assert_int_equal(fs_write_at(&t.fs, &at, "new", 3, &m, FS_OW_ALWAYS,
	    &old, &ch, &e), 0);
	assert_false(ch);
	assert_int_equal(fs_write_at(&t.fs, &at, "old", 3, &m, FS_OW_ALWAYS,
	    &old, &ch, &e), 0);
	assert_true(ch);
	assert_string_equal(buf_str(&old), "new");
	assert_string_equal(get(pj(t.root, "f")), "old");
	fs_at_close(&at);
	buf_free(&old);
	tc_done(&t, state);
}

static void
t_no_roots(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs fs;
	char *p;
	bool ch;

	(void)state;
	snprintf(t.base, sizeof(t.base), "%s/%d", sandbox, ++ncase);
	assert_int_equal(mkdir(t.base, 0755), 0);
	fs_init(&fs);
	put(pj(t.base, "victim"), "orig", 0644);
	p = pj(t.base, "l");
	assert_int_equal(symlink("victim", p), 0);
	assert_int_equal(wr(&fs, p, "evil", NULL, FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_string_equal(get(pj(t.base, "victim")), "orig");
	/* parents follow links and are created without roots */
	assert_int_equal(mkdir(pj(t.base, "real"), 0755), 0);
	assert_int_equal(symlink("real", pj(t.base, "dl")), 0);
	assert_int_equal(wr(&fs, pj(t.base, "dl/a/b/f"), "ok", NULL,
	    FS_OW_ALWAYS, &ch, &e), 0);
	assert_string_equal(get(pj(t.base, "real/a/b/f")), "ok");
	assert_int_equal(chdir(t.base), 0);
	assert_int_equal(wr(&fs, "rel/f", "r", NULL, FS_OW_ALWAYS, &ch, &e), 0);
	assert_string_equal(get(pj(t.base, "rel/f")), "r");
	assert_int_equal(wr(&fs, "../../../../../../x", "r", NULL,
	    FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(chdir("/"), 0);
	fs_free(&fs);
}

static void
t_read(void **state)
{
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	char base[300];

	(void)state;
	snprintf(base, sizeof(base), "%s/%d", sandbox, ++ncase);
	assert_int_equal(mkdir(base, 0755), 0);
	assert_int_equal(mkfifo(pj(base, "fifo"), 0644), 0);
	alarm(10);		/* a block would kill the test, not hang it */
	assert_int_equal(fs_read_file(pj(base, "fifo"), 100, &b, &e), -1);
	assert_int_equal(e.kind, ERR_STEP);
	assert_non_null(strstr(e.msg, "not a regular file"));
	alarm(0);
	put(pj(base, "big"), "0123456789", 0644);
	assert_int_equal(fs_read_file(pj(base, "big"), 5, &b, &e), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(fs_read_file(pj(base, "big"), 10, &b, &e), 0);
	assert_string_equal(buf_str(&b), "0123456789");
	buf_free(&b);
	assert_int_equal(fs_read_file("/dev/null", 5, &b, &e), -1);
	assert_int_equal(fs_read_file(pj(base, "none"), 5, &b, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
}

static void
t_chown_as_root(void **state)
{
	struct fs_meta m = { 0640, 1234, 5678, true, true };
	struct tc t;
	struct err e = ERR_INIT;
	struct stat st;
	bool ch;
	char *p;

	if (getuid() != 0)
		skip();
	tc_init(&t, state);
	p = pj(t.root, "owned");
	assert_int_equal(wr(&t.fs, p, "x", &m, FS_OW_ALWAYS, &ch, &e), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_uid, 1234);
	assert_int_equal(st.st_gid, 5678);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(wr(&t.fs, p, "x", &m, FS_OW_ALWAYS, &ch, &e), 0);
	assert_false(ch);
	m.gid = (gid_t)-1;
	m.uid = 42;
	assert_int_equal(wr(&t.fs, p, "x", &m, FS_OW_ALWAYS, &ch, &e), 0);
	assert_true(ch);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_uid, 42);
	tc_done(&t, state);
}

static void
t_full_disk(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	char *big, *p, *mnt;
	bool ch;

	if (getuid() != 0)
		skip();
	tc_init(&t, state);
	mnt = pj(t.root, "small");
	assert_int_equal(mkdir(mnt, 0755), 0);
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k") == -1)
		skip();
	p = pj(mnt, "f");
	put(p, "old", 0644);
	big = calloc(1, 200 * 1024 + 1);
	memset(big, 'x', 200 * 1024);
	assert_int_equal(wr(&t.fs, p, big, NULL, FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.errnum, ENOSPC);
	assert_non_null(strstr(e.msg, "/small/f"));
	assert_string_equal(get(p), "old");
	assert_int_equal(count_temps(mnt), 0);
	free(big);
	/* read-only: an unchanged write still succeeds, a change is EROFS */
	assert_int_equal(mount("tmpfs", mnt, NULL, MS_REMOUNT | MS_RDONLY,
	    NULL), 0);
	assert_int_equal(wr(&t.fs, p, "old", NULL, FS_OW_ALWAYS, &ch, &e), 0);
	assert_false(ch);
	assert_int_equal(wr(&t.fs, p, "new", NULL, FS_OW_ALWAYS, &ch, &e), -1);
	assert_int_equal(e.errnum, EROFS);
	assert_string_equal(get(p), "old");
	umount(mnt);
	tc_done(&t, state);
}

static void
t_bind_mount_ebusy(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	char *src, *dst;
	bool ch;

	if (getuid() != 0)
		skip();
	tc_init(&t, state);
	src = pj(t.out, "src");
	dst = pj(t.root, "dst");
	put(src, "old", 0644);
	put(dst, "", 0644);
	if (mount(src, dst, NULL, MS_BIND, NULL) == -1)
		skip();
	assert_int_equal(wr(&t.fs, dst, "new content", NULL, FS_OW_ALWAYS, &ch,
	    &e), 0);
	assert_true(ch);
	assert_string_equal(get(dst), "new content");
	assert_string_equal(get(src), "new content");
	assert_int_equal(count_temps(t.root), 0);
	umount(dst);
	tc_done(&t, state);
}

/* Make path a link to target through fs_symlink_at. */
static int
ln(struct fs *fs, const char *path, const char *target, bool *ch,
    struct err *e)
{
	struct fs_at at;
	int r;

	err_clear(e);
	if (fs_at_open(fs, path, FS_MKPARENTS, 0, &at, e) == -1)
		return -1;
	r = fs_symlink_at(fs, &at, target, ch, e);
	if (r == -1)
		show(e);
	fs_at_close(&at);
	return r;
}

static void
t_symlink(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct stat a, b;
	char buf[600], *l;
	ssize_t n;
	bool ch;

	tc_init(&t, state);
	assert_int_equal(mkdir(pj(t.root, "v1"), 0755), 0);
	assert_int_equal(mkdir(pj(t.root, "v2"), 0755), 0);
	l = pj(t.root, "cur");
	assert_int_equal(ln(&t.fs, l, "v1", &ch, &e), 0);
	assert_true(ch);
	assert_int_equal(lstat(l, &a), 0);
	assert_int_equal(ln(&t.fs, l, "v1", &ch, &e), 0);
	assert_false(ch);
	assert_int_equal(lstat(l, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	/* replacing a link that points at a directory: no link inside it */
	assert_int_equal(ln(&t.fs, l, "v2", &ch, &e), 0);
	assert_true(ch);
	n = readlink(l, buf, sizeof(buf));
	assert_int_equal(n, 2);
	assert_int_equal(lstat(pj(t.root, "v1/v2"), &a), -1);
	assert_int_equal(count_temps(t.base), 0);
	/* a real directory in the way is an error */
	assert_int_equal(ln(&t.fs, pj(t.root, "v1"), "v2", &ch, &e), -1);
	assert_int_equal(e.errnum, EISDIR);
	/* a file is replaced */
	put(pj(t.root, "file"), "x", 0644);
	assert_int_equal(ln(&t.fs, pj(t.root, "file"), "v1", &ch, &e), 0);
	assert_int_equal(lstat(pj(t.root, "file"), &a), 0);
	assert_true(S_ISLNK(a.st_mode));
	/* targets outside the roots */
	assert_int_equal(ln(&t.fs, pj(t.root, "x"), "/etc/passwd", &ch, &e),
	    -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(ln(&t.fs, pj(t.root, "v1/x"), "../../out", &ch, &e),
	    -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(ln(&t.fs, pj(t.root, "v1/ok"), "../v2/f", &ch, &e),
	    0);
	assert_int_equal(ln(&t.fs, pj(t.root, "v1/abs"), pj(t.root, "v2"),
	    &ch, &e), 0);
	/* where the link's directory really is counts, not how it was named:
	 * root/in -> v1/deep, so root/in/l -> ../../x stays inside */
	assert_int_equal(mkdir(pj(t.root, "v1/deep"), 0755), 0);
	assert_int_equal(symlink("v1/deep", pj(t.root, "in")), 0);
	assert_int_equal(ln(&t.fs, pj(t.root, "in/l"), "../../x", &ch, &e), 0);
	/* and root/up -> . makes root/up/l -> ../x leave */
	assert_int_equal(symlink(".", pj(t.root, "up")), 0);
	assert_int_equal(ln(&t.fs, pj(t.root, "up/l"), "../x", &ch, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	tc_done(&t, state);
}

/* SECURITY.md rule 12: a root is trusted only as declared. A link in any
 * component of its path, the last one or a parent, is refused (naming the
 * link and where it points), and nothing outside is touched. */
static void
t_root_with_link(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs fs;

	tc_init(&t, state);
	assert_int_equal(symlink(t.out, pj(t.root, "data")), 0);
	assert_int_equal(symlink(t.root, pj(t.base, "alias")), 0);
	fs_init(&fs);
	assert_int_equal(fs_add_root(&fs, pj(t.root, "data"), &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_non_null(strstr(e.msg, "is a symlink to"));
	assert_non_null(strstr(e.msg, t.out));
	err_clear(&e);
	assert_int_equal(fs_add_root(&fs, pj(t.base, "alias/sub"), &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_non_null(strstr(e.msg, "alias is a symlink to"));
	assert_int_equal(fs.nroots, 0);
	/* the real directory is fine, and "x/../root" is cleaned first */
	err_clear(&e);
	assert_int_equal(fs_add_root(&fs, pj(t.base, "out/../root"), &e), 0);
	fs_free(&fs);
	tc_done(&t, state);
}

/* SECURITY.md rule: both resolvers answer alike for a path over PATH_MAX
 * (openat2 says ENAMETOOLONG; the walk goes one component at a time). */
static void
t_long_path(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs_at at;
	char *p = malloc(8192), comp[201];
	size_t n;
	int fd;

	tc_init(&t, state);
	memset(comp, 'd', 200);
	comp[200] = '\0';
	n = (size_t)snprintf(p, 8192, "%s", t.root);
	fd = open(t.root, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	while (n < 4500) {
		int nfd;

		assert_int_equal(mkdirat(fd, comp, 0755), 0);
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY);
		assert_true(nfd >= 0);
		close(fd);
		fd = nfd;
		n += (size_t)snprintf(p + n, 8192 - n, "/%s", comp);
	}
	close(fd);
	snprintf(p + n, 8192 - n, "/f");
	assert_int_equal(fs_at_open(&t.fs, p, 0, 0, &at, &e), 0);
	assert_string_equal(at.name, "f");
	fs_at_close(&at);
	/* and a missing component is ENOENT from both */
	snprintf(p + n, 8192 - n, "/nope/f");
	assert_int_equal(fs_at_open(&t.fs, p, 0, 0, &at, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
	fs_at_close(&at);
	free(p);
	tc_done(&t, state);
}

/* A temp a killed run left is removed by the next write into its
 * directory; one a live writer holds (its flock) is not, nor is any other
 * name; in dry-run nothing is removed. */
static void
t_sweep_stale(void **state)
{
	struct tc t;
	struct err e = ERR_INIT;
	struct fs_at at;
	int live;

	tc_init(&t, state);
	put(pj(t.root, ".volinit.abcdefghij"), "stale", 0600);
	put(pj(t.root, ".volinit.LIVE012345"), "live", 0600);
	put(pj(t.root, ".volinit.mine"), "not ours", 0600);
	live = open(pj(t.root, ".volinit.LIVE012345"), O_RDONLY);
	assert_int_equal(flock(live, LOCK_EX), 0);
	t.fs.dry_run = true;
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "f"), 0, 0, &at, &e), 0);
	fs_at_close(&at);
	assert_int_equal(count_temps(t.root), 3);
	t.fs.dry_run = false;
	assert_int_equal(fs_at_open(&t.fs, pj(t.root, "f"), 0, 0, &at, &e), 0);
	fs_at_close(&at);
	assert_int_equal(access(pj(t.root, ".volinit.abcdefghij"), F_OK), -1);
	assert_int_equal(access(pj(t.root, ".volinit.LIVE012345"), F_OK), 0);
	assert_int_equal(access(pj(t.root, ".volinit.mine"), F_OK), 0);
	close(live);
	tc_done(&t, state);
}

/* Whatever the umask (0777 here), a write takes exactly its mode: 0644
 * new, mode= when given, parents 0755; through O_TMPFILE and the named
 * temp alike (fs_openat_create, fs_mkdirat). */
static void
t_umask_exact(void **state)
{
	struct fs_meta m = { 0640, 0, 0, true, false };
	struct tc t;
	struct err e = ERR_INIT;
	struct stat st;
	mode_t old;
	bool ch;

	tc_init(&t, state);
	old = umask(0777);
	for (fs_test_no_tmpfile = false;; fs_test_no_tmpfile = true) {
		char d[512];

		snprintf(d, sizeof(d), "%s", pj(t.root,
		    fs_test_no_tmpfile ? "n" : "t"));

		assert_int_equal(wr(&t.fs, pj(d, "a/f"), "x", NULL,
		    FS_OW_ALWAYS, &ch, &e), 0);
		assert_int_equal(stat(pj(d, "a/f"), &st), 0);
		assert_int_equal(st.st_mode & 07777, 0644);
		assert_int_equal(stat(pj(d, "a"), &st), 0);
		assert_int_equal(st.st_mode & 07777, 0755);
		assert_int_equal(wr(&t.fs, pj(d, "g"), "y", &m, FS_OW_ALWAYS,
		    &ch, &e), 0);
		assert_int_equal(stat(pj(d, "g"), &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
		if (fs_test_no_tmpfile)
			break;
	}
	fs_test_no_tmpfile = false;
	assert_int_equal(umask(old), 0777);	/* left as it was */
	tc_done(&t, state);
}

#define BOTH(f) \
	cmocka_unit_test_prestate(f, &use_openat2), \
	cmocka_unit_test_prestate(f, &use_walk)

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", sandbox);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(t_write_new_and_unchanged),
		BOTH(t_umask_exact),
		BOTH(t_mode_change_only),
		BOTH(t_link_last_component),
		BOTH(t_link_in_parent),
		BOTH(t_dotdot_and_empty),
		BOTH(t_mkparents),
		BOTH(t_overwrite_missing),
		BOTH(t_dir_where_file),
		BOTH(t_tmp_commit_same),
		BOTH(t_dry_run),
		BOTH(t_chown_as_root),
		BOTH(t_full_disk),
		BOTH(t_bind_mount_ebusy),
		BOTH(t_symlink),
		BOTH(t_root_with_link),
		BOTH(t_long_path),
		BOTH(t_sweep_stale),
		cmocka_unit_test(t_no_roots),
		cmocka_unit_test(t_read),
	};

	umask(022);
	unsetenv("VOLINIT_TEST_NO_OPENAT2");
	if (mkdtemp(sandbox) == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
