/* gotmpl_regex: Go's regexp (RE2 syntax, leftmost-first) for Sprig's
 * regex functions, on a small engine of its own: musl's regcomp is POSIX
 * (leftmost-longest, bytes, `.` matching newline) and would add 36 KiB.
 *
 * The pattern is parsed as regexp/syntax parses it with Perl flags, then
 * compiled as regexp/syntax compiles it (the same instructions in the
 * same priority order: x* of a nullable x as (x+)?, x{n,m} as n copies
 * then nested x?), and run by a Pike VM as regexp's NFA runs it: threads
 * in priority order, the first to match cuts off the lower ones, every
 * step O(program), never backtracking. Runes are decoded from UTF-8 as
 * Go does (an invalid byte is U+FFFD, one byte wide).
 *
 * Supported: literals, `.`, classes (ranges, negation, [:name:], \d\s\w
 * and their negations), ^ $ \A \z \b \B, groups ( ) (?: ) (?P<name> ),
 * | , * + ? {n} {n,} {n,m} and their lazy forms, escapes \a\f\t\n\r\v,
 * \xHH, \x{H...}, punctuation. Refused with a clear error, as valid RE2
 * that means something here we do not do: flags (?i) (?s) (?m) (?U),
 * Unicode classes \pX \p{...}, \Q...\E, octal escapes; and programs over
 * RX_MAX_INST instructions or RX_MAX_CAP groups. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "int.h"
#include "xalloc.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);

#define RX_MAX_INST	2000	/* compiled program */
#define RX_MAX_CAP	32	/* capturing groups */
#define RX_MAX_NEST	100	/* nested groups */
#define RX_MAX_RUNE	0x10ffff

enum { RX_FAIL, RX_RUNE, RX_ALT, RX_EMPTY, RX_NOP, RX_CAP, RX_MATCH };
enum { EM_BOT = 1, EM_EOT = 2, EM_WORD = 4, EM_NOWORD = 8 };

struct rx_inst {
	unsigned char op;
	uint32_t out, arg;	/* RUNE: arg = first range, nr ranges */
	uint32_t nr;
};

struct gt_re {
	struct rx_inst *inst;
	size_t ninst, capinst;
	uint32_t *rng;		/* lo, hi pairs */
	size_t nrng, caprng;
	uint32_t start;
	int ncap;		/* groups + 1 */
	char *names;		/* ncap NUL-terminated names, "" unnamed */
	size_t namelen;
};

/* ---- parse: pattern to a tree ---- */

enum { RN_EMPTY, RN_CLASS, RN_EMPTYW, RN_CAT, RN_ALT, RN_STAR, RN_PLUS,
	RN_QUEST, RN_REPEAT, RN_CAPT };

struct rnode {
	unsigned char type, lazy;
	int min, max;
	uint32_t kid, next;	/* first child; next sibling */
	uint32_t arg, nr;	/* CLASS: ranges; EMPTYW: EM_; CAPT: index */
};

struct rparse {
	const char *p, *end, *pat;
	size_t patlen;
	struct rnode *n;
	size_t nn, capn;
	struct gt_re *re;
	uint32_t *tmp;		/* a class being built */
	size_t ntmp, captmp;
	char *err;
	size_t errlen;
	int depth;
	bool failed;
};

static int
rx_err(struct rparse *p, const char *what, const char *frag, size_t n)
{
	if (!p->failed) {
		if (frag != NULL)
			snprintf(p->err, p->errlen, "error parsing regexp: %s: "
			    "`%.*s`", what, (int)(n > 200 ? 200 : n), frag);
		else
			snprintf(p->err, p->errlen, "%s", what);
	}
	p->failed = true;
	return -1;
}

static int
rx_unsup(struct rparse *p, const char *what)
{
	char m[160];

	snprintf(m, sizeof(m), "pattern uses %s: not supported", what);
	return rx_err(p, m, NULL, 0);
}

static uint32_t
rnew(struct rparse *p, int type)
{
	struct rnode *r;

	if (p->nn == p->capn)
		p->n = xgrow(p->n, &p->capn, p->nn + 1, sizeof(*p->n));
	if (p->nn == 0)
		p->nn = 1;	/* index 0 is "none" */
	r = &p->n[p->nn];
	memset(r, 0, sizeof(*r));
	r->type = (unsigned char)type;
	return (uint32_t)p->nn++;
}

static void
tmp_add(struct rparse *p, uint32_t lo, uint32_t hi)
{
	if (p->ntmp + 2 > p->captmp)
		p->tmp = xgrow(p->tmp, &p->captmp, p->ntmp + 2,
		    sizeof(*p->tmp));
	p->tmp[p->ntmp++] = lo;
	p->tmp[p->ntmp++] = hi;
}

static int
cmp_range(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The class in tmp (from index from), sorted and merged, negated when
 * asked, moved into the program's range table: a CLASS node. */
static uint32_t
class_node(struct rparse *p, size_t from, bool neg)
{
	struct gt_re *re = p->re;
	uint32_t *r = p->tmp + from, nd, next = 0;
	size_t n = (p->ntmp - from) / 2, i, k = 0;

	qsort(r, n, 2 * sizeof(*r), cmp_range);
	for (i = 0; i < n; i++) {
		if (k > 0 && r[2 * i] <= r[2 * k - 1] + 1) {
			if (r[2 * i + 1] > r[2 * k - 1])
				r[2 * k - 1] = r[2 * i + 1];
			continue;
		}
		r[2 * k] = r[2 * i];
		r[2 * k + 1] = r[2 * i + 1];
		k++;
	}
	nd = rnew(p, RN_CLASS);
	p->n[nd].arg = (uint32_t)re->nrng / 2;
	for (i = 0; i <= k; i++) {
		uint32_t lo, hi;

		if (!neg && i == k)
			break;
		if (neg) {
			lo = next;
			if (i < k && r[2 * i] == 0) {
				next = r[2 * i + 1] + 1;
				continue;
			}
			hi = i < k ? r[2 * i] - 1 : RX_MAX_RUNE;
			if (i < k)
				next = r[2 * i + 1] + 1;
			if (lo > hi || lo > RX_MAX_RUNE)
				continue;
		} else {
			lo = r[2 * i];
			hi = r[2 * i + 1];
		}
		if (re->nrng + 2 > re->caprng)
			re->rng = xgrow(re->rng, &re->caprng, re->nrng + 2,
			    sizeof(*re->rng));
		re->rng[re->nrng++] = lo;
		re->rng[re->nrng++] = hi;
		p->n[nd].nr++;
	}
	p->ntmp = from;
	return nd;
}

static uint32_t
rune_node(struct rparse *p, uint32_t lo, uint32_t hi)
{
	size_t from = p->ntmp;

	tmp_add(p, lo, hi);
	return class_node(p, from, false);
}

/* Perl's \d \s \w (ASCII, as in RE2) and the POSIX [:name:] classes. */
static const struct {
	const char *name;
	const char *ranges;	/* lo hi pairs of bytes */
} named[] = {
	{ "alnum", "09AZaz" }, { "alpha", "AZaz" }, { "ascii", "\1\177" },
	{ "blank", "\t\t  " }, { "cntrl", "\1\37\177\177" },
	{ "digit", "09" }, { "graph", "!~" }, { "lower", "az" },
	{ "print", " ~" }, { "punct", "!/:@[`{~" },
	{ "space", "\t\r  " }, { "upper", "AZ" }, { "word", "09AZ__az" },
	{ "xdigit", "09AFaf" },
	{ "\\d", "09" }, { "\\s", "\t\n\f\r  " }, { "\\w", "09AZ__az" },
};

/* Add class c (its index in named) to tmp, negated when neg. "ascii"
 * and "cntrl" start at NUL, which the table cannot hold. */
static void
add_named(struct rparse *p, size_t c, bool neg)
{
	const char *s = named[c].ranges;
	size_t from = p->ntmp, i, n;
	uint32_t next = 0;

	for (i = 0; s[i] != '\0'; i += 2) {
		uint32_t lo = (unsigned char)s[i], hi = (unsigned char)s[i + 1];

		if (lo == 1)
			lo = 0;
		tmp_add(p, lo, hi);
	}
	if (!neg)
		return;
	n = (p->ntmp - from) / 2;
	{
		uint32_t save[16];

		memcpy(save, p->tmp + from, 2 * n * sizeof(*save));
		p->ntmp = from;
		for (i = 0; i < n; i++) {
			if (save[2 * i] > next)
				tmp_add(p, next, save[2 * i] - 1);
			next = save[2 * i + 1] + 1;
		}
		tmp_add(p, next, RX_MAX_RUNE);
	}
}

static int
perl_class(const char *s, const char *end)
{
	if (end - s < 2 || s[0] != '\\')
		return -1;
	switch (s[1]) {
	case 'd': case 'D': return 14;
	case 's': case 'S': return 15;
	case 'w': case 'W': return 16;
	default: return -1;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
isalnum_ascii(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* The next rune of the pattern (which is valid UTF-8). */
static uint32_t
next_rune(struct rparse *p)
{
	size_t w;
	long r = gt_utf8_decode(p->p, (size_t)(p->end - p->p), &w);

	p->p += w;
	return (uint32_t)r;
}

/* Go's parseEscape: p->p at the backslash. */
static int
parse_escape(struct rparse *p, uint32_t *out)
{
	const char *start = p->p;
	int c, v, d;

	p->p++;
	if (p->p >= p->end)
		return rx_err(p, "trailing backslash at end of expression",
		    "", 0);
	c = (unsigned char)*p->p;
	if (c >= 0x80)
		goto bad;
	p->p++;
	switch (c) {
	case '0': case '1': case '2': case '3': case '4': case '5':
	case '6': case '7':
		if (c == '0' || (p->p < p->end && *p->p >= '0' &&
		    *p->p <= '7'))
			return rx_unsup(p, "an octal escape");
		goto bad;
	case 'x':
		if (p->p >= p->end)
			goto bad;
		if (*p->p == '{') {
			const char *q = ++p->p;

			v = 0;
			while (p->p < p->end && (d = hexval(*p->p)) >= 0) {
				v = v * 16 + d;
				if (v > RX_MAX_RUNE)
					goto bad;
				p->p++;
			}
			if (p->p == q || p->p >= p->end || *p->p != '}')
				goto bad;
			p->p++;
			*out = (uint32_t)v;
			return 0;
		}
		if (p->end - p->p < 2 || hexval(p->p[0]) < 0 ||
		    hexval(p->p[1]) < 0)
			goto bad;
		*out = (uint32_t)(hexval(p->p[0]) * 16 + hexval(p->p[1]));
		p->p += 2;
		return 0;
	case 'a': *out = 7; return 0;
	case 'f': *out = '\f'; return 0;
	case 'n': *out = '\n'; return 0;
	case 'r': *out = '\r'; return 0;
	case 't': *out = '\t'; return 0;
	case 'v': *out = '\v'; return 0;
	case 'p': case 'P':
		return rx_unsup(p, "\\p (Unicode classes)");
	case 'Q':
		return rx_unsup(p, "\\Q...\\E");
	default:
		if (!isalnum_ascii(c)) {
			*out = (uint32_t)c;
			return 0;
		}
	}
bad:
	if (p->p < p->end && (unsigned char)*p->p >= 0x80)
		next_rune(p);
	return rx_err(p, "invalid escape sequence", start,
	    (size_t)(p->p - start));
}

/* One class member or range end: Go's parseClassChar. */
static int
class_char(struct rparse *p, const char *cls, uint32_t *r)
{
	if (p->p >= p->end)
		return rx_err(p, "missing closing ]", cls,
		    (size_t)(p->end - cls));
	if (*p->p == '\\')
		return parse_escape(p, r);
	*r = next_rune(p);
	return 0;
}

/* [...]: p->p at the '['. */
static uint32_t
parse_class(struct rparse *p)
{
	const char *cls = p->p;
	size_t from = p->ntmp, i;
	bool neg = false, first = true;

	p->p++;
	if (p->p < p->end && *p->p == '^') {
		neg = true;
		p->p++;
	}
	while (p->p >= p->end || *p->p != ']' || first) {
		uint32_t lo, hi;
		const char *rng = p->p;
		int pc;

		first = false;
		if (p->end - p->p > 2 && p->p[0] == '[' && p->p[1] == ':') {
			const char *q = p->p + 2, *e;
			bool nneg = false;

			e = NULL;
			for (const char *x = q; x + 1 < p->end; x++)
				if (x[0] == ':' && x[1] == ']') {
					e = x;
					break;
				}
			if (e != NULL) {
				if (*q == '^') {
					nneg = true;
					q++;
				}
				for (i = 0; i < 14; i++)
					if (strlen(named[i].name) ==
					    (size_t)(e - q) && memcmp(named[i].name,
					    q, (size_t)(e - q)) == 0)
						break;
				if (i == 14) {
					rx_err(p, "invalid character class "
					    "range", p->p, (size_t)(e + 2 - p->p));
					return 0;
				}
				add_named(p, i, nneg);
				p->p = e + 2;
				continue;
			}
		}
		if (p->end - p->p >= 2 && p->p[0] == '\\' &&
		    (p->p[1] == 'p' || p->p[1] == 'P')) {
			rx_unsup(p, "\\p (Unicode classes)");
			return 0;
		}
		if ((pc = perl_class(p->p, p->end)) >= 0) {
			add_named(p, (size_t)pc, p->p[1] < 'a');
			p->p += 2;
			continue;
		}
		if (class_char(p, cls, &lo) < 0)
			return 0;
		hi = lo;
		if (p->end - p->p >= 2 && p->p[0] == '-' && p->p[1] != ']') {
			p->p++;
			if (class_char(p, cls, &hi) < 0)
				return 0;
			if (hi < lo) {
				rx_err(p, "invalid character class range", rng,
				    (size_t)(p->p - rng));
				return 0;
			}
		}
		tmp_add(p, lo, hi);
	}
	p->p++;
	return class_node(p, from, neg);
}

/* Go's parseInt: digits without a leading zero; -1 when too big. */
static bool
parse_int(const char **s, const char *end, int *n)
{
	long v = 0;
	bool big = false;

	if (*s >= end || **s < '0' || **s > '9')
		return false;
	if (end - *s >= 2 && (*s)[0] == '0' && (*s)[1] >= '0' &&
	    (*s)[1] <= '9')
		return false;
	for (; *s < end && **s >= '0' && **s <= '9'; (*s)++) {
		if (v >= 100000000)
			big = true;
		else
			v = v * 10 + (**s - '0');
	}
	*n = big ? -1 : (int)v;
	return true;
}

/* Go's parseRepeat: {n}, {n,}, {n,m} at p->p; false leaves p->p. */
static bool
parse_repeat(struct rparse *p, int *min, int *max)
{
	const char *s = p->p + 1, *end = p->end;

	if (!parse_int(&s, end, min) || s >= end)
		return false;
	if (*s != ',')
		*max = *min;
	else {
		if (++s >= end)
			return false;
		if (*s == '}')
			*max = -1;
		else if (!parse_int(&s, end, max))
			return false;
		else if (*max < 0)
			*min = -1;
	}
	if (s >= end || *s != '}')
		return false;
	p->p = s + 1;
	return true;
}

static uint32_t parse_alt(struct rparse *p);

/* (...) at p->p. */
static uint32_t
parse_group(struct rparse *p)
{
	const char *open = p->p;
	uint32_t nd = 0, sub;
	int cap = -1;

	p->p++;
	if (p->end - p->p >= 1 && *p->p == '?') {
		if (p->end - p->p >= 2 && p->p[1] == ':')
			p->p += 2;
		else if (p->end - p->p >= 3 && p->p[1] == 'P' &&
		    p->p[2] == '<') {
			const char *nm = p->p + 3, *e = nm;

			while (e < p->end && *e != '>')
				e++;
			if (e >= p->end) {
				rx_err(p, "invalid named capture", open,
				    (size_t)(p->end - open));
				return 0;
			}
			if (e == nm)
				goto badname;
			for (const char *x = nm; x < e; x++)
				if (*x != '_' && !isalnum_ascii(*x))
					goto badname;
			cap = p->re->ncap;
			p->re->names = xrealloc(p->re->names, p->re->namelen +
			    (size_t)(e - nm) + 1);
			memcpy(p->re->names + p->re->namelen, nm,
			    (size_t)(e - nm));
			p->re->namelen += (size_t)(e - nm) + 1;
			p->re->names[p->re->namelen - 1] = '\0';
			p->p = e + 1;
		} else if (p->end - p->p >= 2 && p->p[1] == 'P') {
			rx_err(p, "invalid named capture", open,
			    (size_t)(p->end - open));
			return 0;
		} else {
			const char *q = p->p + 1;

			while (q < p->end && (isalnum_ascii(*q) || *q == '-'))
				q++;
			if (q < p->end && (*q == ')' || *q == ':') && q > p->p + 1) {
				rx_unsup(p, "(?flags)");
				return 0;
			}
			rx_err(p, "invalid or unsupported Perl syntax", open,
			    (size_t)(q - open) + (q < p->end));
			return 0;
		}
	} else
		cap = p->re->ncap;
	if (cap >= 0 && cap == p->re->ncap) {
		if (p->re->ncap > RX_MAX_CAP) {
			rx_unsup(p, "more than 32 groups");
			return 0;
		}
		if (p->p[-1] != '>') {
			p->re->names = xrealloc(p->re->names, p->re->namelen + 1);
			p->re->names[p->re->namelen++] = '\0';
		}
		p->re->ncap++;
	}
	if (++p->depth > RX_MAX_NEST) {
		rx_unsup(p, "groups nested over 100 deep");
		return 0;
	}
	sub = parse_alt(p);
	p->depth--;
	if (p->failed)
		return 0;
	if (p->p >= p->end || *p->p != ')') {
		rx_err(p, "missing closing )", p->pat, p->patlen);
		return 0;
	}
	p->p++;
	if (cap < 0)
		return sub;
	nd = rnew(p, RN_CAPT);
	p->n[nd].arg = (uint32_t)cap;
	p->n[nd].kid = sub;
	return nd;
badname:
	rx_err(p, "invalid named capture", open, (size_t)(p->end - open));
	return 0;
}

/* One atom, or 0 at the end of a concatenation. *none is set then. */
static uint32_t
parse_atom(struct rparse *p, bool *none)
{
	uint32_t r;
	int pc, min, max;

	*none = false;
	switch (*p->p) {
	case '(':
		return parse_group(p);
	case '[':
		return parse_class(p);
	case '.':
		p->p++;
		{
			size_t from = p->ntmp;

			tmp_add(p, '\n', '\n');
			return class_node(p, from, true);
		}
	case '^':
	case '$':
		r = rnew(p, RN_EMPTYW);
		p->n[r].arg = *p->p++ == '^' ? EM_BOT : EM_EOT;
		return r;
	case '\\':
		if (p->end - p->p >= 2) {
			int c = p->p[1];

			if (c == 'A' || c == 'z' || c == 'b' || c == 'B') {
				r = rnew(p, RN_EMPTYW);
				p->n[r].arg = c == 'A' ? EM_BOT : c == 'z' ?
				    EM_EOT : c == 'b' ? EM_WORD : EM_NOWORD;
				p->p += 2;
				return r;
			}
			if ((pc = perl_class(p->p, p->end)) >= 0) {
				size_t from = p->ntmp;

				add_named(p, (size_t)pc, c < 'a');
				p->p += 2;
				return class_node(p, from, false);
			}
		}
		{
			uint32_t c;

			if (parse_escape(p, &c) < 0)
				return 0;
			return rune_node(p, c, c);
		}
	case '*':
	case '+':
	case '?':
		rx_err(p, "missing argument to repetition operator", p->p, 1);
		return 0;
	case '{':
		{
			const char *s = p->p;

			if (parse_repeat(p, &min, &max)) {
				rx_err(p, "missing argument to repetition "
				    "operator", s, (size_t)(p->p - s));
				return 0;
			}
		}
		p->p++;
		return rune_node(p, '{', '{');
	default:
		r = next_rune(p);
		return rune_node(p, r, r);
	}
}

/* Repetition operators after an atom: at most one, then maybe '?'. */
static uint32_t
parse_repeats(struct rparse *p, uint32_t atom)
{
	const char *before = p->p;
	uint32_t nd;
	int min = 0, max = 0, type;

	if (p->p >= p->end)
		return atom;
	switch (*p->p) {
	case '*': type = RN_STAR; p->p++; break;
	case '+': type = RN_PLUS; p->p++; break;
	case '?': type = RN_QUEST; p->p++; break;
	case '{':
		if (!parse_repeat(p, &min, &max))
			return atom;
		if (min < 0 || min > 1000 || max > 1000 ||
		    (max >= 0 && min > max)) {
			rx_err(p, "invalid repeat count", before,
			    (size_t)(p->p - before));
			return 0;
		}
		type = RN_REPEAT;
		break;
	default:
		return atom;
	}
	nd = rnew(p, type);
	p->n[nd].kid = atom;
	p->n[nd].min = min;
	p->n[nd].max = max;
	if (p->p < p->end && *p->p == '?') {
		p->n[nd].lazy = 1;
		p->p++;
	}
	if (p->p < p->end) {
		const char *at = p->p;
		int m1, m2;
		bool again = *at == '*' || *at == '+' || *at == '?';

		if (*at == '{' && parse_repeat(p, &m1, &m2))
			again = true;
		else if (again)
			p->p++;
		if (again) {
			if (p->p < p->end && *p->p == '?')
				p->p++;
			rx_err(p, "invalid nested repetition operator", before,
			    (size_t)(p->p - before));
			return 0;
		}
	}
	return nd;
}

static uint32_t
parse_cat(struct rparse *p)
{
	uint32_t head = 0, tail = 0, nd;

	while (p->p < p->end && *p->p != '|' && *p->p != ')') {
		bool none;
		uint32_t a = parse_atom(p, &none);

		if (p->failed || (a = parse_repeats(p, a)) == 0 || p->failed)
			return 0;
		if (head == 0)
			head = a;
		else
			p->n[tail].next = a;
		tail = a;
	}
	if (head == 0)
		return rnew(p, RN_EMPTY);
	if (head == tail)
		return head;
	nd = rnew(p, RN_CAT);
	p->n[nd].kid = head;
	return nd;
}

static uint32_t
parse_alt(struct rparse *p)
{
	uint32_t head, tail, nd;

	if ((head = parse_cat(p)) == 0)
		return 0;
	tail = head;
	while (p->p < p->end && *p->p == '|') {
		uint32_t b;

		p->p++;
		if ((b = parse_cat(p)) == 0)
			return 0;
		p->n[tail].next = b;
		tail = b;
	}
	if (head == tail)
		return head;
	nd = rnew(p, RN_ALT);
	p->n[nd].kid = head;
	return nd;
}

/* ---- compile: regexp/syntax's compiler ---- */

struct frag {
	uint32_t i, head, tail;	/* start; patch list (inst<<1 | arg) */
	bool nullable;
};

struct rcomp {
	struct rparse *p;
	struct gt_re *re;
	bool big;
};

static struct frag
c_inst(struct rcomp *c, int op)
{
	struct gt_re *re = c->re;
	struct frag f = { 0, 0, 0, true };

	if (re->ninst >= RX_MAX_INST) {
		c->big = true;
		return f;
	}
	if (re->ninst == re->capinst)
		re->inst = xgrow(re->inst, &re->capinst, re->ninst + 1,
		    sizeof(*re->inst));
	memset(&re->inst[re->ninst], 0, sizeof(re->inst[0]));
	re->inst[re->ninst].op = (unsigned char)op;
	f.i = (uint32_t)re->ninst++;
	return f;
}

static void
patch(struct gt_re *re, uint32_t l, uint32_t val)
{
	while (l != 0) {
		struct rx_inst *i = &re->inst[l >> 1];

		if ((l & 1) == 0) {
			l = i->out;
			i->out = val;
		} else {
			l = i->arg;
			i->arg = val;
		}
	}
}

static void
append_list(struct gt_re *re, struct frag *f, uint32_t h2, uint32_t t2)
{
	struct rx_inst *i;

	if (f->head == 0) {
		f->head = h2;
		f->tail = t2;
		return;
	}
	if (h2 == 0)
		return;
	i = &re->inst[f->tail >> 1];
	if ((f->tail & 1) == 0)
		i->out = h2;
	else
		i->arg = h2;
	f->tail = t2;
}

static struct frag
c_simple(struct rcomp *c, int op, uint32_t arg)
{
	struct frag f = c_inst(c, op);

	if (f.i == 0)
		return f;
	c->re->inst[f.i].arg = arg;
	f.head = f.tail = f.i << 1;
	return f;
}

static struct frag
c_cat(struct rcomp *c, struct frag f1, struct frag f2)
{
	struct frag f = { 0, 0, 0, true };

	if (f1.i == 0 || f2.i == 0)
		return f;
	patch(c->re, f1.head, f2.i);
	f.i = f1.i;
	f.head = f2.head;
	f.tail = f2.tail;
	f.nullable = f1.nullable && f2.nullable;
	return f;
}

static struct frag
c_alt(struct rcomp *c, struct frag f1, struct frag f2)
{
	struct frag f;

	if (f1.i == 0)
		return f2;
	if (f2.i == 0)
		return f1;
	f = c_inst(c, RX_ALT);
	if (f.i == 0)
		return f;
	c->re->inst[f.i].out = f1.i;
	c->re->inst[f.i].arg = f2.i;
	f.head = f1.head;
	f.tail = f1.tail;
	append_list(c->re, &f, f2.head, f2.tail);
	f.nullable = f1.nullable || f2.nullable;
	return f;
}

static struct frag
c_quest(struct rcomp *c, struct frag f1, bool lazy)
{
	struct frag f = c_inst(c, RX_ALT);

	if (f.i == 0 || f1.i == 0)
		return (struct frag){ 0, 0, 0, true };
	if (lazy) {
		c->re->inst[f.i].arg = f1.i;
		f.head = f.tail = f.i << 1;
	} else {
		c->re->inst[f.i].out = f1.i;
		f.head = f.tail = f.i << 1 | 1;
	}
	append_list(c->re, &f, f1.head, f1.tail);
	return f;
}

static struct frag
c_loop(struct rcomp *c, struct frag f1, bool lazy)
{
	struct frag f = c_inst(c, RX_ALT);

	if (f.i == 0 || f1.i == 0)
		return (struct frag){ 0, 0, 0, true };
	if (lazy) {
		c->re->inst[f.i].arg = f1.i;
		f.head = f.tail = f.i << 1;
	} else {
		c->re->inst[f.i].out = f1.i;
		f.head = f.tail = f.i << 1 | 1;
	}
	patch(c->re, f1.head, f.i);
	return f;
}

static struct frag
c_plus(struct rcomp *c, struct frag f1, bool lazy)
{
	struct frag l = c_loop(c, f1, lazy);

	l.i = l.i != 0 ? f1.i : 0;
	l.nullable = f1.nullable;
	return l;
}

static struct frag
c_star(struct rcomp *c, struct frag f1, bool lazy)
{
	if (f1.nullable)
		return c_quest(c, c_plus(c, f1, lazy), lazy);
	return c_loop(c, f1, lazy);
}

static struct frag compile(struct rcomp *c, uint32_t nd);

/* Simplify's rule: x* of x* (same greediness) or of an empty match is
 * the operand itself. */
static bool
collapses(struct rcomp *c, const struct rnode *r)
{
	const struct rnode *k = &c->p->n[r->kid];

	return k->type == RN_EMPTY || (k->type == r->type &&
	    k->lazy == r->lazy);
}

/* Simplify's x{n,m}: n copies, then (x(x(x)?)?)? for the rest. */
static struct frag
c_repeat(struct rcomp *c, const struct rnode *r)
{
	struct frag f = { 0, 0, 0, true }, suf;
	int i, min = r->min, max = r->max;
	bool have = false;

	if (min == 0 && max == 0)
		return c_simple(c, RX_NOP, 0);
	if (c->p->n[r->kid].type == RN_EMPTY)
		return compile(c, r->kid);
	if (max == -1) {
		if (min == 0)
			return c_star(c, compile(c, r->kid), r->lazy);
		for (i = 0; i < min - 1 && !c->big; i++) {
			f = have ? c_cat(c, f, compile(c, r->kid)) :
			    compile(c, r->kid);
			have = true;
		}
		suf = c_plus(c, compile(c, r->kid), r->lazy);
		return have ? c_cat(c, f, suf) : suf;
	}
	if (min == 1 && max == 1)
		return compile(c, r->kid);
	for (i = 0; i < min && !c->big; i++) {
		f = have ? c_cat(c, f, compile(c, r->kid)) : compile(c, r->kid);
		have = true;
	}
	if (max > min) {
		/* Built inside out: the innermost x? first. */
		suf = c_quest(c, compile(c, r->kid), r->lazy);
		for (i = min + 1; i < max && !c->big; i++)
			suf = c_quest(c, c_cat(c, compile(c, r->kid), suf),
			    r->lazy);
		f = have ? c_cat(c, f, suf) : suf;
	}
	return f;
}

static struct frag
compile(struct rcomp *c, uint32_t nd)
{
	const struct rnode *r = &c->p->n[nd];
	struct frag f = { 0, 0, 0, true }, bra, sub, ket;
	uint32_t k;

	if (c->big)
		return f;
	switch (r->type) {
	case RN_EMPTY:
		return c_simple(c, RX_NOP, 0);
	case RN_CLASS:
		f = c_simple(c, RX_RUNE, r->arg);
		if (f.i != 0)
			c->re->inst[f.i].nr = r->nr;
		f.nullable = false;
		return f;
	case RN_EMPTYW:
		return c_simple(c, RX_EMPTY, r->arg);
	case RN_CAPT:
		bra = c_simple(c, RX_CAP, r->arg << 1);
		sub = compile(c, r->kid);
		ket = c_simple(c, RX_CAP, r->arg << 1 | 1);
		return c_cat(c, c_cat(c, bra, sub), ket);
	case RN_STAR:
		if (collapses(c, r))
			return compile(c, r->kid);
		return c_star(c, compile(c, r->kid), r->lazy);
	case RN_PLUS:
		if (collapses(c, r))
			return compile(c, r->kid);
		return c_plus(c, compile(c, r->kid), r->lazy);
	case RN_QUEST:
		if (collapses(c, r))
			return compile(c, r->kid);
		return c_quest(c, compile(c, r->kid), r->lazy);
	case RN_REPEAT:
		return c_repeat(c, r);
	case RN_CAT:
		for (k = r->kid; k != 0; k = c->p->n[k].next)
			f = k == r->kid ? compile(c, k) :
			    c_cat(c, f, compile(c, k));
		return f;
	case RN_ALT:
		f.i = 0;
		for (k = r->kid; k != 0; k = c->p->n[k].next)
			f = c_alt(c, f, compile(c, k));
		return f;
	}
	return f;
}

void
gt_re_free(struct gt_re *re)
{
	if (re == NULL)
		return;
	free(re->inst);
	free(re->rng);
	free(re->names);
	free(re);
}

/* Compile pat; NULL with err filled (Go's words for a bad pattern,
 * "pattern uses X: not supported" for what this engine refuses). */
struct gt_re *
gt_re_compile(const char *pat, size_t n, char *err, size_t errlen)
{
	struct gt_re *re = xcalloc(1, sizeof(*re));
	struct rparse p;
	struct rcomp c;
	struct frag f, m;
	uint32_t root;
	size_t i, w;

	memset(&p, 0, sizeof(p));
	p.p = p.pat = pat;
	p.end = pat + n;
	p.patlen = n;
	p.re = re;
	p.err = err;
	p.errlen = errlen;
	re->ncap = 1;
	re->names = xcalloc(1, 1);
	re->namelen = 1;
	for (i = 0; i < n; i += w)
		if (gt_utf8_decode(pat + i, n - i, &w) < 0) {
			rx_err(&p, "invalid UTF-8", pat + i, n - i);
			goto fail;
		}
	root = parse_alt(&p);
	if (p.failed)
		goto fail;
	if (p.p < p.end) {
		rx_err(&p, "unexpected )", pat, n);
		goto fail;
	}
	memset(&c, 0, sizeof(c));
	c.p = &p;
	c.re = re;
	c_inst(&c, RX_FAIL);
	f = compile(&c, root);
	m = c_inst(&c, RX_MATCH);
	if (c.big) {
		snprintf(err, errlen, "pattern compiles to over %d "
		    "instructions: not supported", RX_MAX_INST);
		goto fail;
	}
	patch(re, f.head, m.i);
	re->start = f.i;
	free(p.n);
	free(p.tmp);
	return re;
fail:
	free(p.n);
	free(p.tmp);
	gt_re_free(re);
	return NULL;
}

int
gt_re_ncap(const struct gt_re *re)
{
	return re->ncap;
}

/* The first group named name[0..n) that took part in match m (Go
 * allows a name twice), or -1. */
int
gt_re_name(const struct gt_re *re, const char *name, size_t n,
    const int *m)
{
	const char *q = re->names;
	int i;

	for (i = 0; i < re->ncap; i++) {
		size_t l = strlen(q);

		if (l > 0 && l == n && memcmp(q, name, n) == 0 &&
		    m[2 * i] >= 0)
			return i;
		q += l + 1;
	}
	return -1;
}

/* ---- the Pike VM: regexp's machine.match ---- */

struct rthread {
	uint32_t pc;
	int *cap;		/* NULL for an Alt/Cap/... entry */
};

struct rqueue {
	uint32_t *sparse;
	struct rthread *dense;
	size_t n;
};

struct rmach {
	const struct gt_re *re;
	const char *s;
	size_t len;
	int ncap;		/* ints of a capture vector, 0 for a bool */
	int *pool;		/* free capture vectors */
	int **free;
	size_t nfree;
	int *matchcap;
	bool matched;
	int *stack;		/* for add: pc, and (cap slot, old) undo */
	size_t nstack, capstack;
};

static bool
is_word(int c)
{
	return c >= 0 && c < 0x80 && (isalnum_ascii(c) || c == '_');
}

/* Empty-width conditions between rune r1 (before, -1 at the start) and
 * r2 (after, -1 at the end). */
static bool
cond_ok(uint32_t op, long r1, long r2)
{
	if ((op & EM_BOT) && r1 >= 0)
		return false;
	if ((op & EM_EOT) && r2 >= 0)
		return false;
	if ((op & EM_WORD) && is_word((int)r1) == is_word((int)r2))
		return false;
	if ((op & EM_NOWORD) && is_word((int)r1) != is_word((int)r2))
		return false;
	return true;
}

static int *
cap_alloc(struct rmach *m)
{
	if (m->nfree > 0)
		return m->free[--m->nfree];
	return xmalloc((size_t)(m->ncap > 0 ? m->ncap : 1) * sizeof(int));
}

static void
cap_release(struct rmach *m, int *c)
{
	m->free[m->nfree++] = c;
}

static bool
q_has(const struct rqueue *q, uint32_t pc)
{
	uint32_t j = q->sparse[pc];

	return j < q->n && q->dense[j].pc == pc;
}

static void
push2(struct rmach *m, int a, int b)
{
	if (m->nstack + 2 > m->capstack)
		m->stack = xgrow(m->stack, &m->capstack, m->nstack + 2,
		    sizeof(*m->stack));
	m->stack[m->nstack++] = a;
	m->stack[m->nstack++] = b;
}

/* machine.add, with an explicit stack instead of recursion: entries are
 * (pc, -1) to follow, or (-2 - slot, old value) to restore a capture. */
static void
m_add(struct rmach *m, struct rqueue *q, uint32_t pc0, int pos, int *cap,
    long r1, long r2)
{
	const struct gt_re *re = m->re;
	size_t base = m->nstack;

	push2(m, (int)pc0, -1);
	while (m->nstack > base) {
		int a = m->stack[m->nstack - 2], b = m->stack[m->nstack - 1];
		uint32_t pc;
		const struct rx_inst *i;

		m->nstack -= 2;
		if (a <= -2) {
			cap[-2 - a] = b;
			continue;
		}
		pc = (uint32_t)a;
		while (pc != 0 && !q_has(q, pc)) {
			struct rthread *d = &q->dense[q->n];

			q->sparse[pc] = (uint32_t)q->n++;
			d->pc = pc;
			d->cap = NULL;
			i = &re->inst[pc];
			switch (i->op) {
			case RX_ALT:
				push2(m, (int)i->arg, -1);
				pc = i->out;
				continue;
			case RX_EMPTY:
				pc = cond_ok(i->arg, r1, r2) ? i->out : 0;
				continue;
			case RX_NOP:
				pc = i->out;
				continue;
			case RX_CAP:
				if ((int)i->arg < m->ncap) {
					push2(m, -2 - (int)i->arg, cap[i->arg]);
					cap[i->arg] = pos;
				}
				pc = i->out;
				continue;
			case RX_MATCH:
			case RX_RUNE:
				d->cap = cap_alloc(m);
				if (m->ncap > 0)
					memcpy(d->cap, cap, (size_t)m->ncap *
					    sizeof(int));
				break;
			default:	/* FAIL */
				break;
			}
			break;
		}
	}
}

static bool
rune_in(const struct gt_re *re, const struct rx_inst *i, long c)
{
	size_t lo = 0, hi = i->nr;
	const uint32_t *r = re->rng + 2 * (size_t)i->arg;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((uint32_t)c < r[2 * mid])
			hi = mid;
		else if ((uint32_t)c > r[2 * mid + 1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static void
m_step(struct rmach *m, struct rqueue *run, struct rqueue *next, int pos,
    int npos, long c, long r1, long r2)
{
	size_t j;

	for (j = 0; j < run->n; j++) {
		struct rthread *d = &run->dense[j];
		const struct rx_inst *i;

		if (d->cap == NULL)
			continue;
		i = &m->re->inst[d->pc];
		if (i->op == RX_MATCH) {
			if (m->ncap > 0) {
				d->cap[1] = pos;
				memcpy(m->matchcap, d->cap, (size_t)m->ncap *
				    sizeof(int));
			}
			m->matched = true;
			for (; j < run->n; j++)
				if (run->dense[j].cap != NULL)
					cap_release(m, run->dense[j].cap);
			break;
		}
		if (c >= 0 && rune_in(m->re, i, c))
			m_add(m, next, i->out, npos, d->cap, r1, r2);
		cap_release(m, d->cap);
	}
	run->n = 0;
}

/* The rune at pos and its width; -1, 0 at the end. */
static long
rune_at(const char *s, size_t n, size_t pos, size_t *w)
{
	long r;

	if (pos >= n) {
		*w = 0;
		return -1;
	}
	r = gt_utf8_decode(s + pos, n - pos, w);
	return r < 0 ? 0xfffd : r;
}

/* The leftmost-first match at or after pos in s[0..n), the text before
 * pos still seen by ^ and \b. caps (2 * ncap ints, or NULL for a yes/no
 * answer) gets the positions, -1 for a group that did not take part.
 * Returns 1 on a match, 0 when none. */
int
gt_re_exec(const struct gt_re *re, const char *s, size_t n, size_t pos,
    int *caps, bool wantcaps)
{
	struct rmach m;
	struct rqueue q[2], *run = &q[0], *next = &q[1];
	size_t w, w1, i, ninst = re->ninst;
	long r, r1, prev;
	int *cap0;

	memset(&m, 0, sizeof(m));
	m.re = re;
	m.s = s;
	m.len = n;
	m.ncap = wantcaps ? 2 * re->ncap : 0;
	m.free = xmalloc((2 * ninst + 2) * sizeof(*m.free));
	m.matchcap = xmalloc((size_t)(m.ncap + 1) * sizeof(int));
	for (i = 0; i < (size_t)m.ncap; i++)
		m.matchcap[i] = -1;
	for (i = 0; i < 2; i++) {
		q[i].sparse = xcalloc(ninst, sizeof(uint32_t));
		q[i].dense = xmalloc(ninst * sizeof(struct rthread));
		q[i].n = 0;
	}
	cap0 = xmalloc((size_t)(m.ncap + 1) * sizeof(int));
	r = rune_at(s, n, pos, &w);
	r1 = r >= 0 ? rune_at(s, n, pos + w, &w1) : -1;
	prev = pos == 0 ? -1 : (unsigned char)s[pos - 1] < 0x80 ?
	    (unsigned char)s[pos - 1] : 0xfffd;
	for (;;) {
		if (run->n == 0 && m.matched)
			break;
		if (!m.matched) {
			for (i = 0; i < (size_t)m.ncap; i++)
				cap0[i] = -1;
			if (m.ncap > 0)
				cap0[0] = (int)pos;
			m_add(&m, run, re->start, (int)pos, cap0, prev, r);
		}
		m_step(&m, run, next, (int)pos, (int)(pos + w), r, r,
		    r1);
		if (w == 0)
			break;
		if (m.ncap == 0 && m.matched)
			break;
		pos += w;
		prev = r;
		r = r1;
		w = w1;
		if (r >= 0)
			r1 = rune_at(s, n, pos + w, &w1);
		else
			r1 = -1;
		{
			struct rqueue *t = run;

			run = next;
			next = t;
		}
	}
	for (i = 0; i < next->n; i++)
		if (next->dense[i].cap != NULL)
			cap_release(&m, next->dense[i].cap);
	for (i = 0; i < run->n; i++)
		if (run->dense[i].cap != NULL)
			cap_release(&m, run->dense[i].cap);
	if (caps != NULL && m.matched)
		memcpy(caps, m.matchcap, (size_t)m.ncap * sizeof(int));
	for (i = 0; i < m.nfree; i++)
		free(m.free[i]);
	free(m.free);
	free(m.matchcap);
	free(cap0);
	free(m.stack);
	for (i = 0; i < 2; i++) {
		free(q[i].sparse);
		free(q[i].dense);
	}
	return m.matched;
}

/* ---- Sprig's regex functions ---- */

/* The pattern compiled, or NULL after gt_fail naming the function as
 * the template spells it (at s->pos, mustRegexFind or regexFind). */
static struct gt_re *
re_get(struct gt_state *s, const char *fn, const struct gv *pat)
{
	const char *t = s->t->text + s->pos;
	char err[300];
	struct gt_re *re = gt_re_compile(pat->u.s, pat->len, err,
	    sizeof(err));
	int n = 0;

	while (n < 30 && (isalnum_ascii(t[n]) || t[n] == '_'))
		n++;
	if (re == NULL && (pat->flags & GVF_SECRET)) {
		char *q = strstr(err, ": `");

		if (q != NULL)	/* the fragment would show the secret */
			strcpy(q, " in a secret pattern");
	}
	if (re == NULL)
		gt_fail(s, "%.*s: %s", n > 0 ? n : (int)strlen(fn),
		    n > 0 ? t : fn, err);
	return re;
}

/* The parser's check of a literal pattern: 0, or -1 with msg. */
int
gt_re_check(const char *fn, const char *pat, size_t n, char *msg,
    size_t len)
{
	char err[300];
	struct gt_re *re = gt_re_compile(pat, n, err, sizeof(err));

	if (re == NULL) {
		snprintf(msg, len, "%s: %s", fn, err);
		return -1;
	}
	gt_re_free(re);
	return 0;
}

static int
subject_ok(struct gt_state *s, const char *fn, const struct gv *v)
{
	if (v->len > 0x7fffffff)
		return gt_fail(s, "%s: text over 2 GiB", fn);
	return 0;
}

int
gt_fn_regexmatch(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	struct gt_re *re = re_get(s, "regexMatch", &a[0]);

	(void)n;
	if (re == NULL || subject_ok(s, "regexMatch", &a[1]) < 0) {
		gt_re_free(re);
		return -1;
	}
	*out = gv_bool(gt_re_exec(re, a[1].u.s, a[1].len, 0, NULL, false));
	gt_re_free(re);
	return 0;
}

/* Go's allMatches: successive non-overlapping matches, an empty one
 * right after a match skipped, at most max (all when negative).
 * deliver gets each match's capture vector. */
struct all_matches {
	struct gv *items;
	size_t n, cap;
	int *locs;		/* for Split: start, end pairs */
};

static void
all_matches(struct gt_state *s, const struct gt_re *re, const char *str,
    size_t len, long long max, struct all_matches *am)
{
	int ncap = 2 * gt_re_ncap(re), *c = xmalloc((size_t)ncap *
	    sizeof(int));
	size_t pos = 0, w;
	long long k = 0;
	long prevend = -1;

	if (max < 0)
		max = (long long)len + 1;
	while (k < max && pos <= len) {
		bool accept = true;

		if (!gt_re_exec(re, str, len, pos, c, true))
			break;
		if ((size_t)c[1] == pos) {
			if (c[0] == prevend)
				accept = false;
			if (pos < len) {
				gt_utf8_decode(str + pos, len - pos, &w);
				pos += w;
			} else
				pos = len + 1;
		} else
			pos = (size_t)c[1];
		prevend = c[1];
		if (!accept)
			continue;
		if (am->n == am->cap) {
			size_t old = am->cap;

			am->cap = am->cap ? 2 * am->cap : 8;
			am->locs = xrealloc(am->locs, 2 * am->cap * sizeof(int));
			{
				struct gv *it = ga_alloc(&s->arena, am->cap *
				    sizeof(*it));

				if (old > 0)
					memcpy(it, am->items, old * sizeof(*it));
				am->items = it;
			}
		}
		am->locs[2 * am->n] = c[0];
		am->locs[2 * am->n + 1] = c[1];
		am->items[am->n++] = gv_str(str + c[0], (size_t)(c[1] - c[0]));
		k++;
	}
	free(c);
}

static struct gv
str_list(struct gv *items, size_t n)
{
	struct gv v;

	v.kind = GV_LIST;
	v.flags = 0;
	v.len = n;
	v.u.items = items;
	return v;
}

static int
find_all(struct gt_state *s, const char *fn, struct gv *a, struct gv *out)
{
	struct gt_re *re = re_get(s, fn, &a[0]);
	struct all_matches am = { NULL, 0, 0, NULL };

	if (re == NULL || subject_ok(s, fn, &a[1]) < 0) {
		gt_re_free(re);
		return -1;
	}
	if (a[2].u.i != 0)
		all_matches(s, re, a[1].u.s, a[1].len, a[2].u.i, &am);
	*out = str_list(am.items, am.n);
	free(am.locs);
	gt_re_free(re);
	return 0;
}

int
gt_fn_regexfindall(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return find_all(s, "regexFindAll", a, out);
}

int
gt_fn_regexfind(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	struct gt_re *re = re_get(s, "regexFind", &a[0]);
	int *c;

	(void)n;
	if (re == NULL || subject_ok(s, "regexFind", &a[1]) < 0) {
		gt_re_free(re);
		return -1;
	}
	c = xmalloc(2 * (size_t)gt_re_ncap(re) * sizeof(int));
	if (gt_re_exec(re, a[1].u.s, a[1].len, 0, c, true))
		*out = gv_str(a[1].u.s + c[0], (size_t)(c[1] - c[0]));
	else
		*out = gv_str("", 0);
	free(c);
	gt_re_free(re);
	return 0;
}

/* Go's extract: the name after a '$' ({name} or a run of letters,
 * digits and '_'); 1 with *num (or -1 and the name), 0 when malformed,
 * -1 when a non-ASCII character makes the name depend on Unicode's
 * letter tables. */
static int
extract(const char *t, size_t n, size_t *used, const char **name,
    size_t *nlen, long *num)
{
	size_t i = 0, st;
	bool brace = false;

	if (n == 0)
		return 0;
	if (t[0] == '{') {
		brace = true;
		i = 1;
	}
	st = i;
	while (i < n && (isalnum_ascii(t[i]) || t[i] == '_'))
		i++;
	if (i < n && (unsigned char)t[i] >= 0x80)
		return -1;
	if (i == st)
		return 0;
	*name = t + st;
	*nlen = i - st;
	if (brace) {
		if (i >= n || t[i] != '}')
			return 0;
		i++;
	}
	*num = 0;
	for (st = 0; st < *nlen; st++) {
		if ((*name)[st] < '0' || (*name)[st] > '9' || *num >= 100000000) {
			*num = -1;
			break;
		}
		*num = *num * 10 + ((*name)[st] - '0');
	}
	if ((*name)[0] == '0' && *nlen > 1)
		*num = -1;
	*used = i;
	return 1;
}

/* Go's Regexp.expand of template t for one match. */
static int
expand(struct gt_state *s, struct buf *b, const struct gt_re *re,
    const char *t, size_t n, const char *src, const int *m)
{
	size_t i = 0;

	while (i < n) {
		const char *d = memchr(t + i, '$', n - i), *name;
		size_t used, nlen;
		long num;
		int r, g;

		if (d == NULL)
			break;
		buf_add(b, t + i, (size_t)(d - t - i));
		i = (size_t)(d - t) + 1;
		if (i < n && t[i] == '$') {
			buf_addc(b, '$');
			i++;
			continue;
		}
		r = extract(t + i, n - i, &used, &name, &nlen, &num);
		if (r < 0)
			return gt_fail(s, "regexReplaceAll: a non-ASCII "
			    "character in a $name of the replacement: not "
			    "supported");
		if (r == 0) {
			buf_addc(b, '$');
			continue;
		}
		i += used;
		g = num >= 0 ? (num < gt_re_ncap(re) ? (int)num : -1) :
		    gt_re_name(re, name, nlen, m);
		if (g >= 0 && m[2 * g] >= 0)
			buf_add(b, src + m[2 * g], (size_t)(m[2 * g + 1] -
			    m[2 * g]));
	}
	buf_add(b, t + i, n - i);
	return 0;
}

/* Go's replaceAll: every match replaced, an empty match right after
 * the previous one left alone, always advancing a rune. */
static int
replace_all(struct gt_state *s, const char *fn, struct gv *a, bool literal,
    struct gv *out)
{
	struct gt_re *re = re_get(s, fn, &a[0]);
	const char *src = a[1].u.s;
	size_t len = a[1].len, last = 0, pos = 0, w;
	struct buf b = BUF_INIT;
	int *c, r = 0;

	if (re == NULL || subject_ok(s, fn, &a[1]) < 0) {
		gt_re_free(re);
		return -1;
	}
	c = xmalloc(2 * (size_t)gt_re_ncap(re) * sizeof(int));
	while (pos <= len) {
		if (!gt_re_exec(re, src, len, pos, c, true))
			break;
		buf_add(&b, src + last, (size_t)c[0] - last);
		if ((size_t)c[1] > last || c[0] == 0) {
			if (literal)
				buf_add(&b, a[2].u.s, a[2].len);
			else if ((r = expand(s, &b, re, a[2].u.s, a[2].len, src,
			    c)) < 0)
				break;
		}
		if (b.len > GT_MAX_STR) {
			r = gt_fail(s, "%s: result over %u MiB", fn,
			    GT_MAX_STR >> 20);
			break;
		}
		last = (size_t)c[1];
		w = 0;
		if (pos < len)
			gt_utf8_decode(src + pos, len - pos, &w);
		if (pos + w > (size_t)c[1])
			pos += w;
		else if (pos + 1 > (size_t)c[1])
			pos++;
		else
			pos = (size_t)c[1];
	}
	if (r == 0) {
		buf_add(&b, src + last, len - last);
		*out = gv_str(ga_strdup(&s->arena, buf_str(&b), b.len), b.len);
	}
	buf_free(&b);
	free(c);
	gt_re_free(re);
	return r;
}

int
gt_fn_regexreplaceall(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return replace_all(s, "regexReplaceAll", a, false, out);
}

int
gt_fn_regexreplaceallliteral(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return replace_all(s, "regexReplaceAllLiteral", a, true, out);
}

/* Go's Regexp.Split. */
int
gt_fn_regexsplit(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	struct gt_re *re = re_get(s, "regexSplit", &a[0]);
	struct all_matches am = { NULL, 0, 0, NULL };
	long long max = a[2].u.i;
	const char *str = a[1].u.s;
	size_t len = a[1].len, i, k = 0, beg = 0, end = 0;
	struct gv *items;

	(void)n;
	if (re == NULL || subject_ok(s, "regexSplit", &a[1]) < 0) {
		gt_re_free(re);
		return -1;
	}
	if (max == 0) {
		*out = str_list(NULL, 0);
		gt_re_free(re);
		return 0;
	}
	if (a[0].len > 0 && len == 0) {
		items = ga_alloc(&s->arena, sizeof(*items));
		items[0] = gv_str("", 0);
		*out = str_list(items, 1);
		gt_re_free(re);
		return 0;
	}
	all_matches(s, re, str, len, max, &am);
	items = ga_alloc(&s->arena, (am.n + 1) * sizeof(*items));
	for (i = 0; i < am.n; i++) {
		if (max > 0 && (long long)k == max - 1)
			break;
		end = (size_t)am.locs[2 * i];
		if (am.locs[2 * i + 1] != 0)
			items[k++] = gv_str(str + beg, end - beg);
		beg = (size_t)am.locs[2 * i + 1];
	}
	if (end != len)
		items[k++] = gv_str(str + beg, len - beg);
	*out = str_list(items, k);
	free(am.locs);
	gt_re_free(re);
	return 0;
}

/* Go's QuoteMeta: a backslash before each of \.+*?()|[]{}^$. */
int
gt_fn_regexquotemeta(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)n;
	for (i = 0; i < a[0].len; i++) {
		if (a[0].u.s[i] != '\0' && strchr("\\.+*?()|[]{}^$",
		    a[0].u.s[i]) != NULL)
			buf_addc(&b, '\\');
		buf_addc(&b, a[0].u.s[i]);
	}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&b), b.len), b.len);
	buf_free(&b);
	return 0;
}
