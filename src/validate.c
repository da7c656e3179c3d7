/* validate: one check per kind of value (validate.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expand.h"
#include "mode.h"
#include "owner.h"
#include "proc.h"
#include "tmpl.h"
#include "validate.h"
#include "vars.h"
#include "wait.h"
#include "xalloc.h"

const char validate_unknown[] = "<unknown>";

/* "a b c" as "a, b or c". */
static const char *
spelled(const char *choices, char *out, size_t size)
{
	size_t i, o = 0, last = strlen(choices);

	while (last > 0 && choices[last - 1] != ' ')
		last--;
	for (i = 0; choices[i] != '\0' && o + 4 < size; i++) {
		if (choices[i] != ' ') {
			out[o++] = choices[i];
		} else if (i + 1 == last) {
			memcpy(out + o, " or ", 4);
			o += 4;
		} else {
			out[o++] = ',';
			out[o++] = ' ';
		}
	}
	out[o] = '\0';
	return out;
}

static int
choice(const char *what, const char *choices, const char *v, struct err *e)
{
	size_t n = strlen(v);
	const char *p = choices;
	char list[128];

	for (; *p != '\0'; p += strcspn(p, " "), p += *p == ' ')
		if (strncmp(p, v, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 0;
	return err_set(e, ERR_PLAN, 0, "%s takes %s, not '%s'", what,
	    spelled(choices, list, sizeof(list)), v);
}

static int
boolean(const char *what, const char *v, struct err *e)
{
	static const char *const words[] = { "true", "false", "yes", "no",
	    "on", "off", "1", "0" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(v, words[i]) == 0)
			return 0;
	return err_set(e, ERR_PLAN, 0, "%s takes true or false, not '%s'",
	    what, v);
}

/* header=: each line as wait_target_add_header takes it (which also
 * registers a credential's value for redaction, before any log line). */
static int
headers(const char *v, struct err *e)
{
	struct wait_target t;
	char *line;
	size_t n;
	int r = 0;

	memset(&t, 0, sizeof(t));
	t.kind = WAIT_HTTP;
	for (; r == 0; v += n + 1) {
		n = strcspn(v, "\n");
		line = xstrndup(v, n);
		r = wait_target_add_header(&t, line, e);
		explicit_bzero(line, n);
		free(line);
		if (v[n] == '\0')
			break;
	}
	wait_target_free(&t);
	return r;
}

static int
name(const char *a, enum lang_kind k, struct err *e)
{
	size_t n = k == LK_NAME ? strlen(a) : strcspn(a, "=");

	if (k == LK_ASSIGN && a[n] != '=')
		return err_set(e, ERR_PLAN, 0, "expected NAME=VALUE, got '%s'",
		    a);
	if (!vars_valid_name(a, n))
		return err_set(e, ERR_PLAN, 0, "bad variable name '%.*s'",
		    (int)n, a);
	return 0;
}

static int
value(enum lang_kind k, const char *what, const char *choices,
    const char *v, struct err *e)
{
	struct mode_spec ms;
	struct wait_status ws;
	struct proc_user u;
	enum tmpl_syntax syn;
	uid_t uid;
	gid_t gid;
	long ms_;
	mode_t um;
	int r;

	switch (k) {
	case LK_ANY:
		return 0;
	case LK_NONEMPTY:
		return *v != '\0' ? 0 :
		    err_set(e, ERR_PLAN, 0, "%s must not be empty", what);
	case LK_LIST:
		if (*v == '\0' || *v == ',' || v[strlen(v) - 1] == ',' ||
		    strstr(v, ",,") != NULL)
			return err_set(e, ERR_PLAN, 0, "%s%s: an empty name in "
			    "the list", what, v);
		return 0;
	case LK_CHOICE:
		return choice(what, choices, v, e);
	case LK_BOOL:
		return boolean(what, v, e);
	case LK_MODE:
		return mode_parse(v, &ms, e);
	case LK_OWNER:
		return owner_parse(v, OWNER_PASSWD, OWNER_GROUP, &uid, &gid, e);
	case LK_USER:
		memset(&u, 0, sizeof(u));
		r = proc_user_load(v, &u, e);
		proc_user_free(&u);
		return r;
	case LK_SYNTAX:
		return tmpl_syntax_parse(v, &syn, e);
	case LK_DELIMS:
		if (strchr(v, ':') == NULL || *v == ':' ||
		    v[strlen(v) - 1] == ':')
			return err_set(e, ERR_PLAN, 0, "delims= takes "
			    "LEFT:RIGHT");
		return 0;
	case LK_DURATION:
		return wait_parse_duration(v, &ms_, e);
	case LK_STATUS:
		return wait_parse_status(v, &ws, e);
	case LK_NAME:
	case LK_ASSIGN:
	case LK_NAME_DEFAULT:
		return name(v, k, e);
	case LK_ONELINE:
		return strpbrk(v, "\n\r") == NULL ? 0 : err_set(e, ERR_PLAN, 0,
		    "%s must be one line (no newline)", what);
	case LK_SEP:
		if (*v == '\0')
			return err_set(e, ERR_PLAN, 0, "%s must not be empty",
			    what);
		return value(LK_ONELINE, what, NULL, v, e);
	case LK_UMASK:
		return mode_parse_umask(v, &um, e);
	case LK_WAIT_KIND:
		if (choice("", "tcp http file dns unix", v, e) == 0)
			return 0;
		err_clear(e);
		return err_set(e, ERR_PLAN, 0, "unknown wait kind '%s' (want "
		    "tcp, http, file, dns or unix)", v);
	case LK_WAIT_TARGET:
		break;	/* needs the kind: validate_arg */
	case LK_HEADER:
		return headers(v, e);
	}
	return 0;
}

int
validate_opt(const struct lang_opt *o, const char *v, struct err *e)
{
	char what[32];

	snprintf(what, sizeof(what), "%s=", o->name);
	if (o->kind == LK_CHOICE)
		return choice(what, o->choices, v, e);
	if (o->kind == LK_BOOL)
		return boolean(what, v, e);
	return value(o->kind, what, o->choices, v, e);
}

int
validate_arg(enum verb v, size_t i, const char *a, const char *first,
    struct err *e)
{
	enum lang_kind k = lang_arg_kind(v, i);
	struct wait_target t;
	char what[48];
	int r;

	if (k != LK_WAIT_TARGET) {
		snprintf(what, sizeof(what), "%s's argument %zu",
		    lang_verb(v)->name, i + 1);
		return value(k, what, NULL, a, e);
	}
	if (first == validate_unknown || value(LK_WAIT_KIND, "", NULL, first,
	    e) < 0) {
		err_clear(e);	/* the kind's own finding says it */
		return 0;
	}
	memset(&t, 0, sizeof(t));
	r = wait_target_parse(&t, first, a, NULL, e);
	wait_target_free(&t);
	return r;
}

static bool
known(const char *v)
{
	return v != NULL && v != validate_unknown;
}

static int
render_rules(validate_get get, void *arg, const char **at, struct err *e)
{
	const char *syn = get(arg, "syntax");
	enum tmpl_syntax s;
	struct err ignore = ERR_INIT;

	if (syn == validate_unknown || tmpl_syntax_parse(syn, &s, &ignore) < 0)
		return 0;	/* unknown yet, or its own finding */
	if (get(arg, "vars") != NULL && s != TMPL_ENVSUBST) {
		*at = "vars";
		return err_set(e, ERR_PLAN, 0, "vars= needs syntax=envsubst");
	}
	if ((*at = get(arg, "delims") != NULL ? "delims" :
	    get(arg, "strict") != NULL ? "strict" : NULL) != NULL &&
	    s != TMPL_GO)
		return err_set(e, ERR_PLAN, 0, "%s= needs syntax=go", *at);
	*at = NULL;
	return 0;
}

static int
wait_rules(validate_get get, void *arg, const char **at, struct err *e)
{
	const char *kind = get(arg, NULL), *iv = get(arg, "interval");
	struct err ignore = ERR_INIT;
	long ms;

	if (known(iv) && wait_parse_duration(iv, &ms, &ignore) == 0 &&
	    ms == 0) {
		*at = "interval";
		return err_set(e, ERR_PLAN, 0, "interval=0: want a pause "
		    "between attempts, e.g. 500ms");
	}
	if (known(kind) && strcmp(kind, "http") != 0 && (*at =
	    get(arg, "status") != NULL ? "status" : get(arg, "header") !=
	    NULL ? "header" : get(arg, "body") != NULL ? "body" : NULL) !=
	    NULL)
		return err_set(e, ERR_PLAN, 0, "%s= applies to wait http only",
		    *at);
	*at = NULL;
	return 0;
}

/* tail= is supervise=true's; stdin= is fed by a forked helper that a
 * supervised exec does not have. */
static int
exec_rules(validate_get get, void *arg, const char **at, struct err *e)
{
	const char *sup = get(arg, "supervise");
	bool on = known(sup) && (strcasecmp(sup, "true") == 0 ||
	    strcasecmp(sup, "yes") == 0 || strcasecmp(sup, "on") == 0 ||
	    strcmp(sup, "1") == 0);

	if (sup == validate_unknown)
		return 0;
	if (!on && get(arg, "tail") != NULL) {
		*at = "tail";
		return err_set(e, ERR_PLAN, 0, "tail= needs supervise=true");
	}
	if (on && get(arg, "stdin") != NULL) {
		*at = "stdin";
		return err_set(e, ERR_PLAN, 0, "stdin= and supervise=true do "
		    "not go together (a supervised CMD keeps volinit's stdin)");
	}
	return 0;
}

/* set-key: a KEY that could never match its own line would be appended
 * on every run. */
static int
set_key_rules(validate_get get, void *arg, const char **at, struct err *e)
{
	const char *key = get(arg, "1");
	size_t n;

	if (!known(key))
		return 0;
	n = strlen(key);
	*at = "1";
	if (n == 0)
		return err_set(e, ERR_PLAN, 0, "set-key: KEY must not be empty");
	if (strchr(" \t", key[0]) != NULL || strchr(" \t", key[n - 1]) != NULL)
		return err_set(e, ERR_PLAN, 0, "set-key: KEY must not begin or "
		    "end with a blank");
	*at = NULL;
	return 0;
}

/* replace: a NEW holding OLD would change the file again on every run. */
static int
replace_rules(validate_get get, void *arg, const char **at, struct err *e)
{
	const char *old = get(arg, "1"), *new = get(arg, "2");

	if (known(old) && *old == '\0') {
		*at = "1";
		return err_set(e, ERR_PLAN, 0, "replace: OLD must not be "
		    "empty");
	}
	if (known(old) && known(new) && strstr(new, old) != NULL) {
		*at = "2";
		return err_set(e, ERR_PLAN, 0, "replace: NEW contains OLD, so "
		    "a second run would change the file again");
	}
	return 0;
}

int
validate_step(enum verb v, validate_get get, void *arg, const char **at,
    struct err *e)
{
	*at = NULL;
	if (v == VERB_RENDER || v == VERB_RENDER_DIR)
		return render_rules(get, arg, at, e);
	if (v == VERB_WAIT)
		return wait_rules(get, arg, at, e);
	if (v == VERB_SET_KEY)
		return set_key_rules(get, arg, at, e);
	if (v == VERB_REPLACE)
		return replace_rules(get, arg, at, e);
	if (v == VERB_EXEC)
		return exec_rules(get, arg, at, e);
	return 0;
}

int
validate_condition(const struct word *w, struct err *e)
{
	struct buf pat = BUF_INIT;
	const char *why = NULL, *op = NULL;
	size_t i, at;

	for (i = 0; i < w->nsegs; i++) {
		const struct seg *sg = &w->segs[i];

		if (op == NULL && !sg->expr && ((op = strstr(sg->text, "=="))
		    != NULL || (op = strstr(sg->text, "!=")) != NULL)) {
			buf_adds(&pat, op + 2);
			continue;
		}
		if (op != NULL)	/* a value matches literally: one byte */
			buf_adds(&pat, sg->expr ? "x" : sg->text);
	}
	if (op != NULL && strpbrk(buf_str(&pat), "*?[") != NULL)
		why = expand_glob_check(buf_str(&pat), pat.len, &at);
	buf_free(&pat);
	return why == NULL ? 0 : err_set(e, ERR_PLAN, 0, "the pattern after "
	    "'==' or '!=' has %s", why);
}
