/* supervise: stay the parent (PID 1 in a container) of one command for
 * its whole life, as tini does — every signal forwarded, every zombie
 * reaped, files tailed to stdout or stderr — and end with the command's
 * exit code (128+N when a signal killed it). One mechanism for `tini`,
 * `dockerize` and the plan's `exec supervise=true`. */
#ifndef SUPERVISE_H
#define SUPERVISE_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "proc.h"

/* A file whose lines are copied to fd out (1 or 2) while the command
 * runs. */
struct sup_tail {
	const char *path;	/* borrowed */
	int out;
};

struct supervise {
	/* What to run (borrowed); NULL: no command, tail until SIGTERM,
	 * SIGINT, SIGQUIT or SIGHUP (dockerize with only -stdout). */
	const struct proc_cmd *cmd;
	bool pgroup;		/* forward to the child's process group */
	bool subreaper;		/* PR_SET_CHILD_SUBREAPER unless PID 1 */
	const struct sup_tail *tails;
	size_t ntails;
	bool tail_whole;	/* from each file's start (dockerize), not its
				 * end at start-up (only new lines) */
	const bool *remap;	/* [256]: codes that become 0 (tini -e), or
				 * NULL */
};

/* Start s->cmd (in a process group of its own when s->pgroup or
 * s->cmd->new_pgrp) and supervise it: every signal but SIGCHLD, the
 * synchronous ones (SEGV, BUS, FPE, ILL, ABRT, TRAP, SYS), SIGTTIN,
 * SIGTTOU, SIGPIPE and SIGXFSZ is forwarded to it (or its group); every
 * child that dies is reaped (all orphans as PID 1 or a subreaper); the
 * tails are copied line by line, a file followed by name across renames
 * and truncation (tail -F). Returns once the command has ended (the tails
 * drained): its exit code 0-255 (128+N for signal N, then remapped). -1
 * with e when it could not start (ERR_NOTFOUND, ERR_NOEXEC, ERR_STEP) or
 * the subreaper could not be set. The signal mask is restored. */
int supervise_run(const struct supervise *s, struct err *e);

/* The exit code for wait status st: WEXITSTATUS or 128+WTERMSIG, modulo
 * 256, then 0 when remap (or NULL) says so. Pure. */
int supervise_exit_code(int st, const bool *remap);
#endif
