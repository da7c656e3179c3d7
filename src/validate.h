/* validate: the one check of every value the plan language takes, by the
 * kind lang.h gives it. `volinit check` calls it on each value written
 * literally in the plan, before anything runs; the engine calls it on
 * every value once expanded, before the handler runs. Same function, same
 * message, same file:line:col: check and run cannot disagree. Names
 * (owner=, user=, chown) resolve against this machine's passwd and group
 * files: run check where the plan will run. */
#ifndef VALIDATE_H
#define VALIDATE_H
#include <stddef.h>

#include "err.h"
#include "lang.h"
#include "plan.h"

/* A value that is not known yet (check: it holds a ${...}). */
extern const char validate_unknown[];

/* The value of option o. */
int validate_opt(const struct lang_opt *o, const char *v, struct err *e);
/* Positional argument i (after -R) of verb v; first is argument 0's value
 * (validate_unknown when not known), which a wait target depends on. */
int validate_arg(enum verb v, size_t i, const char *a, const char *first,
    struct err *e);

/* The rules between a step's values (vars= needs syntax=envsubst, status=
 * only for wait http, NEW not holding OLD for replace, ...). get returns
 * an option's value, NULL when the step does not give it, or
 * validate_unknown; get(arg, NULL) is argument 0, get(arg, "1"), "2", ...
 * (a name of digits) the positional argument of that index. On failure
 * *at is the option or the positional index ("1") to point at (NULL: the
 * step). */
typedef const char *(*validate_get)(void *arg, const char *name);
int validate_step(enum verb v, validate_get get, void *arg, const char **at,
    struct err *e);
/* An if=/unless= word: the glob right of its == or != is well formed
 * (expand_glob_check), judged on its literal text (what came from a ${}
 * matches literally, so it cannot break a pattern). */
int validate_condition(const struct word *w, struct err *e);
#endif
