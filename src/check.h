/* check: `volinit check` — validate a plan without running it. Every
 * literal value is checked (modes, durations, statuses, wait targets, names,
 * option values) and every template a step names is parsed with its syntax.
 * Values holding ${...} are known only at run time and are left alone;
 * nothing on the filesystem is created, changed or required to exist
 * except the templates and template directories themselves. */
#ifndef CHECK_H
#define CHECK_H
#include <stdbool.h>

#include "err.h"
#include "plan.h"

/* Check every step; each finding goes to report, the first is kept in e.
 * Returns the number of findings. */
int check_plan(const struct plan *p, void (*report)(const struct err *),
    struct err *e);
/* `volinit check [--caps] [--seccomp]`: the capability report and the
 * seccomp profile on stdout (in that order), then check_plan with its
 * summary line on stderr; -1 when anything was found or failed. */
int check_command(const struct plan *p, bool caps, bool seccomp,
    void (*report)(const struct err *), struct err *e);
#endif
