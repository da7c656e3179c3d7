/* proc: run a command (fork, exec, wait) or become it (exec), as another
 * user if asked, the way su-exec does: no shell, PATH lookup as execvp,
 * 126/127 for a command that cannot run / is not found. */
#ifndef PROC_H
#define PROC_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

/* Who a command runs as (user=). */
struct proc_user {
	uid_t uid;
	gid_t gid;
	gid_t *groups;		/* heap: the supplementary groups to set */
	size_t ngroups;
	char *name;		/* heap: the passwd name, NULL without entry */
	char *home;		/* heap: the passwd home, "/" without one */
};

/* Resolve a user= value: NAME, UID, NAME:GROUP or UID:GID, against the
 * passwd and group texts (parsed by owner.h). su-exec's rules: a NAME gets
 * its passwd gid and every group listing it in the group text; an
 * explicit GROUP (name or number) is the gid and the only group; a UID
 * with a passwd entry is that entry; a UID without one needs an explicit
 * group (never gid 0 by default). Malformed: ERR_PLAN; an unknown name or
 * a UID without entry or group: ERR_STEP. Free with proc_user_free. */
int proc_user_parse(const char *spec, const char *passwd, const char *group,
    struct proc_user *u, struct err *e);
/* Whose rule sets the supplementary groups: su-exec's (getgrouplist: the
 * gid, then every group listing NAME; an explicit GROUP is the only one)
 * or gosu's (runc's: only the groups listing NAME; an explicit GROUP
 * leaves none beside the gid). Everything else is the same. */
enum proc_groups { PROC_GROUPS_SUEXEC, PROC_GROUPS_GOSU };
int proc_user_parse_as(const char *spec, enum proc_groups rule,
    const char *passwd, const char *group, struct proc_user *u,
    struct err *e);
/* The same, reading the image's /etc/passwd and /etc/group, or the files
 * named by $VOLINIT_PASSWD and $VOLINIT_GROUP (tests). A missing file is
 * empty (FROM scratch); an unreadable one is an error (ERR_STEP). */
int proc_user_load(const char *spec, struct proc_user *u, struct err *e);
int proc_user_load_as(const char *spec, enum proc_groups rule,
    struct proc_user *u, struct err *e);
void proc_user_free(struct proc_user *u);

/* A copy of env (NULL-terminated) for a command run as u: HOME, USER and
 * LOGNAME replaced from u (HOME=/ without a home; USER and LOGNAME removed
 * when u has no passwd name). Heap array of heap strings; free with
 * proc_env_free. */
char **proc_user_env(char *const *env, const struct proc_user *u);
void proc_env_free(char **env);

/* What to start. Everything is borrowed. */
struct proc_cmd {
	char *const *argv;	/* NULL-terminated, argv[0] the command */
	char *const *envp;	/* the child's whole environment */
	const char *path;	/* PATH for the lookup; NULL: a default */
	const char *cwd;	/* chdir after the drop, or NULL */
	const struct proc_user *user;	/* or NULL: stay who we are */
	/* stdin=: regular files, already open (fs_open_file: nothing that
	 * can block), read in this order as the command's standard input;
	 * names for messages. None: volinit's own stdin. One: the file is
	 * the command's fd 0 itself. Several: a pipe that a feeder process
	 * fills in order (see proc.c). Opened by volinit before any drop, as
	 * a shell's `< FILE` is. Borrowed; the caller closes them. */
	const int *input;
	char *const *input_names;
	size_t ninput;
	/* proc_run only: capture= collects the command's standard output
	 * here (at most capture_max bytes: more kills the command and is an
	 * error). NULL: volinit's stdout. */
	struct buf *capture;
	size_t capture_max;
	/* proc_exec only: called once the drop and chdir have held, just
	 * before exec, so a log line saying "changed" is never followed by a
	 * failed drop. NULL: none. */
	void (*ready)(void *arg);
	void *ready_arg;
	/* proc_spawn only: the child leads a process group of its own and
	 * takes the terminal's foreground, as tini's child does. */
	bool new_pgrp;
};

/* Fork and exec c, wait for it (forwarding SIGTERM, SIGINT, SIGQUIT and
 * SIGHUP; as PID 1 reaping every other child meanwhile). 0 when it
 * exited 0. Otherwise -1 and e: ERR_NOTFOUND (127) or ERR_NOEXEC (126)
 * when it could not be started — not found, not executable, failed
 * privilege drop or chdir (reported by the child before exec); ERR_CHILD
 * (6) when it exited non-zero or was killed by a signal it did not get
 * from us; ERR_SIGNAL (128+N) when volinit received signal N meanwhile
 * (forwarded to the child: the plan stops whatever the child did). */
int proc_run(const struct proc_cmd *c, struct err *e);

/* Fork and start c, for a caller that waits itself (supervise.c): the
 * child's pid once its exec has succeeded, or -1 with e as proc_run's
 * child reports it (ERR_NOTFOUND, ERR_NOEXEC; ERR_STEP for pipe or fork),
 * the failed child reaped. Signals are left as the caller set them (the
 * child gets volinit's original mask back before exec): a caller that
 * forwards signals blocks them around this call. */
pid_t proc_spawn(const struct proc_cmd *c, struct err *e);

/* Become c: drop privileges, chdir, close every fd above 2, restore
 * signals, execve. Returns only on failure, with e as proc_run's child
 * reports it — and then the process may already have dropped privileges
 * and closed its descriptors: the caller MUST NOT go on with the plan. */
int proc_exec(const struct proc_cmd *c, struct err *e);

/* execve argv over path (NULL: the default PATH) with run/exec's lookup
 * (empty entries skipped, never the current directory, no shell on
 * ENOEXEC), in place and touching nothing else: descriptors, signals and
 * ids stay as they are (sh -c). Returns only on failure: ERR_NOTFOUND or
 * ERR_NOEXEC in e. */
int proc_exec_path(char *const *argv, char *const *envp, const char *path,
    struct err *e);

/* Refuse (ERR_SAFETY) when volinit runs set-uid or set-gid: AT_SECURE,
 * real and effective ids differing, or its own binary
 * (/proc/self/exe) carrying S_ISUID or S_ISGID. main calls it first. */
int proc_refuse_setid(struct err *e);
#endif
