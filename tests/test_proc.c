#define _GNU_SOURCE
/* test_proc: user= resolution against fixture passwd/group texts, the
 * child environment, and real fork/exec: 127, 126, exit statuses, signals,
 * closed descriptors, signal forwarding; as root, a real privilege drop
 * read back from the child's /proc/self/status. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "proc.h"
#include "signals.h"

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/sh\n"
    "bad:x:abc:1::/:/bin/sh\n"
    "app:x:1000:1000:App:/home/app:/bin/sh\n"
    "nohome:x:1001:1001:::/bin/sh\n"
    "vtest:x:4242:4243::/home/vtest:/bin/sh\n"
    "short:x:7\n";
static const char group[] =
    "root:x:0:\n"
    "app:x:1000:\n"
    "wheel:x:10:app,other\n"
    "docker:x:999:other,app\n"
    "staff:x:50:\n"
    "appish:x:51:apps,xapp\n"
    "vt:x:4243:\n"
    "vt2:x:4244:vtest\n"
    "vt3:x:4245:x,vtest\n";

static char *env0[] = { "PATH=/usr/bin:/bin", "HOME=/root", "USER=root",
    "LOGNAME=root", "KEEP=1", NULL };

static void
check_user(const char *spec, unsigned uid, unsigned gid, const char *name,
    const char *home, const gid_t *groups, size_t n)
{
	struct proc_user u;
	struct err e = ERR_INIT;
	size_t i;

	assert_int_equal(proc_user_parse(spec, passwd, group, &u, &e), 0);
	assert_int_equal(u.uid, uid);
	assert_int_equal(u.gid, gid);
	if (name == NULL)
		assert_null(u.name);
	else
		assert_string_equal(u.name, name);
	assert_string_equal(u.home, home);
	assert_int_equal(u.ngroups, n);
	for (i = 0; i < n; i++)
		assert_int_equal(u.groups[i], groups[i]);
	proc_user_free(&u);
}

static void
test_user_parse(void **state)
{
	static const gid_t app[] = { 1000, 10, 999 }, staff[] = { 50 },
	    g77[] = { 77 }, g4243[] = { 4243 }, root[] = { 0 },
	    nohome[] = { 1001 };
	static const struct { const char *spec; int kind; } bad[] = {
		{ "", ERR_PLAN }, { ":1", ERR_PLAN }, { "app:", ERR_PLAN },
		{ "ghost", ERR_STEP }, { "app:ghost", ERR_STEP },
		{ "4343", ERR_STEP }, { "bad", ERR_STEP },
		{ "short", ERR_STEP },
		{ "99999999999", ERR_STEP }, { "4242:-1", ERR_STEP }
	};
	struct proc_user u;
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	check_user("app", 1000, 1000, "app", "/home/app", app, 3);
	check_user("1000", 1000, 1000, "app", "/home/app", app, 3);
	check_user("app:staff", 1000, 50, "app", "/home/app", staff, 1);
	check_user("1000:77", 1000, 77, "app", "/home/app", g77, 1);
	check_user("5555:4243", 5555, 4243, NULL, "/", g4243, 1);
	check_user("5555:vt", 5555, 4243, NULL, "/", g4243, 1);
	check_user("root", 0, 0, "root", "/root", root, 1);
	check_user("nohome", 1001, 1001, "nohome", "/", nohome, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(proc_user_parse(bad[i].spec, passwd, group,
		    &u, &e), -1);
		assert_int_equal(e.kind, bad[i].kind);
	}
	assert_int_equal(proc_user_parse("4242", "", "", &u, &e), -1);
	assert_non_null(strstr(e.msg, "user=4242:GID"));
	/* A FROM scratch image: no files at all, numeric ids still work. */
	assert_int_equal(proc_user_parse("5555:4243", "", "", &u, &e), 0);
	assert_int_equal(u.uid, 5555);
	assert_int_equal(u.groups[0], 4243);
	proc_user_free(&u);
}

/* gosu's (runc's) groups: only the groups listing the name; an explicit
 * group leaves none beside the gid. Ids and home as su-exec's. */
static void
test_user_parse_gosu(void **state)
{
	static const struct { const char *spec; unsigned uid, gid; size_t n;
	    gid_t g[2]; } rows[] = {
		{ "app", 1000, 1000, 2, { 10, 999 } },
		{ "1000", 1000, 1000, 2, { 10, 999 } },
		{ "root", 0, 0, 0, { 0, 0 } },
		{ "app:staff", 1000, 50, 0, { 0, 0 } },
		{ "vtest", 4242, 4243, 2, { 4244, 4245 } },
		{ "5555:4243", 5555, 4243, 0, { 0, 0 } },
	};
	struct proc_user u;
	struct err e = ERR_INIT;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(proc_user_parse_as(rows[i].spec,
		    PROC_GROUPS_GOSU, passwd, group, &u, &e), 0);
		assert_int_equal(u.uid, rows[i].uid);
		assert_int_equal(u.gid, rows[i].gid);
		assert_int_equal(u.ngroups, rows[i].n);
		for (j = 0; j < rows[i].n; j++)
			assert_int_equal(u.groups[j], rows[i].g[j]);
		proc_user_free(&u);
	}
	/* the same refusal: no entry, no group, never gid 0 */
	assert_int_equal(proc_user_parse_as("4343", PROC_GROUPS_GOSU, passwd,
	    group, &u, &e), -1);
	assert_non_null(strstr(e.msg, "user=4343:GID"));
}

static void
test_user_env(void **state)
{
	struct proc_user u;
	struct err e = ERR_INIT;
	char **env;

	(void)state;
	assert_int_equal(proc_user_parse("app", passwd, group, &u, &e), 0);
	env = proc_user_env(env0, &u);
	assert_string_equal(env[0], "PATH=/usr/bin:/bin");
	assert_string_equal(env[1], "KEEP=1");
	assert_string_equal(env[2], "HOME=/home/app");
	assert_string_equal(env[3], "USER=app");
	assert_string_equal(env[4], "LOGNAME=app");
	assert_null(env[5]);
	proc_env_free(env);
	proc_user_free(&u);
	assert_int_equal(proc_user_parse("7:7", passwd, group, &u, &e), 0);
	env = proc_user_env(env0, &u);
	assert_string_equal(env[2], "HOME=/");
	assert_null(env[3]);
	proc_env_free(env);
	proc_user_free(&u);
}

/* Run argv with env0 (and PATH path); return the error kind (0: ok). */
static int
run(const char *path, const char *cwd, const struct proc_user *u,
    struct err *e, ...)
{
	char *argv[8];
	struct proc_cmd c;
	va_list ap;
	size_t n = 0;

	va_start(ap, e);
	while (n < 7 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = env0;
	c.path = path;
	c.cwd = cwd;
	c.user = u;
	memset(e, 0, sizeof(*e));
	return proc_run(&c, e) == 0 ? 0 : (int)e->kind;
}

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_proc.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return chmod(tmpdir, 01777);
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
put(const char *name, const char *text, mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

/* Read a whole file into a heap string (NULL when missing). */
static char *
slurp_n(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *b;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Run `sh -c SCRIPT OUT` with the files (under tmpdir) as stdin=;
 * exec in a forked child when do_exec. The error kind, 0 when it ran. */
static int
with_input(const char *script, const char *out, const char *const *names,
    size_t n, bool do_exec, struct err *e)
{
	char op[128], *argv[] = { "/bin/sh", "-c", (char *)script, op, NULL };
	char *nv[8];
	int fds[8], r, st;
	struct proc_cmd c;
	size_t i;

	snprintf(op, sizeof(op), "%s/%s", tmpdir, out);
	for (i = 0; i < n; i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		assert_true(fds[i] >= 0);
		nv[i] = (char *)names[i];
	}
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = env0;
	c.input = fds;
	c.input_names = nv;
	c.ninput = n;
	memset(e, 0, sizeof(*e));
	if (!do_exec) {
		r = proc_run(&c, e) == 0 ? 0 : (int)e->kind;
	} else {
		pid_t pid = fork();

		if (pid == 0) {
			proc_exec(&c, e);
			_exit(99);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		r = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return r;
}

/* stdin=: one file is the command's fd 0 itself; several reach it
 * through the feeder, in order, whole (300 KB: many pipe buffers), for
 * run and for exec; a command that reads nothing ends the run without a
 * hang; a file that cannot be read fails the run. No descriptor is left
 * behind in volinit. */
static void
test_stdin(void **state)
{
	static const char *const one[] = { "in1" };
	static const char *const three[] = { "in1", "big", "in2" };
	static const char *const bad[] = { "in1", "." };
	struct buf want = BUF_INIT;
	struct err e;
	char path[160], *got;
	size_t len, i;
	int before, after;

	(void)state;
	put("in1", "first\n", 0600);
	put("in2", "last\n", 0600);
	for (i = 0; i < 300000 / 10; i++)
		buf_adds(&want, "123456789\n");
	put("big", buf_str(&want), 0600);
	before = open("/dev/null", O_RDONLY);
	close(before);

	assert_int_equal(with_input("readlink /proc/self/fd/0 > \"$0\"",
	    "o1", one, 1, false, &e), 0);
	snprintf(path, sizeof(path), "%s/o1", tmpdir);
	got = slurp_n(path, &len);
	snprintf(path, sizeof(path), "%s/in1\n", tmpdir);
	assert_string_equal(got, path);
	free(got);

	buf_reset(&want);
	buf_adds(&want, "first\n");
	for (i = 0; i < 300000 / 10; i++)
		buf_adds(&want, "123456789\n");
	buf_adds(&want, "last\n");
	for (i = 0; i < 2; i++) {
		assert_int_equal(with_input("cat > \"$0\"", "o3", three, 3,
		    i == 1, &e), 0);
		snprintf(path, sizeof(path), "%s/o3", tmpdir);
		got = slurp_n(path, &len);
		assert_non_null(got);
		assert_int_equal(len, want.len);
		assert_memory_equal(got, want.p, want.len);
		free(got);
		unlink(path);
	}
	/* the command's status still counts; reading nothing is no hang */
	assert_int_equal(with_input("exit 0", "o4", three, 3, false, &e), 0);
	assert_int_equal(with_input("exit 3", "o4", three, 3, false, &e),
	    ERR_CHILD);
	/* a directory cannot be read: the step fails, naming stdin= */
	assert_int_equal(with_input("cat > \"$0\"", "o5", bad, 2, false, &e),
	    ERR_STEP);
	assert_non_null(strstr(e.msg, "stdin=: not every file reached"));
	after = open("/dev/null", O_RDONLY);
	close(after);
	assert_int_equal(before, after);
	buf_free(&want);
}

static void
test_exec_codes(void **state)
{
	struct err e;
	char path[128], dirs[300];

	(void)state;
	assert_int_equal(run(NULL, NULL, NULL, &e, "true", NULL), 0);
	assert_int_equal(run(NULL, NULL, NULL, &e, "volinit-no-such-cmd",
	    NULL), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "command not found"));
	assert_int_equal(run(NULL, NULL, NULL, &e, "/nonexistent/x", NULL),
	    ERR_NOTFOUND);
	put("plain", "#!/bin/sh\nexit 0\n", 0644);
	snprintf(path, sizeof(path), "%s/plain", tmpdir);
	assert_int_equal(run(NULL, NULL, NULL, &e, path, NULL), ERR_NOEXEC);
	put("garbage", "\x7f" "ELF not really\n", 0755);
	snprintf(path, sizeof(path), "%s/garbage", tmpdir);
	assert_int_equal(run(NULL, NULL, NULL, &e, path, NULL), ERR_NOEXEC);
	assert_int_equal(run(NULL, NULL, NULL, &e, "sh", "-c", "exit 3",
	    NULL), ERR_CHILD);
	assert_non_null(strstr(e.msg, "exited with status 3"));
	assert_int_equal(err_exit_code(&e), 6);
	assert_int_equal(run(NULL, NULL, NULL, &e, "sh", "-c", "kill -9 $$",
	    NULL), ERR_CHILD);
	assert_non_null(strstr(e.msg, "killed by signal 9 (SIGKILL)"));
	/* PATH: a non-executable match is skipped for a later one (126 only
	 * when nothing runs); empty entries are not the current dir. */
	put("mine", "#!/bin/sh\nexit 5\n", 0644);
	assert_int_equal(run(tmpdir, NULL, NULL, &e, "mine", NULL),
	    ERR_NOEXEC);
	snprintf(dirs, sizeof(dirs), ":%s:/usr/bin:/bin", tmpdir);
	assert_int_equal(run(dirs, NULL, NULL, &e, "true", NULL), 0);
	put("mine", "#!/bin/sh\nexit 5\n", 0755);
	assert_int_equal(run(dirs, NULL, NULL, &e, "mine", NULL), ERR_CHILD);
	assert_int_equal(run("", tmpdir, NULL, &e, "mine", NULL),
	    ERR_NOTFOUND);
	/* cwd= */
	assert_int_equal(run(NULL, tmpdir, NULL, &e, "sh", "-c",
	    "test -f mine", NULL), 0);
	assert_int_equal(run(NULL, "/nonexistent", NULL, &e, "true", NULL),
	    ERR_NOEXEC);
	assert_non_null(strstr(e.msg, "chdir /nonexistent"));
}

/* Descriptors above 2 never reach the child; the environment is exactly
 * the one given. */
static void
test_exec_hygiene(void **state)
{
	struct err e;
	char script[128];
	int fd = open("/dev/null", O_RDONLY);

	(void)state;
	assert_true(fd > 2);
	setenv("VOLINIT_TEST_SECRET", "hunter2", 1);
	snprintf(script, sizeof(script), "test ! -e /proc/self/fd/%d && "
	    "test -z \"$VOLINIT_TEST_SECRET\" && test \"$KEEP\" = 1", fd);
	assert_int_equal(run(NULL, NULL, NULL, &e, "sh", "-c", script, NULL),
	    0);
	close(fd);
	unsetenv("VOLINIT_TEST_SECRET");
}

/* SIGTERM to volinit while a child runs: forwarded, and the plan stops
 * with 128+15 even though the child exits 0 on it. */
static void
test_forward(void **state)
{
	struct timespec t0, t1;
	struct err e;
	pid_t pid;
	int st;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		proc_signals_init();
		run(NULL, NULL, NULL, &e, "sh", "-c",
		    "trap 'kill $!; exit 0' TERM; sleep 3 & wait", NULL);
		_exit(e.kind == ERR_SIGNAL && e.sig == SIGTERM ? 143 : 1);
	}
	usleep(300000);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 143);
	assert_true(t1.tv_sec - t0.tv_sec < 3);
	/* No child running: the handler exits 128+N at once. */
	pid = fork();
	if (pid == 0) {
		proc_signals_init();
		pause();
		_exit(1);
	}
	usleep(100000);
	kill(pid, SIGINT);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 130);
}

static char *
slurp(const char *name)
{
	static char text[1024];
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	assert_true(n >= 0);
	text[n] = '\0';
	return text;
}

/* Run the status probe as spec; return what it wrote. */
static char *
probe(const char *spec)
{
	struct proc_user u;
	struct proc_cmd c;
	struct err e = ERR_INIT;
	char script[256], *argv[] = { "sh", "-c", script, NULL }, **env;
	char path[128];
	int r;

	snprintf(script, sizeof(script), "grep -E '^(Uid|Gid|Groups):' "
	    "/proc/self/status > %s/st; echo \"$HOME $USER $LOGNAME\" >> "
	    "%s/st", tmpdir, tmpdir);
	assert_int_equal(proc_user_parse(spec, passwd, group, &u, &e), 0);
	snprintf(path, sizeof(path), "%s/st", tmpdir);
	unlink(path);
	env = proc_user_env(env0, &u);
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = env;
	c.user = &u;
	r = proc_run(&c, &e);
	proc_env_free(env);
	proc_user_free(&u);
	assert_int_equal(r, 0);
	return slurp("st");
}

static void
test_drop_as_root(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_string_equal(probe("vtest"), "Uid:\t4242\t4242\t4242\t4242\n"
	    "Gid:\t4243\t4243\t4243\t4243\nGroups:\t4243 4244 4245 \n"
	    "/home/vtest vtest vtest\n");
	assert_string_equal(probe("vtest:4250"), "Uid:\t4242\t4242\t4242\t"
	    "4242\nGid:\t4250\t4250\t4250\t4250\nGroups:\t4250 \n"
	    "/home/vtest vtest vtest\n");
	assert_string_equal(probe("5555:vt2"), "Uid:\t5555\t5555\t5555\t5555\n"
	    "Gid:\t4244\t4244\t4244\t4244\nGroups:\t4244 \n/  \n");
}

/* Not root: a drop to someone else fails before exec (the command never
 * runs); a "drop" to who we already are is no change and runs. */
static void
test_drop_refused(void **state)
{
	struct proc_user u;
	struct err e = ERR_INIT;
	gid_t g = 4243;
	pid_t pid;
	int st, ok;

	(void)state;
	if (geteuid() != 0)
		skip();
	pid = fork();
	if (pid == 0) {
		if (setgroups(1, &g) == -1 || setresgid(g, g, g) == -1 ||
		    setresuid(4242, 4242, 4242) == -1)
			_exit(2);
		proc_user_parse("app", passwd, group, &u, &e);
		ok = run(NULL, NULL, &u, &e, "sh", "-c", "exit 9", NULL) ==
		    ERR_NOEXEC && strstr(e.msg, "setgroups") != NULL;
		proc_user_free(&u);
		proc_user_parse("4242:4243", passwd, group, &u, &e);
		ok = ok && run(NULL, NULL, &u, &e, "true", NULL) == 0;
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_refuse_setid(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(proc_refuse_setid(&e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_parse),
		cmocka_unit_test(test_user_parse_gosu),
		cmocka_unit_test(test_user_env),
		cmocka_unit_test(test_exec_codes),
		cmocka_unit_test(test_exec_hygiene),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_forward),
		cmocka_unit_test(test_drop_as_root),
		cmocka_unit_test(test_drop_refused),
		cmocka_unit_test(test_refuse_setid),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
