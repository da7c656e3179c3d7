/* owner: parse passwd and group files and chown owner specs; the one
 * parser of those files (user= in proc.c uses it too).
 *
 * MUST: never call getpwnam/getgrnam (no NSS in a static binary); an
 * unknown name is an error naming it, never a fallback to root; a file
 * that is not a regular file is refused (no FIFO can block us); a
 * malformed line is skipped, never half-used; numeric fields are plain
 * decimal ids. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "owner.h"
#include "xalloc.h"

#define OWNER_FILE_CAP (16UL << 20)
#define OWNER_FIELDS 7

/* One line split on ':' without copying: field i is f[i], len[i] bytes. */
struct ent {
	const char *f[OWNER_FIELDS];
	size_t len[OWNER_FIELDS];
	size_t n;
};

int
owner_read(const char *path, struct buf *b, struct err *e)
{
	struct stat st;
	char tmp[4096];
	ssize_t r;
	int fd;

	buf_reset(b);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		err_set(e, ERR_STEP, errno, "open %s", path);
		return errno == ENOENT ? -2 : -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_STEP, 0, "%s is not a regular file",
		    path);
	}
	while ((r = read(fd, tmp, sizeof(tmp))) > 0 &&
	    b->len + (size_t)r <= OWNER_FILE_CAP)
		buf_add(b, tmp, (size_t)r);
	close(fd);
	if (r != 0)
		return err_set(e, ERR_STEP, r == -1 ? errno : EFBIG, "read %s",
		    path);
	return 0;
}

bool
owner_parse_id(const char *s, size_t len, unsigned long *id)
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

/* Split the line at *pp (up to '\n' or NUL) into en, the last field
 * keeping any further ':', and step *pp past it; false at the end of the
 * text. Comment and NIS lines come back with no fields. */
static bool
next_ent(const char **pp, struct ent *en)
{
	const char *p = *pp, *end, *c;

	if (*p == '\0')
		return false;
	end = p + strcspn(p, "\n");
	*pp = *end == '\n' ? end + 1 : end;
	en->n = 0;
	if (*p == '#' || *p == '+' || *p == '-')
		return true;
	while (en->n < OWNER_FIELDS) {
		c = memchr(p, ':', (size_t)(end - p));
		en->f[en->n] = p;
		en->len[en->n++] = (size_t)((c != NULL ? c : end) - p);
		if (c == NULL)
			break;
		p = c + 1;
	}
	return true;
}

static bool
field_is(const char *f, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(f, s, len) == 0;
}

int
owner_pw_find(const char *text, const char *user, struct owner_pw *pw)
{
	struct ent en;
	unsigned long key, uid, gid;
	bool numeric = owner_parse_id(user, strlen(user), &key);
	int r = 0;

	memset(pw, 0, sizeof(*pw));
	while (next_ent(&text, &en)) {
		if (en.n < OWNER_FIELDS || (numeric ? !owner_parse_id(en.f[2],
		    en.len[2], &uid) || uid != key :
		    !field_is(en.f[0], en.len[0], user)))
			continue;
		if (en.len[0] == 0 || !owner_parse_id(en.f[2], en.len[2],
		    &uid) || !owner_parse_id(en.f[3], en.len[3], &gid)) {
			r = -1;
			continue;
		}
		pw->name = xstrndup(en.f[0], en.len[0]);
		pw->uid = (uid_t)uid;
		pw->gid = (gid_t)gid;
		pw->home = xstrndup(en.f[5], en.len[5]);
		pw->shell = xstrndup(en.f[6], en.len[6]);
		return 1;
	}
	return r;
}

void
owner_pw_free(struct owner_pw *pw)
{
	free(pw->name);
	free(pw->home);
	free(pw->shell);
	memset(pw, 0, sizeof(*pw));
}

int
owner_gr_find(const char *text, const char *group, gid_t *gid)
{
	struct ent en;
	unsigned long id;
	int r = 0;

	while (next_ent(&text, &en)) {
		if (en.n < 3 || !field_is(en.f[0], en.len[0], group))
			continue;
		if (!owner_parse_id(en.f[2], en.len[2], &id)) {
			r = -1;
			continue;
		}
		*gid = (gid_t)id;
		return 1;
	}
	return r;
}

static bool
is_member(const char *m, size_t len, const char *user)
{
	const char *c, *end = m + len;

	for (; m < end; m = c + 1) {
		c = memchr(m, ',', (size_t)(end - m));
		if (c == NULL)
			c = end;
		if (field_is(m, (size_t)(c - m), user))
			return true;
	}
	return false;
}

void
owner_groups(const char *text, const char *user, gid_t base, gid_t **list,
    size_t *n)
{
	struct ent en;
	unsigned long id;
	size_t cap = 0, i;

	*n = 0;
	*list = xgrow(NULL, &cap, 1, sizeof(gid_t));
	(*list)[(*n)++] = base;
	while (next_ent(&text, &en)) {
		if (en.n < 4 || !owner_parse_id(en.f[2], en.len[2], &id) ||
		    !is_member(en.f[3], en.len[3], user))
			continue;
		for (i = 0; i < *n && (*list)[i] != (gid_t)id; i++)
			;
		if (i < *n)
			continue;
		*list = xgrow(*list, &cap, *n + 1, sizeof(gid_t));
		(*list)[(*n)++] = (gid_t)id;
	}
}

int
owner_getpw(const char *user, const char *passwd_path, struct owner_pw *pw,
    struct err *e)
{
	struct buf b = BUF_INIT;
	unsigned long id;
	int r = -1;

	memset(pw, 0, sizeof(*pw));
	if (owner_read(passwd_path, &b, e) == 0 &&
	    (r = owner_pw_find(buf_str(&b), user, pw)) == -1)
		err_set(e, ERR_STEP, 0, "%s: bad entry for '%s'", passwd_path,
		    user);
	else if (r == 0)
		err_set(e, ERR_STEP, 0, owner_parse_id(user, strlen(user),
		    &id) ? "no entry for uid %s in %s" :
		    "unknown user '%s' (not in %s)", user, passwd_path);
	buf_free(&b);
	return r == 1 ? 0 : -1;
}

/* GROUP (a name, or a numeric gid that needs no file) to *gid. */
static int
getgr(const char *group, const char *group_path, gid_t *gid, struct err *e)
{
	struct buf b = BUF_INIT;
	unsigned long id;
	int r = -1;

	if (owner_parse_id(group, strlen(group), &id)) {
		*gid = (gid_t)id;
		return 0;
	}
	if (owner_read(group_path, &b, e) == 0 &&
	    (r = owner_gr_find(buf_str(&b), group, gid)) == -1)
		err_set(e, ERR_STEP, 0, "%s: bad entry for '%s'", group_path,
		    group);
	else if (r == 0)
		err_set(e, ERR_STEP, 0, "unknown group '%s' (not in %s)",
		    group, group_path);
	buf_free(&b);
	return r == 1 ? 0 : -1;
}

int
owner_parse(const char *spec, const char *passwd_path,
    const char *group_path, uid_t *uid, gid_t *gid, struct err *e)
{
	const char *colon = strchr(spec, ':');
	char *user = xstrndup(spec, colon ? (size_t)(colon - spec) :
	    strlen(spec));
	const char *group = colon ? colon + 1 : "";
	struct owner_pw pw;
	unsigned long id;
	int r = 0;

	*uid = OWNER_NONE_UID;
	*gid = OWNER_NONE_GID;
	if (*user == '\0' && *group == '\0')
		r = err_set(e, ERR_STEP, 0, "invalid owner '%s'", spec);
	else if (owner_parse_id(user, strlen(user), &id) && (colon == NULL ||
	    *group != '\0'))
		*uid = (uid_t)id;	/* numeric: no passwd entry needed */
	else if (*user != '\0') {
		if ((r = owner_getpw(user, passwd_path, &pw, e)) == 0) {
			*uid = pw.uid;
			if (colon != NULL && *group == '\0')
				*gid = pw.gid;	/* NAME: login group */
			owner_pw_free(&pw);
		}
	}
	if (r == 0 && *group != '\0')
		r = getgr(group, group_path, gid, e);
	free(user);
	return r;
}
