/* caps: the Linux capabilities a plan needs, for `check --caps`. */
#ifndef CAPS_H
#define CAPS_H
#include "buf.h"
#include "plan.h"

/* Append to out the capabilities p needs when run as root with every
 * other capability dropped — each with the first step that needs it and
 * why — then a Kubernetes securityContext snippet ready to paste
 * (drop ALL, add those, runAsUser 0 only when one is needed,
 * allowPrivilegeEscalation false). Judged from the plan text alone: a
 * step whose need depends on the volume's owners (a recursive walk, a
 * write into a directory) is counted as needing it. */
void caps_report(const struct plan *p, struct buf *out);
#endif
