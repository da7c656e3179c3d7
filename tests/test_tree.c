/* test_tree: fs_walk (recursive chown/chmod) and fs_copy in a mkdtemp
 * sandbox. Runs as root here (real chown); root-only cases skip otherwise. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs_walk.h"

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
	assert_int_equal(lst("out/secret").st_uid, 0);	/* not its target */
	assert_int_equal(lst("out").st_uid, 0);
	assert_int_equal(lst("out/hl").st_uid, 0);	/* hardlink skipped */
	assert_int_equal(lst("v/sub/lost+found").st_uid, 0);
	assert_int_equal(lst("v/sub/lost+found/x").st_uid, 0);
	assert_int_equal(lst("v/.snapshot").st_uid, 0);
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
	o.mode = &m;
	o.recursive = true;
	o.dry_run = true;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(lst("m/f").st_mode & 07777, 0666);	/* dry run */
	o.dry_run = false;
	n = 0;
	assert_int_equal(fs_walk(sbfd, "m", "m", &o, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(lst("m").st_mode & 07777, 02750);	/* = keeps sgid */
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
	o.mode = &m;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chown_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chown_ctime, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chmod_tree, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_top_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eacces, setup, teardown),
	};

	(void)slurp;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
