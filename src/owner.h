/* owner: users and groups from the image's own passwd and group files,
 * parsed here (a static musl binary must not depend on NSS), for owner=
 * (chown specs) and user= (proc.c). The callers name the files, normally
 * "/etc/passwd" and "/etc/group"; tests pass fixtures or texts. Names
 * that are all digits are numeric ids and need no entry (as chown does
 * for an id with no name). */
#ifndef OWNER_H
#define OWNER_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
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
 * it with owner_pw_free). Errors (ERR_STEP): no such user or uid, a
 * missing or unreadable file; a numeric uid with no entry is an error too
 * (the caller decides what that means). */
int owner_getpw(const char *user, const char *passwd_path,
    struct owner_pw *pw, struct err *e);
void owner_pw_free(struct owner_pw *pw);

/* Read a passwd or group file into b (replacing what it held): a regular
 * file, at most 16 MiB. 0; -2 when it does not exist, with e filled (a
 * caller for whom a missing file is empty clears e); -1 otherwise. */
int owner_read(const char *path, struct buf *b, struct err *e);

/* The texts as owner_read gives them. A line is used only whole: a line
 * naming the key but with too few fields or a bad id is skipped, and a
 * later good one still counts; the first good one wins, as in libc.
 * Comment and NIS `+`/`-` lines are skipped. */

/* USER (a name, or a numeric uid) in passwd text: 1 with pw filled (free
 * it with owner_pw_free), 0 with pw zeroed when no line names it, -1 when
 * only malformed lines do. */
int owner_pw_find(const char *text, const char *user, struct owner_pw *pw);
/* GROUP, a name, in group text: 1 with *gid set, 0 or -1 as above. */
int owner_gr_find(const char *text, const char *group, gid_t *gid);
/* Supplementary groups of USER as getgrouplist(3) gives them: base first,
 * then every group whose member list names USER, without duplicates.
 * *list is heap memory the caller frees. */
void owner_groups(const char *text, const char *user, gid_t base,
    gid_t **list, size_t *n);

/* Parse a decimal id of len bytes: digits only, not (id_t)-1. */
bool owner_parse_id(const char *s, size_t len, unsigned long *id);
#endif
