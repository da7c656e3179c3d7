/* shc_main: volinit started as `sh` (a link at /bin/sh): `sh -c STRING`
 * holding one simple command (src/shc.c says which), its redirections
 * applied left to right as the shell applies them — files followed
 * through links as the shell does, created 0666 under the umask — then
 * the command exec'd in place: descriptors, signal dispositions and the
 * environment stay exactly as sh would pass them. Refusals and failures
 * are one line on stderr, "sh: ...": 2 for a refused string or a failed
 * redirection (as dash), 127 not found, 126 not executable; otherwise the
 * status is the command's own, since it replaces us. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "shc.h"

extern char **environ;

static int
say(const struct err *e)
{
	char line[1024];

	err_format(e, line, sizeof(line));
	fprintf(stderr, "sh: %s\n", line);
	return err_exit_code(e);
}

static int
apply(const struct shc_redir *r, struct err *e)
{
	int fd, flags = O_RDONLY;

	if (r->op == SHC_DUP) {
		if (fcntl(r->dupfd, F_GETFD) == -1)
			return err_set(e, ERR_USAGE, errno, "%d", r->dupfd);
		if (r->dupfd != r->fd && dup2(r->dupfd, r->fd) == -1)
			return err_set(e, ERR_USAGE, errno, "%d>&%d", r->fd,
			    r->dupfd);
		return 0;
	}
	if (r->op == SHC_OUT)
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	else if (r->op == SHC_APPEND)
		flags = O_WRONLY | O_CREAT | O_APPEND;
	fd = open(r->path, flags | O_CLOEXEC, 0666);
	if (fd == -1)
		return err_set(e, ERR_USAGE, errno, "cannot %s %s",
		    r->op == SHC_IN ? "open" : "create", r->path);
	if (fd == r->fd)
		return fcntl(fd, F_SETFD, 0) == -1 ? err_set(e, ERR_USAGE,
		    errno, "%s", r->path) : 0;
	if (dup2(fd, r->fd) == -1) {
		close(fd);
		return err_set(e, ERR_USAGE, errno, "%d: %s", r->fd, r->path);
	}
	close(fd);
	return 0;
}

int
shc_main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct shc_cmd c;
	size_t i;
	int a = 2;

	if (proc_refuse_setid(&e) < 0)
		return say(&e);
	if (argc < 2 || strcmp(argv[1], "-c") != 0) {
		err_set(&e, ERR_USAGE, 0, "%s%s%s: volinit's sh takes only -c "
		    "STRING (one simple command; it is not a shell)",
		    argc < 2 ? "no -c" : "'", argc < 2 ? "" : argv[1],
		    argc < 2 ? "" : "'");
		return say(&e);
	}
	if (a < argc && strcmp(argv[a], "--") == 0)
		a++;
	if (a >= argc) {
		err_set(&e, ERR_USAGE, 0, "-c: STRING missing");
		return say(&e);
	}
	if (shc_parse(argv[a], &c, &e) < 0) {
		shc_free(&c);
		return say(&e);
	}
	err_file(&e, "-c");
	for (i = 0; i < c.nredirs; i++)
		if (apply(&c.redirs[i], &e) < 0) {
			shc_free(&c);
			return say(&e);
		}
	err_file(&e, NULL);
	proc_exec_path(c.argv, environ, getenv("PATH"), &e);
	shc_free(&c);
	return say(&e);
}
