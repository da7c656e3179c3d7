/* check: static validation of a parsed plan; see check.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "caps.h"
#include "check.h"
#include "fs.h"
#include "gotmpl.h"
#include "log.h"
#include "seccomp.h"
#include "tmpl.h"
#include "validate.h"
#include "xalloc.h"


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

/* Every option written literally, by the validator run uses. */
static void
check_opts(struct checker *k)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < k->st->nopts; i++) {
		const struct opt *o = &k->st->opts[i];
		const char *v = literal(&o->value, &b);
		struct err e = ERR_INIT;

		if (v != NULL && validate_opt(lang_opt(o->name), v, &e) < 0)
			finding(k, &e, o->value.line, o->value.col);
		else if ((strcmp(o->name, "if") == 0 ||
		    strcmp(o->name, "unless") == 0) &&
		    validate_condition(&o->value, &e) < 0)
			finding(k, &e, o->value.line, o->value.col);
	}
	buf_free(&b);
}

/* validate_step's view of a step: literal values, else unknown. */
struct literals {
	const struct step *st;
	struct buf b[4];
	unsigned next;
};

static const char *
literal_of(void *arg, const char *name)
{
	struct literals *l = arg;
	const struct word *w;
	const struct opt *o;
	const char *v;

	if (name == NULL)
		w = l->st->nargs > 0 ? &l->st->args[0] : NULL;
	else if (*name >= '0' && *name <= '9')	/* a positional argument */
		w = (size_t)atoi(name) < l->st->nargs ?
		    &l->st->args[atoi(name)] : NULL;
	else
		w = (o = plan_opt(l->st, name)) != NULL ? &o->value : NULL;
	if (w == NULL)
		return NULL;
	v = literal(w, &l->b[l->next++ % 4]);
	return v != NULL ? v : validate_unknown;
}

static void
check_rules(struct checker *k)
{
	struct literals l;
	struct err e = ERR_INIT;
	const char *at;
	const struct opt *o;
	unsigned i;

	memset(&l, 0, sizeof(l));
	l.st = k->st;
	if (validate_step(k->st->verb, literal_of, &l, &at, &e) < 0) {
		const struct word *w = NULL;

		if (at != NULL && *at >= '0' && *at <= '9')
			w = (size_t)atoi(at) < k->st->nargs ?
			    &k->st->args[atoi(at)] : NULL;
		else if (at != NULL && (o = plan_opt(k->st, at)) != NULL)
			w = &o->value;
		finding(k, &e, w != NULL ? w->line : k->st->line,
		    w != NULL ? w->col : k->st->col);
	}
	for (i = 0; i < 4; i++)
		buf_free(&l.b[i]);
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

	if (fs_read_file(path, TEMPLATE_MAX, &text, e) < 0)
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

int
check_plan(const struct plan *p, void (*report)(const struct err *),
    struct err *e)
{
	struct checker k = { report, e, 0, NULL };
	struct buf b = BUF_INIT, fb = BUF_INIT;
	struct err whole = ERR_INIT;
	size_t i, j;

	if (plan_validate(p, &whole) < 0 && p->n > 0) {
		k.st = &p->steps[0];
		finding(&k, &whole, whole.line, whole.col);
	}
	for (i = 0; i < p->n; i++) {
		k.st = &p->steps[i];
		check_opts(&k);
		check_rules(&k);
		for (j = 0; j < k.st->nargs; j++) {
			const char *a = literal(&k.st->args[j], &b);
			struct err one = ERR_INIT;
			const char *first = j == 0 ? a :
			    literal(&k.st->args[0], &fb);

			if (a == NULL)
				continue;
			if (validate_arg(k.st->verb, j, a, first != NULL ?
			    first : validate_unknown, &one) < 0)
				finding(&k, &one, k.st->args[j].line,
				    k.st->args[j].col);
		}
		if (k.st->verb == VERB_RENDER ||
		    k.st->verb == VERB_RENDER_DIR)
			check_templates(&k);
	}
	buf_free(&b);
	buf_free(&fb);
	return k.n;
}

/* `check --caps`: on stdout, before the checks' own findings. */
static int
print_caps(const struct plan *p, struct err *e)
{
	struct buf b = BUF_INIT;
	int r;

	caps_report(p, &b);
	r = log_stdout(buf_str(&b), b.len, e);
	buf_free(&b);
	return r;
}

/* `check --seccomp`: the profile on stdout, its families on stderr. */
static int
print_seccomp(const struct plan *p, struct err *e)
{
	struct buf b = BUF_INIT, fams = BUF_INIT;
	unsigned f = seccomp_families(p);
	int i, r;

	for (i = 0; i < SECCOMP_NFAMILIES; i++)
		if (f & 1U << i)
			buf_printf(&fams, "%s%s", fams.len ? ", " : "",
			    seccomp_family_name((enum seccomp_family)i));
	log_info("seccomp: system calls of %s", buf_str(&fams));
	seccomp_profile(f, &b);
	r = log_stdout(buf_str(&b), b.len, e);
	buf_free(&b);
	buf_free(&fams);
	return r;
}

int
check_command(const struct plan *p, bool caps, bool seccomp,
    void (*report)(const struct err *), struct err *e)
{
	int n;

	if ((caps && print_caps(p, e) < 0) || (seccomp &&
	    print_seccomp(p, e) < 0))
		return -1;
	n = check_plan(p, report, e);
	if (n == 0)
		log_info("check: %zu steps, no problems found", p->n);
	else
		log_info("check: %zu steps, %d problem%s found", p->n, n,
		    n > 1 ? "s" : "");
	return n ? -1 : 0;
}
