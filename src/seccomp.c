/* seccomp: the system calls volinit makes, per family of steps, as a
 * seccomp profile.
 *
 * MUST: never leave out a call the code makes for a step of the plan (the
 * step fails with EPERM half-way); list nothing the code does not make.
 * Each list says which code makes the calls; musl is static, so these are
 * the calls the binary itself issues (musl's own mapping included: on
 * x86_64 open/stat/lstat/access/fork/poll are the legacy calls, aarch64
 * has only openat/newfstatat/faccessat/clone/ppoll). The lists were found
 * with `strace -f` (amd64) and `qemu-aarch64 -d strace` (arm64) of the CLI
 * suite's plans; `make seccomp-audit` (tests/seccomp_audit.sh) runs the CLI
 * suite under strace and fails on any call outside the profile
 * `check --seccomp` prints for that very command line. Pure code. */
#include <stdlib.h>
#include <string.h>

#include "seccomp.h"
#include "xalloc.h"

struct family {
	const char *name;
	const char *const *both, *const *x86_64, *const *aarch64;
};

/* ---- base: every run, whatever the plan. */
static const char *const base_both[] = {
	/* the container runtime installs the filter, then execs /volinit */
	"execve",
	/* musl's start (__init_libc, __init_tp) */
	"set_tid_address",
	/* main.c ctx_init (VOLINIT_UID/GID), proc.c proc_refuse_setid */
	"getuid", "geteuid", "getgid", "getegid",
	/* musl malloc behind xalloc.c: heap, large blocks, frees, realloc */
	"brk", "mmap", "munmap", "mremap", "madvise",
	/* plans, templates, secrets, envfiles, /etc/passwd and /etc/group
	 * (main.c load_plans, step_vars.c, owner.c), the termination log
	 * (log.c), fs_path.c's stat of paths; log lines (log.c, sink.c) */
	"openat", "read", "write", "close", "fcntl", "fstat", "newfstatat",
	/* step_vars.c: PR_SET_DUMPABLE 0 once a secret is held */
	"prctl",
	/* signals.c: handlers for TERM/INT/QUIT/HUP, PIPE and XFSZ ignored,
	 * signals blocked around temp-file registration (fs_write.c) and
	 * fork; a handler's return is rt_sigreturn */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
	/* run.c step times, wait.c deadlines (the vDSO when mapped) */
	"clock_gettime",
	/* fs_write.c temp names, resolve.c DNS ids, wait.c */
	"getpid",
	/* main.c, xalloc.c (111 out of memory), signals.c (_exit 128+N) */
	"exit_group",
	/* main.c: the usage text on a command-line error (stdio) */
	"writev",
	/* the umask step (step_vars.c); fs_path.c's exact-mode creates
	 * clear it around each mkdirat/openat (copy, write, mkdir -p) */
	"umask",
	/* fs_path.c fs_open_read: a dry run hands a reader what an earlier
	 * step would have written, through a memory file */
	"memfd_create",
	NULL
};
/* Not volinit's own: what the container runtime's init (runc's Go code)
 * still calls between loading the filter and its execve of /volinit, with
 * no_new_privs set (Kubernetes' allowPrivilegeEscalation: false, Compose's
 * and Docker's no-new-privileges), which puts the filter last. Seen with
 * SCMP_ACT_LOG (kernel audit type=1326, comm "runc:[2:INIT]") under
 * Docker 20.10 / runc 1.1: fstatfs (its /proc check), futex, epoll_ctl;
 * sched_yield, nanosleep and epoll_pwait are the same Go lock and poller
 * paths under contention. Without no_new_privs runc also drops
 * capabilities and ids under the filter (capget, capset, setgroups,
 * setuid, setgid, chdir, getppid, faccessat2): not allowed here, so such a
 * container fails to start ("runc create failed: ... operation not
 * permitted") rather than run with a wider profile. */
static const char *const runtime_both[] = {
	"fstatfs", "futex", "epoll_ctl", "epoll_pwait", "sched_yield",
	"nanosleep",
	NULL
};
static const char *const base_x86_64[] = {
	/* musl's static TLS setup (__set_thread_area) */
	"arch_prctl",
	/* musl's open(), stat(), lstat() (also fstatat of an absolute path
	 * with flags 0 / AT_SYMLINK_NOFOLLOW: run.c, check.c,
	 * step_render.c), access() (main.c: the default plan) */
	"open", "stat", "lstat", "access",
	NULL
};
static const char *const base_aarch64[] = {
	/* access() (main.c: the default plan) */
	"faccessat",
	NULL
};

/* ---- files: root, mkdir, write, ensure-line, symlink, chmod, chown. */
static const char *const files_both[] = {
	/* fs_path.c: resolution beneath the roots (openat2 RESOLVE_BENEATH;
	 * on ENOSYS/EPERM the O_NOFOLLOW walk with readlinkat), mkdir -p */
	"openat2", "readlinkat", "mkdirat",
	/* fs_write.c: O_TMPFILE or a named temp (getrandom for its name),
	 * flock'ed for its life, fsync, linkat or renameat into place, the
	 * sweep of stale temps (getdents64, unlinkat), in-place rewrite of a
	 * single-file bind mount (ftruncate), comparing content (pread64) */
	"getrandom", "flock", "fsync", "linkat", "renameat", "unlinkat",
	"getdents64", "ftruncate", "pread64",
	/* fs_write.c / fs_walk.c: modes and owners through the fd, or
	 * beside it for links (fchownat AT_SYMLINK_NOFOLLOW) and FIFOs
	 * (fchmodat2, where the kernel has it) */
	"fchmod", "fchown", "fchownat", "fchmodat2",
	/* step_files.c: symlink; fs_path.c: a relative path made absolute */
	"symlinkat", "getcwd",
	NULL
};
static const char *const none[] = { NULL };

/* ---- trees: copy, remove, chmod -R, chown -R, render-dir's walk. */
static const char *const trees_both[] = {
	/* fs_walk.c, fs_copy.c, step_files.c: directories read with
	 * getdents64, entries with fstatat/statx (the tree walkers stat by
	 * statx for mount ids, name_to_handle_at where statx lacks them) */
	"getdents64", "statx", "name_to_handle_at",
	/* fs_copy.c: data by copy_file_range (lseek SEEK_DATA/SEEK_HOLE for
	 * sparse files), times kept (utimensat), one syncfs at the end */
	"copy_file_range", "lseek", "utimensat", "syncfs",
	/* the walkers' depth bound from RLIMIT_NOFILE (musl's getrlimit) */
	"prlimit64",
	NULL
};

/* ---- templates: render, render-dir (tmpl.c, gotmpl_*.c). Templates are
 * read with read(2) and written by fs_write.c (the files family); go's
 * `exists`, `file` and `secret` stat and open (base). Nothing of their
 * own. */

/* ---- wait: wait.c, resolve.c. */
static const char *const wait_both[] = {
	/* wait.c: non-blocking connect, SO_ERROR; resolve.c: DNS over UDP
	 * (send/recv); wait http's request and answer */
	"socket", "connect", "getsockopt", "sendto", "recvfrom",
	/* resolve.c: DNS query ids */
	"getrandom",
	/* wait.c: as PID 1, zombies reaped while waiting */
	"wait4",
	NULL
};
static const char *const wait_x86_64[] = { "poll", NULL };
static const char *const wait_aarch64[] = { "ppoll", NULL };

/* ---- processes: run, exec (proc.c, signals.c). */
static const char *const proc_both[] = {
	/* proc.c proc_run: the CLOEXEC report pipe, the child, its end;
	 * musl's fork reads the child's tid */
	"pipe2", "gettid", "wait4", "waitid",
	/* signals.c: TERM/INT/QUIT/HUP forwarded to the child */
	"kill",
	/* proc.c become: su-exec's drop and its read-back, setuid(0) must
	 * fail; cwd= (step_proc.c: a relative one made absolute for PWD) */
	"setgroups", "setresgid", "setresuid", "setuid",
	"getgroups", "getresgid", "getresuid", "chdir", "getcwd",
	/* proc.c close_fds: close_range, or /proc/self/fd (getdents64) up to
	 * sysconf(_SC_OPEN_MAX) (musl: prlimit64) */
	"close_range", "getdents64", "prlimit64",
	/* proc.c exec_cmd */
	"execve",
	/* supervise.c (exec supervise=true): forwarded signals taken by
	 * sigtimedwait, the subreaper (prctl, base), the child's process
	 * group and the terminal's foreground (setpgid, getpgid, ioctl
	 * TIOCSPGRP; isatty is ioctl TCGETS), tail= files followed by
	 * name (open, fstat, stat: base) and read on from their end */
	"rt_sigtimedwait", "setpgid", "getpgid", "ioctl", "lseek",
	NULL
};
/* musl's fork; proc.c become: stdin= made fd 0 (dup2, dup3 on aarch64) */
static const char *const proc_x86_64[] = { "fork", "dup2", NULL };
static const char *const proc_aarch64[] = { "clone", "dup3", NULL };

static const struct family families[SECCOMP_NFAMILIES] = {
	[SECCOMP_BASE] = { "base", base_both, base_x86_64, base_aarch64 },
	[SECCOMP_RUNTIME] = { "runtime", runtime_both, none, none },
	[SECCOMP_FILES] = { "files", files_both, none, none },
	[SECCOMP_TREES] = { "trees", trees_both, none, none },
	[SECCOMP_TEMPLATES] = { "templates", none, none, none },
	[SECCOMP_WAIT] = { "wait", wait_both, wait_x86_64, wait_aarch64 },
	[SECCOMP_PROC] = { "processes", proc_both, proc_x86_64, proc_aarch64 },
};

const char *
seccomp_family_name(enum seccomp_family f)
{
	return families[f].name;
}

unsigned
seccomp_families(const struct plan *p)
{
	unsigned f = 1U << SECCOMP_BASE | 1U << SECCOMP_RUNTIME;
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct step *st = &p->steps[i];

		switch (st->verb) {
		case VERB_ROOT: case VERB_MKDIR: case VERB_WRITE:
		case VERB_ENSURE_LINE: case VERB_SYMLINK:
		case VERB_SET_KEY: case VERB_REPLACE:
			f |= 1U << SECCOMP_FILES;
			break;
		case VERB_CHMOD: case VERB_CHOWN:
			/* without -R too: one entry goes through the tree
			 * walker (statx for its mount, the fd budget) */
		case VERB_COPY: case VERB_REMOVE:
			f |= 1U << SECCOMP_FILES | 1U << SECCOMP_TREES;
			break;
		case VERB_RENDER:
			f |= 1U << SECCOMP_FILES | 1U << SECCOMP_TEMPLATES;
			break;
		case VERB_RENDER_DIR:
			f |= 1U << SECCOMP_FILES | 1U << SECCOMP_TREES |
			    1U << SECCOMP_TEMPLATES;
			break;
		case VERB_WAIT:
			f |= 1U << SECCOMP_WAIT;
			break;
		case VERB_RUN: case VERB_EXEC:
			f |= 1U << SECCOMP_PROC;
			break;
		default:	/* variables: base */
			break;
		}
	}
	return f;
}

struct names {
	const char **v;
	size_t n;
};

static void
add_list(struct names *s, const char *const *l)
{
	for (; *l != NULL; l++) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		s->v[s->n++] = *l;
	}
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and drop duplicates. */
static void
uniq(struct names *s)
{
	size_t i, j = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp);
	for (i = 1; i < s->n; i++)
		if (strcmp(s->v[i], s->v[j]) != 0)
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

static int
has(const struct names *s, const char *name)
{
	return bsearch(&name, s->v, s->n, sizeof(*s->v), cmp) != NULL;
}

/* One "syscalls" entry: names in s for which keep(other) says so. */
static void
entry(struct buf *out, const struct names *s, const struct names *other,
    int in_other, const char *arch, int last)
{
	const char *sep = "";
	size_t i, col = 0;

	buf_adds(out, "    {\n      \"names\": [");
	for (i = 0; i < s->n; i++) {
		if (has(other, s->v[i]) != in_other)
			continue;
		if (col == 0 || col + strlen(s->v[i]) > 60) {
			buf_printf(out, "%s\n        ", *sep ? "," : "");
			col = 0;
		} else
			buf_adds(out, sep);
		buf_printf(out, "\"%s\"", s->v[i]);
		col += strlen(s->v[i]) + 4;
		sep = ", ";
	}
	buf_adds(out, "\n      ],\n      \"action\": \"SCMP_ACT_ALLOW\"");
	if (arch != NULL)
		buf_printf(out, ",\n      \"includes\": { \"arches\": "
		    "[\"%s\"] }", arch);
	buf_printf(out, "\n    }%s\n", last ? "" : ",");
}

void
seccomp_profile(unsigned fams, struct buf *out)
{
	struct names x = { NULL, 0 }, a = { NULL, 0 };
	int f;

	for (f = 0; f < SECCOMP_NFAMILIES; f++) {
		if (!(fams & 1U << f))
			continue;
		add_list(&x, families[f].both);
		add_list(&x, families[f].x86_64);
		add_list(&a, families[f].both);
		add_list(&a, families[f].aarch64);
	}
	uniq(&x);
	uniq(&a);
	buf_adds(out, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	    "  \"architectures\": [\"SCMP_ARCH_X86_64\", "
	    "\"SCMP_ARCH_AARCH64\"],\n  \"syscalls\": [\n");
	entry(out, &x, &a, 1, NULL, 0);
	entry(out, &x, &a, 0, "amd64", 0);
	entry(out, &a, &x, 0, "arm64", 1);
	buf_adds(out, "  ]\n}\n");
	free(x.v);
	free(a.v);
}
