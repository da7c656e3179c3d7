/* owner: parse passwd and group files and chown owner specs.
 *
 * MUST: never call getpwnam/getgrnam (no NSS in a static binary); an
 * unknown name is an error naming it, never a fallback to root; a file
 * that is not a regular file is refused (no FIFO can block us). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "owner.h"
#include "xalloc.h"

#define OWNER_FILE_CAP (16UL << 20)

struct ent {
	char *f[7];
	int n;
};

/* Read a whole passwd/group file into b. ENOENT is reported as -2 so that
 * owner_groups can treat a missing group file as empty. */
static int
slurp(const char *path, struct buf *b, struct err *e)
{
	struct stat st;
	char tmp[4096];
	ssize_t r;
	int fd;

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
	buf_addc(b, '\n');
	return 0;
}

/* Split the next line at *pp in place into en; false at the end. Comment
 * lines and NIS `+`/`-` lines are skipped. */
static bool
next_ent(char **pp, struct ent *en)
{
	char *p = *pp, *nl;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		if (*p == '#' || *p == '+' || *p == '-' || *p == '\0')
			continue;
		en->n = 0;
		en->f[en->n++] = p;
		while (en->n < 7 && (p = strchr(p, ':')) != NULL) {
			*p++ = '\0';
			en->f[en->n++] = p;
		}
		*pp = nl + 1;
		return true;
	}
	*pp = p + strlen(p);
	return false;
}

/* Parse an all-digit id; false for anything else or (id_t)-1. */
static bool
parse_id(const char *s, unsigned long *id)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return *end == '\0' && errno == 0 && *id < 0xffffffffUL;
}

/* Find the entry of file whose field kf equals key (field 0: name, field 2:
 * id); at least minf fields. Returns 1 found, 0 not found, -1 error. */
static int
lookup(const char *path, int kf, const char *key, int minf, struct buf *b,
    struct ent *en, struct err *e)
{
	char *p;
	int r;

	if ((r = slurp(path, b, e)) < 0)
		return -1;
	p = b->p;
	while (next_ent(&p, en))
		if (en->n >= minf && strcmp(en->f[kf], key) == 0)
			return 1;
	return 0;
}

int
owner_getpw(const char *user, const char *passwd_path, struct owner_pw *pw,
    struct err *e)
{
	struct buf b = BUF_INIT;
	struct ent en;
	unsigned long id, gid;
	int r;

	memset(pw, 0, sizeof(*pw));
	r = lookup(passwd_path, parse_id(user, &id) ? 2 : 0, user, 7, &b, &en,
	    e);
	if (r == 1 && (!parse_id(en.f[2], &id) || !parse_id(en.f[3], &gid)))
		r = err_set(e, ERR_STEP, 0, "%s: bad entry for '%s'",
		    passwd_path, user);
	else if (r == 0)
		r = err_set(e, ERR_STEP, 0, parse_id(user, &id) ?
		    "no entry for uid %s in %s" :
		    "unknown user '%s' (not in %s)", user, passwd_path);
	if (r == 1) {
		pw->name = xstrdup(en.f[0]);
		pw->uid = (uid_t)id;
		pw->gid = (gid_t)gid;
		pw->home = xstrdup(en.f[5]);
		pw->shell = xstrdup(en.f[6]);
	}
	buf_free(&b);
	return r == 1 ? 0 : -1;
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
owner_getgr(const char *group, const char *group_path, gid_t *gid,
    struct err *e)
{
	struct buf b = BUF_INIT;
	struct ent en;
	unsigned long id;
	int r;

	if (parse_id(group, &id)) {
		*gid = (gid_t)id;
		return 0;
	}
	r = lookup(group_path, 0, group, 3, &b, &en, e);
	if (r == 1 && !parse_id(en.f[2], &id))
		r = err_set(e, ERR_STEP, 0, "%s: bad entry for '%s'",
		    group_path, group);
	else if (r == 0)
		r = err_set(e, ERR_STEP, 0, "unknown group '%s' (not in %s)",
		    group, group_path);
	if (r == 1)
		*gid = (gid_t)id;
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
	else if (*user != '\0' && parse_id(user, &id) && (colon == NULL ||
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
		r = owner_getgr(group, group_path, gid, e);
	free(user);
	return r;
}

static bool
is_member(char *members, const char *user)
{
	char *m, *save = NULL;

	for (m = strtok_r(members, ",", &save); m != NULL;
	    m = strtok_r(NULL, ",", &save))
		if (strcmp(m, user) == 0)
			return true;
	return false;
}

int
owner_groups(const char *user, gid_t base, const char *group_path,
    gid_t **list, size_t *n, struct err *e)
{
	struct buf b = BUF_INIT;
	struct ent en;
	unsigned long id;
	size_t cap = 0, i;
	char *p;
	int r;

	*n = 0;
	*list = xgrow(NULL, &cap, 1, sizeof(gid_t));
	(*list)[(*n)++] = base;
	if ((r = slurp(group_path, &b, e)) == -2)
		err_clear(e);
	if (r == -1) {
		buf_free(&b);
		return -1;
	}
	for (p = b.p; p != NULL && next_ent(&p, &en);) {
		if (en.n < 4 || !parse_id(en.f[2], &id) ||
		    !is_member(en.f[3], user))
			continue;
		for (i = 0; i < *n && (*list)[i] != (gid_t)id; i++)
			;
		if (i < *n)
			continue;
		*list = xgrow(*list, &cap, *n + 1, sizeof(gid_t));
		(*list)[(*n)++] = (gid_t)id;
	}
	buf_free(&b);
	return 0;
}
