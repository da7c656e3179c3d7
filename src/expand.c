/* expand: the ${...} expression language (POSIX-shell parameter expansion
 * without the shell): ${NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:+w},
 * ${NAME+w}, ${NAME:?msg}, ${NAME?msg}, the string operations ${NAME#pat},
 * ${NAME##pat}, ${NAME%pat}, ${NAME%%pat} and the length ${#NAME}. Words
 * may nest ${...}; their other bytes are literal. Values are inserted
 * literally, never re-expanded.
 *
 * Patterns are the shell's, on bytes (expand_glob_match: * ? [...] [!...]
 * [:class:], a backslash quotes the next byte). A ${...} inside a pattern is expanded
 * and its value matches literally, as the shell's "${B}" does (never as a
 * pattern: a value cannot change what is cut). A '}' ends the expression
 * wherever it stands, so it cannot be part of a pattern. An unset NAME is
 * an error, as for ${NAME} (the shell under set -u). A secret value, or a
 * secret used in the pattern, makes the result secret; so does the length
 * of a secret. */
#include <ctype.h>
#include <string.h>

#include "bounds.h"
#include "expand.h"


/* A NAME, a positional parameter's number (${1}, ${10}), or the count
 * ${#} (a '#' right before the '}'). */
static int
name_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 1 && s[0] == '#' && (n == 1 || s[1] == '}'))
		return 1;
	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		return (int)i;
	}
	if (n == 0 || !(s[0] == '_' || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			break;
	}
	return (int)i;
}

long
expand_span(const char *s, size_t n, struct err *e)
{
	size_t i;
	int depth = 0, nl;

	if (n > 3 && s[2] == '#' && s[3] != '}') {	/* ${#NAME}: length */
		nl = name_len(s + 3, n - 3);
		if (n > 3 && nl == 0) {
			err_set(e, ERR_PLAN, 0, "bad variable name after "
			    "'${#'");
			e->col = 4;
			return -1;
		}
		i = 3 + (size_t)nl;
		if (i < n && s[i] != '}') {
			err_set(e, ERR_PLAN, 0, "unexpected '%c' in '${#%.*s' "
			    "(${#NAME} is NAME's length)", s[i], nl, s + 3);
			e->col = (unsigned)i + 1;
			return -1;
		}
		return i < n ? (long)i + 1 : 0;
	}
	nl = name_len(s + 2, n > 2 ? n - 2 : 0);
	if (n > 2 && nl == 0) {
		err_set(e, ERR_PLAN, 0, "bad variable name after '${'");
		e->col = 3;
		return -1;
	}
	i = 2 + (size_t)nl;
	if (i < n && s[i] != '}' && s[i] != ':' && s[i] != '-' &&
	    s[i] != '+' && s[i] != '?' && s[i] != '#' && s[i] != '%') {
		err_set(e, ERR_PLAN, 0, "unexpected '%c' in '${%.*s'", s[i],
		    nl, s + 2);
		e->col = (unsigned)i + 1;
		return -1;
	}
	if (i + 1 < n && s[i] == ':' && strchr("-+?", s[i + 1]) == NULL) {
		err_set(e, ERR_PLAN, 0, "unknown operator ':%c' in '${%.*s'",
		    s[i + 1], nl, s + 2);
		e->col = (unsigned)i + 2;
		return -1;
	}
	for (; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			/* expand_eval recurses once per level: bound it. */
			if (++depth >= EXPAND_DEPTH_MAX) {
				err_set(e, ERR_PLAN, 0, "'${' nested more than "
				    "%d deep", EXPAND_DEPTH_MAX);
				e->col = (unsigned)i + 1;
				return -1;
			}
			i++;
		} else if (s[i] == '}') {
			if (depth == 0)
				return (long)i + 1;
			depth--;
		}
	}
	return 0;
}

/* Append the word w[0..n), expanding nested expressions; with quote
 * (a pattern), their values with every pattern character escaped. */
static int
expand_word(const char *w, size_t n, const struct lookup *lk,
    struct buf *out, bool *secret, bool quote, struct err *e)
{
	size_t i = 0, lit = 0;

	while (i < n) {
		long len;

		if (w[i] != '$' || i + 1 >= n || w[i + 1] != '{') {
			i++;
			continue;
		}
		buf_add(out, w + lit, i - lit);
		len = expand_span(w + i, n - i, e);
		if (len <= 0)
			return err_set(e, ERR_PLAN, 0, "unterminated '${'");
		if (!quote) {
			if (expand_eval(w + i, (size_t)len, lk, out, secret,
			    e) < 0)
				return -1;
		} else {
			struct buf v = BUF_INIT;
			size_t k;

			if (expand_eval(w + i, (size_t)len, lk, &v, secret,
			    e) < 0) {
				buf_wipe(&v);
				return -1;
			}
			for (k = 0; k < v.len; k++) {
				if (strchr("*?[\\", v.p[k]) != NULL)
					buf_addc(out, '\\');
				buf_addc(out, v.p[k]);
			}
			buf_wipe(&v);
		}
		i += (size_t)len;
		lit = i;
	}
	buf_add(out, w + lit, n - lit);
	return 0;
}

/* Does the class [:name:] (name[0..n)) hold c? Unknown names hold
 * nothing. */
static bool
in_class(const char *name, size_t n, unsigned char c)
{
	static const struct { const char *name; int (*is)(int); } cls[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper },
		{ "xdigit", isxdigit },
	};
	size_t i;

	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
		if (strlen(cls[i].name) == n && memcmp(cls[i].name, name, n) == 0)
			return cls[i].is(c) != 0;
	return false;
}

/* The bracket expression after a '[' at p: past its ']' with *hit, or
 * NULL when it has none (then the '[' is an ordinary byte). */
static const char *
bracket(const char *p, const char *pe, unsigned char c, bool *hit)
{
	const char *q = p, *first, *end;
	bool neg = false, m = false;

	if (q < pe && (*q == '!' || *q == '^'))
		neg = true, q++;
	first = q;
	while (q < pe && (*q != ']' || q == first)) {
		unsigned char lo, hi;

		if (q[0] == '[' && q + 1 < pe && q[1] == ':') {
			for (end = q + 2; end + 1 < pe && !(end[0] == ':' &&
			    end[1] == ']'); end++)
				;
			if (end + 1 < pe) {
				m |= in_class(q + 2, (size_t)(end - q - 2), c);
				q = end + 2;
				continue;
			}
		}
		if (*q == '\\' && q + 1 < pe)
			q++;
		lo = hi = (unsigned char)*q++;
		if (q + 1 < pe && *q == '-' && q[1] != ']') {
			q++;
			if (*q == '\\' && q + 1 < pe)
				q++;
			hi = (unsigned char)*q++;
		}
		m |= lo <= c && c <= hi;
	}
	if (q >= pe)
		return NULL;
	*hit = m != neg;
	return q + 1;
}

/* The shell's pattern matching on bytes: does p[0..pn) match all of
 * s[0..sn)? '*' any bytes, '?' one byte, [...] with ranges, [!...] and
 * [^...], [:class:] (ASCII), '\\' quoting the next byte. Greedy with one
 * backtrack point (the last '*'), which is exact for these patterns:
 * O(pn * sn), never exponential. */
bool
expand_glob_match(const char *p, size_t pn, const char *s, size_t sn)
{
	const char *pe = p + pn, *se = s + sn, *star_p = NULL, *star_s = NULL;

	while (p < pe || s < se) {
		if (p < pe && *p == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (p < pe && s < se) {
			char c = *p;
			size_t adv = 1;
			bool hit;
			const char *q;

			if (c == '?') {
				p++, s++;
				continue;
			}
			if (c == '[' && (q = bracket(p + 1, pe,
			    (unsigned char)*s, &hit)) != NULL) {
				if (hit) {
					p = q, s++;
					continue;
				}
			} else {
				if (c == '\\' && p + 1 < pe)
					c = p[1], adv = 2;
				if (c == *s) {
					p += adv, s++;
					continue;
				}
			}
		}
		if (star_p == NULL || star_s >= se)
			return false;
		p = star_p;
		s = ++star_s;
	}
	return true;
}

const char *
expand_glob_check(const char *p, size_t n, size_t *at)
{
	const char *pe = p + n, *q = p, *r;
	bool hit;

	while (q < pe) {
		*at = (size_t)(q - p);
		if (*q == '\\') {
			if (q + 1 == pe)
				return "a lone '\\' at its end";
			q += 2;
		} else if (*q == '[') {
			if ((r = bracket(q + 1, pe, 'x', &hit)) == NULL)
				return "a '[' with no ']'";
			q = r;
		} else {
			q++;
		}
	}
	return NULL;
}

/* Append val without its shortest (longest) prefix (op '#') or suffix
 * (op '%') matching pat, as the shell's ${NAME#pat} ... ${NAME%%pat}. */
static void
strip(const char *val, const struct buf *pat, char op, bool longest,
    struct buf *out)
{
	const char *p = buf_str(pat);
	size_t n = strlen(val), k, from = 0, to = n;

	for (k = 0; k <= n; k++) {
		/* the length of the prefix or suffix tried */
		size_t len = longest ? n - k : k;

		if (op == '#' && expand_glob_match(p, pat->len, val, len)) {
			from = len;
			break;
		}
		if (op == '%' && expand_glob_match(p, pat->len, val + n - len, len)) {
			to = n - len;
			break;
		}
	}
	buf_add(out, val + from, to - from);
}

/* ${#NAME} */
static int
length(const char *s, size_t n, const struct lookup *lk, struct buf *out,
    bool *secret, struct err *e)
{
	const char *name = s + 3, *val;
	size_t nl = (size_t)name_len(name, n - 4);
	bool sec = false;

	val = lk->get(lk->arg, name, nl, &sec);
	if (val == NULL)
		return err_set(e, ERR_PLAN, 0, "undefined variable %.*s",
		    (int)nl, name);
	if (sec)
		*secret = true;
	buf_printf(out, "%zu", strlen(val));
	return 0;
}

int
expand_eval(const char *s, size_t n, const struct lookup *lk,
    struct buf *out, bool *secret, struct err *e)
{
	const char *name = s + 2, *val, *word;
	size_t nl, wl;
	bool colon = false, sec = false, unset, empty;
	char op = 0;

	if (s[2] == '#' && s[3] != '}')
		return length(s, n, lk, out, secret, e);
	nl = (size_t)name_len(name, n - 3);
	word = name + nl;
	if (*word == ':') {
		colon = true;
		word++;
	}
	if (*word != '}')
		op = *word++;
	wl = (size_t)(s + n - 1 - word);
	val = lk->get(lk->arg, name, nl, &sec);
	unset = val == NULL;
	empty = unset || (colon && *val == '\0');
	switch (op) {
	case 0:
		if (unset)
			return err_set(e, ERR_PLAN, 0, "undefined variable %.*s",
			    (int)nl, name);
		break;
	case '-':
		if (empty)
			return expand_word(word, wl, lk, out, secret, false, e);
		break;
	case '+':
		if (empty)
			return 0;
		return expand_word(word, wl, lk, out, secret, false, e);
	case '#':
	case '%':
		if (unset)
			return err_set(e, ERR_PLAN, 0, "undefined variable %.*s",
			    (int)nl, name);
		{
			struct buf pat = BUF_INIT;
			bool longest = wl > 0 && *word == op, ps = false;

			if (longest)
				word++, wl--;
			if (expand_word(word, wl, lk, &pat, &ps, true, e) < 0) {
				buf_wipe(&pat);
				return -1;
			}
			if (sec || ps)
				*secret = true;
			strip(val, &pat, op, longest, out);
			buf_wipe(&pat);
			return 0;
		}
	case '?':
		if (!empty)
			break;
		if (wl == 0)
			return err_set(e, ERR_PLAN, 0, "%.*s: parameter %s",
			    (int)nl, name, colon ? "null or not set" : "not set");
		{
			struct buf m = BUF_INIT;
			bool ms = false;

			if (expand_word(word, wl, lk, &m, &ms, false, e) == 0)
				err_set(e, ERR_STEP, 0, "%.*s: %s", (int)nl,
				    name, ms ? "***" : buf_str(&m));
			buf_wipe(&m);
			return -1;
		}
	}
	if (sec)
		*secret = true;
	buf_adds(out, val);
	return 0;
}
