/* gotmpl_fmt: Go's fmt for the value kinds templates meet: %v printing of
 * every value, Sprint/Sprintln spacing, and the Printf verbs configs use
 * (s d v q x X t c f e g o b and %%), with Go's width, precision and flag
 * rules, its "%!d(string=x)" complaints, and widths counted in runes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "int.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);
void gt_utf8_encode(struct buf *b, long r);

struct spec {
	int wid, prec;
	bool haswid, hasprec, minus, plus, sharp, space, zero;
	bool sharpv, plusv;	/* %#v and %+v: Go moves the flags here */
	long verb;
};

const char *
gt_typename(const struct gv *v)
{
	switch (v->kind) {
	case GV_STR: return "string";
	case GV_INT: return "int";
	case GV_FLOAT: return "float64";
	case GV_BOOL: return "bool";
	case GV_LIST: return v->flags & GVF_ANY ? "[]interface {}" :
	    "[]string";
	case GV_MAP: return v->flags & GVF_VALUES ? "url.Values" :
	    "map[string]interface {}";
	case GV_ENV: return "map[string]string";
	case GV_URL: return "*url.URL";
	case GV_USER: return "*url.Userinfo";
	case GV_CHAN: return "<-chan int";
	case GV_ROOT: return "*main.Context";
	case GV_DICT: return "map[string]interface {}";
	case GV_TIME: return "time.Time";
	default: return "<nil>";
	}
}

/* Pad b's tail from start to sp->wid runes, as Go's fmt.pad does. */
static void
pad_from(struct buf *b, size_t start, const struct spec *sp, bool zeros)
{
	size_t n, have;
	char c = zeros ? '0' : ' ';

	if (!sp->haswid)
		return;
	have = gt_runes(b->p + start, b->len - start);
	if (have >= (size_t)sp->wid)
		return;
	n = (size_t)sp->wid - have;
	memset(buf_reserve(b, n), c, n);
	b->len += n;
	b->p[b->len] = '\0';
	if (!sp->minus) {
		memmove(b->p + start + n, b->p + start, b->len - start - n);
		memset(b->p + start, c, n);
	}
}

static void
pad_str(struct buf *b, const char *s, size_t n, const struct spec *sp)
{
	size_t start = b->len;

	buf_add(b, s, n);
	pad_from(b, start, sp, sp->zero && !sp->minus);
}

/* Decimal digits of |f|: digs (no trailing zeros), nd, and dp, the
 * position of the decimal point, as strconv's decimalSlice. sig < 0
 * asks for the shortest digits that read back as f. */
#define SIG_MAX 800	/* a double has at most 767 significant digits */

static void
float_digits(double f, int sig, char *digs, int *nd, int *dp)
{
	char tmp[SIG_MAX + 16], *e;
	int p, n = 0, i;

	f = fabs(f);
	if (sig < 0) {
		for (p = 1; p <= 17; p++) {
			snprintf(tmp, sizeof(tmp), "%.*e", p - 1, f);
			if (strtod(tmp, NULL) == f)
				break;
		}
	} else
		snprintf(tmp, sizeof(tmp), "%.*e", sig > 0 ? sig - 1 : 0, f);
	e = strchr(tmp, 'e');
	for (i = 0; tmp + i < e; i++)
		if (tmp[i] != '.')
			digs[n++] = tmp[i];
	while (n > 0 && digs[n - 1] == '0')
		n--;
	*nd = n;
	*dp = n == 0 ? 0 : atoi(e + 1) + 1;
}

static void
fmt_e(struct buf *b, const char *d, int nd, int dp, int prec, char e)
{
	int i, x = nd == 0 ? 0 : dp - 1;

	buf_addc(b, nd > 0 ? d[0] : '0');
	if (prec > 0) {
		buf_addc(b, '.');
		for (i = 1; i <= prec; i++)
			buf_addc(b, i < nd ? d[i] : '0');
	}
	buf_printf(b, "%c%c%02d", e, x < 0 ? '-' : '+', x < 0 ? -x : x);
}

static void
fmt_f(struct buf *b, const char *d, int nd, int dp, int prec)
{
	int i;

	if (dp <= 0)
		buf_addc(b, '0');
	for (i = 0; i < dp; i++)
		buf_addc(b, i < nd ? d[i] : '0');
	if (prec > 0) {
		buf_addc(b, '.');
		for (i = 0; i < prec; i++) {
			int j = dp + i;

			buf_addc(b, j >= 0 && j < nd ? d[j] : '0');
		}
	}
}

/* strconv.FormatFloat(f, verb, prec, 64) for verbs e, f, g. */
void
gt_fmt_float(struct buf *b, double f, char verb, int prec)
{
	char d[SIG_MAX];
	int nd, dp, eprec;
	char lower = verb | 0x20;

	if (isnan(f) || isinf(f)) {
		buf_adds(b, isnan(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (signbit(f))
		buf_addc(b, '-');
	if (lower == 'e' || lower == 'f') {
		/* printf's digits are exact, as strconv's: any precision
		 * (up to Go's 1e6) is sized first, then printed in place. A
		 * double has at most 767 significant decimal digits and 1074
		 * after the point; past those every digit is 0, so they are
		 * added as zeros rather than computed (a libc can take
		 * seconds over %.1000000f of 1e308: a fuzzer's finding). */
		int p = prec < 0 ? 6 : prec, pad, len;
		char *t, *ep;

		pad = p > (lower == 'e' ? 767 : 1074) ?
		    p - (lower == 'e' ? 767 : 1074) : 0;
		p -= pad;
		len = lower == 'e' ? snprintf(NULL, 0, "%.*e", p, fabs(f)) :
		    snprintf(NULL, 0, "%.*f", p, fabs(f));
		if (len < 0)
			return;
		t = buf_reserve(b, (size_t)len + (size_t)pad);
		if (lower == 'e')
			snprintf(t, (size_t)len + 1, "%.*e", p, fabs(f));
		else
			snprintf(t, (size_t)len + 1, "%.*f", p, fabs(f));
		ep = lower == 'e' ? memchr(t, 'e', (size_t)len) : t + len;
		if (ep == NULL)
			return;
		memmove(ep + pad, ep, (size_t)(t + len - ep));
		memset(ep, '0', (size_t)pad);
		if (verb == 'E')
			ep[pad] = 'E';
		b->len += (size_t)len + (size_t)pad;
		return;
	}
	if (prec == 0)
		prec = 1;
	float_digits(f, prec > SIG_MAX ? SIG_MAX : prec, d, &nd, &dp);
	eprec = prec < 0 ? 6 : prec;
	if (prec < 0)
		prec = nd;
	else if (eprec > nd && nd >= dp)
		eprec = nd;
	if (dp - 1 < -4 || dp - 1 >= eprec) {
		fmt_e(b, d, nd, dp, (prec > nd ? nd : prec) - 1,
		    verb == 'G' ? 'E' : 'e');
		return;
	}
	if (prec > dp)
		prec = nd;
	fmt_f(b, d, nd, dp, prec - dp > 0 ? prec - dp : 0);
}

/* strconv.FormatFloat(f, verb, -1, 64) for e and f: shortest digits. */
void
gt_fmt_shortest(struct buf *b, double f, char verb)
{
	char d[SIG_MAX];
	int nd, dp;

	if (signbit(f))
		buf_addc(b, '-');
	float_digits(f, -1, d, &nd, &dp);
	if (verb == 'e')
		fmt_e(b, d, nd, dp, nd - 1, 'e');
	else
		fmt_f(b, d, nd, dp, nd - dp > 0 ? nd - dp : 0);
}

/* Go's unicode.IsPrint, approximated: ASCII exactly; beyond it the
 * controls, spaces, format characters and private use Go escapes. */
static bool
is_print(long r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7f;
	return !(r < 0xa0 || r == 0xa0 || r == 0xad || r == 0x1680 ||
	    (r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202f) ||
	    (r >= 0x205f && r <= 0x206f) || r == 0x3000 || r == 0xfeff ||
	    (r >= 0xe000 && r <= 0xf8ff) || (r >= 0xfff9 && r <= 0xfffb) ||
	    r == 0xfffe || r == 0xffff || r >= 0xf0000);
}

static void
quote_rune(struct buf *b, long r, char q, bool ascii)
{
	static const char esc[] = "\a\b\f\n\r\t\v", let[] = "abfnrtv";
	const char *m;

	if (r == q || r == '\\') {
		buf_addc(b, '\\');
		buf_addc(b, (char)r);
	} else if (r < 0x80 && is_print(r))
		buf_addc(b, (char)r);
	else if (!ascii && is_print(r))
		gt_utf8_encode(b, r);
	else if (r > 0 && r < 0x80 && (m = strchr(esc, (int)r)) != NULL)
		buf_printf(b, "\\%c", let[m - esc]);
	else if (r < 0x20 || r == 0x7f)
		buf_printf(b, "\\x%02x", (unsigned)r);
	else if (r < 0x10000)
		buf_printf(b, "\\u%04lx", r);
	else
		buf_printf(b, "\\U%08lx", r);
}

/* strconv.Quote (ascii: QuoteToASCII). */
void
gt_quote(struct buf *b, const char *s, size_t n, bool ascii)
{
	size_t i, w;

	buf_addc(b, '"');
	for (i = 0; i < n; i += w) {
		long r = gt_utf8_decode(s + i, n - i, &w);

		if (r < 0)
			buf_printf(b, "\\x%02x", (unsigned char)s[i]);
		else
			quote_rune(b, r, '"', ascii);
	}
	buf_addc(b, '"');
}

static bool
can_backquote(const char *s, size_t n)
{
	size_t i, w;

	for (i = 0; i < n; i += w) {
		long r = gt_utf8_decode(s + i, n - i, &w);

		if (r < 0 || r == '`' || r == 0xfeff ||
		    (r < 0x20 && r != '\t') || r == 0x7f)
			return false;
	}
	return true;
}

/* Go's fmtInteger: digits, zeros up to the precision (or, with the 0
 * flag and no precision, up to the width), the base prefix, the sign, and
 * then space padding to the width. */
static void
fmt_int(struct buf *b, long long v, int base, const struct spec *sp)
{
	char tmp[64];
	const char *dig = sp->verb == 'X' ? "0123456789ABCDEF" :
	    "0123456789abcdef";
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;
	size_t i = sizeof(tmp), nd, zeros = 0, start = b->len;
	int prec = 0;
	struct spec nz = *sp;

	nz.zero = false;
	if (sp->hasprec) {
		prec = sp->prec;
		if (prec == 0 && v == 0) {
			pad_str(b, "", 0, &nz);
			return;
		}
	} else if (sp->zero && sp->haswid && !sp->minus) {
		prec = sp->wid;
		if (v < 0 || sp->plus || sp->space)
			prec--;
	}
	do {
		tmp[--i] = dig[u % (unsigned)base];
		u /= (unsigned)base;
	} while (u > 0);
	nd = sizeof(tmp) - i;
	if (prec > 0 && (size_t)prec > nd)
		zeros = (size_t)prec - nd;
	if (v < 0)
		buf_addc(b, '-');
	else if (sp->plus)
		buf_addc(b, '+');
	else if (sp->space)
		buf_addc(b, ' ');
	if (sp->verb == 'O')
		buf_adds(b, "0o");
	if (sp->sharp && base == 16)
		buf_adds(b, sp->verb == 'X' ? "0X" : "0x");
	else if (sp->sharp && base == 8 && zeros == 0 && tmp[i] != '0')
		buf_addc(b, '0');
	else if (sp->sharp && base == 2)
		buf_adds(b, "0b");
	memset(buf_reserve(b, zeros), '0', zeros);
	b->len += zeros;
	buf_add(b, tmp + i, nd);
	pad_from(b, start, &nz, false);
}

/* The # flag of Go's fmtFloat on the unsigned number p[0..n): always a
 * decimal point, and %g keeps its trailing zeros up to the precision. */
static void
sharp_float(struct buf *out, const char *p, size_t n, char verb, int prec)
{
	long digits = 0;
	size_t i, tail = n;
	bool point = false, nonzero = false;

	if (verb == 'g' || verb == 'G')
		digits = prec < 0 ? 6 : prec;
	for (i = 0; i < n; i++) {
		if (p[i] == '.')
			point = true;
		else if (p[i] == 'e' || p[i] == 'E') {
			tail = i;
			break;
		} else {
			if (p[i] != '0')
				nonzero = true;
			if (nonzero)
				digits--;
		}
	}
	buf_add(out, p, tail);
	if (!point) {
		if (tail == 1 && p[0] == '0')
			digits--;
		buf_addc(out, '.');
	}
	for (; digits > 0; digits--)
		buf_addc(out, '0');
	buf_add(out, p + tail, n - tail);
}

/* Go's fmtFloat: sign before zero padding. */
static void
fmt_floatv(struct buf *b, double f, char verb, int prec,
    const struct spec *sp)
{
	struct buf num = BUF_INIT, alt = BUF_INIT;
	struct spec nz = *sp;
	const char *p;
	size_t n;
	char sign = 0;

	if (sp->hasprec)
		prec = sp->prec;
	gt_fmt_float(&num, f, verb, prec);
	p = num.p;
	n = num.len;
	if (p[0] == '-' || p[0] == '+')
		sign = *p++, n--;
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->sharp && isfinite(f)) {
		sharp_float(&alt, p, n, verb, prec);
		p = alt.p;
		n = alt.len;
	}
	if (sign != 0 && sp->zero && !sp->minus && sp->haswid &&
	    (size_t)sp->wid > n + 1) {
		buf_addc(b, sign);
		nz.wid--;
		pad_str(b, p, n, &nz);
	} else if (sign != 0) {
		size_t start = b->len;

		buf_addc(b, sign);
		buf_add(b, p, n);
		pad_from(b, start, sp, sp->zero && !sp->minus);
	} else
		pad_str(b, p, n, sp);
	buf_free(&num);
	buf_free(&alt);
}

static void
fmt_hexstr(struct buf *b, const char *s, size_t n, const struct spec *sp)
{
	const char *dig = sp->verb == 'X' ? "0123456789ABCDEF" :
	    "0123456789abcdef";
	size_t start = b->len, i;

	if (sp->hasprec && (size_t)sp->prec < n)
		n = (size_t)sp->prec;
	for (i = 0; i < n; i++) {
		if (sp->space && i > 0)
			buf_addc(b, ' ');
		if (sp->sharp && (sp->space || i == 0))
			buf_adds(b, sp->verb == 'X' ? "0X" : "0x");
		buf_addc(b, dig[(unsigned char)s[i] >> 4]);
		buf_addc(b, dig[(unsigned char)s[i] & 15]);
	}
	pad_from(b, start, sp, sp->zero && !sp->minus);
}

static void
fmt_string(struct buf *b, const char *s, size_t n, const struct spec *sp)
{
	struct buf q = BUF_INIT;
	size_t i, w, k;

	switch (sp->verb) {
	case 'x':
	case 'X':
		fmt_hexstr(b, s, n, sp);
		return;
	case 'q':
		if (sp->hasprec) {
			for (i = 0, k = 0; i < n && k < (size_t)sp->prec; k++)
				gt_utf8_decode(s + i, n - i, &w), i += w;
			n = i;
		}
		if (sp->sharp && can_backquote(s, n)) {
			buf_addc(&q, '`');
			buf_add(&q, s, n);
			buf_addc(&q, '`');
		} else
			gt_quote(&q, s, n, sp->plus);
		pad_str(b, q.p, q.len, sp);
		buf_free(&q);
		return;
	}
	if (sp->hasprec) {
		for (i = 0, k = 0; i < n && k < (size_t)sp->prec; k++)
			gt_utf8_decode(s + i, n - i, &w), i += w;
		n = i;
	}
	pad_str(b, s, n, sp);
}

static void print_arg(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp, bool top);

static void
bad_verb(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp)
{
	struct spec vs = *sp;

	buf_adds(b, "%!");
	gt_utf8_encode(b, sp->verb);
	buf_addc(b, '(');
	if (v->kind == GV_NIL) {
		buf_adds(b, "<nil>)");
		return;
	}
	buf_adds(b, gt_typename(v));
	buf_addc(b, '=');
	vs.verb = 'v';
	print_arg(s, b, v, &vs, false);
	buf_addc(b, ')');
}

static void
print_int(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp)
{
	struct buf q = BUF_INIT;

	switch (sp->verb) {
	case 'v': case 'd': fmt_int(b, v->u.i, 10, sp); return;
	case 'x': case 'X': fmt_int(b, v->u.i, 16, sp); return;
	case 'o': case 'O': fmt_int(b, v->u.i, 8, sp); return;
	case 'b': fmt_int(b, v->u.i, 2, sp); return;
	case 'c':
		gt_utf8_encode(&q, v->u.i > 0x10ffff || v->u.i < 0 ? 0xfffd :
		    (long)v->u.i);
		break;
	case 'q':
		buf_addc(&q, '\'');
		quote_rune(&q, v->u.i > 0x10ffff || v->u.i < 0 ? 0xfffd :
		    (long)v->u.i, '\'', sp->plus);
		buf_addc(&q, '\'');
		break;
	case 'U':
		buf_printf(&q, "U+%04llX", v->u.i);
		if (sp->sharp && v->u.i >= 0 && v->u.i <= 0x10ffff &&
		    is_print((long)v->u.i)) {
			buf_adds(&q, " '");
			gt_utf8_encode(&q, (long)v->u.i);
			buf_addc(&q, '\'');
		}
		break;
	default:
		bad_verb(s, b, v, sp);
		return;
	}
	pad_str(b, q.p, q.len, sp);
	buf_free(&q);
}

/* Lists and maps print their elements with the same verb. */
static void
print_composite(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp)
{
	struct gv m;
	size_t i;

	if (v->kind == GV_ENV) {
		gt_env_value(s, v, &m);
		v = &m;
	}
	buf_adds(b, v->kind == GV_LIST ? "[" : "map[");
	for (i = 0; i < v->len; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		if (v->kind == GV_LIST) {
			print_arg(s, b, &v->u.items[i], sp, false);
			continue;
		}
		print_arg(s, b, &(struct gv){ GV_STR, 0, v->u.ents[i].klen,
		    { .s = v->u.ents[i].k } }, sp, false);
		buf_addc(b, ':');
		print_arg(s, b, &v->u.ents[i].v, sp, false);
	}
	buf_addc(b, ']');
}

static bool
stringish_verb(long verb)
{
	return verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' ||
	    verb == 'q';
}

/* A *url.URL or *url.Userinfo: fmt calls their String method. */
static void
print_stringer(struct buf *b, const struct gv *v, const struct spec *sp)
{
	struct buf t = BUF_INIT;

	if (v->kind == GV_URL)
		gt_url_string(&t, v->u.url);
	else
		gt_user_string(&t, v->u.url);
	fmt_string(b, buf_str(&t), t.len, sp);
	buf_free(&t);
}

static void print_gosyntax(struct gt_state *s, struct buf *b,
    const struct gv *v, bool inany);

static void
gosyntax_items(struct gt_state *s, struct buf *b, const struct gv *v)
{
	bool any = (v->flags & GVF_ANY) != 0;
	size_t i;

	buf_adds(b, gt_typename(v));
	buf_addc(b, '{');
	for (i = 0; i < v->len; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		if (v->kind == GV_LIST) {
			print_gosyntax(s, b, &v->u.items[i], any);
			continue;
		}
		gt_quote(b, v->u.ents[i].k, v->u.ents[i].klen, false);
		buf_addc(b, ':');
		print_gosyntax(s, b, &v->u.ents[i].v, any);
	}
	buf_addc(b, '}');
}

/* %#v: Go syntax for strings, numbers, bools and the lists and maps
 * holding them; inany says an element sits in an interface{}. */
static void
print_gosyntax(struct gt_state *s, struct buf *b, const struct gv *v,
    bool inany)
{
	struct gv m, view;

	v = gt_view(v, &view);
	switch (v->kind) {
	case GV_NIL:
		buf_adds(b, inany ? "interface {}(nil)" : "<nil>");
		return;
	case GV_STR:
		gt_quote(b, v->u.s, v->len, false);
		return;
	case GV_ENV:
		gt_env_value(s, v, &m);
		m.flags = 0;
		buf_adds(b, "map[string]string{");
		for (size_t i = 0; i < m.len; i++) {
			if (i > 0)
				buf_adds(b, ", ");
			gt_quote(b, m.u.ents[i].k, m.u.ents[i].klen, false);
			buf_addc(b, ':');
			print_gosyntax(s, b, &m.u.ents[i].v, false);
		}
		buf_addc(b, '}');
		return;
	case GV_LIST:
	case GV_MAP:
		gosyntax_items(s, b, v);
		return;
	case GV_ROOT:
		buf_adds(b, "&main.Context{facter:map[string]string(nil)}");
		return;
	default:
		gt_fmt_value(s, b, v, false);
	}
}

/* Go's printArg/printValue for one operand; top is an operand itself,
 * not an element (a nil operand takes only %v), and shows the root
 * struct without "&" as a template's own printing does (Sprintf passes
 * false for the root). */
static void
print_arg(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp, bool top)
{
	struct gv view;

	v = gt_view(v, &view);
	switch (v->kind) {
	case GV_TIME:
		if (stringish_verb(sp->verb)) {
			struct buf t = BUF_INIT;

			gt_time_string(&t, v);
			fmt_string(b, buf_str(&t), t.len, sp);
			buf_free(&t);
			return;
		}
		break;
	case GV_NIL:
		if (sp->verb == 'v' || !top)
			pad_str(b, "<nil>", 5, sp);
		else
			bad_verb(s, b, v, sp);
		return;
	case GV_BOOL:
		if (sp->verb == 'v' || sp->verb == 't')
			pad_str(b, v->u.b ? "true" : "false", v->u.b ? 4 : 5,
			    sp);
		else
			bad_verb(s, b, v, sp);
		return;
	case GV_INT:
		print_int(s, b, v, sp);
		return;
	case GV_FLOAT:
		if (sp->verb == 'v')
			fmt_floatv(b, v->u.f, 'g', -1, sp);
		else if (sp->verb != 0 && strchr("eEfFgG", (int)sp->verb))
			fmt_floatv(b, v->u.f, sp->verb == 'F' ? 'f' :
			    (char)sp->verb, strchr("gG", (int)sp->verb) ? -1 :
			    6, sp);
		else
			bad_verb(s, b, v, sp);
		return;
	case GV_STR:
		if (stringish_verb(sp->verb))
			fmt_string(b, v->u.s, v->len, sp);
		else
			bad_verb(s, b, v, sp);
		return;
	case GV_LIST:
	case GV_MAP:
	case GV_ENV:
		print_composite(s, b, v, sp);
		return;
	case GV_URL:
	case GV_USER:
		if (stringish_verb(sp->verb)) {
			print_stringer(b, v, sp);
			return;
		}
		break;
	case GV_ROOT: {
		/* A *Context: Sprintf shows the pointer's "&", the field
		 * name with %+v. */
		const char *r = sp->plusv ? "&{facter:map[]}" : "&{map[]}";

		pad_str(b, r + top, strlen(r + top), sp);
		return;
	}
	}
	bad_verb(s, b, v, sp);
}

/* A value as the template prints it (fmt.Fprint after printableValue). */
void
gt_fmt_value(struct gt_state *s, struct buf *b, const struct gv *v,
    bool top)
{
	struct spec sp;

	memset(&sp, 0, sizeof(sp));
	sp.verb = 'v';
	print_arg(s, b, v, &sp, top);
}

/* fmt.Sprint (spaces between operands when neither is a string) or
 * fmt.Sprintln (always spaces, then a newline). */
void
gt_sprint(struct gt_state *s, struct buf *b, const struct gv *a, size_t n,
    bool ln)
{
	size_t i;

	for (i = 0; i < n; i++) {
		bool str = a[i].kind == GV_STR;

		if (i > 0 && (ln || (!str && a[i - 1].kind != GV_STR)))
			buf_addc(b, ' ');
		gt_fmt_value(s, b, &a[i], false);
	}
	if (ln)
		buf_addc(b, '\n');
}

/* Go's fmt refuses a width or precision beyond this (tooLarge). */
#define WIDTH_MAX 1000000

static bool
too_large(long long x)
{
	return x > WIDTH_MAX || x < -WIDTH_MAX;
}

/* Go's parsenum: the decimal number at f[*i..end), false when there is
 * none. A number still growing past WIDTH_MAX is an overflow: false, and
 * *i = end, so the rest of the format is swallowed, as in Go. */
static bool
parse_num(const char *f, size_t end, size_t *i, int *num)
{
	bool isnum = false;
	int v = 0;

	*num = 0;
	for (; *i < end && f[*i] >= '0' && f[*i] <= '9'; (*i)++) {
		if (too_large(v)) {
			*i = end;
			return false;
		}
		v = v * 10 + (f[*i] - '0');
		isnum = true;
	}
	*num = v;
	return isnum;
}

/* Go's intFromArg for a '*': the next operand (consumed when there is
 * one) must be an int within WIDTH_MAX; otherwise *num = 0 and false. */
static bool
int_from_arg(const struct gv *a, size_t na, size_t *argn, int *num)
{
	const struct gv *v;

	*num = 0;
	if (*argn >= na)
		return false;
	v = &a[(*argn)++];
	if (v->kind != GV_INT || too_large(v->u.i))
		return false;
	*num = (int)v->u.i;
	return true;
}

/* The state of one Sprintf: the next operand, and Go's goodArgNum and
 * reordered (an explicit [n] index was seen). */
struct pf {
	size_t argn, na;
	bool good, reordered;
};

/* Go's argNumber: an explicit "[n]" at f[*i] selects operand n (from 1).
 * Returns whether one was found (a well-formed index out of range counts,
 * but makes the verb a BADINDEX). */
static bool
arg_number(struct pf *p, const char *f, size_t n, size_t *i)
{
	size_t j, k;
	int idx;
	bool ok;

	if (*i >= n || f[*i] != '[')
		return false;
	p->reordered = true;
	for (j = *i + 1; j < n && f[j] != ']'; j++)
		;
	if (n - *i < 3 || j >= n) {
		(*i)++;
		p->good = false;
		return false;
	}
	k = *i + 1;
	ok = parse_num(f, j, &k, &idx) && k == j;
	*i = j + 1;
	if (ok && idx >= 1 && (size_t)idx - 1 < p->na) {
		p->argn = (size_t)idx - 1;
		return true;
	}
	p->good = false;
	return ok;
}

/* Flags, argument indexes, width and precision after a '%', as Go's
 * doPrintf parses them; *i moves past them. A '*' takes an int operand;
 * a bad one writes %!(BADWIDTH) or %!(BADPREC) to b on the spot. */
static void
parse_spec(struct buf *b, const char *f, size_t n, size_t *i,
    struct spec *sp, const struct gv *a, struct pf *p)
{
	bool after;

	memset(sp, 0, sizeof(*sp));
	for (; *i < n; (*i)++) {
		char c = f[*i];

		if (c == '#')
			sp->sharp = true;
		else if (c == '0')
			sp->zero = !sp->minus;
		else if (c == '+')
			sp->plus = true;
		else if (c == '-')
			sp->minus = true, sp->zero = false;
		else if (c == ' ')
			sp->space = true;
		else
			break;
	}
	after = arg_number(p, f, n, i);
	if (*i < n && f[*i] == '*') {
		(*i)++;
		sp->haswid = int_from_arg(a, p->na, &p->argn, &sp->wid);
		if (!sp->haswid)
			buf_adds(b, "%!(BADWIDTH)");
		if (sp->wid < 0)
			sp->minus = true, sp->wid = -sp->wid, sp->zero = false;
		after = false;
	} else {
		sp->haswid = parse_num(f, n, i, &sp->wid);
		if (after && sp->haswid)
			p->good = false;
	}
	if (*i + 1 < n && f[*i] == '.') {
		(*i)++;
		if (after)
			p->good = false;
		after = arg_number(p, f, n, i);
		if (*i < n && f[*i] == '*') {
			(*i)++;
			sp->hasprec = int_from_arg(a, p->na, &p->argn,
			    &sp->prec);
			if (sp->prec < 0)
				sp->prec = 0, sp->hasprec = false;
			if (!sp->hasprec)
				buf_adds(b, "%!(BADPREC)");
			after = false;
		} else if (!parse_num(f, n, i, &sp->prec))
			sp->prec = 0, sp->hasprec = true;
		else
			sp->hasprec = true;
	}
	if (!after)
		arg_number(p, f, n, i);
}

/* One operand of Sprintf: Go's printArg at depth 0. */
static void
print_top(struct gt_state *s, struct buf *b, const struct gv *v,
    const struct spec *sp)
{
	if (sp->verb == 'T') {
		const char *tn = gt_typename(v);
		struct spec ts = *sp;

		ts.verb = 's';
		if (v->kind == GV_NIL)
			pad_str(b, tn, strlen(tn), sp);
		else
			fmt_string(b, tn, strlen(tn), &ts);
	} else if (sp->sharpv) {
		struct buf g = BUF_INIT;

		print_gosyntax(s, &g, v, false);
		pad_str(b, buf_str(&g), g.len, sp);
		buf_free(&g);
	} else
		print_arg(s, b, v, sp, v->kind != GV_ROOT);
}

static void
extra_args(struct gt_state *s, struct buf *b, const struct gv *a,
    size_t from, size_t n)
{
	size_t i;

	buf_adds(b, "%!(EXTRA ");
	for (i = from; i < n; i++) {
		if (i > from)
			buf_adds(b, ", ");
		if (a[i].kind == GV_NIL) {
			buf_adds(b, "<nil>");
			continue;
		}
		buf_adds(b, gt_typename(&a[i]));
		buf_addc(b, '=');
		gt_fmt_value(s, b, &a[i], false);
	}
	buf_addc(b, ')');
}

/* fmt.Sprintf(f, a...): Go's doPrintf. */
void
gt_sprintf(struct gt_state *s, struct buf *b, const char *f, size_t n,
    const struct gv *a, size_t na)
{
	struct pf p = { 0, na, true, false };
	size_t i = 0, w;
	struct spec sp;

	while (i < n) {
		const char *pct = memchr(f + i, '%', n - i);

		if (pct == NULL) {
			buf_add(b, f + i, n - i);
			break;
		}
		buf_add(b, f + i, (size_t)(pct - (f + i)));
		i = (size_t)(pct - f) + 1;
		p.good = true;
		parse_spec(b, f, n, &i, &sp, a, &p);
		if (i >= n) {
			buf_adds(b, "%!(NOVERB)");
			break;
		}
		sp.verb = gt_utf8_decode(f + i, n - i, &w);
		if (sp.verb < 0)
			sp.verb = 0xfffd;
		i += w;
		if (sp.verb == '%') {
			buf_addc(b, '%');
			continue;
		}
		if (!p.good || p.argn >= na) {
			buf_adds(b, "%!");
			gt_utf8_encode(b, sp.verb);
			buf_adds(b, p.good ? "(MISSING)" : "(BADINDEX)");
			continue;
		}
		if (sp.verb == 'v') {
			sp.sharpv = sp.sharp, sp.sharp = false;
			sp.plusv = sp.plus, sp.plus = false;
		}
		print_top(s, b, &a[p.argn++], &sp);
	}
	if (!p.reordered && p.argn < na)
		extra_args(s, b, a, p.argn, na);
}
