/* vars: the plan's variable table. It starts as the process environment;
 * steps set, default, unset and mark variables secret or exported. */
#ifndef VARS_H
#define VARS_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lookup.h"

enum {
	VAR_SECRET = 1,		/* never printed; files from it default 0600 */
	VAR_EXPORT = 2,		/* passed to run/exec children */
	VAR_REMOVED = 4,	/* dropped from the child env (consumed _FILE) */
	VAR_BUILTIN = 8		/* VOLINIT_UID/GID: never passed on */
};

struct var {
	char *name;
	char *value;		/* NULL: unset (kept to remember flags) */
	char *orig;		/* value in the original environment, or NULL */
	unsigned flags;
};

struct vars {
	struct var *v;		/* sorted by name */
	size_t n, cap;
};

/* Fill from an environ-style array (copied). */
void vars_init(struct vars *vs, char *const *environ);
void vars_free(struct vars *vs);
/* The variable, or NULL when never seen. */
struct var *vars_find(const struct vars *vs, const char *name, size_t len);
/* Its value, or NULL when unset. */
const char *vars_get(const struct vars *vs, const char *name);
/* Set NAME=VALUE (copied), OR-ing in flags. A non-secret value replacing a
 * secret one clears VAR_SECRET. */
void vars_set(struct vars *vs, const char *name, const char *value,
    unsigned flags);
void vars_unset(struct vars *vs, const char *name);
/* The `unset` step: NAME loses its value and its export, and is gone from
 * every child's environment even when inherited, until the plan sets and
 * exports it again. */
void vars_drop(struct vars *vs, const char *name);
bool vars_is_set_nonempty(const struct vars *vs, const char *name);
/* A lookup over this table. */
struct lookup vars_lookup(struct vars *vs);
/* The environment for a child: the original environment (minus removed
 * names: a consumed NAME_FILE, an unset NAME) with exported variables at
 * their current value. Heap array of
 * heap strings, NULL-terminated; free with vars_free_env. */
char **vars_child_env(const struct vars *vs);
void vars_free_env(char **env);
/* Set every KEY=VALUE line of dotenv text (NUL-terminated, NULL for
 * none; split in place): `export ` prefixes, # comments, blank lines,
 * "..." with escapes, '...' literal, bare values trimmed with " #"
 * comments; values are never expanded. flags are OR-ed into each
 * variable. -1 with e (ERR_PLAN) at the first bad line, *line its number
 * (the lines before it are set). */
int vars_load_dotenv(struct vars *vs, char *text, unsigned flags,
    unsigned *line, struct err *e);
/* True when NAME is a valid variable name ([A-Za-z_][A-Za-z0-9_]*). */
bool vars_valid_name(const char *name, size_t len);
#endif
