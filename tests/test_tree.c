/* test_tree: fs_walk (recursive chown/chmod) and fs_copy in a mkdtemp
 * sandbox. Runs as root here (real chown); root-only cases skip otherwise. */
#define _GNU_SOURCE	/* AT_EMPTY_PATH */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs_copy.h"
#include "fs_tree.h"
#include "fs_walk.h"
#include "mode.h"

/* The chmod the steps layer gives the walkers (call_mode_parse). */
static mode_t
apply_spec(const void *spec, mode_t cur, bool isdir)
{
	return mode_apply(spec, cur, isdir);
}

static const struct fs_chmod *
with_mode(const struct mode_spec *m)
{
	static struct fs_chmod c;

	c.apply = apply_spec;
	c.arg = m;
	c.octal = m->octal;
	return &c;
}

static char sb[64];		/* the sandbox */
static int sbfd;

static const char *
P(const char *rel)
{
	static char p[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", sb, rel);
	return p[i];
}

static void
mkfile(const char *rel, const char *content, mode_t m)
{
	int fd = open(P(rel), O_WRONLY | O_CREAT | O_TRUNC, m);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)),
	    (ssize_t)strlen(content));
	close(fd);
	assert_int_equal(chmod(P(rel), m), 0);
}

static void
mkd(const char *rel, mode_t m)
{
	assert_int_equal(mkdir(P(rel), m), 0);
	assert_int_equal(chmod(P(rel), m), 0);
}

static struct stat
lst(const char *rel)
{
	struct stat st;

	if (lstat(P(rel), &st) != 0)
		fail_msg("lstat %s: %s", rel, strerror(errno));
	return st;
}

static char *
slurp(const char *rel)
{
	static char b[4096];
	ssize_t n;
	int fd = open(P(rel), O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	assert_true(n >= 0);
	b[n] = '\0';
	return b;
}

static int
setup(void **state)
{
	(void)state;
	strcpy(sb, "/tmp/test_tree.XXXXXX");
	if (mkdtemp(sb) == NULL)
		return -1;
	sbfd = open(sb, O_RDONLY | O_DIRECTORY);
	return sbfd >= 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	close(sbfd);
	snprintf(cmd, sizeof(cmd), "! find '%s' -name '.volinit.*' | grep .",
	    sb);
	if (system(cmd) != 0)
		fail_msg("temp files left behind");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sb);
	return system(cmd) == 0 ? 0 : -1;
}

#define NEED_ROOT() do { if (geteuid() != 0) skip(); } while (0)

static struct fs_walk_opts
chown_opts(uid_t u, gid_t g)
{
	struct fs_walk_opts o;

	memset(&o, 0, sizeof(o));
	o.uid = u;
	o.gid = g;
	o.recursive = true;
	o.mode = NULL;
	return o;
}

/* Planted links are lchown'd, never followed; a hardlinked file is left
 * alone; exclude= works at any depth. */
static void
test_chown_links(void **state)
{
	static char *const ex[] = { "lost+found", ".snapshot" };
	struct fs_walk_opts o = chown_opts(1234, 2345);
	struct err e = ERR_INIT;
	unsigned long n = 0;

	(void)state;
	NEED_ROOT();
	mkd("out", 0755);
	mkfile("out/secret", "s", 0600);
	mkfile("out/hl", "h", 0644);
	mkd("v", 0755);
	mkd("v/sub", 0700);
	mkfile("v/sub/f", "x", 0644);
	assert_int_equal(symlink(P("out/secret"), P("v/sub/evil")), 0);
	assert_int_equal(symlink("../../out", P("v/sub/evildir")), 0);
	assert_int_equal(link(P("out/hl"), P("v/hard")), 0);
	mkd("v/sub/lost+found", 0700);
	mkfile("v/sub/lost+found/x", "x", 0600);
	mkd("v/.snapshot", 0755);
	o.exclude = ex;
	o.nexclude = 2;
	assert_int_equal(fs_walk(sbfd, "v", "v", &o, &n, &e), 0);
	assert_int_equal(n, 5);	/* v, sub, f, evil, evildir */
	assert_int_equal(lst("v/sub/f").st_uid, 1234);
	assert_int_equal(lst("v/sub/f").st_gid, 2345);
	assert_int_equal(lst("v/sub/evil").st_uid, 1234);	/* the link */
	assert_int_equal(lst("out/secret").st_uid, 0);	/* its target */
	assert_int_equal(lst("out").st_uid, 0);
	assert_int_equal(lst("out/hl").st_uid, 0);	/* hardlink skipped */
	assert_int_equal(lst("v/sub/lost+found").st_uid, 0);
	assert_int_equal(lst("v/sub/lost+found/x").st_uid, 0);
	assert_int_equal(lst("v/.snapshot").st_uid, 0);
}

/* Many entries in readdir order: hardlinks and links met right after a
 * changed file (the walk then looks through an O_PATH fd) are still left
 * alone / lchown'd, never followed. */
static void
test_chown_mixed(void **state)
{
	struct fs_walk_opts o = chown_opts(4321, 4321);
	struct err e = ERR_INIT;
	unsigned long n = 0;
	char a[64], b[64];
	int i;

	(void)state;
	NEED_ROOT();
	mkd("x", 0755);
	mkd("t", 0755);
	for (i = 0; i < 40; i++) {
		snprintf(a, sizeof(a), "x/f%02d", i);
		mkfile(a, "f", 0644);
		snprintf(a, sizeof(a), "t/h%02d", i);
		mkfile(a, "h", 0644);
		snprintf(b, sizeof(b), "x/h%02d", i);
		assert_int_equal(link(P(a), P(b)), 0);
		snprintf(b, sizeof(b), "x/l%02d", i);
		assert_int_equal(symlink(P(a), P(b)), 0);
	}
	assert_int_equal(fs_walk(sbfd, "x", "x", &o, &n, &e), 0);
	assert_int_equal(n, 81);	/* x, 40 files, 40 links */
	for (i = 0; i < 40; i++) {
		snprintf(a, sizeof(a), "t/h%02d", i);
		assert_int_equal(lst(a).st_uid, 0);
		snprintf(a, sizeof(a), "x/l%02d", i);
		assert_int_equal(lst(a).st_uid, 4321);
		snprintf(a, sizeof(a), "x/f%02d", i);
		assert_int_equal(lst(a).st_uid, 4321);
	}
}

/* A second run changes nothing, not even ctime (WORKLOADS C2). */
static void
test_chown_ctime(void **state)
{
	static const char *names[] = { "c", "c/a", "c/d", "c/d/b", "c/l" };
	struct fs_walk_opts o = chown_opts(1000, 1000);
	struct err e = ERR_INIT;
	struct timespec ct[5];
	unsigned long n = 0;
	size_t i;

	(void)state;
	NEED_ROOT();
	mkd("c", 0755);
	mkfile("c/a", "a", 0644);
	mkd("c/d", 0700);
	mkfile("c/d/b", "b", 0600);
	assert_int_equal(symlink("a", P("c/l")), 0);
	assert_int_equal(fs_walk(sbfd, "c", "c", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++)
		ct[i] = lst(names[i]).st_ctim;
	usleep(20000);
	n = 0;
	assert_int_equal(fs_walk(sbfd, "c", "c", &o, &n, &e), 0);
	assert_int_equal(n, 0);
	for (i = 0; i < 5; i++) {
		struct stat st = lst(names[i]);

		if (st.st_ctim.tv_sec != ct[i].tv_sec ||
		    st.st_ctim.tv_nsec != ct[i].tv_nsec)
			fail_msg("ctime of %s changed", names[i]);
	}
}

static void
test_chmod_tree(void **state)
{
	struct fs_walk_opts o;
	struct mode_spec m;
	struct err e = ERR_INIT;
	unsigned long n = 0;

	(void)state;
	mkd("m", 02775);
	mkfile("m/f", "f", 0666);
	mkfile("m/x", "x", 0777);
	mkd("m/d", 0777);
	mkfile("outside", "o", 0666);
	assert_int_equal(symlink("../outside", P("m/l")), 0);
	assert_int_equal(mkfifo(P("m/fifo"), 0666), 0);
	assert_int_equal(mode_parse("u=rwX,g=rX,o=", &m, &e), 0);
	memset(&o, 0, sizeof(o));
	o.uid = (uid_t)-1;
	o.gid = (gid_t)-1;
	o.mode = with_mode(&m);
	o.recursive = true;
	o.dry_run = true;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(lst("m/f").st_mode & 07777, 0666);	/* dry run */
	o.dry_run = false;
	n = 0;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	/* = keeps a directory's set-gid */
	assert_int_equal(lst("m").st_mode & 07777, 02750);
	assert_int_equal(lst("m/f").st_mode & 07777, 0640);
	assert_int_equal(lst("m/x").st_mode & 07777, 0750);
	assert_int_equal(lst("m/d").st_mode & 07777, 0750);
	assert_int_equal(lst("m/fifo").st_mode & 07777, 0640);
	assert_int_equal(lst("outside").st_mode & 07777, 0666);
	n = 0;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 0);
	/* octal is exact: 0700 clears the set-gid bit */
	assert_int_equal(mode_parse("0700", &m, &e), 0);
	o.recursive = false;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lst("m").st_mode & 07777, 0700);
	assert_int_equal(lst("m/f").st_mode & 07777, 0640);
}

/* A symlink named as the path is refused, not followed. */
static void
test_top_link(void **state)
{
	struct fs_walk_opts o = chown_opts(7, 7);
	struct err e = ERR_INIT;
	unsigned long n = 0;

	(void)state;
	mkfile("t", "t", 0644);
	assert_int_equal(symlink("t", P("tl")), 0);
	assert_int_equal(fs_walk(sbfd, "tl", "tl", &o, &n, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_int_equal(lst("t").st_uid, geteuid());
}

/* Without the right to list a 0700 directory the step fails and names the
 * capability: never success over a subtree it could not visit. */
static void
test_eacces(void **state)
{
	struct fs_walk_opts o = chown_opts((uid_t)-1, (gid_t)-1);
	struct mode_spec m;
	int status;
	pid_t pid;

	(void)state;
	NEED_ROOT();
	assert_int_equal(chmod(sb, 0755), 0);
	mkd("p", 0755);
	mkd("p/priv", 0700);
	mkfile("p/priv/f", "f", 0644);
	assert_int_equal(chown(P("p/priv"), 472, 472), 0);
	assert_int_equal(mode_parse("a+r", &m, &(struct err)ERR_INIT), 0);
	o.mode = with_mode(&m);
	o.dry_run = true;
	if ((pid = fork()) == 0) {
		struct err e = ERR_INIT;
		unsigned long n = 0;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		if (fs_walk(sbfd, "p", "p", &o, &n, &e) != -1 ||
		    strstr(e.msg, "CAP_DAC_READ_SEARCH") == NULL ||
		    strstr(e.msg, "p/priv") == NULL) {
			fprintf(stderr, "got: %s\n", e.msg);
			_exit(1);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- fs_copy ---- */

static struct fs_copy_opts
copts(void)
{
	struct fs_copy_opts o;

	memset(&o, 0, sizeof(o));
	o.uid = (uid_t)-1;
	o.gid = (gid_t)-1;
	o.keep_owner = geteuid() == 0;
	o.ow = FS_OW_ALWAYS;
	return o;
}

static int
cp(const char *src, const char *dst, const struct fs_copy_opts *o,
    unsigned long *n, struct err *e)
{
	*n = 0;
	err_clear(e);
	return fs_copy(sbfd, src, src, sbfd, dst, dst, o, n, e);
}

/* A fake ConfigMap volume: ..data -> ..TIMESTAMP, key -> ..data/key. */
static void
mkcm(void)
{
	mkd("cm", 0755);
	mkd("cm/..2024_01_01_00_00_00.1", 0755);
	mkfile("cm/..2024_01_01_00_00_00.1/app.conf", "listen 80\n", 0644);
	mkfile("cm/..2024_01_01_00_00_00.1/users.acl", "user x\n", 0400);
	assert_int_equal(symlink("..2024_01_01_00_00_00.1",
	    P("cm/..data")), 0);
	assert_int_equal(symlink("..data/app.conf", P("cm/app.conf")), 0);
	assert_int_equal(symlink("..data/users.acl", P("cm/users.acl")), 0);
}

static void
test_copy_configmap(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;
	struct stat st;

	(void)state;
	mkcm();
	assert_int_equal(cp("cm", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 3);		/* dst, app.conf, users.acl */
	st = lst("dst/app.conf");
	assert_true(S_ISREG(st.st_mode));
	assert_string_equal(slurp("dst/app.conf"), "listen 80\n");
	assert_int_equal(lst("dst/users.acl").st_mode & 07777, 0400);
	assert_int_equal(lst("dst").st_mode & 07777, 0755);
	assert_int_equal(lstat(P("dst/..data"), &st), -1);
	assert_int_equal(lstat(P("dst/..2024_01_01_00_00_00.1"), &st), -1);
	assert_int_equal(cp("cm", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* cp -H: the named link is followed; links inside the tree are kept (a
 * dangling one too); links=follow follows them. */
static void
test_copy_links(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;
	char t[64];

	(void)state;
	mkfile("real", "r", 0644);
	assert_int_equal(symlink("real", P("top")), 0);
	assert_int_equal(cp("top", "d1", &o, &n, &e), 0);
	assert_true(S_ISREG(lst("d1").st_mode));
	mkd("tree", 0755);
	mkfile("tree/f", "f", 0644);
	assert_int_equal(symlink("f", P("tree/l")), 0);
	assert_int_equal(symlink("/dev/stdout", P("tree/out")), 0);
	assert_int_equal(symlink("nowhere", P("tree/dangling")), 0);
	assert_int_equal(cp("tree", "d2", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_true(S_ISLNK(lst("d2/l").st_mode));
	assert_true(S_ISLNK(lst("d2/dangling").st_mode));
	assert_int_equal(readlink(P("d2/out"), t, sizeof(t)), 11);
	assert_memory_equal(t, "/dev/stdout", 11);
	assert_int_equal(cp("tree", "d2", &o, &n, &e), 0);
	assert_int_equal(n, 0);
	o.follow = true;
	assert_int_equal(unlink(P("tree/dangling")), 0);
	assert_int_equal(unlink(P("tree/out")), 0);
	assert_int_equal(cp("tree", "d3", &o, &n, &e), 0);
	assert_true(S_ISREG(lst("d3/l").st_mode));
	/* a loop through followed links is an error, not a hang */
	mkd("loop", 0755);
	assert_int_equal(symlink(".", P("loop/self")), 0);
	assert_int_equal(cp("loop", "d4", &o, &n, &e), -1);
	if (strstr(e.msg, "into itself") == NULL)
		fail_msg("%s", e.msg);
}

/* A planted ..data changes nothing: only NAME -> ..data/NAME is followed
 * (to a real ..NAME directory); every other link is copied as a link, with
 * links=follow too when it leaves the source, and a glob-listed entry is
 * no name (no cp -H). */
static void
test_copy_planted(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;
	char t[256];
	int hfd;

	(void)state;
	mkd("out", 0755);
	mkfile("out/secret", "s", 0600);
	mkd("out/tree", 0755);
	mkfile("out/tree/x", "x", 0644);
	mkd("h", 0755);
	mkd("h/..2024", 0755);
	mkfile("h/..2024/k", "key", 0644);
	assert_int_equal(symlink("..2024", P("h/..data")), 0);
	assert_int_equal(symlink("..data/k", P("h/k")), 0);
	assert_int_equal(symlink(P("out/secret"), P("h/shadow")), 0);
	assert_int_equal(symlink(P("out/tree"), P("h/sentdir")), 0);
	assert_int_equal(symlink("../out/secret", P("h/rel")), 0);
	assert_int_equal(symlink(P("out/secret"), P("h/..2024/inner")), 0);
	assert_int_equal(symlink("..data/inner", P("h/inner")), 0);
	assert_int_equal(symlink("..data/../..2024/k", P("h/odd")), 0);
	for (o.follow = false;; o.follow = true) {
		snprintf(t, sizeof(t), "d%d", o.follow);
		assert_int_equal(cp("h", t, &o, &n, &e), 0);
		snprintf(t, sizeof(t), "d%d/k", o.follow);
		assert_true(S_ISREG(lst(t).st_mode));
		assert_string_equal(slurp(t), "key");
		snprintf(t, sizeof(t), "d%d/shadow", o.follow);
		assert_true(S_ISLNK(lst(t).st_mode));
		snprintf(t, sizeof(t), "d%d/sentdir", o.follow);
		assert_true(S_ISLNK(lst(t).st_mode));
		snprintf(t, sizeof(t), "d%d/rel", o.follow);
		assert_true(S_ISLNK(lst(t).st_mode));
		snprintf(t, sizeof(t), "d%d/inner", o.follow);
		assert_true(S_ISLNK(lst(t).st_mode));
		if (o.follow)
			break;
		snprintf(t, sizeof(t), "d%d/odd", o.follow);
		assert_true(S_ISLNK(lst(t).st_mode));	/* not a key */
	}
	/* with links=follow odd stays inside: followed */
	assert_true(S_ISREG(lst("d1/odd").st_mode));
	assert_string_equal(slurp("d1/odd"), "key");
	/* glob-listed entries of h: the same rule */
	o.follow = false;
	o.listed = true;
	hfd = open(P("h"), O_PATH | O_DIRECTORY);
	assert_true(hfd >= 0);
	assert_int_equal(fs_copy(hfd, "shadow", "h/shadow", sbfd, "g1",
	    "g1", &o, &n, &e), 0);
	assert_true(S_ISLNK(lst("g1").st_mode));
	assert_int_equal(fs_copy(hfd, "k", "h/k", sbfd, "g2", "g2", &o, &n,
	    &e), 0);
	assert_string_equal(slurp("g2"), "key");
	close(hfd);
	/* ..data leading elsewhere is no layout: ..data itself is a link */
	mkd("h2", 0755);
	assert_int_equal(symlink(P("out"), P("h2/..data")), 0);
	assert_int_equal(symlink("..data/secret", P("h2/secret")), 0);
	o.listed = false;
	assert_int_equal(cp("h2", "d2", &o, &n, &e), 0);
	assert_true(S_ISLNK(lst("d2/..data").st_mode));
	assert_true(S_ISLNK(lst("d2/secret").st_mode));
}

/* links=follow resolves where the link really is, beneath the source:
 * through followed directories, chains, `..`; a loop is an error. */
static void
test_copy_follow_inside(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;

	(void)state;
	o.follow = true;
	mkd("out", 0755);
	mkfile("out/secret", "s", 0600);
	mkd("t", 0755);
	mkd("t/sub", 0755);
	mkd("t/sub/b", 0755);
	mkfile("t/sub/c", "C", 0644);
	assert_int_equal(symlink("sub/b", P("t/a")), 0);
	assert_int_equal(symlink("../c", P("t/sub/b/x")), 0);
	assert_int_equal(symlink("../../../out/secret", P("t/sub/b/up")), 0);
	assert_int_equal(symlink("l2", P("t/l1")), 0);
	assert_int_equal(symlink("./sub//b/../c", P("t/l2")), 0);
	assert_int_equal(cp("t", "d", &o, &n, &e), 0);
	assert_true(S_ISDIR(lst("d/a").st_mode));
	assert_string_equal(slurp("d/a/x"), "C");
	assert_true(S_ISLNK(lst("d/a/up").st_mode));
	assert_true(S_ISLNK(lst("d/sub/b/up").st_mode));
	assert_string_equal(slurp("d/l1"), "C");
	assert_string_equal(slurp("d/l2"), "C");
	assert_int_equal(symlink("self", P("t/self")), 0);
	assert_int_equal(cp("t", "d3", &o, &n, &e), -1);
	assert_int_equal(e.errnum, ELOOP);
}

static void
test_copy_overwrite(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;

	(void)state;
	mkd("s", 0755);
	mkfile("s/a", "new a", 0644);
	mkfile("s/b", "new b", 0644);
	mkd("d", 0700);
	mkfile("d/a", "user's a", 0600);
	o.ow = FS_OW_MISSING;
	assert_int_equal(cp("s", "d", &o, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(slurp("d/a"), "user's a");
	assert_int_equal(lst("d/a").st_mode & 07777, 0600);
	assert_int_equal(lst("d").st_mode & 07777, 0700);
	assert_string_equal(slurp("d/b"), "new b");
	o.ow = FS_OW_ALWAYS;
	assert_int_equal(cp("s", "d", &o, &n, &e), 0);
	assert_int_equal(n, 1);		/* d/a's content */
	assert_string_equal(slurp("d/a"), "new a");
	/* a changed file takes the source's mode; an existing directory
	 * keeps its own (no mode=): copy + chmod converge */
	assert_int_equal(lst("d/a").st_mode & 07777, 0644);
	assert_int_equal(lst("d").st_mode & 07777, 0700);
	/* an equal file keeps its mode too, unless mode= says */
	chmod(P("d/b"), 0600);
	assert_int_equal(cp("s", "d", &o, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(lst("d/b").st_mode & 07777, 0600);
}

static void
test_copy_setid(void **state)
{
	struct fs_copy_opts o = copts();
	struct mode_spec m;
	struct err e = ERR_INIT;
	unsigned long n;

	(void)state;
	mkfile("suid", "#!", 06755);
	assert_int_equal(cp("suid", "c1", &o, &n, &e), 0);
	assert_int_equal(lst("c1").st_mode & 07777, 0755);
	assert_int_equal(mode_parse("u+s", &m, &e), 0);
	o.mode = with_mode(&m);
	assert_int_equal(cp("suid", "c2", &o, &n, &e), 0);
	assert_int_equal(lst("c2").st_mode & 07777, 04755);
	assert_int_equal(mode_parse("0640", &m, &e), 0);
	assert_int_equal(cp("suid", "c2", &o, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lst("c2").st_mode & 07777, 0640);
}

/* A second copy rewrites nothing: mtime and ctime of the copy stay. */
static void
test_copy_idempotent(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	struct stat a, b;
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	unsigned long n;

	(void)state;
	mkd("src", 0750);
	mkfile("src/f", "hello", 0640);
	assert_int_equal(utimensat(AT_FDCWD, P("src/f"), ts, 0), 0);
	assert_int_equal(cp("src", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 2);
	a = lst("dst/f");
	assert_int_equal(a.st_mtim.tv_sec, 1000000000);	/* kept */
	usleep(20000);
	assert_int_equal(cp("src", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 0);
	b = lst("dst/f");
	assert_int_equal(a.st_ino, b.st_ino);
	assert_true(a.st_ctim.tv_nsec == b.st_ctim.tv_nsec &&
	    a.st_ctim.tv_sec == b.st_ctim.tv_sec);
	/* same size, other content: rewritten */
	mkfile("src/f", "HELLO", 0640);
	assert_int_equal(cp("src", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(slurp("dst/f"), "HELLO");
	/* dry run: counted, not written */
	mkfile("src/g", "g", 0640);
	o.dry_run = true;
	assert_int_equal(cp("src", "dst", &o, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lstat(P("dst/g"), &a), -1);
	assert_int_equal(cp("src", "absent", &o, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(lstat(P("absent"), &a), -1);
}

/* A link planted at the destination is refused, its target untouched; a
 * FIFO is skipped without blocking; a device is refused. */
static void
test_copy_refusals(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;

	(void)state;
	mkfile("precious", "keep", 0600);
	mkfile("f", "evil", 0644);
	assert_int_equal(symlink("precious", P("planted")), 0);
	assert_int_equal(cp("f", "planted", &o, &n, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	assert_string_equal(slurp("precious"), "keep");
	mkd("dd", 0755);
	assert_int_equal(symlink("/etc", P("dd/sub")), 0);
	mkd("ss", 0755);
	mkd("ss/sub", 0755);
	mkfile("ss/sub/passwd", "x", 0644);
	assert_int_equal(cp("ss", "dd", &o, &n, &e), -1);
	assert_int_equal(e.kind, ERR_SAFETY);
	mkd("fs", 0755);
	assert_int_equal(mkfifo(P("fs/fifo"), 0644), 0);
	mkfile("fs/ok", "ok", 0644);
	assert_int_equal(cp("fs", "fd", &o, &n, &e), 0);
	assert_string_equal(slurp("fd/ok"), "ok");
	assert_int_equal(lstat(P("fd/fifo"), &(struct stat){ 0 }), -1);
	if (geteuid() == 0) {
		assert_int_equal(mknod(P("fs/null"), S_IFCHR | 0666,
		    makedev(1, 3)), 0);
		assert_int_equal(cp("fs", "fd", &o, &n, &e), -1);
		assert_non_null(strstr(e.msg, "device"));
	}
	assert_int_equal(cp("fs", "fs/inside", &o, &n, &e), -1);
	assert_int_equal(cp("nosuch", "x", &o, &n, &e), -1);
}

static void
test_copy_owner(void **state)
{
	struct fs_copy_opts o = copts();
	struct err e = ERR_INIT;
	unsigned long n;

	(void)state;
	NEED_ROOT();
	mkd("o", 0755);
	mkfile("o/f", "f", 0644);
	assert_int_equal(chown(P("o/f"), 1234, 1234), 0);
	assert_int_equal(cp("o", "o1", &o, &n, &e), 0);
	assert_int_equal(lst("o1/f").st_uid, 1234);	/* cp -a as root */
	o.has_owner = true;
	o.uid = 1000;
	o.gid = 1001;
	assert_int_equal(cp("o", "o1", &o, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lst("o1/f").st_uid, 1000);
	assert_int_equal(lst("o1/f").st_gid, 1001);
	assert_int_equal(lst("o1").st_uid, 1000);
	assert_int_equal(cp("o", "o1", &o, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* fs_statat gives what fstatat gives (the walkers compare its st_dev and
 * st_ino with fstat's), plus a mount id that tells a bind mount of the
 * same filesystem apart. */
static void
test_statat(void **state)
{
	static const char *names[] = { "sf", "sd", "sl" };
	struct stat a, b;
	uint64_t m, m2;
	struct fs_mount top;
	size_t i;

	(void)state;
	mkfile("sf", "x", 0640);
	mkd("sd", 0751);
	assert_int_equal(symlink("sf", P("sl")), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(fs_statat(sbfd, names[i],
		    AT_SYMLINK_NOFOLLOW, &a, &m), 0);
		assert_int_equal(fstatat(sbfd, names[i], &b,
		    AT_SYMLINK_NOFOLLOW), 0);
		assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
		assert_int_equal(a.st_mode, b.st_mode);
		assert_int_equal(a.st_nlink, b.st_nlink);
		assert_int_equal(a.st_uid, b.st_uid);
		assert_int_equal(a.st_gid, b.st_gid);
		assert_int_equal(a.st_size, b.st_size);
		assert_int_equal(a.st_blocks, b.st_blocks);
		assert_true(a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
		    a.st_mtim.tv_nsec == b.st_mtim.tv_nsec);
		assert_true(a.st_ctim.tv_sec == b.st_ctim.tv_sec &&
		    a.st_ctim.tv_nsec == b.st_ctim.tv_nsec);
		assert_true(m != 0);
	}
	assert_int_equal(fs_statat(sbfd, "sl", 0, &a, &m), 0);
	assert_true(S_ISREG(a.st_mode));	/* followed without the flag */
	assert_int_equal(fs_statat(sbfd, "", AT_EMPTY_PATH, &a, &m2), 0);
	assert_true(m2 == m);
	assert_int_equal(fs_statat(sbfd, "nosuch", 0, &a, &m), -1);
	assert_int_equal(errno, ENOENT);
	fs_mount_set(&top, &a, m2);
	assert_int_equal(fs_statat(sbfd, "sd", 0, &a, &m), 0);
	assert_true(fs_mount_same(&top, &a, m));
	/* a bind mount: the same st_dev, another mount (root only) */
	mkd("bm", 0755);
	if (geteuid() != 0 || mount(P("sd"), P("bm"), NULL, MS_BIND,
	    NULL) != 0)
		return;
	assert_int_equal(fs_statat(sbfd, "bm", AT_SYMLINK_NOFOLLOW, &a, &m),
	    0);
	assert_int_equal(umount(P("bm")), 0);
	assert_true(a.st_dev == top.dev);
	assert_false(fs_mount_same(&top, &a, m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chown_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chown_mixed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chown_ctime, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chmod_tree, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_top_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eacces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_configmap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_planted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_follow_inside, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_overwrite, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_setid, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_idempotent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_owner, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_statat, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
