/* shc: `sh -c STRING` for the programs that shell out (initdb runs
 * /bin/sh -c through popen and system). Not a shell: STRING must be one
 * simple command — words, '...' and "..." quoting without expansion, and
 * the redirections < F, > F, >> F, [0-2]> F, [0-2]>&[0-2] — which is
 * exec'd directly; every other construct is refused (exit 2) naming it and
 * its column. It can run nothing `exec` could not. */
#ifndef SHC_H
#define SHC_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum shc_op {
	SHC_IN,			/* N< F     (N default 0) */
	SHC_OUT,		/* N> F     (N default 1) */
	SHC_APPEND,		/* N>> F    (N default 1) */
	SHC_DUP			/* N>&M     (N default 1) */
};

struct shc_redir {
	enum shc_op op;
	int fd;			/* 0, 1 or 2: the descriptor redirected */
	int dupfd;		/* SHC_DUP: 0, 1 or 2, the one copied */
	char *path;		/* heap: the file (not SHC_DUP) */
};

/* The command, in order: argv[0..argc) NULL-terminated, redirections as
 * written (the shell applies them left to right). */
struct shc_cmd {
	char **argv;
	size_t argc;
	struct shc_redir *redirs;
	size_t nredirs;
};

/* Parse STRING into c. -1 with e (ERR_USAGE, file "-c", line 1, the
 * 1-based byte column of the construct) when it is not one simple
 * command; c is then empty. Free with shc_free either way. */
int shc_parse(const char *s, struct shc_cmd *c, struct err *e);
void shc_free(struct shc_cmd *c);


/* main() when started as sh (src/shc_main.c): accepts exactly
 * `sh -c [--] STRING [ARG0 [ARG...]]`, applies the redirections, execs
 * the command (PATH lookup as proc.h's: 127 not found, 126 not
 * executable). Returns only on failure: the exit code. */
int shc_main(int argc, char **argv);
#endif
