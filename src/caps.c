/* caps: which capabilities a plan needs, from its steps alone.
 *
 * MUST: never under-report (a missing capability fails a walk half-way
 * at run time); say for each capability which step needs it, so that a
 * reviewer can drop a step rather than grant a capability. Pure: reads
 * the parsed plan, writes a buffer. */
#include <stdbool.h>
#include <string.h>

#include "caps.h"

enum {
	CAPS_CHOWN, CAPS_DAC_OVERRIDE, CAPS_DAC_READ_SEARCH, CAPS_FOWNER,
	CAPS_FSETID, CAPS_SETGID, CAPS_SETUID, CAPS_N
};

static const char *const caps_name[CAPS_N] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
	"SETGID", "SETUID"
};

struct caps_need {
	const struct step *st[CAPS_N];	/* the first step needing it */
	const char *why[CAPS_N];
};

static void
need(struct caps_need *n, int cap, const struct step *st, const char *why)
{
	if (n->st[cap] == NULL) {
		n->st[cap] = st;
		n->why[cap] = why;
	}
}

/* A word's text when written without ${...}, else NULL. */
static const char *
literal(const struct word *w)
{
	if (w->nsegs == 0)
		return "";
	if (w->nsegs != 1 || w->segs[0].expr)
		return NULL;
	return w->segs[0].text;
}

/* Could mode text m set a set-id bit? NULL (an expansion): maybe. */
static bool
setid_mode(const char *m)
{
	size_t n;

	if (m == NULL || strchr(m, 's') != NULL)
		return true;
	n = strlen(m);
	return n >= 4 && strspn(m, "01234567") == n &&
	    ((m[n - 4] - '0') & 6) != 0;
}

/* The mode a step sets, if any: chmod's first argument or mode=. */
static const struct word *
mode_word(const struct step *st)
{
	const struct opt *o = plan_opt(st, "mode");

	if (st->verb == VERB_CHMOD)
		return st->nargs > 0 ? &st->args[0] : NULL;
	return o != NULL ? &o->value : NULL;
}

static bool
writes(enum verb v)
{
	return v == VERB_MKDIR || v == VERB_COPY || v == VERB_RENDER ||
	    v == VERB_RENDER_DIR || v == VERB_WRITE ||
	    v == VERB_ENSURE_LINE || v == VERB_SYMLINK || v == VERB_REMOVE ||
	    v == VERB_SET_KEY || v == VERB_REPLACE;
}

static void
step_needs(struct caps_need *n, const struct step *st)
{
	const struct word *m;

	if (writes(st->verb))
		need(n, CAPS_DAC_OVERRIDE, st, "write into directories owned "
		    "by others");
	if (plan_opt(st, "owner") != NULL)
		need(n, CAPS_CHOWN, st, "owner=");
	else if (writes(st->verb) && st->verb != VERB_REMOVE &&
	    st->verb != VERB_SYMLINK && st->verb != VERB_MKDIR)
		need(n, CAPS_CHOWN, st, "keep the owner of a file it rewrites");
	if (st->verb == VERB_COPY) {
		need(n, CAPS_CHOWN, st, "keep owners as cp -a does");
		need(n, CAPS_FOWNER, st, "keep modes and times of files it "
		    "gave away");
		need(n, CAPS_DAC_READ_SEARCH, st, "read source trees it "
		    "does not own");
	}
	if (st->verb == VERB_CHOWN)
		need(n, CAPS_CHOWN, st, "chown");
	if (st->verb == VERB_CHMOD)
		need(n, CAPS_FOWNER, st, "chmod of files owned by others");
	if (st->recursive)
		need(n, CAPS_DAC_READ_SEARCH, st, "walk 0700 trees owned by "
		    "others");
	if ((m = mode_word(st)) != NULL && setid_mode(literal(m))) {
		need(n, CAPS_FSETID, st, "set-id bits on files of a group it "
		    "is not in");
		need(n, CAPS_FOWNER, st, "set-id bits again after giving the "
		    "file away (chown clears them)");
	}
	if (plan_opt(st, "user") != NULL) {
		need(n, CAPS_SETGID, st, "user= (setgroups, setresgid)");
		need(n, CAPS_SETUID, st, "user= (setresuid)");
	}
}

static void
yaml(const struct caps_need *n, bool any, struct buf *out)
{
	const char *sep = "";
	int i;

	/* Accepted as printed: the kubelet refuses runAsNonRoot without a
	 * numeric runAsUser when the image has no USER, so both are set;
	 * 65532 is the distroless "nonroot" convention. */
	if (!any) {
		buf_adds(out, "# meets Pod Security \"restricted\"\n"
		    "securityContext:\n"
		    "  runAsNonRoot: true\n  runAsUser: 65532\n"
		    "  runAsGroup: 65532\n");
	} else if (n->st[CAPS_DAC_READ_SEARCH] == NULL) {
		buf_adds(out, "# meets Pod Security \"baseline\" (not "
		    "\"restricted\": it runs as root and adds capabilities)\n"
		    "securityContext:\n  runAsUser: 0\n  runAsGroup: 0\n");
	} else {
		/* baseline's allowed list has every capability here but
		 * DAC_READ_SEARCH */
		buf_adds(out, "# needs Pod Security \"privileged\": baseline "
		    "does not allow DAC_READ_SEARCH (drop the walk of trees "
		    "owned by others to meet baseline)\n"
		    "securityContext:\n  runAsUser: 0\n  runAsGroup: 0\n");
	}
	buf_adds(out, "  allowPrivilegeEscalation: false\n"
	    "  seccompProfile:\n    type: RuntimeDefault\n"
	    "  capabilities:\n    drop: [\"ALL\"]\n");
	if (!any)
		return;
	buf_adds(out, "    add: [");
	for (i = 0; i < CAPS_N; i++)
		if (n->st[i] != NULL) {
			buf_printf(out, "%s\"%s\"", sep, caps_name[i]);
			sep = ", ";
		}
	buf_adds(out, "]\n");
}

void
caps_report(const struct plan *p, struct buf *out)
{
	struct caps_need n;
	bool any = false;
	size_t i;
	int c;

	memset(&n, 0, sizeof(n));
	for (i = 0; i < p->n; i++)
		step_needs(&n, &p->steps[i]);
	for (c = 0; c < CAPS_N; c++) {
		if (n.st[c] == NULL)
			continue;
		if (!any)
			buf_adds(out, "# capabilities this plan needs:\n");
		any = true;
		buf_printf(out, "#   CAP_%-16s %s:%u %s: %s\n", caps_name[c],
		    n.st[c]->file != NULL ? n.st[c]->file : "-",
		    n.st[c]->line, plan_verb_name(n.st[c]->verb), n.why[c]);
	}
	if (!any)
		buf_adds(out, "# this plan needs no capabilities: run it as "
		    "any user that can write its paths\n");
	yaml(&n, any, out);
}
