/* owner: users and groups from the image's own passwd and group files,
 * parsed here (a static musl binary must not depend on NSS). The caller
 * passes the file names, normally "/etc/passwd" and "/etc/group"; tests
 * pass fixtures. Names that are all digits are numeric ids and need no
 * entry (as chown does for an id with no name). */
#ifndef OWNER_H
#define OWNER_H
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* The image's files: what the steps pass (tests pass fixtures). */
#define OWNER_PASSWD "/etc/passwd"
#define OWNER_GROUP "/etc/group"

#define OWNER_NONE_UID ((uid_t)-1)
#define OWNER_NONE_GID ((gid_t)-1)

/* A passwd entry; every string is heap memory owned by the struct. */
struct owner_pw {
	char *name;
	uid_t uid;
	gid_t gid;
	char *home;
	char *shell;
};

/* Parse a chown owner: `UID[:GID]`, `NAME[:GROUP]`, `NAME:` (the user's
 * login group from passwd), `:GROUP`. *uid is OWNER_NONE_UID with no user
 * part, *gid OWNER_NONE_GID with no group part. Errors (ERR_STEP): empty or
 * malformed spec, unknown user or group (named), unreadable files. */
int owner_parse(const char *spec, const char *passwd_path,
    const char *group_path, uid_t *uid, gid_t *gid, struct err *e);

/* Look up USER (a name, or a numeric uid) in passwd_path and fill pw (free
 * it with owner_pw_free). Errors (ERR_STEP): no such user or uid; a numeric
 * uid with no entry is an error too (the caller decides what that means,
 * e.g. `user=1000` without a group). */
int owner_getpw(const char *user, const char *passwd_path,
    struct owner_pw *pw, struct err *e);
void owner_pw_free(struct owner_pw *pw);

/* GROUP (a name or a numeric gid) to *gid. Errors: unknown name. */
int owner_getgr(const char *group, const char *group_path, gid_t *gid,
    struct err *e);

/* Supplementary groups of USER as getgrouplist(3) gives them: base first,
 * then every group whose member list names USER, without duplicates.
 * *list is heap memory the caller frees. A missing group file gives just
 * base; an unreadable one is an error. */
int owner_groups(const char *user, gid_t base, const char *group_path,
    gid_t **list, size_t *n, struct err *e);
#endif
