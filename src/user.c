/* user: parse passwd and group text from memory.
 *
 * MUST: no NSS and no getpwnam (a static musl binary would try nscd);
 * malformed lines are skipped, never half-used; numeric fields must be
 * plain decimal ids; the first matching line wins, as in libc. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user.h"
#include "xalloc.h"

#define USER_DB_MAX (4UL << 20)
#define USER_FIELDS 7

int
user_read_db(int which, struct buf *out, struct err *e)
{
	const char *path = getenv(which == 'p' ? "VOLINIT_PASSWD" :
	    "VOLINIT_GROUP");
	char chunk[4096];
	ssize_t r;
	int fd;

	if (path == NULL || *path == '\0')
		path = which == 'p' ? "/etc/passwd" : "/etc/group";
	buf_reset(out);
	buf_adds(out, "");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd == -1)
		return err_set(e, ERR_STEP, errno, "open %s", path);
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 || out->len + (size_t)r > USER_DB_MAX) {
			err_set(e, ERR_STEP, r == -1 ? errno : EFBIG, "read %s",
			    path);
			close(fd);
			return -1;
		}
		buf_add(out, chunk, (size_t)r);
	}
	close(fd);
	return 0;
}

bool
user_parse_id(const char *s, size_t len, unsigned long *id)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v >= 0xffffffffUL)
		return false;
	*id = v;
	return true;
}

/* Split the line at p (up to '\n' or NUL) on ':' into at most max fields;
 * returns the number of fields and advances *next past the line. */
static size_t
fields(const char *p, const char **next, const char **f, size_t *fl,
    size_t max)
{
	size_t n = 0, len = strcspn(p, "\n");
	const char *end = p + len, *c;

	*next = *end == '\n' ? end + 1 : end;
	while (n < max) {
		c = memchr(p, ':', (size_t)(end - p));
		f[n] = p;
		fl[n++] = (size_t)((c != NULL ? c : end) - p);
		if (c == NULL)
			break;
		p = c + 1;
	}
	return n;
}

static bool
field_is(const char *f, size_t fl, const char *s)
{
	return strlen(s) == fl && memcmp(f, s, fl) == 0;
}

bool
user_pw_find(const char *text, const char *name, uid_t uid,
    struct user_pw *pw)
{
	const char *f[USER_FIELDS], *p = text, *next;
	size_t fl[USER_FIELDS];
	unsigned long u, g;

	for (; *p != '\0'; p = next) {
		if (fields(p, &next, f, fl, USER_FIELDS) != USER_FIELDS ||
		    !user_parse_id(f[2], fl[2], &u) ||
		    !user_parse_id(f[3], fl[3], &g) || fl[0] == 0)
			continue;
		if (name != NULL ? !field_is(f[0], fl[0], name) :
		    (uid_t)u != uid)
			continue;
		pw->name = xstrndup(f[0], fl[0]);
		pw->home = xstrndup(f[5], fl[5]);
		pw->uid = (uid_t)u;
		pw->gid = (gid_t)g;
		return true;
	}
	return false;
}

void
user_pw_free(struct user_pw *pw)
{
	free(pw->name);
	free(pw->home);
	pw->name = pw->home = NULL;
}

bool
user_gr_find(const char *text, const char *name, gid_t *gid)
{
	const char *f[4], *p = text, *next;
	size_t fl[4];
	unsigned long g;

	for (; *p != '\0'; p = next) {
		if (fields(p, &next, f, fl, 4) != 4 ||
		    !user_parse_id(f[2], fl[2], &g) ||
		    !field_is(f[0], fl[0], name))
			continue;
		*gid = (gid_t)g;
		return true;
	}
	return false;
}

static bool
is_member(const char *m, size_t len, const char *name)
{
	const char *c, *end = m + len;

	for (; m < end; m = c + 1) {
		c = memchr(m, ',', (size_t)(end - m));
		if (c == NULL)
			c = end;
		if (field_is(m, (size_t)(c - m), name))
			return true;
	}
	return false;
}

static void
add_gid(gid_t **list, size_t *n, size_t *cap, gid_t g)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*list)[i] == g)
			return;
	*list = xgrow(*list, cap, *n + 1, sizeof(**list));
	(*list)[(*n)++] = g;
}

void
user_groups(const char *text, const char *name, gid_t primary,
    gid_t **list, size_t *n)
{
	const char *f[4], *p = text, *next;
	size_t fl[4], cap = 0;
	unsigned long g;

	*list = NULL;
	*n = 0;
	add_gid(list, n, &cap, primary);
	for (; *p != '\0'; p = next) {
		if (fields(p, &next, f, fl, 4) != 4 ||
		    !user_parse_id(f[2], fl[2], &g))
			continue;
		if (is_member(f[3], fl[3], name))
			add_gid(list, n, &cap, (gid_t)g);
	}
}
