/* supervise: one command supervised for its whole life (tini's job).
 *
 * MUST: the signals that are forwarded are blocked before the fork and
 * taken with sigtimedwait in the one loop that also reaps, so a signal is
 * never lost between fork and the pid being known, and never sent to a
 * pid that was already reaped (and maybe reused); the child starts with
 * the signal mask and dispositions volinit was started with (proc.c);
 * every child that dies is reaped, the command's status kept; writes of
 * tailed lines never block the loop for long and never kill volinit
 * (SIGPIPE stays ignored, EPIPE ends that tail); the mask is restored on
 * return. Effects layer: proc, signals, base. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "buf.h"
#include "log.h"
#include "signals.h"
#include "supervise.h"

#define TAIL_TICK_MS 200

/* One followed file. */
struct tailer {
	const struct sup_tail *t;
	int fd;
	dev_t dev;
	ino_t ino;
	bool dead;		/* a directory, or its output is gone */
	bool warned;
	struct buf line;	/* the incomplete last line */
};

int
supervise_exit_code(int st, const bool *remap)
{
	int code = 1;

	if (WIFEXITED(st))
		code = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		code = 128 + WTERMSIG(st);
	code %= 256;
	if (remap != NULL && remap[code])
		code = 0;
	return code;
}

/* What the loop takes: all but the synchronous signals (those stay
 * volinit's own), the terminal stops it must not obey while its child
 * holds the terminal, and the two it ignores. */
static void
loop_set(sigset_t *set)
{
	static const int own[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT,
	    SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU, SIGPIPE, SIGXFSZ };
	size_t i;

	sigfillset(set);
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		sigdelset(set, own[i]);
}

static void
write_all(struct tailer *tl, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0 && !tl->dead) {
		w = write(tl->t->out, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w == -1 && errno != EINTR && errno != EAGAIN) {
			tl->dead = true;	/* EPIPE: nobody reads */
		}
	}
}

/* Copy every complete line held (all of it when final). */
static void
emit(struct tailer *tl, bool final)
{
	const char *p = tl->line.p, *nl;
	size_t n = tl->line.len, done = 0;

	if (n == 0)
		return;
	nl = memrchr(p, '\n', n);
	if (nl != NULL)
		done = (size_t)(nl - p) + 1;
	if (done == 0 && n >= TAIL_LINE_MAX)
		done = n;
	if (final && done < n) {
		buf_addc(&tl->line, '\n');	/* as dockerize's Println */
		p = tl->line.p;
		done = tl->line.len;
	}
	write_all(tl, p, done);
	memmove(tl->line.p, p + done, tl->line.len - done);
	tl->line.len -= done;
	tl->line.p[tl->line.len] = '\0';
}

/* Open the file (from its end when at_end); quiet while it is missing. */
static void
tail_open(struct tailer *tl, bool at_end)
{
	struct stat sb;

	tl->fd = open(tl->t->path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (tl->fd == -1) {
		if (errno != ENOENT && !tl->warned)
			log_warn("tail %s: %s", tl->t->path, strerror(errno));
		tl->warned = errno != ENOENT;
		return;
	}
	if (fstat(tl->fd, &sb) == -1 || S_ISDIR(sb.st_mode)) {
		log_warn("tail %s: not a file: not followed", tl->t->path);
		close(tl->fd);
		tl->fd = -1;
		tl->dead = true;
		return;
	}
	tl->dev = sb.st_dev;
	tl->ino = sb.st_ino;
	tl->warned = false;
	if (at_end && S_ISREG(sb.st_mode))
		lseek(tl->fd, 0, SEEK_END);
}

/* Read what is new; follow the name: a truncated file is read again from
 * its start, a replaced one (rotation) is drained, then the new one
 * opened from its start. */
static void
tail_pump(struct tailer *tl, bool final)
{
	char chunk[16384];
	struct stat sb, now;
	ssize_t r;

	if (tl->dead)
		return;
	if (tl->fd == -1)
		tail_open(tl, false);
	if (tl->fd == -1)
		return;
	if (fstat(tl->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size < lseek(tl->fd, 0, SEEK_CUR))
		lseek(tl->fd, 0, SEEK_SET);
	while ((r = read(tl->fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&tl->line, chunk, (size_t)r);
		emit(tl, false);
	}
	if (final) {
		emit(tl, true);
		return;
	}
	if (stat(tl->t->path, &now) == -1 || now.st_dev != tl->dev ||
	    now.st_ino != tl->ino) {
		emit(tl, true);
		close(tl->fd);
		tl->fd = -1;
	}
}

/* Reap every child that has died; *code set when it was pid. */
static void
reap(pid_t pid, const bool *remap, int *code)
{
	pid_t r;
	int st;

	while ((r = waitpid(-1, &st, WNOHANG)) > 0)
		if (r == pid)
			*code = supervise_exit_code(st, remap);
		else
			log_debug("reaped orphan %ld", (long)r);
}

static bool
is_term(int sig)
{
	return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT ||
	    sig == SIGHUP;
}

/* The loop: a signal (or a tick), forwarded; then reap, then tail. */
static int
loop(const struct supervise *s, pid_t pid, struct tailer *tl,
    const sigset_t *set)
{
	struct timespec ts;
	siginfo_t si;
	int sig, code = -1;
	size_t i;

	ts.tv_sec = s->ntails > 0 ? 0 : 1;
	ts.tv_nsec = s->ntails > 0 ? TAIL_TICK_MS * 1000000L : 0;
	while (code == -1) {
		sig = sigtimedwait(set, &si, &ts);
		if (sig > 0 && sig != SIGCHLD && pid > 0) {
			log_debug("forwarding SIG%s to %s%ld",
			    proc_signal_name(sig), s->pgroup ? "group " : "",
			    (long)pid);
			if (kill(s->pgroup ? -pid : pid, sig) == -1 &&
			    errno != ESRCH)
				log_warn("forwarding SIG%s: %s",
				    proc_signal_name(sig), strerror(errno));
		} else if (sig > 0 && pid <= 0 && is_term(sig)) {
			code = 128 + sig;
		}
		reap(pid, s->remap, &code);
		for (i = 0; i < s->ntails; i++)
			tail_pump(&tl[i], false);
	}
	return code;
}

int
supervise_run(const struct supervise *s, struct err *e)
{
	struct tailer tl[16];
	struct proc_cmd cmd;
	sigset_t set, old;
	pid_t pid = 0;
	size_t i;
	int code = -1;

	if (s->ntails > sizeof(tl) / sizeof(tl[0]))
		return err_set(e, ERR_USAGE, 0, "at most %zu files to tail",
		    sizeof(tl) / sizeof(tl[0]));
	if (s->subreaper && getpid() != 1 &&
	    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1)
		return err_set(e, ERR_STEP, errno, "cannot register as a child "
		    "subreaper (PR_SET_CHILD_SUBREAPER)");
	loop_set(&set);
	sigprocmask(SIG_SETMASK, &set, &old);
	memset(tl, 0, sizeof(tl));
	for (i = 0; i < s->ntails; i++) {
		tl[i].t = &s->tails[i];
		tail_open(&tl[i], !s->tail_whole);
	}
	if (s->cmd != NULL) {
		cmd = *s->cmd;
		cmd.new_pgrp |= s->pgroup;
		if ((pid = proc_spawn(&cmd, e)) == -1)
			goto out;
	}
	code = loop(s, pid, tl, &set);
out:
	for (i = 0; i < s->ntails; i++) {
		if (code != -1)
			tail_pump(&tl[i], true);
		if (tl[i].fd != -1)
			close(tl[i].fd);
		buf_free(&tl[i].line);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return code;
}
