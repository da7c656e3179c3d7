/* gotmpl_lex: splits a template into tokens the way Go's text/template
 * lexer does (trim markers, comments, the action's tokens), one token per
 * call so the parser needs no token array. Errors name line:col. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "int.h"

static inline bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

long gt_utf8_decode(const char *s, size_t n, size_t *w);

/* Go's isAlphaNumeric with unicode.IsLetter approximated: outside ASCII,
 * any valid UTF-8 character but the Latin-1 signs, the general
 * punctuation and symbol blocks and CJK punctuation counts as a letter.
 * Returns the character's width in bytes, 0 when it is no name char. */
static size_t
name_char(const struct gt_lexer *l, size_t pos)
{
	int c = (unsigned char)l->s[pos];
	size_t w;
	long r;

	if (c < 0x80)
		return (c == '_' || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
	r = gt_utf8_decode(l->s + pos, l->n - pos, &w);
	if (r < 0 || (r >= 0x80 && r < 0xc0 && r != 0xaa && r != 0xb5 &&
	    r != 0xba) || r == 0xd7 || r == 0xf7 || (r >= 0x2000 &&
	    r < 0x2c00) || (r >= 0x3000 && r < 0x3040) || (r >= 0xfe00 &&
	    r < 0xfe70) || (r >= 0xff00 && r < 0xff10))
		return 0;
	return w;
}

int
gt_errorf(struct err *e, const char *name, const char *text, size_t pos,
    const char *fmt, ...)
{
	struct buf full = BUF_INIT;
	unsigned line = 1, col = 1;
	va_list ap;
	size_t i;

	for (i = 0; i < pos; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	va_start(ap, fmt);
	buf_vprintf(&full, fmt, ap);
	va_end(ap);
	err_set(e, ERR_PLAN, 0, "%s", buf_str(&full));
	buf_free(&full);
	err_file(e, NULL);
	e->line = 0;
	err_at(e, name, line, col);
	return -1;
}

void
gt_lex_init(struct gt_lexer *l, const char *name, const char *s, size_t n,
    const char *ld, const char *rd, struct err *e)
{
	memset(l, 0, sizeof(*l));
	l->s = s;
	l->n = n;
	l->ld = ld != NULL && *ld != '\0' ? ld : "{{";
	l->rd = rd != NULL && *rd != '\0' ? rd : "}}";
	l->ldn = strlen(l->ld);
	l->rdn = strlen(l->rd);
	l->state = LX_TEXT;
	l->e = e;
	l->name = name;
}

static int
lerr(struct gt_lexer *l, size_t pos, const char *msg)
{
	return gt_errorf(l->e, l->name, l->s, pos, "%s", msg);
}

static bool
has_prefix(const struct gt_lexer *l, size_t pos, const char *p, size_t n)
{
	return pos <= l->n && l->n - pos >= n && memcmp(l->s + pos, p, n) == 0;
}

/* "- " right after a left delimiter. */
static bool
left_trim(const struct gt_lexer *l, size_t pos)
{
	return pos + 2 <= l->n && l->s[pos] == '-' && is_space(l->s[pos + 1]);
}

/* " -" then the right delimiter. */
static bool
right_trim(const struct gt_lexer *l, size_t pos)
{
	return pos + 2 <= l->n && is_space(l->s[pos]) && l->s[pos + 1] == '-' &&
	    has_prefix(l, pos + 2, l->rd, l->rdn);
}

static const char *
find(const struct gt_lexer *l, size_t from, const char *p, size_t n)
{
	const char *s = l->s + from, *end = l->s + l->n;

	while ((size_t)(end - s) >= n) {
		const char *q = memchr(s, p[0], (size_t)(end - s) - n + 1);

		if (q == NULL)
			return NULL;
		if (n == 1 || (q[1] == p[1] && memcmp(q, p, n) == 0))
			return q;
		s = q + 1;
	}
	return NULL;
}

static void
skip_spaces(struct gt_lexer *l)
{
	while (l->pos < l->n && is_space(l->s[l->pos]))
		l->pos++;
}

static int
lex_comment(struct gt_lexer *l, size_t start)
{
	const char *end = find(l, l->pos + 2, "*/", 2);

	if (end == NULL)
		return lerr(l, start, "unclosed comment");
	l->pos = (size_t)(end - l->s) + 2;
	if (right_trim(l, l->pos)) {
		l->pos += 2 + l->rdn;
		skip_spaces(l);
	} else if (has_prefix(l, l->pos, l->rd, l->rdn))
		l->pos += l->rdn;
	else
		return lerr(l, start, "comment ends before closing delimiter");
	return 0;
}

/* Text up to the next left delimiter, minus the spaces a "{{- " trims. */
static int
lex_text(struct gt_lexer *l, struct gt_token *t)
{
	const char *d = find(l, l->pos, l->ld, l->ldn);
	size_t start = l->pos, end = d != NULL ? (size_t)(d - l->s) : l->n;

	if (d == NULL)
		l->state = LX_DONE;
	else {
		l->state = LX_LDELIM;
		if (left_trim(l, end + l->ldn))
			while (end > start && is_space(l->s[end - 1]))
				end--;
		l->pos = (size_t)(d - l->s);
	}
	if (end == start)
		return 0;
	t->type = TK_TEXT;
	t->pos = (uint32_t)start;
	t->len = (uint32_t)(end - start);
	return 1;
}

/* At a left delimiter: a comment is skipped whole, else the action opens. */
static int
lex_ldelim(struct gt_lexer *l, struct gt_token *t)
{
	size_t d = l->pos, m = d + l->ldn;

	if (left_trim(l, m))
		m += 2;
	if (has_prefix(l, m, "/*", 2)) {
		l->pos = m;
		if (lex_comment(l, d) < 0)
			return -1;
		l->state = LX_TEXT;
		return 0;
	}
	t->type = TK_LDELIM;
	t->pos = (uint32_t)d;
	t->len = (uint32_t)l->ldn;
	l->pos = m;
	l->state = LX_ACTION;
	l->paren = 0;
	return 1;
}

static bool
at_terminator(const struct gt_lexer *l, size_t pos)
{
	int c;

	if (pos >= l->n)
		return true;
	c = l->s[pos];
	if (is_space(c) || strchr(".,|:()", c) != NULL)
		return true;
	return has_prefix(l, pos, l->rd, l->rdn);
}

static const struct {
	const char *word;
	unsigned char len;
	enum gt_tok type;
} keywords[] = {
	{ "block", 5, TK_BLOCK }, { "break", 5, TK_BREAK },
	{ "continue", 8, TK_CONTINUE }, { "define", 6, TK_DEFINE },
	{ "else", 4, TK_ELSE }, { "end", 3, TK_END },
	{ "false", 5, TK_BOOL }, { "if", 2, TK_IF }, { "nil", 3, TK_NIL },
	{ "range", 5, TK_RANGE }, { "template", 8, TK_TEMPLATE },
	{ "true", 4, TK_BOOL }, { "with", 4, TK_WITH }
};

static enum gt_tok
word_type(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (keywords[i].len == n && keywords[i].word[0] == s[0] &&
		    memcmp(keywords[i].word, s, n) == 0)
			return keywords[i].type;
	return TK_IDENT;
}

/* A name after start: an identifier, .Field or $var. */
static int
lex_name(struct gt_lexer *l, struct gt_token *t, size_t start,
    enum gt_tok type)
{
	size_t w;

	while (l->pos < l->n && (w = name_char(l, l->pos)) > 0)
		l->pos += w;
	if (!at_terminator(l, l->pos))
		return lerr(l, l->pos, "bad character in name");
	t->type = type;
	if (type == TK_IDENT)
		t->type = word_type(l->s + start, l->pos - start);
	else if (type == TK_FIELD && l->pos == start + 1)
		t->type = TK_DOT;
	return 1;
}

static void
accept_run(struct gt_lexer *l, const char *set)
{
	while (l->pos < l->n && l->s[l->pos] != '\0' &&
	    strchr(set, l->s[l->pos]) != NULL)
		l->pos++;
}

static bool
accept(struct gt_lexer *l, const char *set)
{
	if (l->pos < l->n && l->s[l->pos] != '\0' &&
	    strchr(set, l->s[l->pos]) != NULL) {
		l->pos++;
		return true;
	}
	return false;
}

/* Go's scanNumber: loose here, strict in the parser's conversion. */
static int
lex_number(struct gt_lexer *l, struct gt_token *t)
{
	const char *digits = "0123456789_";

	accept(l, "+-");
	if (accept(l, "0")) {
		if (accept(l, "xX"))
			digits = "0123456789abcdefABCDEF_";
		else if (accept(l, "oO"))
			digits = "01234567_";
		else if (accept(l, "bB"))
			digits = "01_";
	}
	accept_run(l, digits);
	if (accept(l, "."))
		accept_run(l, digits);
	if (strlen(digits) == 11 && accept(l, "eE")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	if (strlen(digits) == 23 && accept(l, "pP")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	if (accept(l, "i") || (l->pos < l->n && (name_char(l, l->pos) > 0 ||
	    l->s[l->pos] == '+' || l->s[l->pos] == '-')))
		return lerr(l, t->pos, "bad number syntax");
	t->type = TK_NUMBER;
	return 1;
}

/* A quoted string, raw string or character constant, closed by q. */
static int
lex_quoted(struct gt_lexer *l, struct gt_token *t, char q, enum gt_tok type)
{
	for (;;) {
		int c;

		if (l->pos >= l->n)
			return lerr(l, t->pos, q == '`' ?
			    "unterminated raw quoted string" : q == '"' ?
			    "unterminated quoted string" :
			    "unterminated character constant");
		c = l->s[l->pos++];
		if (c == q)
			break;
		if (q == '`')
			continue;
		if (c == '\\' && l->pos < l->n && l->s[l->pos] != '\n')
			l->pos++;
		else if (c == '\\' || c == '\n')
			return lerr(l, t->pos, q == '"' ?
			    "unterminated quoted string" :
			    "unterminated character constant");
	}
	t->type = type;
	return 1;
}

/* A run of spaces; one that is the " " of " -}}" is left for the delim. */
static int
lex_space(struct gt_lexer *l, struct gt_token *t)
{
	size_t start = l->pos;

	while (l->pos < l->n && is_space(l->s[l->pos]))
		l->pos++;
	if (right_trim(l, l->pos - 1)) {
		l->pos--;
		if (l->pos == start)
			return 0;
	}
	t->type = TK_SPACE;
	return 1;
}

static int
lex_rdelim(struct gt_lexer *l, struct gt_token *t)
{
	bool trim = right_trim(l, l->pos);

	if (l->paren > 0)
		return lerr(l, l->pos, "unclosed left paren");
	t->type = TK_RDELIM;
	if (trim)
		l->pos += 2;
	l->pos += l->rdn;
	if (trim)
		skip_spaces(l);
	l->state = LX_TEXT;
	return 1;
}

/* Single-byte tokens and the ':=' pair. */
static int
lex_punct(struct gt_lexer *l, struct gt_token *t, int c)
{
	switch (c) {
	case '=':
		t->type = TK_ASSIGN;
		return 1;
	case ':':
		if (l->pos >= l->n || l->s[l->pos] != '=')
			return lerr(l, t->pos, "expected :=");
		l->pos++;
		t->type = TK_DECLARE;
		return 1;
	case '|':
		t->type = TK_PIPE;
		return 1;
	case '(':
		l->paren++;
		t->type = TK_LPAREN;
		return 1;
	case ')':
		if (--l->paren < 0)
			return lerr(l, t->pos, "unexpected right paren");
		t->type = TK_RPAREN;
		return 1;
	}
	if (c > ' ' && c < 0x7f) {
		t->type = TK_OTHER;
		return 1;
	}
	return lerr(l, t->pos, "unrecognized character in action");
}

static int
lex_action(struct gt_lexer *l, struct gt_token *t)
{
	int c;

	if (right_trim(l, l->pos) || has_prefix(l, l->pos, l->rd, l->rdn))
		return lex_rdelim(l, t);
	if (l->pos >= l->n)
		return lerr(l, t->pos, "unclosed action");
	c = (unsigned char)l->s[l->pos];
	if (is_space(c))
		return lex_space(l, t);
	l->pos++;
	if (c == '"' || c == '`' || c == '\'')
		return lex_quoted(l, t, (char)c, c == '"' ? TK_STRING :
		    c == '`' ? TK_RAW : TK_CHAR);
	if (c == '$') {
		if (at_terminator(l, l->pos)) {
			t->type = TK_VAR;
			return 1;
		}
		return lex_name(l, t, t->pos, TK_VAR);
	}
	if (c == '.' && (l->pos >= l->n || l->s[l->pos] < '0' ||
	    l->s[l->pos] > '9'))
		return lex_name(l, t, t->pos, TK_FIELD);
	if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
		l->pos--;
		return lex_number(l, t);
	}
	if (name_char(l, l->pos - 1) > 0) {
		l->pos--;
		return lex_name(l, t, t->pos, TK_IDENT);
	}
	return lex_punct(l, t, c);
}

/* The next token into t: 0 on success, -1 with l->e filled. Spaces inside
 * actions are tokens, as the parser's look-ahead needs them. */
int
gt_lex_next(struct gt_lexer *l, struct gt_token *t)
{
	int r = 0;

	while (r == 0) {
		t->pos = (uint32_t)l->pos;
		t->len = 0;
		switch (l->state) {
		case LX_TEXT:
			r = lex_text(l, t);
			continue;
		case LX_LDELIM:
			r = lex_ldelim(l, t);
			break;
		case LX_ACTION:
			r = lex_action(l, t);
			break;
		case LX_DONE:
			t->type = TK_EOF;
			return 0;
		}
		if (r > 0)
			t->len = (uint32_t)(l->pos - t->pos);
	}
	return r < 0 ? -1 : 0;
}
