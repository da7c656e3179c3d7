/* seccomp: the system calls a plan makes, as a Docker/Kubernetes seccomp
 * profile, for `check --seccomp`. Names only (no libseccomp): the
 * container runtime resolves them for each architecture. */
#ifndef SECCOMP_H
#define SECCOMP_H
#include "buf.h"
#include "plan.h"

/* The families of system calls, one bit each in seccomp_families(). */
enum seccomp_family {
	SECCOMP_BASE,		/* every run: start, memory, logs, signals, exit */
	SECCOMP_RUNTIME,	/* every run: the container runtime's, before us */
	SECCOMP_FILES,		/* root, mkdir, write, ensure-line, symlink, ... */
	SECCOMP_TREES,		/* copy, remove, chmod -R, chown -R, render-dir */
	SECCOMP_TEMPLATES,	/* render, render-dir */
	SECCOMP_WAIT,		/* wait tcp|http|file|dns */
	SECCOMP_PROC,		/* run, exec: fork, privilege drop, execve */
	SECCOMP_NFAMILIES
};

/* The families p's steps need (bit 1 << SECCOMP_*), from the verbs alone:
 * a step skipped by if= at run time is counted, as check --caps does. */
unsigned seccomp_families(const struct plan *p);
const char *seccomp_family_name(enum seccomp_family f);
/* Append to out a seccomp profile (JSON) that allows exactly the calls of
 * those families: defaultAction SCMP_ACT_ERRNO (EPERM), architectures
 * x86_64 and aarch64, the names both have, then each one's own under
 * includes.arches (Docker's and containerd's key; a runtime that ignores it
 * gets names that do not exist on its architecture, which it skips). */
void seccomp_profile(unsigned families, struct buf *out);
#endif
