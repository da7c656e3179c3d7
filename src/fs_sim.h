/* fs_sim: what a dry run's earlier steps would have made. A dry run
 * changes nothing on disk, so a later step would otherwise see the volume
 * as it was (a `chmod` of a directory a `mkdir` before it "makes" would
 * fail); every place a dry-run step looks at the filesystem asks this
 * table first (fs_at_lstat, fs_lstat and the dry-run branches of fs_write,
 * fs_walk and fs_copy), and records there what it would do.
 *
 * Entries are keyed by absolute, lexically cleaned paths (as fs_at_open
 * cleans them beneath their root). An entry is either held (the
 * simulation made it: a directory, a file with its content, a link with
 * its target; nothing on disk beneath or behind it counts), an overlay
 * (only the mode and owner of what is on disk change: its content, or a
 * directory's entries, are the disk's), or gone (removed: it and
 * everything beneath it are absent, whatever the disk holds). File
 * content is kept up to FS_SIM_KEEP bytes in all; beyond that a file is
 * kept as its size and a hash, and says so once in the log.
 * Pure bookkeeping over base: every create it stands for is exact
 * (fs_mkdirat, fs_openat_create clear the umask), so it needs none. */
#ifndef FS_SIM_H
#define FS_SIM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FS_SIM_KEEP	(4u << 20)

enum fs_sim_kind { FS_SIM_GONE, FS_SIM_DIR, FS_SIM_FILE, FS_SIM_LINK };

struct fs_sim_ent {
	char *path;		/* absolute, cleaned (heap) */
	enum fs_sim_kind kind;
	bool over;		/* an overlay of mode/owner on the disk's */
	mode_t mode;		/* permission bits, set-id and sticky */
	uid_t uid;
	gid_t gid;
	char *data;		/* file content (NULL when not kept), link
				 * target (heap) */
	size_t len;		/* file size */
	uint64_t hash;		/* fs_sim_hash of the file's content */
	unsigned long ino;	/* a made-up inode number, for st_ino */
};

struct fs_sim {
	struct fs_sim_ent *v;
	size_t n, cap;
	size_t *tab;		/* open addressing: index + 1, 0 empty */
	size_t tcap;
	size_t kept;		/* content bytes kept */
	uid_t uid;		/* who creates what the simulation makes */
	gid_t gid;
};

/* What the simulation says of a path. */
enum fs_sim_state {
	FS_SIM_DISK,		/* look at the disk (with an overlay, maybe) */
	FS_SIM_HELD,		/* the entry is the whole truth */
	FS_SIM_ABSENT		/* removed, or beneath what has no such entry */
};

void fs_sim_init(struct fs_sim *s);
void fs_sim_free(struct fs_sim *s);
/* FNV-1a, continued from h (start with FS_SIM_HASH0). */
#define FS_SIM_HASH0	0xcbf29ce484222325ull
uint64_t fs_sim_hash(uint64_t h, const void *p, size_t n);

/* The state of abs and (HELD, or DISK with an overlay) its entry, else
 * *ent NULL. The nearest ancestor with an entry decides for a path without
 * one: gone, a held directory (nothing of the disk's is beneath it) or a
 * file make it ABSENT; an overlay directory or none, DISK. */
enum fs_sim_state fs_sim_look(struct fs_sim *s, const char *abs,
    struct fs_sim_ent **ent);
/* A held entry as lstat would describe it (st_nlink 1, st_dev 0). */
void fs_sim_stat(const struct fs_sim_ent *en, struct stat *st);
/* An overlay's mode and owner over the disk's st. */
void fs_sim_over(const struct fs_sim_ent *en, struct stat *st);

/* Hold a new directory, link (data: its target) or file (data, len: its
 * content; kept while the total stays within FS_SIM_KEEP, else only its
 * size and hash: then it logs that later diffs against it are not shown).
 * It replaces whatever abs was; a held directory has nothing beneath it.
 * The entry, valid until the next call that adds one. */
struct fs_sim_ent *fs_sim_put(struct fs_sim *s, const char *abs,
    enum fs_sim_kind kind, mode_t mode, uid_t uid, gid_t gid,
    const char *data, size_t len);
/* A file of len bytes with content hash, not kept (past FS_SIM_KEEP):
 * logs that later diffs against it are not shown. */
struct fs_sim_ent *fs_sim_put_hash(struct fs_sim *s, const char *abs,
    mode_t mode, uid_t uid, gid_t gid, size_t len, uint64_t hash);
/* Mode and owner of abs change: a held entry is updated, a disk one (st:
 * what the disk holds) gets an overlay. */
void fs_sim_meta(struct fs_sim *s, const char *abs, const struct stat *st,
    mode_t mode, uid_t uid, gid_t gid);
/* abs and everything beneath it are gone. */
void fs_sim_gone(struct fs_sim *s, const char *abs);

/* Call fn on every entry that is not gone at abs or (below) beneath it,
 * in the order they were made (parents first). */
void fs_sim_each(struct fs_sim *s, const char *abs, bool below,
    void (*fn)(void *arg, struct fs_sim_ent *en), void *arg);
/* Does a held or overlay entry lie beneath abs (not abs itself)? */
bool fs_sim_any_beneath(const struct fs_sim *s, const char *abs);
#endif
