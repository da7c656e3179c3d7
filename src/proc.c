/* proc: start commands without a shell, as another user if asked.
 *
 * MUST: privileges are dropped in su-exec's order — setgroups, setresgid,
 * setresuid — and read back with getresuid, getresgid and getgroups; any
 * mismatch, or a setuid(0) that still succeeds after leaving root (CERT
 * POS37-C), refuses to exec: a failed drop never goes on as root. A
 * numeric uid without a passwd entry needs an explicit group. Before
 * execve every fd above 2 is closed and signal dispositions and mask are
 * restored. A forked child reports why it could not exec through a
 * CLOEXEC pipe (EOF = exec succeeded), so the parent can tell 126/127 from
 * the command's own status. volinit refuses to run set-uid/set-gid. */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "owner.h"
#include "proc.h"
#include "sink.h"
#include "redact.h"
#include "signals.h"
#include "xalloc.h"

#define PROC_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
	"/sbin:/bin"

/* Why a child (or an exec) could not start the command. */
struct child_msg {
	int kind;
	int errnum;
	char msg[240];
};

static void
set_group(struct proc_user *u, gid_t gid)
{
	u->gid = gid;
	free(u->groups);
	u->groups = xmalloc(sizeof(gid_t));
	u->groups[0] = gid;
	u->ngroups = 1;
}

/* The explicit :GROUP part: a number, or a name in the group text. */
static int
parse_group(struct proc_user *u, const char *g, const char *group,
    struct err *e)
{
	unsigned long id;
	gid_t gid;

	if (owner_parse_id(g, strlen(g), &id)) {
		set_group(u, (gid_t)id);
		return 0;
	}
	if (owner_gr_find(group, g, &gid) != 1)
		return err_set(e, ERR_STEP, 0, "unknown group '%s' (not in "
		    "the group file)", g);
	set_group(u, gid);
	return 0;
}

/* gosu's (runc's) groups: an explicit GROUP sets none beside the gid; a
 * NAME gets only the groups whose member lists name it (its passwd gid is
 * not added). */
static void
gosu_groups(struct proc_user *u, const char *group, bool explicit)
{
	size_t i;

	free(u->groups);
	u->groups = NULL;
	u->ngroups = 0;
	if (explicit)
		return;
	owner_groups(group, u->name, OWNER_NONE_GID, &u->groups, &u->ngroups);
	for (i = 1; i < u->ngroups; i++)
		u->groups[i - 1] = u->groups[i];
	u->ngroups--;
}

int
proc_user_parse(const char *spec, const char *passwd, const char *group,
    struct proc_user *u, struct err *e)
{
	return proc_user_parse_as(spec, PROC_GROUPS_SUEXEC, passwd, group, u,
	    e);
}

int
proc_user_parse_as(const char *spec, enum proc_groups rule,
    const char *passwd, const char *group, struct proc_user *u,
    struct err *e)
{
	const char *colon = strchr(spec, ':');
	size_t ulen = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	struct owner_pw pw;
	unsigned long id;
	bool numeric, found;
	char *name;

	memset(u, 0, sizeof(*u));
	if (ulen == 0 || (colon != NULL && colon[1] == '\0'))
		return err_set(e, ERR_PLAN, 0, "bad user '%s' (want NAME, UID, "
		    "NAME:GROUP or UID:GID)", spec);
	name = xstrndup(spec, ulen);
	numeric = owner_parse_id(name, ulen, &id);
	/* A malformed line is no entry, as if it were not there. */
	found = owner_pw_find(passwd, name, &pw) == 1;
	if (!found && !numeric) {
		err_set(e, ERR_STEP, 0, "unknown user '%s' (not in the passwd "
		    "file)", name);
		free(name);
		return -1;
	}
	free(name);
	u->uid = found ? pw.uid : (uid_t)id;
	u->gid = pw.gid;
	u->name = pw.name;
	u->home = found && pw.home[0] != '\0' ? pw.home : xstrdup("/");
	if (u->home == pw.home)
		pw.home = NULL;
	pw.name = NULL;
	owner_pw_free(&pw);
	if (colon != NULL) {
		if (parse_group(u, colon + 1, group, e) == 0) {
			if (rule == PROC_GROUPS_GOSU)
				gosu_groups(u, group, true);
			return 0;
		}
	} else if (!found) {
		err_set(e, ERR_STEP, 0, "user %s has no passwd entry: give a "
		    "group too (user=%s:GID) rather than run with gid 0", spec,
		    spec);
	} else {
		if (rule == PROC_GROUPS_GOSU)
			gosu_groups(u, group, false);
		else
			owner_groups(group, u->name, u->gid, &u->groups,
			    &u->ngroups);
		return 0;
	}
	proc_user_free(u);
	return -1;
}

/* The image's passwd or group file, $var overriding the path (tests). A
 * missing file is empty: a FROM scratch image has none, and numeric ids
 * still work there; an unreadable one is an error. */
static int
read_db(const char *var, const char *path, struct buf *b, struct err *e)
{
	const char *p = getenv(var);
	int r;

	if (p == NULL || *p == '\0')
		p = path;
	if ((r = owner_read(p, b, e)) == -2)
		err_clear(e);
	return r == -1 ? -1 : 0;
}

int
proc_user_load(const char *spec, struct proc_user *u, struct err *e)
{
	return proc_user_load_as(spec, PROC_GROUPS_SUEXEC, u, e);
}

int
proc_user_load_as(const char *spec, enum proc_groups rule,
    struct proc_user *u, struct err *e)
{
	struct buf pw = BUF_INIT, gr = BUF_INIT;
	int r = -1;

	memset(u, 0, sizeof(*u));
	if (read_db("VOLINIT_PASSWD", OWNER_PASSWD, &pw, e) == 0 &&
	    read_db("VOLINIT_GROUP", OWNER_GROUP, &gr, e) == 0)
		r = proc_user_parse_as(spec, rule, buf_str(&pw), buf_str(&gr),
		    u, e);
	buf_free(&pw);
	buf_free(&gr);
	return r;
}

void
proc_user_free(struct proc_user *u)
{
	free(u->groups);
	free(u->name);
	free(u->home);
	memset(u, 0, sizeof(*u));
}

static bool
env_is(const char *kv, const char *name)
{
	size_t n = strlen(name);

	return strncmp(kv, name, n) == 0 && kv[n] == '=';
}

static char *
env_pair(const char *name, const char *value)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s=%s", name, value);
	return buf_detach(&b);
}

char **
proc_user_env(char *const *env, const struct proc_user *u)
{
	size_t n, i, k = 0;
	char **out;

	for (n = 0; env[n] != NULL; n++)
		;
	out = xcalloc(n + 4, sizeof(*out));
	for (i = 0; i < n; i++)
		if (!env_is(env[i], "HOME") && !env_is(env[i], "USER") &&
		    !env_is(env[i], "LOGNAME"))
			out[k++] = xstrdup(env[i]);
	out[k++] = env_pair("HOME", u->home);
	if (u->name != NULL) {
		out[k++] = env_pair("USER", u->name);
		out[k++] = env_pair("LOGNAME", u->name);
	}
	out[k] = NULL;
	return out;
}

void
proc_env_free(char **env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; env[i] != NULL; i++) {
		explicit_bzero(env[i], strlen(env[i]));
		free(env[i]);
	}
	free(env);
}

static void
say(struct child_msg *m, int kind, int errnum, const char *fmt, ...)
{
	va_list ap;

	struct buf full = BUF_INIT, r = BUF_INIT;

	m->kind = kind;
	m->errnum = errnum;
	va_start(ap, fmt);
	buf_vprintf(&full, fmt, ap);
	va_end(ap);
	/* redacted whole, then cut: the command may hold a secret */
	redact(&r, buf_str(&full), full.len);
	snprintf(m->msg, sizeof(m->msg), "%s", buf_str(&r));
	buf_wipe(&full);
	buf_wipe(&r);
}

/* Do the process's ids and groups read back exactly as u says? */
static bool
ids_are(const struct proc_user *u)
{
	uid_t r, ef, s;
	gid_t a, b, c, *got;
	int n;
	size_t i, j;
	bool ok;

	if (getresuid(&r, &ef, &s) == -1 || r != u->uid || ef != u->uid ||
	    s != u->uid || getresgid(&a, &b, &c) == -1 || a != u->gid ||
	    b != u->gid || c != u->gid)
		return false;
	n = getgroups(0, NULL);
	if (n < 0 || (size_t)n != u->ngroups)
		return false;
	got = xcalloc((size_t)n + 1, sizeof(*got));
	ok = getgroups(n, got) == n;
	for (i = 0; ok && i < u->ngroups; i++) {
		for (j = 0; j < (size_t)n && got[j] != u->groups[i]; j++)
			;
		ok = j < (size_t)n;
	}
	free(got);
	return ok;
}

static int
drop(const struct proc_user *u, struct child_msg *m)
{
	bool was_root = geteuid() == 0;

	if (ids_are(u))
		return 0;
	if (setgroups(u->ngroups, u->groups) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot drop privileges: setgroups");
		return -1;
	}
	if (setresgid(u->gid, u->gid, u->gid) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot drop privileges: setresgid "
		    "%lu", (unsigned long)u->gid);
		return -1;
	}
	if (setresuid(u->uid, u->uid, u->uid) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot drop privileges: setresuid "
		    "%lu", (unsigned long)u->uid);
		return -1;
	}
	if (!ids_are(u) || (was_root && u->uid != 0 && setuid(0) != -1)) {
		say(m, ERR_NOEXEC, 0, "privilege drop to %lu:%lu did not hold "
		    "(ids read back differ or setuid(0) still works): refusing",
		    (unsigned long)u->uid, (unsigned long)u->gid);
		return -1;
	}
	return 0;
}

static void
close_slow(int keep)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	long fd, max;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			fd = strtol(de->d_name, NULL, 10);
			if (fd > 2 && fd != keep && fd != dirfd(d))
				close((int)fd);
		}
		closedir(d);
		return;
	}
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 1L << 20)
		max = 1L << 20;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			close((int)fd);
}

/* Close every fd above 2 but keep (-1: none): close_range, or a loop
 * where the kernel or a seccomp profile lacks it. */
static void
close_fds(int keep)
{
	long r = 0;

	if (keep < 0) {
		r = syscall(SYS_close_range, 3U, ~0U, 0U);
	} else {
		if (keep > 3)
			r = syscall(SYS_close_range, 3U, (unsigned)keep - 1,
			    0U);
		if (r == 0)
			r = syscall(SYS_close_range, (unsigned)keep + 1, ~0U,
			    0U);
	}
	if (r != 0)
		close_slow(keep);
}

/* execve argv[0] as execvp would over c->path (empty entries skipped: no
 * implicit current directory); returns with m filled. */
static void
exec_cmd(const struct proc_cmd *c, struct child_msg *m)
{
	const char *p, *cmd = c->argv[0];
	char full[PATH_MAX];
	size_t dl, nl = strlen(cmd);
	int err = ENOENT;
	bool denied = false;

	if (strchr(cmd, '/') != NULL) {
		execve(cmd, c->argv, c->envp);
		err = errno;
	} else if (nl > 0) {
		for (p = c->path != NULL ? c->path : PROC_PATH;; p += dl + 1) {
			dl = strcspn(p, ":");
			if (dl > 0 && dl + nl + 2 <= sizeof(full)) {
				memcpy(full, p, dl);
				full[dl] = '/';
				memcpy(full + dl + 1, cmd, nl + 1);
				execve(full, c->argv, c->envp);
				if (errno == EACCES)
					denied = true;
				else if (errno != ENOENT && errno != ENOTDIR)
					err = errno;
			}
			if (p[dl] == '\0' || err != ENOENT)
				break;
		}
	}
	if (err == ENOENT && denied)
		err = EACCES;
	if (err == ENOENT || err == ENOTDIR)
		say(m, ERR_NOTFOUND, 0, "%s: command not found", cmd);
	else
		say(m, ERR_NOEXEC, err, "cannot execute %s", cmd);
}

/* Drop, chdir, stdin, close, restore signals, exec; returns with m
 * filled. keep: the report pipe in a forked child, -1 for an exec in
 * place. in: the descriptor to become fd 0, or -1. */
static void
become(const struct proc_cmd *c, int keep, int in, int out,
    struct child_msg *m)
{
	/* tini's isolation: a group of its own, the terminal's foreground
	 * (SIGTTOU is blocked here: the supervisor blocks it around fork) */
	if (c->new_pgrp && keep >= 0) {
		if (setpgid(0, 0) == -1) {
			say(m, ERR_NOEXEC, errno, "cannot run %s: setpgid",
			    c->argv[0]);
			return;
		}
		if (isatty(0) && tcsetpgrp(0, getpgrp()) == -1 &&
		    errno != ENOTTY && errno != ENXIO) {
			say(m, ERR_NOEXEC, errno, "cannot run %s: tcsetpgrp",
			    c->argv[0]);
			return;
		}
	}
	if (in >= 0 && (in == 0 ? fcntl(0, F_SETFD, 0) : dup2(in, 0)) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot run %s: stdin", c->argv[0]);
		return;
	}
	if (out >= 0 && dup2(out, 1) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot run %s: stdout", c->argv[0]);
		return;
	}
	if (c->user != NULL && drop(c->user, m) == -1)
		return;
	if (c->cwd != NULL && chdir(c->cwd) == -1) {
		say(m, ERR_NOEXEC, errno, "cannot run %s: chdir %s", c->argv[0],
		    c->cwd);
		return;
	}
	if (c->ready != NULL)
		c->ready(c->ready_arg);
	close_fds(keep);
	proc_signals_reset(keep >= 0);
	exec_cmd(c, m);
}

/* One error line from the feeder (paths only, never content). */
static void
feed_error(int errnum, const char *what, const char *name, const char *cmd)
{
	struct err e = ERR_INIT;
	char line[640];

	err_set(&e, ERR_STEP, errnum, "stdin= %s: %s%s%s", name != NULL ?
	    name : "?", what, *cmd ? " " : "", cmd);
	err_format(&e, line, sizeof(line));
	log_error(line);
}

static void __attribute__((noreturn))
feed(const struct proc_cmd *c, int out)
{
	static char data[65536];
	size_t i;
	ssize_t r;
	int rc = 0;

	proc_signals_reset(1);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < c->ninput && rc == 0; i++) {
		while ((r = read(c->input[i], data, sizeof(data))) != 0) {
			if (r == -1 && errno == EINTR)
				continue;
			if (r == -1) {
				feed_error(errno, "read", c->input_names[i],
				    "");
				rc = 1;
				break;
			}
			if (sink_write_all(out, data, (size_t)r) == -1) {
				if (errno != EPIPE) {
					feed_error(errno, "write to",
					    c->input_names[i], c->argv[0]);
					rc = 1;
				}
				i = c->ninput;
				break;
			}
		}
	}
	explicit_bzero(data, sizeof(data));
	_exit(rc);
}

/* Start the feeder; *rd = the pipe's read end. Its pid (0 when detached
 * for exec), or -1 with e. */
static pid_t
feeder_start(const struct proc_cmd *c, bool detach, int *rd, struct err *e)
{
	int p[2], st = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1)
		return err_set(e, ERR_STEP, errno, "stdin=: pipe");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (detach && (pid = fork()) != 0)
			_exit(pid == -1);
		feed(c, p[1]);
	}
	close(p[1]);
	if (pid == -1) {
		close(p[0]);
		return err_set(e, ERR_STEP, errno, "stdin=: fork");
	}
	if (detach) {
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			close(p[0]);
			return err_set(e, ERR_STEP, EAGAIN, "stdin=: fork");
		}
		pid = 0;
	}
	*rd = p[0];
	return pid;
}

/* After the command: the feeder's part. st/done: its status if wait_for
 * reaped it (as PID 1). 0, or -1 when it failed. */
static int
feeder_end(pid_t feeder, int st, bool done)
{
	pid_t r;

	if (!done) {
		while ((r = waitpid(feeder, &st, WNOHANG)) == -1 &&
		    errno == EINTR)
			;
		if (r == 0) {
			/* the command ended without reading everything */
			kill(feeder, SIGKILL);
			while (waitpid(feeder, &st, 0) == -1 && errno == EINTR)
				;
			return 0;
		}
		if (r == -1)
			return 0;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The child's report: sizeof(*m) bytes, or 0 at EOF (exec succeeded). */
static ssize_t
read_msg(int fd, struct child_msg *m)
{
	ssize_t r;
	size_t got = 0;

	while (got < sizeof(*m)) {
		r = read(fd, (char *)m + got, sizeof(*m) - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Wait for pid; as PID 1 reap every other child meanwhile (orphans are
 * ours; when not PID 1 other children are left alone). The child is
 * first waited for without reaping it, then forgotten by the signal
 * handler with signals blocked, and only then reaped: a signal can never
 * be forwarded to a pid that was reaped and reused. */
static int
wait_for(pid_t pid, int *st, pid_t feeder, int *fst, bool *fdone)
{
	siginfo_t si;
	sigset_t old;
	pid_t r;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(getpid() == 1 ? P_ALL : P_PID, (id_t)pid, &si,
		    WEXITED | WNOWAIT) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (si.si_pid == pid)
			break;
		if (feeder > 0 && si.si_pid == feeder) {
			*fdone = waitpid(feeder, fst, 0) == feeder;
			continue;
		}
		waitpid(si.si_pid, NULL, 0);
	}
	proc_signals_block(&old);
	proc_signals_child(0);
	r = waitpid(pid, st, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r == pid ? 0 : -1;
}

static int
child_result(const char *cmd, int st, struct err *e)
{
	int sig = proc_signals_taken();

	if (sig != 0) {
		err_set(e, ERR_SIGNAL, 0, "got SIG%s while running %s "
		    "(forwarded to it)", proc_signal_name(sig), cmd);
		e->sig = sig;
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		return err_set(e, ERR_CHILD, 0, "%s exited with status %d", cmd,
		    WEXITSTATUS(st));
	return err_set(e, ERR_CHILD, 0, "%s was killed by signal %d (SIG%s)%s",
	    cmd, WTERMSIG(st), proc_signal_name(WTERMSIG(st)),
	    WCOREDUMP(st) ? ", core dumped" : "");
}

/* capture=: read the command's stdout until it closes it. 0 when it all
 * fit in max bytes, 1 when there was more (the reading stops there). */
static int
read_capture(int fd, struct buf *out, size_t max)
{
	char chunk[4096];
	ssize_t r;

	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		if (out->len + (size_t)r > max) {
			explicit_bzero(chunk, sizeof(chunk));
			return 1;
		}
		buf_add(out, chunk, (size_t)r);
	}
}

int
proc_run(const struct proc_cmd *c, struct err *e)
{
	struct child_msg m;
	sigset_t old;
	int pfd[2], cap[2] = { -1, -1 }, st = 0, werr, in = -1, fst = 0, fed;
	int over = 0;
	bool fdone = false;
	ssize_t n;
	pid_t pid, feeder = 0;

	if (c->ninput == 1)
		in = c->input[0];
	else if (c->ninput > 1 && (feeder = feeder_start(c, false, &in,
	    e)) == -1)
		return -1;
	if (pipe2(pfd, O_CLOEXEC) == -1 || (c->capture != NULL &&
	    pipe2(cap, O_CLOEXEC) == -1)) {
		err_set(e, ERR_STEP, errno, "pipe");
		pid = -1;
		goto fail;
	}
	proc_signals_block(&old);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		become(c, pfd[1], in, cap[1], &m);
		(void)!write(pfd[1], &m, sizeof(m));
		_exit(m.kind);
	}
	if (pid > 0)
		proc_signals_child(pid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(pfd[1]);
	if (pid == -1) {
		close(pfd[0]);
		err_set(e, ERR_STEP, errno, "fork");
		goto fail;
	}
	if (feeder > 0)
		close(in);	/* the command's now: EOF once the feeder ends */
	n = read_msg(pfd[0], &m);
	close(pfd[0]);
	if (cap[0] >= 0) {
		close(cap[1]);
		over = read_capture(cap[0], c->capture, c->capture_max);
		close(cap[0]);
		if (over)
			kill(pid, SIGKILL);	/* never left running */
	}
	werr = wait_for(pid, &st, feeder, &fst, &fdone) == -1 ? errno : 0;
	proc_signals_child(0);
	fed = feeder > 0 ? feeder_end(feeder, fst, fdone) : 0;
	if (n == (ssize_t)sizeof(m)) {
		m.msg[sizeof(m.msg) - 1] = '\0';
		return err_set(e, (enum err_kind)m.kind, m.errnum, "%s", m.msg);
	}
	if (werr != 0)
		return err_set(e, ERR_STEP, werr, "waitpid %ld", (long)pid);
	if (over)
		return err_set(e, ERR_STEP, 0, "capture=: %s wrote more than "
		    "%zu bytes (killed)", c->argv[0], c->capture_max);
	if (child_result(c->argv[0], st, e) == -1)
		return -1;
	if (fed == -1)
		return err_set(e, ERR_STEP, 0, "stdin=: not every file reached "
		    "%s (see the error above)", c->argv[0]);
	return 0;
fail:
	if (cap[0] >= 0) {
		close(cap[0]);
		close(cap[1]);
	}
	if (feeder > 0) {
		close(in);
		feeder_end(feeder, 0, false);
	}
	return -1;
}

pid_t
proc_spawn(const struct proc_cmd *c, struct err *e)
{
	struct child_msg m;
	int pfd[2], st;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		return err_set(e, ERR_STEP, errno, "pipe");
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		become(c, pfd[1], -1, -1, &m);
		(void)!write(pfd[1], &m, sizeof(m));
		_exit(m.kind);
	}
	close(pfd[1]);
	if (pid == -1) {
		close(pfd[0]);
		return err_set(e, ERR_STEP, errno, "fork");
	}
	if (read_msg(pfd[0], &m) != (ssize_t)sizeof(m)) {
		close(pfd[0]);
		return pid;
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	m.msg[sizeof(m.msg) - 1] = '\0';
	return err_set(e, (enum err_kind)m.kind, m.errnum, "%s", m.msg);
}

int
proc_exec(const struct proc_cmd *c, struct err *e)
{
	struct child_msg m;
	int in = -1;

	if (c->ninput == 1)
		in = c->input[0];
	else if (c->ninput > 1 && feeder_start(c, true, &in, e) == -1)
		return -1;
	become(c, -1, in, -1, &m);
	return err_set(e, (enum err_kind)m.kind, m.errnum, "%s", m.msg);
}

int
proc_exec_path(char *const *argv, char *const *envp, const char *path,
    struct err *e)
{
	struct proc_cmd c;
	struct child_msg m;

	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = envp;
	c.path = path;
	exec_cmd(&c, &m);
	return err_set(e, (enum err_kind)m.kind, m.errnum, "%s", m.msg);
}

int
proc_refuse_setid(struct err *e)
{
	struct stat sb;

	if (getauxval(AT_SECURE) != 0 || getuid() != geteuid() ||
	    getgid() != getegid() || (stat("/proc/self/exe", &sb) == 0 &&
	    (sb.st_mode & (S_ISUID | S_ISGID)) != 0))
		return err_set(e, ERR_SAFETY, 0, "refusing to run set-uid or "
		    "set-gid: remove the bit (chmod u-s,g-s) and use user= to "
		    "drop privileges");
	return 0;
}
