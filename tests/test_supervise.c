/* test_supervise: the exit-code table, and real supervised commands: an
 * exit status, a death by signal, remapping, a command that is not there,
 * a signal forwarded, tails copied (new lines only, or whole, across a
 * truncation) into a pipe. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "signals.h"
#include "supervise.h"

/* signals.c calls them; the fs layer is not linked here. */
void
fs_cleanup_on_signal(void)
{
}

void
fs_copy_cleanup_on_signal(void)
{
}

extern char **environ;

static int
sup(const char *script, const bool *remap, const struct sup_tail *t,
    size_t nt, bool whole, struct err *e)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	struct proc_cmd c;
	struct supervise s;

	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = environ;
	memset(&s, 0, sizeof(s));
	s.cmd = &c;
	s.remap = remap;
	s.tails = t;
	s.ntails = nt;
	s.tail_whole = whole;
	return supervise_run(&s, e);
}

static void
test_exit_code(void **state)
{
	bool remap[256] = { false };

	(void)state;
	remap[143] = remap[3] = true;
	assert_int_equal(supervise_exit_code(0, NULL), 0);
	assert_int_equal(supervise_exit_code(7 << 8, NULL), 7);
	assert_int_equal(supervise_exit_code(SIGKILL, NULL), 137);
	assert_int_equal(supervise_exit_code(SIGTERM, remap), 0);
	assert_int_equal(supervise_exit_code(3 << 8, remap), 0);
	assert_int_equal(supervise_exit_code(4 << 8, remap), 4);
}

static void
test_run(void **state)
{
	struct err e = ERR_INIT;
	bool remap[256] = { false };
	char *argv[] = { "no-such-command-volinit", NULL };
	struct proc_cmd c;
	struct supervise s;
	sigset_t before, after;

	(void)state;
	proc_signals_init();
	sigprocmask(SIG_SETMASK, NULL, &before);
	assert_int_equal(sup("exit 3", NULL, NULL, 0, false, &e), 3);
	assert_int_equal(sup("kill -TERM $$", NULL, NULL, 0, false, &e), 143);
	remap[5] = true;
	assert_int_equal(sup("exit 5", remap, NULL, 0, false, &e), 0);
	/* orphans of the child are reaped or re-parented; the status is
	 * the command's own */
	assert_int_equal(sup("sleep 0.1 & exit 0", NULL, NULL, 0, false, &e),
	    0);
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = environ;
	memset(&s, 0, sizeof(s));
	s.cmd = &c;
	assert_int_equal(supervise_run(&s, &e), -1);
	assert_int_equal(e.kind, ERR_NOTFOUND);
	sigprocmask(SIG_SETMASK, NULL, &after);
	assert_int_equal(sigismember(&after, SIGTERM),
	    sigismember(&before, SIGTERM));
	assert_int_equal(sigismember(&after, SIGUSR1),
	    sigismember(&before, SIGUSR1));
}

/* A signal sent to the supervisor reaches the child, which says so (in
 * files: the child's descriptors above 2 are closed before exec). */
static void
test_forward(void **state)
{
	struct err e = ERR_INIT;
	char dir[] = "/tmp/test_supervise.XXXXXX", up[64], got[64];
	char script[256], buf[16] = "";
	int st, i, fd;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(up, sizeof(up), "%s/up", dir);
	snprintf(got, sizeof(got), "%s/got", dir);
	snprintf(script, sizeof(script), "trap 'echo usr1 > %s; exit 9' USR1;"
	    " : > %s; while :; do sleep 0.05; done", got, up);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		proc_signals_init();
		_exit(sup(script, NULL, NULL, 0, false, &e));
	}
	for (i = 0; i < 100 && access(up, F_OK) != 0; i++)
		usleep(50000);
	assert_int_equal(access(up, F_OK), 0);
	kill(pid, SIGUSR1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 9);
	fd = open(got, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "usr1\n", 5);
	close(fd);
	unlink(up);
	unlink(got);
	rmdir(dir);
}

static char *
slurp(int fd)
{
	static char out[4096];
	ssize_t r;
	size_t n = 0;

	while ((r = read(fd, out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	return out;
}

/* Tails: only new lines by default; the whole file with tail_whole; a
 * truncated file read again from its start; a file that appears late;
 * the last line without newline gets one. */
static void
test_tail(void **state)
{
	struct err e = ERR_INIT;
	char dir[] = "/tmp/test_supervise.XXXXXX", a[64], b[64], script[512];
	struct sup_tail t[2];
	int p[2], fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.log", dir);
	snprintf(b, sizeof(b), "%s/b.log", dir);
	fd = open(a, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	assert_int_equal(write(fd, "old\n", 4), 4);
	close(fd);
	assert_int_equal(pipe(p), 0);
	t[0].path = a;
	t[0].out = p[1];
	t[1].path = b;
	t[1].out = p[1];
	snprintf(script, sizeof(script), "sleep 0.3; echo one >> %s; "
	    "sleep 0.3; : > %s; echo two >> %s; sleep 0.3; printf three > %s;"
	    " sleep 0.3", a, a, a, b);
	assert_int_equal(sup(script, NULL, t, 2, false, &e), 0);
	close(p[1]);
	assert_string_equal(slurp(p[0]), "one\ntwo\nthree\n");
	close(p[0]);
	assert_int_equal(pipe(p), 0);
	t[0].out = p[1];
	assert_int_equal(sup("true", NULL, t, 1, true, &e), 0);
	close(p[1]);
	assert_string_equal(slurp(p[0]), "two\n");
	close(p[0]);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_forward),
		cmocka_unit_test(test_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
