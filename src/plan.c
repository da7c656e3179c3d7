/* plan: the plan language's lexer and parser. Text in memory becomes steps
 * whose tokens keep their ${...} pieces unexpanded. Line oriented: one step
 * per line, '#' starts a comment at the start of a token, a trailing '\'
 * continues the line, blanks split tokens, "..." takes \n \t \\ \" \$ and
 * ${...}, '...' is literal. Keeps going after an error. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "expand.h"
#include "lang.h"
#include "plan.h"
#include "xalloc.h"

/* The name of an option verb v takes, name[0..len), or NULL. */
static const char *
opt_name(enum verb v, const char *name, size_t len)
{
	const struct lang_opt *o = lang_verb_opt(v, name, len);

	return o != NULL ? o->name : NULL;
}

const char *
plan_verb_name(enum verb v)
{
	return lang_verb(v)->name;
}

const struct opt *
plan_opt(const struct step *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nopts; i++)
		if (strcmp(s->opts[i].name, name) == 0)
			return &s->opts[i];
	return NULL;
}

/* ---- lexer ---- */

struct lex {
	const char *s;
	size_t n, i;
	unsigned line, col;
	const char *file;
	struct word *toks;
	size_t ntoks, cap;
	struct buf lit;
	unsigned lit_line, lit_col;
	int errors;
	bool line_error;	/* skip building this line's step */
	struct err *first;
	void (*report)(const struct err *);
};

static void lex_error(struct lex *, unsigned, unsigned, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
lex_error(struct lex *lx, unsigned line, unsigned col, const char *fmt, ...)
{
	struct err e = ERR_INIT;
	va_list ap;

	e.kind = ERR_PLAN;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	err_at(&e, lx->file, line, col);
	lx->line_error = true;
	if (lx->report != NULL) {
		lx->report(&e);
		e.reported = 1;
	}
	if (lx->errors++ == 0)
		*lx->first = e;
}

static int
peek(const struct lex *lx, size_t k)
{
	return lx->i + k < lx->n ? (unsigned char)lx->s[lx->i + k] : -1;
}

static void
advance(struct lex *lx, size_t k)
{
	while (k-- > 0 && lx->i < lx->n) {
		if (lx->s[lx->i++] == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
	}
}

/* Skip a backslash-newline continuation; true if one was there. */
static bool
continuation(struct lex *lx)
{
	if (peek(lx, 0) == '\\' && peek(lx, 1) == '\n') {
		advance(lx, 2);
		return true;
	}
	if (peek(lx, 0) == '\\' && peek(lx, 1) == '\r' && peek(lx, 2) == '\n') {
		advance(lx, 3);
		return true;
	}
	return false;
}

static void
flush_lit(struct lex *lx, struct word *w)
{
	struct seg *sg;

	if (lx->lit.len == 0)
		return;
	w->segs = xrealloc(w->segs, (w->nsegs + 1) * sizeof(*w->segs));
	sg = &w->segs[w->nsegs++];
	sg->expr = false;
	sg->list = 0;
	sg->len = lx->lit.len;
	sg->text = xstrndup(lx->lit.p, lx->lit.len);
	sg->line = lx->lit_line;
	sg->col = lx->lit_col;
	buf_reset(&lx->lit);
}

static void
add_lit(struct lex *lx, char c)
{
	if (lx->lit.len == 0) {
		lx->lit_line = lx->line;
		lx->lit_col = lx->col;
	}
	buf_addc(&lx->lit, c);
}

/* At "${": add the expression as a piece. False on error (reported). */
/* "${@}" or "${=NAME}" at s: its length, else 0. */
static size_t
list_expr(const char *s, size_t n)
{
	size_t i = 3;

	if (n >= 4 && memcmp(s, "${@}", 4) == 0)
		return 4;
	if (n < 5 || memcmp(s, "${=", 3) != 0)
		return 0;
	while (i < n && (s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= 'a' && s[i] <= 'z') || (i > 3 && s[i] >= '0' &&
	    s[i] <= '9')))
		i++;
	return i > 3 && i < n && s[i] == '}' ? i + 1 : 0;
}

static bool
lex_expr(struct lex *lx, struct word *w)
{
	struct err e = ERR_INIT;
	size_t ll = list_expr(lx->s + lx->i, lx->n - lx->i);
	long len = ll > 0 ? (long)ll :
	    expand_span(lx->s + lx->i, lx->n - lx->i, &e);
	struct seg *sg;

	if (len < 0) {
		lex_error(lx, lx->line, lx->col + e.col - 1, "%s", e.msg);
		return false;
	}
	if (len == 0 || memchr(lx->s + lx->i, '\n', (size_t)len) != NULL) {
		lex_error(lx, lx->line, lx->col, "%s", "unterminated '${'");
		return false;
	}
	flush_lit(lx, w);
	w->segs = xrealloc(w->segs, (w->nsegs + 1) * sizeof(*w->segs));
	sg = &w->segs[w->nsegs++];
	sg->expr = true;
	sg->list = ll > 0 ? lx->s[lx->i + 2] : 0;
	sg->text = xstrndup(lx->s + lx->i, (size_t)len);
	sg->len = (size_t)len;
	sg->line = lx->line;
	sg->col = lx->col;
	advance(lx, (size_t)len);
	return true;
}

/* A '$' outside single quotes: "${" expands, "$${" is a literal "${". */
static bool
lex_dollar(struct lex *lx, struct word *w)
{
	if (peek(lx, 1) == '{')
		return lex_expr(lx, w);
	if (peek(lx, 1) == '$' && peek(lx, 2) == '{') {
		add_lit(lx, '$');
		add_lit(lx, '{');
		advance(lx, 3);
		return true;
	}
	add_lit(lx, '$');
	advance(lx, 1);
	return true;
}

/* The byte a "\c" escape stands for, or -1. */
static int
unescape(int c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case '\\':
	case '"':
	case '$':
		return c;
	default:
		return -1;
	}
}

static bool
lex_double(struct lex *lx, struct word *w)
{
	unsigned line = lx->line, col = lx->col;

	advance(lx, 1);
	for (;;) {
		int c = peek(lx, 0);

		if (c < 0 || c == '\n') {
			lex_error(lx, line, col, "%s", "unterminated '\"'");
			return false;
		}
		if (c == '"') {
			advance(lx, 1);
			return true;
		}
		if (continuation(lx))
			continue;
		if (c == '$') {
			if (!lex_dollar(lx, w))
				return false;
			continue;
		}
		if (c == '\\') {
			int u = unescape(peek(lx, 1));

			if (u < 0) {
				char bad[2] = { (char)peek(lx, 1), 0 };

				lex_error(lx, lx->line, lx->col,
				    "unknown escape '\\%s' in \"...\"", bad);
				return false;
			}
			add_lit(lx, (char)u);
			advance(lx, 2);
			continue;
		}
		add_lit(lx, (char)c);
		advance(lx, 1);
	}
}

static bool
lex_single(struct lex *lx)
{
	unsigned line = lx->line, col = lx->col;

	advance(lx, 1);
	for (;;) {
		int c = peek(lx, 0);

		if (c < 0 || c == '\n') {
			lex_error(lx, line, col, "%s", "unterminated \"'\"");
			return false;
		}
		advance(lx, 1);
		if (c == '\'')
			return true;
		add_lit(lx, (char)c);
	}
}

/* Read one token at a non-blank. False on error (rest of line skipped). */
static bool
lex_word(struct lex *lx, struct word *w)
{
	memset(w, 0, sizeof(*w));
	w->line = lx->line;
	w->col = lx->col;
	w->bare = (size_t)-1;
	for (;;) {
		int c = peek(lx, 0);
		bool ok = true;

		if (continuation(lx))
			continue;
		if (c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r')
			break;
		if (w->bare == (size_t)-1 && (c == '"' || c == '\'' ||
		    c == '$' || c == '\\'))
			w->bare = w->nsegs == 0 ? lx->lit.len : 0;
		if (c == '"') {
			w->quoted = true;
			ok = lex_double(lx, w);
		} else if (c == '\'') {
			w->quoted = true;
			ok = lex_single(lx);
		} else if (c == '$') {
			ok = lex_dollar(lx, w);
		} else if (c == '\\' && peek(lx, 1) > 0 && peek(lx, 1) != '\n') {
			w->quoted = true;
			add_lit(lx, (char)peek(lx, 1));
			advance(lx, 2);
		} else {
			add_lit(lx, (char)c);
			advance(lx, 1);
		}
		if (!ok)
			return false;
	}
	flush_lit(lx, w);
	return true;
}

/* ---- parser: tokens to a step ---- */

static void
word_free(struct word *w)
{
	size_t i;

	for (i = 0; i < w->nsegs; i++)
		free(w->segs[i].text);
	free(w->segs);
	memset(w, 0, sizeof(*w));
}

/* The length of the NAME in a NAME=... token whose NAME= is bare (no
 * quote before the '='), or 0 when the token does not look like one. */
static size_t
opt_prefix(const struct word *w)
{
	const char *t;
	size_t i;

	if (w->nsegs == 0 || w->segs[0].expr)
		return 0;
	t = w->segs[0].text;
	for (i = 0; i < w->segs[0].len && i < w->bare; i++) {
		if (t[i] == '=')
			return i;
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '-'))
			return 0;
	}
	return 0;
}

/* Move the part of w after "NAME=" into the option's value word. */
static void
take_opt(struct step *st, const char *name, struct word *w, size_t plen)
{
	struct opt *o;
	struct seg *s0 = &w->segs[0];

	st->opts = xrealloc(st->opts, (st->nopts + 1) * sizeof(*st->opts));
	o = &st->opts[st->nopts++];
	o->name = name;
	o->value = *w;
	o->value.col = w->col + (unsigned)plen + 1;
	memmove(s0->text, s0->text + plen + 1, s0->len - plen);
	s0->len -= plen + 1;
	s0->col += (unsigned)plen + 1;
	if (s0->len == 0) {
		free(s0->text);
		memmove(s0, s0 + 1, (o->value.nsegs - 1) * sizeof(*s0));
		o->value.nsegs--;
	}
	memset(w, 0, sizeof(*w));
}

static bool
is_lit(const struct word *w, const char *s)
{
	return !w->quoted && w->nsegs == 1 && !w->segs[0].expr &&
	    strcmp(w->segs[0].text, s) == 0;
}

static void
push_word(struct word **v, size_t *n, struct word *w)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = *w;
	memset(w, 0, sizeof(*w));
}

/* Sort one token into option, flag, argument or command. */
static void
classify(struct lex *lx, struct step *st, struct word *w, bool *after_dd)
{
	const struct lang_verb *vd = lang_verb(st->verb);
	size_t plen;
	const char *name;

	if (*after_dd) {
		if (vd->flags & LF_CMD)
			push_word(&st->cmd, &st->ncmd, w);
		else
			push_word(&st->args, &st->nargs, w);
		return;
	}
	if (is_lit(w, "--")) {
		*after_dd = st->has_dashdash = true;
		word_free(w);
		return;
	}
	if ((vd->flags & LF_R) && st->nargs == 0 && is_lit(w, "-R")) {
		st->recursive = true;
		word_free(w);
		return;
	}
	plen = opt_prefix(w);
	name = plen > 0 ? opt_name(st->verb, w->segs[0].text, plen) : NULL;
	if (name != NULL) {
		if (plan_opt(st, name) != NULL)
			lex_error(lx, w->line, w->col, "option '%s=' given twice",
			    name);
		take_opt(st, name, w, plen);
	} else if (plen > 0 && !w->quoted && !(vd->flags & LF_ASSIGN) &&
	    !(st->verb == VERB_CHMOD && st->nargs == 0)) {
		/* chmod's MODE may be symbolic: `u=rwX,g=rX,o=` */
		char bad[64];

		snprintf(bad, sizeof(bad), "%.*s", (int)plen, w->segs[0].text);
		lex_error(lx, w->line, w->col, "unknown option '%s' for this "
		    "step (quote the token to pass it as an argument)", bad);
		word_free(w);
	} else {
		push_word(&st->args, &st->nargs, w);
	}
}

/* ${@} and ${=NAME} stand alone, after "--" or in a verb whose
 * arguments are words (args). */
static void
check_lists(struct lex *lx, const struct word *w, size_t n, bool allowed)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < w[i].nsegs; j++) {
			const struct seg *sg = &w[i].segs[j];

			if (sg->list == 0)
				continue;
			if (w[i].nsegs > 1)
				lex_error(lx, sg->line, sg->col, "%s inside a "
				    "longer token (it stands alone: it becomes "
				    "tokens of its own)", sg->text);
			else if (!allowed)
				lex_error(lx, sg->line, sg->col, "%s only after "
				    "'--' or in args", sg->text);
		}
}

static void
check_counts(struct lex *lx, const struct step *st)
{
	const struct lang_verb *vd = lang_verb(st->verb);

	if ((int)st->nargs < vd->min)
		lex_error(lx, st->line, st->col, "'%s': missing argument",
		    vd->name);
	else if (vd->max >= 0 && (int)st->nargs > vd->max)
		lex_error(lx, st->args[vd->max].line, st->args[vd->max].col,
		    "'%s': too many arguments", vd->name);
	if ((vd->flags & LF_CMD) && st->ncmd == 0)
		lex_error(lx, st->line, st->col, "'%s': missing '-- COMMAND'",
		    vd->name);
}

static int
find_verb(const struct word *w)
{
	if (w->quoted || w->nsegs != 1 || w->segs[0].expr)
		return -1;
	return lang_find_verb(w->segs[0].text, w->segs[0].len);
}

/* Turn the collected tokens of one line into a step of p. */
static void
build_step(struct lex *lx, struct plan *p)
{
	struct step st;
	bool after_dd = false;
	size_t i;
	int v = find_verb(&lx->toks[0]);

	if (lx->line_error)
		goto out;
	if (v < 0) {
		lex_error(lx, lx->toks[0].line, lx->toks[0].col,
		    "unknown step '%s'", lx->toks[0].nsegs > 0 ?
		    lx->toks[0].segs[0].text : "");
		goto out;
	}
	memset(&st, 0, sizeof(st));
	st.verb = (enum verb)v;
	st.file = lx->file;
	st.line = lx->toks[0].line;
	st.col = lx->toks[0].col;
	for (i = 1; i < lx->ntoks; i++)
		classify(lx, &st, &lx->toks[i], &after_dd);
	check_counts(lx, &st);
	check_lists(lx, st.args, st.nargs,
	    (lang_verb(st.verb)->flags & LF_WORDS) != 0);
	check_lists(lx, st.cmd, st.ncmd, true);
	for (i = 0; i < st.nopts; i++)
		check_lists(lx, &st.opts[i].value, 1, false);
	p->steps = xgrow(p->steps, &p->cap, p->n + 1, sizeof(*p->steps));
	p->steps[p->n++] = st;
out:
	for (i = 0; i < lx->ntoks; i++)
		word_free(&lx->toks[i]);
	lx->ntoks = 0;
}

/* Skip the rest of the line (after an error or a comment). */
static void
skip_line(struct lex *lx)
{
	while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
		advance(lx, 1);
}

int
plan_parse(struct plan *p, const char *name, const char *text, size_t len,
    void (*report)(const struct err *), struct err *e)
{
	struct lex lx;

	memset(&lx, 0, sizeof(lx));
	lx.s = text;
	lx.n = len;
	lx.line = lx.col = 1;
	lx.first = e;
	lx.report = report;
	p->files = xrealloc(p->files, (p->nfiles + 1) * sizeof(*p->files));
	lx.file = p->files[p->nfiles++] = xstrdup(name);
	if (memchr(text, '\0', len) != NULL)
		lex_error(&lx, 0, 0, "%s", "NUL byte in plan");
	for (;;) {
		int c = peek(&lx, 0);

		if (continuation(&lx))
			continue;
		if (c == ' ' || c == '\t' || c == '\r') {
			advance(&lx, 1);
		} else if (c < 0 || c == '\n') {
			if (lx.ntoks > 0)
				build_step(&lx, p);
			lx.line_error = false;
			if (c < 0)
				break;
			advance(&lx, 1);
		} else if (c == '#') {
			skip_line(&lx);
		} else {
			struct word w;

			lx.toks = xgrow(lx.toks, &lx.cap, lx.ntoks + 1,
			    sizeof(*lx.toks));
			if (lex_word(&lx, &w))
				lx.toks[lx.ntoks++] = w;
			else {
				word_free(&w);
				buf_reset(&lx.lit);
				skip_line(&lx);
			}
		}
	}
	free(lx.toks);
	buf_free(&lx.lit);
	return lx.errors;
}

static void
step_free(struct step *st)
{
	size_t i;

	for (i = 0; i < st->nargs; i++)
		word_free(&st->args[i]);
	for (i = 0; i < st->ncmd; i++)
		word_free(&st->cmd[i]);
	for (i = 0; i < st->nopts; i++)
		word_free(&st->opts[i].value);
	free(st->args);
	free(st->cmd);
	free(st->opts);
}

void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		step_free(&p->steps[i]);
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->steps);
	free(p->files);
	memset(p, 0, sizeof(*p));
}

void
plan_add_exec(struct plan *p, const char *file)
{
	struct step st;
	struct word w;

	memset(&st, 0, sizeof(st));
	memset(&w, 0, sizeof(w));
	st.verb = VERB_EXEC;
	st.file = file;
	st.has_dashdash = true;
	w.segs = xcalloc(1, sizeof(*w.segs));
	w.nsegs = 1;
	w.segs[0].expr = true;
	w.segs[0].list = '@';
	w.segs[0].text = xstrdup("${@}");
	w.segs[0].len = 4;
	push_word(&st.cmd, &st.ncmd, &w);
	p->steps = xgrow(p->steps, &p->cap, p->n + 1, sizeof(*p->steps));
	p->steps[p->n++] = st;
}

bool
plan_conditional(const struct step *st)
{
	static const char *const conds[] = { "if", "unless", "creates",
	    "if-exists", "if-empty", "unless-empty" };
	size_t i;

	for (i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		if (plan_opt(st, conds[i]) != NULL)
			return true;
	return false;
}

bool
plan_has_exec(const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->steps[i].verb == VERB_EXEC)
			return true;
	return false;
}

int
plan_validate(const struct plan *p, struct err *e)
{
	size_t i;

	for (i = 0; i + 1 < p->n; i++)
		if (p->steps[i].verb == VERB_EXEC &&
		    !plan_conditional(&p->steps[i])) {
			err_set(e, ERR_PLAN, 0, "an unconditional 'exec' must be "
			    "the last step (give it if=, unless=, creates=, "
			    "if-exists=, if-empty= or unless-empty= to stand "
			    "earlier)");
			err_at(e, p->steps[i].file, p->steps[i].line,
			    p->steps[i].col);
			return -1;
		}
	return 0;
}
