/* shc: the `sh -c STRING` parser. Pure code.
 *
 * What is accepted is a subset of POSIX sh's simple command whose meaning
 * is the same in dash, bash and busybox sh: words made of unquoted bytes,
 * '...' (literal), "..." (literal as long as it holds no $, ` or \), and
 * \c outside quotes (c itself); an unquoted `exec` in front (dropped: the
 * command is exec'd anyway); the redirections N< F, N> F, N>> F (N 0-2,
 * default 0 for <, 1 for >), N>&M (M 0-2), the file glued or not, applied
 * left to right. Everything the shell would give a meaning beyond that is
 * refused with the construct and its column, before anything runs:
 * expansions, substitutions, lists, pipelines, subshells, groups, globs,
 * tilde, comments, here-documents, variable assignments, reserved words
 * and the builtins no PATH lookup can stand in for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "shc.h"
#include "xalloc.h"

#define WHY "volinit's sh runs one simple command"
#define NO_QUOTE ((size_t)-1)

struct sc {
	const char *s;
	size_t i;
	struct err *e;
};

static const char *const reserved[] = {
	"!", "[[", "]]", "case", "coproc", "do", "done", "elif", "else",
	"esac", "fi", "for", "function", "if", "in", "select", "then",
	"until", "while", NULL
};

/* Builtins that change the shell itself, or that PATH cannot provide. */
static const char *const builtins[] = {
	".", ":", "alias", "bg", "break", "cd", "command", "continue", "eval",
	"exit", "export", "fg", "getopts", "hash", "jobs", "local", "read",
	"readonly", "return", "set", "shift", "source", "times", "trap",
	"type", "ulimit", "umask", "unalias", "unset", "wait", NULL
};

static int
refuse(struct sc *x, size_t at, const char *what, const char *desc)
{
	err_set(x->e, ERR_USAGE, 0, "'%s' (%s) is not supported: " WHY, what,
	    desc);
	err_at(x->e, "-c", 1, (unsigned)at + 1);
	return -1;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Ends an unquoted word. */
static bool
delim(char c)
{
	return c == '\0' || c == '\n' || blank(c) || c == '|' || c == '&' ||
	    c == ';' || c == '<' || c == '>' || c == '(' || c == ')';
}

static bool
in_list(const char *const *l, const char *w)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, w) == 0)
			return true;
	return false;
}

/* An unquoted "{...}" holding ',' or "..": bash's brace expansion (bash
 * is /bin/sh in some images). */
static bool
brace_expansion(const char *p)
{
	const char *q;

	for (q = p + 1; !delim(*q) && *q != '}'; q++)
		if (*q == ',' || (q[0] == '.' && q[1] == '.'))
			return true;
	return false;
}

static int
refuse_dollar(struct sc *x, size_t at)
{
	const char *p = x->s + at;

	if (p[1] == '(' && p[2] == '(')
		return refuse(x, at, "$((", "an arithmetic expansion");
	if (p[1] == '(')
		return refuse(x, at, "$(", "a command substitution");
	return refuse(x, at, "$", "a parameter expansion");
}

/* "..." at x->i: literal only. */
static int
dquote(struct sc *x, struct buf *b)
{
	size_t j, at = x->i;

	for (j = at + 1; x->s[j] != '"'; j++) {
		switch (x->s[j]) {
		case '\0':
			err_set(x->e, ERR_USAGE, 0, "unterminated '\"': " WHY);
			err_at(x->e, "-c", 1, (unsigned)at + 1);
			return -1;
		case '$':
			return refuse(x, j, "$", "inside \"...\" the shell "
			    "would expand it");
		case '`':
			return refuse(x, j, "`", "inside \"...\" the shell "
			    "would substitute it");
		case '\\':
			return refuse(x, j, "\\", "inside \"...\" the shell "
			    "would treat it as an escape");
		case '\n':
			return refuse(x, j, "\\n", "a newline");
		}
	}
	buf_add(b, x->s + at + 1, j - at - 1);
	x->i = j + 1;
	return 0;
}

/* One word at x->i into b; *qat = offset in b of its first quoted byte
 * (NO_QUOTE: none). */
static int
word(struct sc *x, struct buf *b, size_t *qat)
{
	const char *s = x->s;
	size_t j;

	buf_reset(b);
	*qat = NO_QUOTE;
	while (!delim(s[x->i])) {
		size_t at = x->i;

		switch (s[at]) {
		case '\'':
			if (*qat == NO_QUOTE)
				*qat = b->len;
			for (j = at + 1; s[j] != '\'' && s[j] != '\0' &&
			    s[j] != '\n'; j++)
				;
			if (s[j] == '\n')
				return refuse(x, j, "\\n", "a newline");
			if (s[j] == '\0') {
				err_set(x->e, ERR_USAGE, 0, "unterminated "
				    "\"'\": " WHY);
				err_at(x->e, "-c", 1, (unsigned)at + 1);
				return -1;
			}
			buf_add(b, s + at + 1, j - at - 1);
			x->i = j + 1;
			continue;
		case '"':
			if (*qat == NO_QUOTE)
				*qat = b->len;
			if (dquote(x, b) < 0)
				return -1;
			continue;
		case '\\':
			if (s[at + 1] == '\n')
				return refuse(x, at + 1, "\\n", "a newline");
			if (s[at + 1] == '\0')
				return refuse(x, at, "\\", "a backslash at "
				    "the end");
			if (*qat == NO_QUOTE)
				*qat = b->len;
			buf_addc(b, s[at + 1]);
			x->i += 2;
			continue;
		case '$':
			return refuse_dollar(x, at);
		case '`':
			return refuse(x, at, "`", "a command substitution");
		case '*':
		case '?':
		case '[':
			return refuse(x, at, (const char[]){ s[at], 0 },
			    "a glob pattern");
		case '~':
			return refuse(x, at, "~", "a tilde expansion");
		case '#':
			if (b->len == 0 && *qat == NO_QUOTE)
				return refuse(x, at, "#", "a comment");
			break;
		case '{':
			if (brace_expansion(s + at))
				return refuse(x, at, "{", "a brace expansion");
			break;
		}
		buf_addc(b, s[at]);
		x->i++;
	}
	return 0;
}

/* NAME=... unquoted up to its '=': a variable assignment. */
static bool
assignment(const struct buf *b, size_t qat)
{
	const char *eq = b->len > 0 ? memchr(b->p, '=', b->len) : NULL;
	size_t i, n;

	if (eq == NULL || eq == b->p || (n = (size_t)(eq - b->p)) >= qat)
		return false;
	for (i = 0; i < n; i++) {
		char c = b->p[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static struct shc_redir *
add_redir(struct shc_cmd *c, enum shc_op op, int fd)
{
	struct shc_redir *r;

	c->redirs = xrealloc(c->redirs, (c->nredirs + 1) * sizeof(*r));
	r = &c->redirs[c->nredirs++];
	memset(r, 0, sizeof(*r));
	r->op = op;
	r->fd = fd;
	return r;
}

/* A redirection at x->i ('<' or '>'); fd -1 = the default. */
static int
redir(struct sc *x, struct shc_cmd *c, int fd, struct buf *b)
{
	const char *s = x->s, *p = s + x->i, *opname;
	enum shc_op op;
	size_t qat, opat = x->i;

	if (p[0] == '<') {
		if (p[1] == '<')
			return refuse(x, opat, "<<", "a here-document");
		if (p[1] == '&')
			return refuse(x, opat, "<&", "duplicating input");
		if (p[1] == '>')
			return refuse(x, opat, "<>", "a read-write "
			    "redirection");
		op = SHC_IN;
		opname = "<";
		x->i++;
	} else if (p[1] == '>') {
		op = SHC_APPEND;
		opname = ">>";
		x->i += 2;
	} else if (p[1] == '|') {
		return refuse(x, opat, ">|", "a clobbering redirection");
	} else if (p[1] == '&') {
		if (p[2] >= '0' && p[2] <= '2' && delim(p[3])) {
			add_redir(c, SHC_DUP, fd < 0 ? 1 : fd)->dupfd =
			    p[2] - '0';
			x->i += 3;
			return 0;
		}
		if (p[2] == '-')
			return refuse(x, opat, ">&-", "closing a descriptor");
		return refuse(x, opat, ">&", "only >&0, >&1 or >&2 is "
		    "supported");
	} else {
		op = SHC_OUT;
		opname = ">";
		x->i++;
	}
	while (blank(s[x->i]))
		x->i++;
	if (delim(s[x->i])) {
		err_set(x->e, ERR_USAGE, 0, "'%s' needs a file name: " WHY,
		    opname);
		err_at(x->e, "-c", 1, (unsigned)opat + 1);
		return -1;
	}
	if (word(x, b, &qat) < 0)
		return -1;
	add_redir(c, op, fd >= 0 ? fd : op == SHC_IN ? 0 : 1)->path =
	    xstrndup(buf_str(b), b->len);
	return 0;
}

/* A token at x->i that is neither blank nor an operator. */
static int
token(struct sc *x, struct shc_cmd *c, struct buf *b, bool *exec_seen)
{
	const char *s = x->s;
	size_t at = x->i, j, qat;

	for (j = at; s[j] >= '0' && s[j] <= '9'; j++)
		;
	if (j > at && (s[j] == '<' || s[j] == '>')) {
		if (j - at > 1 || s[at] > '2') {
			char what[16];

			snprintf(what, sizeof(what), "%.*s%c",
			    j - at > 8 ? 8 : (int)(j - at), s + at, s[j]);
			return refuse(x, at, what, "only descriptors 0, 1 "
			    "and 2 may be redirected");
		}
		x->i = j;
		return redir(x, c, s[at] - '0', b);
	}
	if (word(x, b, &qat) < 0)
		return -1;
	if (qat == NO_QUOTE && b->len == 1 && (b->p[0] == '{' ||
	    b->p[0] == '}'))
		return refuse(x, at, b->p[0] == '{' ? "{" : "}",
		    "a command group");
	if (c->argc == 0) {
		if (!*exec_seen && assignment(b, qat))
			return refuse(x, at, "NAME=", "a variable assignment");
		if (qat == NO_QUOTE && in_list(reserved, buf_str(b)))
			return refuse(x, at, buf_str(b), "a reserved word");
		if (qat == NO_QUOTE && in_list(builtins, buf_str(b)))
			return refuse(x, at, buf_str(b), "a shell builtin");
		if (qat == NO_QUOTE && !*exec_seen &&
		    strcmp(buf_str(b), "exec") == 0) {
			*exec_seen = true;
			return 0;
		}
	}
	c->argv = xrealloc(c->argv, (c->argc + 2) * sizeof(*c->argv));
	c->argv[c->argc++] = xstrndup(buf_str(b), b->len);
	c->argv[c->argc] = NULL;
	return 0;
}

int
shc_parse(const char *s, struct shc_cmd *c, struct err *e)
{
	struct sc x = { s, 0, e };
	struct buf b = BUF_INIT;
	bool exec_seen = false;
	int r = 0;

	memset(c, 0, sizeof(*c));
	while (r == 0) {
		const char *p;

		while (blank(s[x.i]))
			x.i++;
		p = s + x.i;
		switch (*p) {
		case '\0':
			goto done;
		case '\n':
			r = refuse(&x, x.i, "\\n", "a newline");
			break;
		case '|':
			r = p[1] == '|' ? refuse(&x, x.i, "||", "an or-list") :
			    refuse(&x, x.i, "|", "a pipeline");
			break;
		case '&':
			r = p[1] == '&' ? refuse(&x, x.i, "&&", "an and-list") :
			    refuse(&x, x.i, "&", "a background job");
			break;
		case ';':
			r = refuse(&x, x.i, ";", "a command list");
			break;
		case '(':
		case ')':
			r = refuse(&x, x.i, *p == '(' ? "(" : ")",
			    "a subshell");
			break;
		case '<':
		case '>':
			r = redir(&x, c, -1, &b);
			break;
		default:
			r = token(&x, c, &b, &exec_seen);
		}
	}
done:
	buf_free(&b);
	if (r == 0 && c->argc == 0) {
		err_set(e, ERR_USAGE, 0, "an empty command is not supported: "
		    WHY);
		err_at(e, "-c", 1, 1);
		r = -1;
	}
	if (r < 0)
		shc_free(c);
	return r;
}

void
shc_free(struct shc_cmd *c)
{
	size_t i;

	for (i = 0; i < c->argc; i++)
		free(c->argv[i]);
	free(c->argv);
	for (i = 0; i < c->nredirs; i++)
		free(c->redirs[i].path);
	free(c->redirs);
	memset(c, 0, sizeof(*c));
}
