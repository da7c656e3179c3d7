/* fs_copy: copy a file or a whole tree as `cp -a` does, safely and
 * idempotently. See the MUST list in fs_copy.c. */
#ifndef FS_COPY_H
#define FS_COPY_H
#include <stdbool.h>
#include <sys/types.h>

#include "err.h"
#include "fs.h"

struct fs_copy_opts {
	const struct fs_chmod *mode;	/* mode=, applied to the source's
					 * mode; NULL keeps it (borrowed) */
	uid_t uid;		/* owner=: (uid_t)-1 for no user part */
	gid_t gid;		/* (gid_t)-1 for no group part */
	bool has_owner;
	bool keep_owner;	/* as root: the source's owner where owner=
				 * does not say otherwise (cp -a) */
	enum fs_overwrite ow;
	bool follow;		/* links=follow: also links inside trees
				 * that stay inside the source */
	bool listed;		/* SNAME came from a glob: an entry of
				 * SDIRFD's tree, not a name (no cp -H) */
	bool dry_run;		/* count what would change only */
	/* A dry run: what earlier steps made (fs_sim), consulted for the
	 * destination (and a source they made) and told what the copy would
	 * make; sabs and dabs are SNAME's and DNAME's absolute paths. Each
	 * file whose content would change is passed to diff (hide: it came
	 * from a file others may not read or from a ConfigMap/Secret mount,
	 * so show no content). NULL outside a dry run. */
	struct fs_sim *sim;
	const char *sabs, *dabs;
	void (*diff)(void *arg, const char *path, const char *old,
	    size_t oldlen, const char *new, size_t newlen, bool hide);
	void *diff_arg;
};

/* Copy the entry SNAME of SDIRFD (followed when it is a link: cp -H,
 * unless o->listed) to DNAME in DDIRFD (DNAME itself is never followed).
 * DDIRFD may be -1 in dry-run for a destination directory that does not
 * exist yet. spath and dpath are the names shown in errors. A directory
 * is merged into DNAME (cp -a SRC/. DEST); a Kubernetes ConfigMap/Secret
 * layout (fs_cm_layout) is copied as its visible keys, `..*` left out.
 * Links inside the source follow fs_src_link's rule: the keys of such a
 * layout, and with o->follow links that stay inside the source; every
 * other link is copied as a link. Entries on another mount than either
 * top are left alone with a warning.
 * *changed counts files, directories and links created or replaced.
 * Errors: ERR_STEP (missing source, device, type clash, I/O), ERR_SAFETY
 * (a link where a file or directory is to be written). Returns 0 or -1. */
int fs_copy(int sdirfd, const char *sname, const char *spath, int ddirfd,
    const char *dname, const char *dpath, const struct fs_copy_opts *o,
    unsigned long *changed, struct err *e);

/* Remove the temp file of an interrupted copy, if any. Async-signal-safe:
 * for the SIGTERM/SIGINT handler, beside fs_cleanup_on_signal(). */
void fs_copy_cleanup_on_signal(void);
#endif
