/* user: the image's /etc/passwd and /etc/group, parsed from memory (no
 * NSS: a static binary in a FROM scratch image has only these files, if
 * that). Files are found at $VOLINIT_PASSWD and $VOLINIT_GROUP when set
 * (tests), else /etc/passwd and /etc/group; a missing file reads as empty,
 * so numeric ids work in an image without them. */
#ifndef USER_H
#define USER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

struct user_pw {
	char *name;		/* heap */
	char *home;		/* heap; may be "" */
	uid_t uid;
	gid_t gid;
};

/* Read the passwd (which = 'p') or group ('g') file into out (capped at
 * 4 MiB). A missing file gives an empty buffer. ERR_STEP otherwise. */
int user_read_db(int which, struct buf *out, struct err *e);

/* Find an entry by name (name != NULL) or by uid in passwd text. Returns
 * true and fills pw (free with user_pw_free) when found. */
bool user_pw_find(const char *text, const char *name, uid_t uid,
    struct user_pw *pw);
void user_pw_free(struct user_pw *pw);
/* Find a group's gid by name in group text. */
bool user_gr_find(const char *text, const char *name, gid_t *gid);
/* The supplementary groups of user `name` as getgrouplist(3) gives them:
 * `primary` first, then every group listing name as a member, each once.
 * *list is heap memory (the caller frees it). */
void user_groups(const char *text, const char *name, gid_t primary,
    gid_t **list, size_t *n);
/* Parse a decimal id (no sign, fits, not (id)-1). */
bool user_parse_id(const char *s, size_t len, unsigned long *id);
#endif
