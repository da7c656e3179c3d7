/* expand: the ${...} expression language (POSIX-shell parameter expansion
 * without the shell): ${NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:+w},
 * ${NAME+w}, ${NAME:?msg}, ${NAME?msg}. Words may nest ${...}; their other
 * bytes are literal. Values are inserted literally, never re-expanded. */
#include <string.h>

#include "expand.h"

#define EXPAND_DEPTH_MAX 100	/* levels of ${...} inside one another */

static int
name_len(const char *s, size_t n)
{
	size_t i = 0;

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

	nl = name_len(s + 2, n > 2 ? n - 2 : 0);
	if (n > 2 && nl == 0) {
		err_set(e, ERR_PLAN, 0, "bad variable name after '${'");
		e->col = 3;
		return -1;
	}
	i = 2 + (size_t)nl;
	if (i < n && s[i] != '}' && s[i] != ':' && s[i] != '-' &&
	    s[i] != '+' && s[i] != '?') {
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

/* Append the word w[0..n), expanding nested expressions. */
static int
expand_word(const char *w, size_t n, const struct lookup *lk,
    struct buf *out, bool *secret, struct err *e)
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
		if (expand_eval(w + i, (size_t)len, lk, out, secret, e) < 0)
			return -1;
		i += (size_t)len;
		lit = i;
	}
	buf_add(out, w + lit, n - lit);
	return 0;
}

int
expand_eval(const char *s, size_t n, const struct lookup *lk,
    struct buf *out, bool *secret, struct err *e)
{
	const char *name = s + 2, *val, *word;
	size_t nl = (size_t)name_len(name, n - 3), wl;
	bool colon = false, sec = false, unset, empty;
	char op = 0;

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
			return expand_word(word, wl, lk, out, secret, e);
		break;
	case '+':
		if (empty)
			return 0;
		return expand_word(word, wl, lk, out, secret, e);
	case '?':
		if (!empty)
			break;
		if (wl == 0)
			return err_set(e, ERR_PLAN, 0, "%.*s: parameter %s",
			    (int)nl, name, colon ? "null or not set" : "not set");
		{
			struct buf m = BUF_INIT;
			bool ms = false;

			if (expand_word(word, wl, lk, &m, &ms, e) == 0)
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
