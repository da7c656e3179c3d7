/* gotmpl_render: a test driver for the syntax=go engine. It renders
 * TEMPLATE with its own environment as .Env and writes the result to
 * stdout, as the Go reference program (tests/gotmpl-ref) does, so the
 * differential runner can compare the two byte for byte.
 *
 * usage: gotmpl_render TEMPLATE [--strict] [--delims=L:R]
 * exit: 0 rendered, 3 template error (one line on stderr), 1 other. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "gotmpl.h"
#include "sink.h"
#include "xalloc.h"

extern char **environ;

struct envtab {
	char **v;	/* "NAME=VALUE", sorted by name */
	size_t n;
};

static int
namecmp(const char *a, const char *b)
{
	for (; *a != '=' && *a == *b; a++, b++)
		;
	return (*a == '=' ? 0 : (unsigned char)*a) -
	    (*b == '=' ? 0 : (unsigned char)*b);
}

static int
envcmp(const void *a, const void *b)
{
	return namecmp(*(char *const *)a, *(char *const *)b);
}

static const char *
env_get(void *arg, const char *name, size_t len, bool *secret)
{
	struct envtab *t = arg;
	size_t lo = 0, hi = t->n;

	(void)secret;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *e = t->v[mid];
		int c = strncmp(e, name, len);

		if (c == 0)
			c = e[len] == '=' ? 0 : (e[len] == '\0' ||
			    (unsigned char)e[len] < '=') ? -1 : 1;
		if (c == 0 && memchr(name, '=', len) == NULL)
			return e + len + 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
env_each(void *arg, void (*fn)(void *, const char *, const char *, bool),
    void *farg)
{
	struct envtab *t = arg;
	char name[4096];
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		k = (size_t)(strchr(t->v[i], '=') - t->v[i]);
		if (k >= sizeof(name))
			continue;
		memcpy(name, t->v[i], k);
		name[k] = '\0';
		fn(farg, name, t->v[i] + k + 1, false);
	}
}

/* Read fd to its end, straight into out (sized from fstat first). */
static int
read_all(int fd, struct buf *out)
{
	struct stat st;
	ssize_t r;

	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		buf_add(out, "", 0);
		out->p = xrealloc(out->p, out->len + (size_t)st.st_size + 4096);
		out->cap = out->len + (size_t)st.st_size + 4096;
	}
	for (;;) {
		if (out->cap - out->len < 4096) {
			out->p = xrealloc(out->p, out->cap * 2 + 4096);
			out->cap = out->cap * 2 + 4096;
		}
		r = read(fd, out->p + out->len, out->cap - out->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		out->len += (size_t)r;
	}
	out->p[out->len] = '\0';
	return r < 0 ? -1 : 0;
}

static int
file_read(void *arg, const char *path, struct buf *out, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	(void)arg;
	if (fd < 0)
		return err_set(e, ERR_STEP, errno, "open %s", path);
	if (read_all(fd, out) < 0) {
		err_set(e, ERR_STEP, errno, "read %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static bool
file_exists(void *arg, const char *path)
{
	struct stat st;

	(void)arg;
	return lstat(path, &st) == 0;
}

static int
fail(const struct err *e)
{
	char line[1024];

	err_format(e, line, sizeof(line));
	fprintf(stderr, "gotmpl_render: %s\n", line);
	return e->kind == ERR_PLAN ? 3 : 1;
}

int
main(int argc, char **argv)
{
	struct gotmpl_env env;
	struct err e = ERR_INIT;
	struct envtab tab;
	struct buf text = BUF_INIT;
	struct sink_fd *sf = xmalloc(sizeof(*sf));
	struct sink out = sink_to_fd(sf, 1);
	struct gotmpl *t;
	const char *path = NULL, *ld = NULL, *rd = NULL;
	char *delims = NULL, *map = NULL;
	size_t maplen = 0;
	struct stat st;
	int i, fd;

	memset(&env, 0, sizeof(env));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--strict") == 0)
			env.strict = true;
		else if (strncmp(argv[i], "--delims=", 9) == 0) {
			delims = xstrdup(argv[i] + 9);
			if (strchr(delims, ':') == NULL)
				return 2;
			*strchr(delims, ':') = '\0';
			ld = delims;
			rd = delims + strlen(delims) + 1;
		} else
			path = argv[i];
	}
	if (path == NULL) {
		fprintf(stderr, "usage: gotmpl_render TEMPLATE [--strict] "
		    "[--delims=L:R]\n");
		return 2;
	}
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		perror(path);
		return 1;
	}
	/* A regular file is mapped: no copy and one call to fault it in. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (map = mmap(NULL,
	    (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
	    0)) != MAP_FAILED)
		maplen = (size_t)st.st_size;
	else if (read_all(fd, &text) < 0) {
		perror(path);
		return 1;
	}
	close(fd);
	for (tab.n = 0; environ[tab.n] != NULL; tab.n++)
		;
	tab.v = xcalloc(tab.n + 1, sizeof(*tab.v));
	memcpy(tab.v, environ, tab.n * sizeof(*tab.v));
	qsort(tab.v, tab.n, sizeof(*tab.v), envcmp);
	env.vars.get = env_get;
	env.vars.each = env_each;
	env.vars.arg = &tab;
	env.read_file = file_read;
	env.exists = file_exists;
	if (maplen > 0) {
		t = gotmpl_parse(path, map, maplen, ld, rd, &e);
		munmap(map, maplen);
	} else
		t = gotmpl_parse(path, buf_str(&text), text.len, ld, rd, &e);
	buf_free(&text);	/* the template holds its own copy */
	if (t != NULL && gotmpl_exec(t, &env, &out, &e) == 0)
		sink_fd_flush(sf, &e);
	gotmpl_free(t);
	free(tab.v);
	free(sf);
	free(delims);
	return e.kind != ERR_NONE ? fail(&e) : 0;
}
