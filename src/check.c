/* check: static validation of a parsed plan; see check.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fs.h"
#include "gotmpl.h"
#include "mode.h"
#include "owner.h"
#include "proc.h"
#include "tmpl.h"
#include "vars.h"
#include "wait.h"
#include "xalloc.h"

#define CHECK_TEMPLATE_MAX (16u << 20)

struct checker {
	void (*report)(const struct err *);
	struct err *first;
	int n;
	const struct step *st;
};

static void
finding(struct checker *k, struct err *e, unsigned line, unsigned col)
{
	err_at(e, k->st->file, line, col);
	if (k->report != NULL) {
		k->report(e);
		e->reported = 1;
	}
	if (k->n++ == 0)
		*k->first = *e;
}

/* The word's text when it holds no ${...}, else NULL. */
static const char *
literal(const struct word *w, struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < w->nsegs; i++) {
		if (w->segs[i].expr)
			return NULL;
		buf_add(b, w->segs[i].text, w->segs[i].len);
	}
	return buf_str(b);
}

static const char *
opt_literal(const struct step *st, const char *name, struct buf *b)
{
	const struct opt *o = plan_opt(st, name);

	return o != NULL ? literal(&o->value, b) : NULL;
}

static int
one_of(const char *v, const char *list, const char *what, struct err *e)
{
	size_t n = strlen(v);
	const char *p = list;

	for (; *p != '\0'; p += strcspn(p, " "), p += *p == ' ')
		if (strncmp(p, v, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 0;
	return err_set(e, ERR_PLAN, 0, "%s takes %s, not '%s'", what, list, v);
}

/* Names resolve against this machine's /etc/passwd and /etc/group: run
 * check where the plan will run (in the image) for a true answer. */
static int
check_owner(const char *v, struct err *e)
{
	uid_t u;
	gid_t g;

	return owner_parse(v, OWNER_PASSWD, OWNER_GROUP, &u, &g, e);
}

static int
check_user(const char *v, struct err *e)
{
	struct proc_user u;
	int r;

	memset(&u, 0, sizeof(u));
	r = proc_user_load(v, &u, e);
	proc_user_free(&u);
	return r;
}

/* Option values that are fixed words, numbers, modes or names. */
static int
check_value(const char *name, const char *v, struct err *e)
{
	struct mode_spec ms;
	struct wait_status ws;
	enum tmpl_syntax syn;
	long ms_;

	if (strcmp(name, "mode") == 0 || strcmp(name, "parents-mode") == 0)
		return mode_parse(v, &ms, e);
	if (strcmp(name, "overwrite") == 0)
		return one_of(v, "always missing never", "overwrite=", e);
	if (strcmp(name, "on-error") == 0)
		return one_of(v, "fail warn", "on-error=", e);
	if (strcmp(name, "trim") == 0)
		return one_of(v, "newlines none space", "trim=", e);
	if (strcmp(name, "links") == 0)
		return one_of(v, "keep follow", "links=", e);
	if (strcmp(name, "syntax") == 0)
		return tmpl_syntax_parse(v, &syn, e);
	if (strcmp(name, "timeout") == 0 || strcmp(name, "interval") == 0)
		return wait_parse_duration(v, &ms_, e);
	if (strcmp(name, "status") == 0)
		return wait_parse_status(v, &ws, e);
	if (strcmp(name, "owner") == 0)
		return check_owner(v, e);
	if (strcmp(name, "user") == 0)
		return check_user(v, e);
	if (strcmp(name, "suffix") == 0 && *v == '\0')
		return err_set(e, ERR_PLAN, 0, "suffix= must not be empty");
	if (strcmp(name, "delims") == 0 && (strchr(v, ':') == NULL ||
	    *v == ':' || v[strlen(v) - 1] == ':'))
		return err_set(e, ERR_PLAN, 0, "delims= takes LEFT:RIGHT");
	return 0;
}

static void
check_opts(struct checker *k)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < k->st->nopts; i++) {
		const struct opt *o = &k->st->opts[i];
		const char *v = literal(&o->value, &b);
		struct err e = ERR_INIT;

		if (v != NULL && check_value(o->name, v, &e) < 0)
			finding(k, &e, o->value.line, o->value.col);
	}
	buf_free(&b);
}

/* Every name "has a value" while checking: only the syntax is judged. */
static const char *
any_value(void *arg, const char *name, size_t len, bool *secret)
{
	(void)arg, (void)name, (void)len, (void)secret;
	return "x";
}

/* Parse one template with its syntax; errors name template:line:col. */
static int
check_template(const char *path, enum tmpl_syntax syn, const char *delims,
    struct err *e)
{
	struct buf text = BUF_INIT;
	struct lookup lk = { any_value, NULL, NULL };
	struct tmpl_opts o = { syn, NULL };
	struct sink out = sink_null();
	char *l = NULL, *r = NULL;
	bool sec = false;
	int rc = -1;

	if (fs_read_file(path, CHECK_TEMPLATE_MAX, &text, e) < 0)
		return -1;
	if (syn != TMPL_GO) {
		rc = tmpl_render_mem(buf_str(&text), text.len, path, &o, &lk,
		    &out, &sec, e);
	} else {
		struct gotmpl *t;
		const char *colon = delims != NULL ? strchr(delims, ':') : NULL;

		if (colon != NULL) {
			l = xstrndup(delims, (size_t)(colon - delims));
			r = xstrdup(colon + 1);
		}
		t = gotmpl_parse(path, buf_str(&text), text.len, l, r, e);
		rc = t != NULL ? 0 : -1;
		gotmpl_free(t);
	}
	free(l);
	free(r);
	buf_free(&text);
	return rc;
}

struct tdir {
	struct checker *k;
	enum tmpl_syntax syn;
	const char *delims, *suffix;
};

/* Every *suffix file below dir (links to files followed, "..*" skipped). */
static void
check_tdir(struct tdir *t, const char *dir, unsigned depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct err e = ERR_INIT;

	if (d == NULL || depth > 64) {
		err_set(&e, ERR_STEP, d == NULL ? errno : 0, "%s", dir);
		finding(t->k, &e, t->k->st->line, t->k->st->col);
		if (d != NULL)
			closedir(d);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct buf p = BUF_INIT;
		struct stat sb, lsb;
		size_t n = strlen(de->d_name), s = strlen(t->suffix);

		if (strcmp(de->d_name, ".") == 0 ||
		    strncmp(de->d_name, "..", 2) == 0)
			continue;
		buf_printf(&p, "%s/%s", dir, de->d_name);
		if (lstat(p.p, &lsb) == 0 && stat(p.p, &sb) == 0) {
			if (S_ISDIR(sb.st_mode) && !S_ISLNK(lsb.st_mode))
				check_tdir(t, p.p, depth + 1);
			else if (S_ISREG(sb.st_mode) && n > s &&
			    strcmp(de->d_name + n - s, t->suffix) == 0 &&
			    check_template(p.p, t->syn, t->delims, &e) < 0)
				finding(t->k, &e, e.line, e.col);
		}
		err_clear(&e);
		buf_free(&p);
	}
	closedir(d);
}

static void
check_templates(struct checker *k)
{
	struct buf b = BUF_INIT, sb = BUF_INIT, db = BUF_INIT, xb = BUF_INIT;
	const char *syn = opt_literal(k->st, "syntax", &sb);
	const char *delims = opt_literal(k->st, "delims", &db);
	const char *src = literal(&k->st->args[0], &b);
	struct err e = ERR_INIT;
	struct tdir t;

	t.k = k;
	if (src == NULL || (plan_opt(k->st, "syntax") != NULL && syn == NULL))
		goto out;	/* known only at run time */
	if (tmpl_syntax_parse(syn, &t.syn, &e) < 0)
		goto out;	/* check_opts reports it */
	t.delims = delims;
	if (k->st->verb == VERB_RENDER) {
		if (check_template(src, t.syn, delims, &e) < 0)
			finding(k, &e, k->st->args[0].line,
			    k->st->args[0].col);
		goto out;
	}
	t.suffix = opt_literal(k->st, "suffix", &xb);
	if (t.suffix == NULL)
		t.suffix = ".template";
	check_tdir(&t, src, 0);
out:
	buf_free(&b);
	buf_free(&sb);
	buf_free(&db);
	buf_free(&xb);
}

/* NAME, or NAME=VALUE where the verb assigns. */
static int
check_name(const char *a, bool assign, struct err *e)
{
	size_t n = assign ? strcspn(a, "=") : strlen(a);

	if (assign && a[n] != '=' && !vars_valid_name(a, n))
		return err_set(e, ERR_PLAN, 0, "expected NAME=VALUE, got '%s'",
		    a);
	if (!vars_valid_name(a, n))
		return err_set(e, ERR_PLAN, 0, "bad variable name '%.*s'",
		    (int)n, a);
	return 0;
}

static int
check_arg(const struct step *st, size_t i, const char *a, struct err *e)
{
	struct mode_spec ms;
	struct wait_target t;
	struct buf b = BUF_INIT;
	const char *kind;
	int r;

	switch (st->verb) {
	case VERB_ENV:
	case VERB_DEFAULT:
		return check_name(a, true, e);
	case VERB_FILE_ENV:
		return check_name(a, strchr(a, '=') != NULL, e);
	case VERB_REQUIRE:
	case VERB_FORBID:
	case VERB_EXPORT:
		return check_name(a, false, e);
	case VERB_CHMOD:
		return i == 0 ? mode_parse(a, &ms, e) : 0;
	case VERB_CHOWN:
		return i == 0 ? check_owner(a, e) : 0;
	case VERB_WAIT:
		kind = literal(&st->args[0], &b);
		r = 0;
		if (i > 0 && kind != NULL) {
			memset(&t, 0, sizeof(t));
			r = wait_target_parse(&t, kind, a, NULL, e);
			wait_target_free(&t);
		}
		buf_free(&b);
		return r;
	default:
		return 0;
	}
}

int
check_plan(const struct plan *p, void (*report)(const struct err *),
    struct err *e)
{
	struct checker k = { report, e, 0, NULL };
	struct buf b = BUF_INIT;
	struct err whole = ERR_INIT;
	size_t i, j;

	if (plan_validate(p, &whole) < 0 && p->n > 0) {
		k.st = &p->steps[0];
		finding(&k, &whole, whole.line, whole.col);
	}
	for (i = 0; i < p->n; i++) {
		k.st = &p->steps[i];
		check_opts(&k);
		for (j = 0; j < k.st->nargs; j++) {
			const char *a = literal(&k.st->args[j], &b);
			struct err one = ERR_INIT;

			if (a != NULL && check_arg(k.st, j, a, &one) < 0)
				finding(&k, &one, k.st->args[j].line,
				    k.st->args[j].col);
		}
		if (k.st->verb == VERB_RENDER ||
		    k.st->verb == VERB_RENDER_DIR)
			check_templates(&k);
	}
	buf_free(&b);
	return k.n;
}
