/* fs_sim: the dry run's table of what earlier steps would have made
 * (fs_sim.h). Entries only grow: a path made again replaces its entry in
 * place, a removed one becomes FS_SIM_GONE (and so does everything beneath
 * it), so an index stays valid and the table stays small: one entry per
 * path a dry run touches. Lookups go through a hash of the path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_sim.h"
#include "log.h"
#include "xalloc.h"

uint64_t
fs_sim_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void
fs_sim_init(struct fs_sim *s)
{
	memset(s, 0, sizeof(*s));
	s->uid = geteuid();
	s->gid = getegid();
}

void
fs_sim_free(struct fs_sim *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].path);
		if (s->v[i].data != NULL)
			explicit_bzero(s->v[i].data, s->v[i].len);
		free(s->v[i].data);
	}
	free(s->v);
	free(s->tab);
	memset(s, 0, sizeof(*s));
}

/* The slot of path in the hash table: its entry's, or the empty one it
 * would take. */
static size_t
slot(const struct fs_sim *s, const char *path)
{
	size_t i = (size_t)fs_sim_hash(FS_SIM_HASH0, path, strlen(path)) &
	    (s->tcap - 1);

	while (s->tab[i] != 0 && strcmp(s->v[s->tab[i] - 1].path, path) != 0)
		i = (i + 1) & (s->tcap - 1);
	return i;
}

static struct fs_sim_ent *
find(const struct fs_sim *s, const char *path)
{
	size_t i;

	if (s->tcap == 0)
		return NULL;
	i = slot(s, path);
	return s->tab[i] == 0 ? NULL : &s->v[s->tab[i] - 1];
}

/* Keep the table at most half full. */
static void
rehash(struct fs_sim *s)
{
	size_t i;

	if (s->tcap != 0 && 2 * (s->n + 1) <= s->tcap)
		return;
	free(s->tab);
	s->tcap = s->tcap == 0 ? 64 : 2 * s->tcap;
	s->tab = xcalloc(s->tcap, sizeof(*s->tab));
	for (i = 0; i < s->n; i++)
		s->tab[slot(s, s->v[i].path)] = i + 1;
}

/* The entry for path, made (gone, nothing else set) when there is none. */
static struct fs_sim_ent *
get(struct fs_sim *s, const char *path)
{
	struct fs_sim_ent *en = find(s, path);
	size_t i;

	if (en != NULL)
		return en;
	rehash(s);
	i = slot(s, path);
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	en = &s->v[s->n];
	memset(en, 0, sizeof(*en));
	en->path = xstrdup(path);
	en->ino = (unsigned long)s->n + 1;
	s->tab[i] = ++s->n;
	return en;
}

/* Drop what an entry held, leaving it gone. */
static void
clear(struct fs_sim *s, struct fs_sim_ent *en)
{
	if (en->data != NULL) {
		if (en->kind == FS_SIM_FILE)
			s->kept -= en->len;
		explicit_bzero(en->data, en->kind == FS_SIM_FILE ? en->len :
		    strlen(en->data));
		free(en->data);
	}
	en->data = NULL;
	en->kind = FS_SIM_GONE;
	en->over = false;
	en->len = 0;
}

static bool
beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/' && path[1] != '\0';
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

enum fs_sim_state
fs_sim_look(struct fs_sim *s, const char *abs, struct fs_sim_ent **ent)
{
	struct fs_sim_ent *en = find(s, abs);
	char *p, *slash;

	*ent = NULL;
	if (en != NULL) {
		if (en->kind == FS_SIM_GONE)
			return FS_SIM_ABSENT;
		*ent = en;
		return en->over ? FS_SIM_DISK : FS_SIM_HELD;
	}
	if (s->n == 0)
		return FS_SIM_DISK;
	p = xstrdup(abs);
	en = NULL;
	while (en == NULL && (slash = strrchr(p, '/')) != NULL &&
	    slash[1] != '\0') {
		slash[slash == p ? 1 : 0] = '\0';
		en = find(s, p);
	}
	free(p);
	if (en == NULL || (en->kind == FS_SIM_DIR && en->over))
		return FS_SIM_DISK;
	return FS_SIM_ABSENT;
}

void
fs_sim_stat(const struct fs_sim_ent *en, struct stat *st)
{
	static const mode_t type[] = { 0, S_IFDIR, S_IFREG, S_IFLNK };

	memset(st, 0, sizeof(*st));
	st->st_mode = type[en->kind] | en->mode;
	st->st_uid = en->uid;
	st->st_gid = en->gid;
	st->st_nlink = 1;
	st->st_ino = en->ino;
	st->st_size = en->kind == FS_SIM_LINK ? (off_t)strlen(en->data) :
	    en->kind == FS_SIM_FILE ? (off_t)en->len : 4096;
}

void
fs_sim_over(const struct fs_sim_ent *en, struct stat *st)
{
	st->st_mode = (st->st_mode & S_IFMT) | en->mode;
	st->st_uid = en->uid;
	st->st_gid = en->gid;
}

/* Every entry strictly beneath abs becomes gone. */
static void
gone_beneath(struct fs_sim *s, const char *abs)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].kind != FS_SIM_GONE && beneath(s->v[i].path, abs))
			clear(s, &s->v[i]);
}

static void
not_kept(const char *abs, size_t len)
{
	log_info("dry run: %s: %zu bytes, past what a dry run keeps (%u MiB in "
	    "all); later diffs against it are not shown", abs, len,
	    FS_SIM_KEEP >> 20);
}

struct fs_sim_ent *
fs_sim_put(struct fs_sim *s, const char *abs, enum fs_sim_kind kind,
    mode_t mode, uid_t uid, gid_t gid, const char *data, size_t len)
{
	struct fs_sim_ent *en = get(s, abs);

	clear(s, en);
	if (kind == FS_SIM_DIR)
		gone_beneath(s, abs);
	en->kind = kind;
	en->mode = mode & 07777;
	en->uid = uid;
	en->gid = gid;
	if (kind == FS_SIM_LINK) {
		en->data = xstrdup(data);
	} else if (kind == FS_SIM_FILE) {
		en->len = len;
		en->hash = fs_sim_hash(FS_SIM_HASH0, data, len);
		if (len <= FS_SIM_KEEP - s->kept) {
			en->data = xmalloc(len + 1);
			memcpy(en->data, data, len);
			en->data[len] = '\0';
			s->kept += len;
		} else
			not_kept(abs, len);
	}
	return en;
}

struct fs_sim_ent *
fs_sim_put_hash(struct fs_sim *s, const char *abs, mode_t mode, uid_t uid,
    gid_t gid, size_t len, uint64_t hash)
{
	struct fs_sim_ent *en = fs_sim_put(s, abs, FS_SIM_FILE, mode, uid, gid,
	    "", 0);

	en->len = len;
	en->hash = hash;
	if (en->data != NULL) {
		free(en->data);
		en->data = NULL;
	}
	not_kept(abs, len);
	return en;
}

void
fs_sim_meta(struct fs_sim *s, const char *abs, const struct stat *st,
    mode_t mode, uid_t uid, gid_t gid)
{
	struct fs_sim_ent *en = find(s, abs);

	if (en == NULL || en->kind == FS_SIM_GONE) {
		en = get(s, abs);
		en->over = true;
		en->kind = S_ISDIR(st->st_mode) ? FS_SIM_DIR :
		    S_ISLNK(st->st_mode) ? FS_SIM_LINK : FS_SIM_FILE;
	}
	en->mode = mode & 07777;
	en->uid = uid;
	en->gid = gid;
}

void
fs_sim_gone(struct fs_sim *s, const char *abs)
{
	gone_beneath(s, abs);
	clear(s, get(s, abs));
}

void
fs_sim_each(struct fs_sim *s, const char *abs, bool below,
    void (*fn)(void *arg, struct fs_sim_ent *en), void *arg)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].kind != FS_SIM_GONE &&
		    (strcmp(s->v[i].path, abs) == 0 ||
		    (below && beneath(s->v[i].path, abs))))
			fn(arg, &s->v[i]);
}

bool
fs_sim_any_beneath(const struct fs_sim *s, const char *abs)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].kind != FS_SIM_GONE && beneath(s->v[i].path, abs))
			return true;
	return false;
}
