/* gotmpl_lit: literal conversion with Go's rules (strconv.Unquote,
 * strconv.ParseInt with base 0, ParseFloat), the UTF-8 helpers the
 * formatter shares, and the render arena. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "int.h"
#include "xalloc.h"

/* Decode one UTF-8 sequence at s[0..n) (n > 0): the rune, or -1 for an
 * invalid byte; *w gets the bytes used (1 when invalid). */
long
gt_utf8_decode(const char *s, size_t n, size_t *w)
{
	const unsigned char *u = (const unsigned char *)s;
	long r;
	size_t len, i;

	*w = 1;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		len = 2, r = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		len = 3, r = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		len = 4, r = u[0] & 0x07;
	else
		return -1;
	if (n < len)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		r = (r << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && (r < 0x800 || (r >= 0xd800 && r <= 0xdfff))) ||
	    (len == 4 && (r < 0x10000 || r > 0x10ffff)))
		return -1;
	*w = len;
	return r;
}

void
gt_utf8_encode(struct buf *b, long r)
{
	char c[4];

	if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		r = 0xfffd;
	if (r < 0x80) {
		buf_addc(b, (char)r);
		return;
	}
	if (r < 0x800) {
		c[0] = (char)(0xc0 | (r >> 6));
		c[1] = (char)(0x80 | (r & 0x3f));
		buf_add(b, c, 2);
	} else if (r < 0x10000) {
		c[0] = (char)(0xe0 | (r >> 12));
		c[1] = (char)(0x80 | ((r >> 6) & 0x3f));
		c[2] = (char)(0x80 | (r & 0x3f));
		buf_add(b, c, 3);
	} else {
		c[0] = (char)(0xf0 | (r >> 18));
		c[1] = (char)(0x80 | ((r >> 12) & 0x3f));
		c[2] = (char)(0x80 | ((r >> 6) & 0x3f));
		c[3] = (char)(0x80 | (r & 0x3f));
		buf_add(b, c, 4);
	}
}

size_t
gt_runes(const char *s, size_t n)
{
	size_t i, cnt = 0, w;

	for (i = 0; i < n; i += w, cnt++)
		gt_utf8_decode(s + i, n - i, &w);
	return cnt;
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

/* One escape after the backslash at s[*i]; appends to out. */
static int
unescape(struct buf *out, const char *s, size_t n, size_t *i, char q)
{
	static const char from[] = "abfnrtv\\", to[] = "\a\b\f\n\r\t\v\\";
	int c = s[(*i)++], k, digits;
	const char *m;
	long r = 0;

	if (c == q) {
		buf_addc(out, (char)c);
		return 0;
	}
	if (c != '\0' && (m = strchr(from, c)) != NULL) {
		buf_addc(out, to[m - from]);
		return 0;
	}
	if (c >= '0' && c <= '7') {
		r = c - '0';
		for (k = 0; k < 2; k++, (*i)++) {
			if (*i >= n || s[*i] < '0' || s[*i] > '7')
				return -1;
			r = r * 8 + (s[*i] - '0');
		}
		if (r > 255)
			return -1;
		buf_addc(out, (char)r);
		return 0;
	}
	digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	if (digits == 0)
		return -1;
	for (k = 0; k < digits; k++, (*i)++) {
		if (*i >= n || hexval(s[*i]) < 0)
			return -1;
		r = r * 16 + hexval(s[*i]);
	}
	if (c == 'x')
		buf_addc(out, (char)r);
	else if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return -1;
	else
		gt_utf8_encode(out, r);
	return 0;
}

/* Unquote s[0..n), delimited by q ('"', '`' or '\''), into out. Raw
 * strings lose their CRs; invalid UTF-8 in quoted strings becomes
 * U+FFFD, both as strconv.Unquote does. */
int
gt_unquote(struct buf *out, const char *s, size_t n, char q)
{
	size_t i = 1, w;

	if (n < 2)
		return -1;
	n--;
	if (q == '`') {
		for (; i < n; i++)
			if (s[i] != '\r')
				buf_addc(out, s[i]);
		return 0;
	}
	while (i < n) {
		if (s[i] == '\\') {
			i++;
			if (i >= n || unescape(out, s, n, &i, q) < 0)
				return -1;
		} else if ((unsigned char)s[i] < 0x80) {
			if (s[i] == q)
				return -1;
			buf_addc(out, s[i++]);
		} else {
			long r = gt_utf8_decode(s + i, n - i, &w);

			gt_utf8_encode(out, r);
			i += w;
		}
	}
	return 0;
}

/* Integer with Go's base-0 syntax: sign, 0x/0o/0b/0 prefix, '_'. */
static int
parse_int(const char *s, size_t n, long long *out)
{
	unsigned long long v = 0, lim;
	unsigned base = 10;
	size_t i = 0;
	bool neg = false, any = false;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i + 1 < n && s[i] == '0' && strchr("xXoObB", s[i + 1]) != NULL) {
		base = strchr("xX", s[i + 1]) ? 16 : strchr("oO", s[i + 1]) ?
		    8 : 2;
		i += 2;
	} else if (i + 1 < n && s[i] == '0')
		base = 8;
	lim = neg ? (1ULL << 63) : (1ULL << 63) - 1;
	for (; i < n; i++) {
		int d = hexval(s[i]);

		if (s[i] == '_')
			continue;
		if (d < 0 || (unsigned)d >= base)
			return -1;
		if (v > (lim - (unsigned)d) / base)
			return -1;
		v = v * base + (unsigned)d;
		any = true;
	}
	if (!any && base != 8)
		return -1;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

static bool
looks_float(const char *s, size_t n)
{
	bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr(hex ? ".pP" : ".eEpP", s[i]) != NULL)
			return true;
	return false;
}

static int
parse_float(const char *s, size_t n, double *out)
{
	char tmp[128], *end;
	size_t i, k = 0;

	if (n >= sizeof(tmp))
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			tmp[k++] = s[i];
	tmp[k] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	/* Go's ParseFloat fails on overflow only: an underflow is 0 or a
	 * subnormal, as strtod returns it. */
	if (end != tmp + k || k == 0 || (errno == ERANGE && isinf(*out)))
		return -1;
	return 0;
}

static struct gt_num *
new_num(struct gotmpl *t, struct gt_node *nd)
{
	if (t->nnums == t->capnums)
		t->nums = xgrow(t->nums, &t->capnums, t->nnums + 1,
		    sizeof(*t->nums));
	nd->a = (uint32_t)t->nnums;
	memset(&t->nums[t->nnums], 0, sizeof(t->nums[0]));
	return &t->nums[t->nnums++];
}

/* Fill a NUM node from s[0..n) (a number or a 'c' constant). */
int
gt_parse_number(struct gotmpl *t, struct gt_node *nd, const char *s,
    size_t n, bool ischar)
{
	struct gt_num *num = new_num(t, nd);
	long long iv;
	double f;

	if (ischar) {
		struct buf b = BUF_INIT;
		size_t w = 0, blen;
		long r = -1;

		if (gt_unquote(&b, s, n, '\'') == 0 && b.len > 0)
			r = gt_utf8_decode(b.p, b.len, &w);
		if (r < 0 && b.len == 1)
			r = (unsigned char)b.p[0], w = 1;
		blen = b.len;
		buf_free(&b);
		if (r < 0 || w != blen)
			return -1;
		iv = r;
		f = (double)r;
	} else if (parse_int(s, n, &iv) == 0) {
		f = (double)iv;
		if (looks_float(s, n))
			nd->flags |= NF_LOOKSFLOAT;
	} else {
		if (parse_float(s, n, &f) < 0 || !looks_float(s, n))
			return -1;
		nd->flags |= NF_LOOKSFLOAT | NF_FLOAT;
		num->f = f;
		if (!(f >= -9223372036854775808.0 &&
		    f < 9223372036854775808.0 && (double)(long long)f == f))
			return 0;
		iv = (long long)f;
	}
	nd->flags |= NF_INT | NF_FLOAT;
	num->i = iv;
	num->f = f;
	return 0;
}

/* The arena: chunks in a stack; a mark is (chunk, used), and release
 * keeps the chunks it pops as spares so a long range reuses memory. */
#define GA_CHUNK	(64u << 10)
#define GA_ALIGN	16u

static size_t
ga_header(void)
{
	return (sizeof(struct ga_chunk) + GA_ALIGN - 1) & ~(size_t)(GA_ALIGN - 1);
}

void *
ga_alloc(struct garena *a, size_t n)
{
	struct ga_chunk *c = a->top;

	n = (n + GA_ALIGN - 1) & ~(size_t)(GA_ALIGN - 1);
	if (c == NULL || c->cap - c->used < n) {
		if (a->spare != NULL && a->spare->cap >= n) {
			c = a->spare;
			a->spare = c->prev;
		} else {
			size_t cap = n > GA_CHUNK ? n : GA_CHUNK;

			c = xmalloc(ga_header() + cap);
			c->cap = cap;
		}
		c->used = 0;
		c->prev = a->top;
		a->top = c;
	}
	c->used += n;
	return (char *)c + ga_header() + c->used - n;
}

char *
ga_strdup(struct garena *a, const char *s, size_t n)
{
	char *p = ga_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct ga_mark
ga_mark(const struct garena *a)
{
	struct ga_mark m;

	m.chunk = a->top;
	m.used = a->top != NULL ? a->top->used : 0;
	return m;
}

void
ga_release(struct garena *a, struct ga_mark m)
{
	while (a->top != m.chunk) {
		struct ga_chunk *c = a->top;

		a->top = c->prev;
		if (c->cap == GA_CHUNK && a->spare == NULL) {
			c->prev = NULL;
			a->spare = c;
		} else
			free(c);
	}
	if (a->top != NULL)
		a->top->used = m.used;
}

void
ga_free(struct garena *a)
{
	ga_release(a, (struct ga_mark){ NULL, 0 });
	free(a->spare);
	a->spare = NULL;
}
