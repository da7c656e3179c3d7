/* gotmpl_funcs: the function table: Go's builtins, dockerize's 13
 * functions (they win over Sprig's of the same name, as in dockerize's
 * combined map), the Sprig functions volinit supports and volinit's own
 * secret, file and required. Arguments arrive checked against the
 * parameter types in the table; results live in the render arena.
 * Error messages never quote values, which may be secret. */
#include <stdlib.h>
#include <string.h>

#include "int.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);
void gt_utf8_encode(struct buf *b, long r);
int gt_fn_eq(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_ne(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_lt(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_le(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_gt(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_ge(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_index(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_len(struct gt_state *s, struct gv *a, size_t n, struct gv *out);
int gt_fn_b64dec(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out);
int gt_fn_b64enc(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out);
int gt_fn_case(struct gt_state *s, const struct gv *a, bool upper,
    struct gv *out);

#define SPRIG(name) int gt_fn_##name(struct gt_state *s, struct gv *a, \
    size_t n, struct gv *out);
SPRIG(dict) SPRIG(set) SPRIG(unset) SPRIG(get) SPRIG(keys) SPRIG(sortalpha)
SPRIG(list) SPRIG(first) SPRIG(last) SPRIG(rest) SPRIG(initial)
SPRIG(until) SPRIG(untilstep) SPRIG(seq) SPRIG(hasprefix) SPRIG(hassuffix)
SPRIG(trunc) SPRIG(repeat) SPRIG(title) SPRIG(untitle) SPRIG(tostring)
SPRIG(expandenv) SPRIG(int) SPRIG(float64) SPRIG(sha256sum) SPRIG(tojson)
SPRIG(toprettyjson) SPRIG(fromjson)
SPRIG(regexmatch) SPRIG(regexfind) SPRIG(regexfindall) SPRIG(regexreplaceall)
SPRIG(regexreplaceallliteral) SPRIG(regexsplit) SPRIG(regexquotemeta)
SPRIG(now) SPRIG(date) SPRIG(dateinzone) SPRIG(htmldate) SPRIG(htmldateinzone)
SPRIG(unixepoch) SPRIG(datemodify) SPRIG(mustdatemodify) SPRIG(todate)
SPRIG(musttodate)

/* memmem, which -std=c99 hides on glibc. */
static const char *
find_sub(const char *h, size_t hn, const char *nd, size_t nn)
{
	const char *end = h + hn;

	while ((size_t)(end - h) >= nn) {
		const char *q = memchr(h, nd[0], (size_t)(end - h) - nn + 1);

		if (q == NULL)
			return NULL;
		if (memcmp(q, nd, nn) == 0)
			return q;
		h = q + 1;
	}
	return NULL;
}

/* A string built in s->tmp, moved into the arena. */
static void
tmp_result(struct gt_state *s, struct gv *out)
{
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
}

static int
fn_not(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_bool(!gt_truth(&a[0]));
	return 0;
}

static int
fn_print(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	buf_reset(&s->tmp);
	gt_sprint(s, &s->tmp, a, n, false);
	tmp_result(s, out);
	return 0;
}

static int
fn_println(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	buf_reset(&s->tmp);
	gt_sprint(s, &s->tmp, a, n, true);
	tmp_result(s, out);
	return 0;
}

static int
fn_printf(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct buf b = BUF_INIT;

	gt_sprintf(s, &b, a[0].u.s, a[0].len, a + 1, n - 1);
	*out = gv_str(ga_strdup(&s->arena, buf_str(&b), b.len), b.len);
	buf_free(&b);
	return 0;
}

/* strings.Split: sep "" splits into UTF-8 sequences. */
static struct gv
split(struct gt_state *s, const struct gv *str, const struct gv *sep)
{
	const char *p = str->u.s, *end = p + str->len, *q;
	size_t cnt = 1, i = 0, w;
	struct gv v;

	if (sep->len == 0)
		cnt = gt_runes(p, str->len);
	else
		for (q = p; (q = find_sub(q, (size_t)(end - q), sep->u.s,
		    sep->len)) != NULL; q += sep->len)
			cnt++;
	v.kind = GV_LIST;
	v.flags = 0;
	v.len = cnt;
	v.u.items = ga_alloc(&s->arena, (cnt ? cnt : 1) * sizeof(struct gv));
	while (i < cnt) {
		if (sep->len == 0) {
			gt_utf8_decode(p, (size_t)(end - p), &w);
			q = p + w;
		} else if (i == cnt - 1 || (q = find_sub(p, (size_t)(end - p),
		    sep->u.s, sep->len)) == NULL)
			q = end;
		v.u.items[i++] = gv_str(p, (size_t)(q - p));
		p = q + (sep->len > 0 && q < end ? sep->len : 0);
	}
	return v;
}

static int
fn_split(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	*out = split(s, &a[0], &a[1]);
	return 0;
}

static int
fn_splitlist(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	*out = split(s, &a[1], &a[0]);
	return 0;
}

/* strings.Replace(s, old, new, n): n < 0 replaces all; an empty old
 * matches before every rune and at the end. */
static int
fn_replace(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	const char *p = a[0].u.s, *end = p + a[0].len, *q;
	long long left = a[3].u.i;
	size_t w;

	(void)n;
	buf_reset(&s->tmp);
	while (p <= end && left != 0) {
		if (a[1].len == 0) {
			buf_add(&s->tmp, a[2].u.s, a[2].len);
			if (p == end) {
				p++;
				break;
			}
			gt_utf8_decode(p, (size_t)(end - p), &w);
			buf_add(&s->tmp, p, w);
			p += w;
		} else {
			q = find_sub(p, (size_t)(end - p), a[1].u.s, a[1].len);
			if (q == NULL)
				break;
			buf_add(&s->tmp, p, (size_t)(q - p));
			buf_add(&s->tmp, a[2].u.s, a[2].len);
			p = q + a[1].len;
		}
		if (left > 0)
			left--;
	}
	if (p < end)
		buf_add(&s->tmp, p, (size_t)(end - p));
	tmp_result(s, out);
	return 0;
}

/* dockerize's default: the first argument if it is a string, even "". */
static int
fn_default(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	if (n == 0)
		return gt_fail(s, "default called with no values");
	if (a[0].kind == GV_STR) {
		*out = a[0];
		return 0;
	}
	if (n < 2)
		return gt_fail(s, "default called with no default value");
	if (a[1].kind == GV_NIL)
		return gt_fail(s, "default called with nil default value");
	if (a[1].kind != GV_STR)
		return gt_fail(s, "default is not a string value, hint: "
		    "surround it with double quotes");
	*out = a[1];
	return 0;
}

static int
fn_contains(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	bool secret = false;

	(void)n;
	*out = gv_bool(a[0].kind == GV_ENV && s->env->vars.get(
	    s->env->vars.arg, a[1].u.s, a[1].len, &secret) != NULL);
	return 0;
}

static int
fn_exists(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (memchr(a[0].u.s, '\0', a[0].len) != NULL) {
		*out = gv_bool(0);
		return 0;
	}
	*out = gv_bool(s->env->exists != NULL &&
	    s->env->exists(s->env->arg, ga_strdup(&s->arena, a[0].u.s,
	    a[0].len)));
	return 0;
}

static int
fn_parseurl(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return gt_url_parse(s, a[0].u.s, a[0].len, out);
}

/* strconv.Atoi: optional sign, decimal digits, within int64. */
static int
fn_atoi(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	const char *p = a[0].u.s;
	size_t i = 0, len = a[0].len;
	unsigned long long v = 0, lim;
	bool neg = false;

	(void)n;
	if (len > 0 && (p[0] == '+' || p[0] == '-'))
		neg = p[i++] == '-';
	if (i == len)
		return gt_fail(s, "error calling atoi: invalid syntax");
	lim = neg ? 1ULL << 63 : (1ULL << 63) - 1;
	for (; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return gt_fail(s, "error calling atoi: invalid syntax");
		if (v > (lim - (unsigned)(p[i] - '0')) / 10)
			return gt_fail(s, "error calling atoi: value out of "
			    "range");
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	*out = gv_int(neg ? (long long)(0 - v) : (long long)v);
	return 0;
}

static int
fn_add(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_int((long long)((unsigned long long)a[0].u.i +
	    (unsigned long long)a[1].u.i));
	return 0;
}

static bool
ieq(const struct gv *v, const char *w)
{
	size_t i;

	if (v->len != strlen(w))
		return false;
	for (i = 0; i < v->len; i++)
		if ((v->u.s[i] | 0x20) != w[i])
			return false;
	return true;
}

/* dockerize's isTrue: true, 1, yes, on, and strconv.ParseBool's "t". */
static int
fn_istrue(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	static const char *const yes[] = { "true", "1", "yes", "on", "t" };
	size_t i;

	(void)s;
	(void)n;
	*out = gv_bool(0);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (ieq(&a[0], yes[i]))
			*out = gv_bool(1);
	return 0;
}

static int
fn_lower(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return gt_fn_case(s, &a[0], false, out);
}

static int
fn_upper(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return gt_fn_case(s, &a[0], true, out);
}

static int
fn_jsonquery(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return gt_json_query(s, a[0].u.s, a[0].len, a[1].u.s, a[1].len, out);
}

/* dockerize's loop: start, stop, step; a channel in Go, a triple here.
 * A step that never reaches stop would hang dockerize; it fails here. */
static int
fn_loop(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	long long *t;

	if (n < 1 || n > 3)
		return gt_fail(s, "error calling loop: wrong number of "
		    "arguments, expected 1-3, but got %zu", n);
	t = ga_alloc(&s->arena, 3 * sizeof(*t));
	t[0] = n == 1 ? 0 : a[0].u.i;
	t[1] = n == 1 ? a[0].u.i : a[1].u.i;
	t[2] = n == 3 ? a[2].u.i : 1;
	if (t[2] <= 0 && t[0] < t[1])
		return gt_fail(s, "error calling loop: step must be positive");
	out->kind = GV_CHAN;
	out->flags = 0;
	out->len = 0;
	out->u.loop = t;
	return 0;
}

#define strval gt_strval

static int
fn_quote(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct buf t = BUF_INIT;
	size_t i;
	bool first = true;

	buf_reset(&s->tmp);
	for (i = 0; i < n; i++) {
		if (a[i].kind == GV_NIL)
			continue;
		if (!first)
			buf_addc(&s->tmp, ' ');
		first = false;
		buf_reset(&t);
		strval(s, &t, &a[i]);
		gt_quote(&s->tmp, buf_str(&t), t.len, false);
	}
	buf_free(&t);
	tmp_result(s, out);
	return 0;
}

static int
fn_squote(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;
	bool first = true;

	buf_reset(&s->tmp);
	for (i = 0; i < n; i++) {
		if (a[i].kind == GV_NIL)
			continue;
		if (!first)
			buf_addc(&s->tmp, ' ');
		first = false;
		buf_addc(&s->tmp, '\'');
		gt_fmt_value(s, &s->tmp, &a[i], false);
		buf_addc(&s->tmp, '\'');
	}
	tmp_result(s, out);
	return 0;
}

/* unicode.IsSpace. */
static bool
is_uspace(long r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 ||
	    r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
	    r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f ||
	    r == 0x3000;
}

/* The length of the last UTF-8 sequence ending at s[n). */
static size_t
last_seq(const char *s, size_t n)
{
	size_t k = 1;

	while (k < 4 && k < n && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return k;
}

static int
fn_trim(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	const char *p = a[0].u.s;
	size_t len = a[0].len, w;

	(void)s;
	(void)n;
	while (len > 0 && is_uspace(gt_utf8_decode(p, len, &w)))
		p += w, len -= w;
	while (len > 0) {
		size_t k = last_seq(p, len);
		long r = gt_utf8_decode(p + len - k, k, &w);

		if (w != k || !is_uspace(r))
			break;
		len -= k;
	}
	*out = gv_str(p, len);
	return 0;
}

/* Sprig's trimPrefix/trimSuffix take the affix first, for pipelines. */
static int
fn_trimprefix(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = a[1];
	if (a[1].len >= a[0].len && memcmp(a[1].u.s, a[0].u.s,
	    a[0].len) == 0) {
		out->u.s += a[0].len;
		out->len -= a[0].len;
	}
	return 0;
}

static int
fn_trimsuffix(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = a[1];
	if (a[1].len >= a[0].len && memcmp(a[1].u.s + a[1].len - a[0].len,
	    a[0].u.s, a[0].len) == 0)
		out->len -= a[0].len;
	return 0;
}

static int
indent(struct gt_state *s, struct gv *a, bool nl, struct gv *out)
{
	long long i, k = a[0].u.i;
	size_t j;

	if (k < 0)
		return gt_fail(s, "error calling indent: negative count");
	if (k > (1 << 20))
		return gt_fail(s, "error calling indent: count too large");
	buf_reset(&s->tmp);
	if (nl)
		buf_addc(&s->tmp, '\n');
	for (i = 0; i < k; i++)
		buf_addc(&s->tmp, ' ');
	for (j = 0; j < a[1].len; j++) {
		buf_addc(&s->tmp, a[1].u.s[j]);
		for (i = 0; a[1].u.s[j] == '\n' && i < k; i++)
			buf_addc(&s->tmp, ' ');
	}
	tmp_result(s, out);
	return 0;
}

static int
fn_indent(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return indent(s, a, false, out);
}

static int
fn_nindent(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return indent(s, a, true, out);
}

/* Sprig's join over strslice: nil elements are dropped, a non-list is
 * one element, nil is none. */
static int
fn_join(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct buf b = BUF_INIT;
	size_t i, k = 0;

	(void)n;
	if (a[1].kind == GV_LIST) {
		for (i = 0; i < a[1].len; i++) {
			if (a[1].u.items[i].kind == GV_NIL)
				continue;
			if (k++ > 0)
				buf_add(&b, a[0].u.s, a[0].len);
			strval(s, &b, &a[1].u.items[i]);
		}
	} else if (a[1].kind != GV_NIL)
		strval(s, &b, &a[1]);
	*out = gv_str(ga_strdup(&s->arena, buf_str(&b), b.len), b.len);
	buf_free(&b);
	return 0;
}

static int
fn_haskey(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;

	(void)s;
	(void)n;
	*out = gv_bool(0);
	for (i = 0; a[0].kind == GV_MAP && i < a[0].len; i++)
		if (a[0].u.ents[i].klen == a[1].len &&
		    memcmp(a[0].u.ents[i].k, a[1].u.s, a[1].len) == 0)
			*out = gv_bool(1);
	return 0;
}

#define is_empty gt_empty

static int
fn_empty(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_bool(is_empty(&a[0]));
	return 0;
}

static int
fn_coalesce(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;

	(void)s;
	*out = gv_nil();
	for (i = 0; i < n; i++)
		if (!is_empty(&a[i])) {
			*out = a[i];
			break;
		}
	return 0;
}

static int
fn_ternary(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = a[2].u.b ? a[0] : a[1];
	return 0;
}

static int
fn_env(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	bool secret = false;
	const char *v = s->env->vars.get(s->env->vars.arg, a[0].u.s,
	    a[0].len, &secret);

	(void)n;
	*out = v != NULL ? gv_str(v, strlen(v)) : gv_str("", 0);
	if (secret)
		out->flags |= GVF_SECRET;
	return 0;
}

/* Read the file a names through the env's callback into the arena. */
static int
read_into(struct gt_state *s, const struct gv *a, const char *fn,
    struct gv *out)
{
	struct buf b = BUF_INIT;
	const char *path;
	int r;

	if (memchr(a->u.s, '\0', a->len) != NULL)
		return gt_fail(s, "%s: path holds a NUL byte", fn);
	if (s->env->read_file == NULL)
		return gt_fail(s, "%s: reading files is not available", fn);
	path = ga_strdup(&s->arena, a->u.s, a->len);
	r = s->env->read_file(s->env->arg, path, &b, s->e);
	if (r < 0) {
		char msg[sizeof(s->e->msg)];
		int errnum = s->e->errnum;

		memcpy(msg, s->e->msg, sizeof(msg));
		buf_wipe(&b);
		gt_fail(s, "%s: %s", fn, msg);
		s->e->errnum = errnum;
		return -1;
	}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&b), b.len), b.len);
	buf_wipe(&b);
	return 0;
}

/* volinit's secret: the file with trailing newlines dropped, as
 * $(< FILE) does; its value is marked secret. */
static int
fn_secret(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (read_into(s, &a[0], "secret", out) < 0)
		return -1;
	while (out->len > 0 && out->u.s[out->len - 1] == '\n')
		out->len--;
	out->flags |= GVF_SECRET;
	s->env->secret_used = true;
	return 0;
}

static int
fn_file(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return read_into(s, &a[0], "file", out);
}

/* Helm's required: fail with MSG when the value is nil or "". */
static int
fn_required(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (a[1].kind == GV_NIL || (a[1].kind == GV_STR && a[1].len == 0))
		return gt_fail(s, "required: %.*s", (int)(a[0].len > 200 ?
		    200 : a[0].len), a[0].u.s);
	*out = a[1];
	return 0;
}

#define P0		0, false, { 0, 0, 0, 0 }
#define P1(a)		1, false, { a, 0, 0, 0 }
#define P2(a, b)	2, false, { a, b, 0, 0 }
#define P3(a, b, c)	3, false, { a, b, c, 0 }
#define V1(a)		1, true, { a, 0, 0, 0 }
#define V2(a, b)	2, true, { a, b, 0, 0 }

/* Sorted by name for gt_func_find. */
const struct gt_func gt_funcs[] = {
	{ "add", fn_add, P2(PT_INT, PT_INT) },
	{ "and", NULL, V2(PT_VAL, PT_VAL) },
	{ "atoi", fn_atoi, P1(PT_STR) },
	{ "b64dec", gt_fn_b64dec, P1(PT_STR) },
	{ "b64enc", gt_fn_b64enc, P1(PT_STR) },
	{ "coalesce", fn_coalesce, V1(PT_ANY) },
	{ "contains", fn_contains, P2(PT_MAPSS, PT_STR) },
	{ "date", gt_fn_date, P2(PT_STR, PT_ANY) },
	{ "dateInZone", gt_fn_dateinzone, P3(PT_STR, PT_ANY, PT_STR) },
	{ "dateModify", gt_fn_datemodify, P2(PT_STR, PT_TIME) },
	{ "date_in_zone", gt_fn_dateinzone, P3(PT_STR, PT_ANY, PT_STR) },
	{ "date_modify", gt_fn_datemodify, P2(PT_STR, PT_TIME) },
	{ "default", fn_default, V1(PT_ANY) },
	{ "dict", gt_fn_dict, V1(PT_ANY) },
	{ "empty", fn_empty, P1(PT_ANY) },
	{ "env", fn_env, P1(PT_STR) },
	{ "eq", gt_fn_eq, V2(PT_VAL, PT_VAL) },
	{ "exists", fn_exists, P1(PT_STR) },
	{ "expandenv", gt_fn_expandenv, P1(PT_STR) },
	{ "file", fn_file, P1(PT_STR) },
	{ "first", gt_fn_first, P1(PT_ANY) },
	{ "float64", gt_fn_float64, P1(PT_ANY) },
	{ "fromJson", gt_fn_fromjson, P1(PT_STR) },
	{ "ge", gt_fn_ge, P2(PT_VAL, PT_VAL) },
	{ "get", gt_fn_get, P2(PT_MAPSI, PT_STR) },
	{ "gt", gt_fn_gt, P2(PT_VAL, PT_VAL) },
	{ "hasKey", fn_haskey, P2(PT_MAPSI, PT_STR) },
	{ "hasPrefix", gt_fn_hasprefix, P2(PT_STR, PT_STR) },
	{ "hasSuffix", gt_fn_hassuffix, P2(PT_STR, PT_STR) },
	{ "htmlDate", gt_fn_htmldate, P1(PT_ANY) },
	{ "htmlDateInZone", gt_fn_htmldateinzone, P2(PT_ANY, PT_STR) },
	{ "indent", fn_indent, P2(PT_INT, PT_STR) },
	{ "index", gt_fn_index, V2(PT_VAL, PT_VAL) },
	{ "initial", gt_fn_initial, P1(PT_ANY) },
	{ "int", gt_fn_int, P1(PT_ANY) },
	{ "int64", gt_fn_int, P1(PT_ANY) },
	{ "isTrue", fn_istrue, P1(PT_STR) },
	{ "join", fn_join, P2(PT_STR, PT_ANY) },
	{ "jsonQuery", fn_jsonquery, P2(PT_STR, PT_STR) },
	{ "keys", gt_fn_keys, V1(PT_MAPSI) },
	{ "last", gt_fn_last, P1(PT_ANY) },
	{ "le", gt_fn_le, P2(PT_VAL, PT_VAL) },
	{ "len", gt_fn_len, P1(PT_VAL) },
	{ "list", gt_fn_list, V1(PT_ANY) },
	{ "loop", fn_loop, V1(PT_INT) },
	{ "lower", fn_lower, P1(PT_STR) },
	{ "lt", gt_fn_lt, P2(PT_VAL, PT_VAL) },
	{ "mustDateModify", gt_fn_mustdatemodify, P2(PT_STR, PT_TIME) },
	{ "mustRegexFind", gt_fn_regexfind, P2(PT_STR, PT_STR) },
	{ "mustRegexFindAll", gt_fn_regexfindall, P3(PT_STR, PT_STR, PT_INT) },
	{ "mustRegexMatch", gt_fn_regexmatch, P2(PT_STR, PT_STR) },
	{ "mustRegexReplaceAll", gt_fn_regexreplaceall,
	    P3(PT_STR, PT_STR, PT_STR) },
	{ "mustRegexReplaceAllLiteral", gt_fn_regexreplaceallliteral,
	    P3(PT_STR, PT_STR, PT_STR) },
	{ "mustRegexSplit", gt_fn_regexsplit, P3(PT_STR, PT_STR, PT_INT) },
	{ "mustToDate", gt_fn_musttodate, P2(PT_STR, PT_STR) },
	{ "must_date_modify", gt_fn_mustdatemodify, P2(PT_STR, PT_TIME) },
	{ "ne", gt_fn_ne, P2(PT_VAL, PT_VAL) },
	{ "nindent", fn_nindent, P2(PT_INT, PT_STR) },
	{ "not", fn_not, P1(PT_VAL) },
	{ "now", gt_fn_now, P0 },
	{ "or", NULL, V2(PT_VAL, PT_VAL) },
	{ "parseUrl", fn_parseurl, P1(PT_STR) },
	{ "print", fn_print, V1(PT_ANY) },
	{ "printf", fn_printf, V2(PT_STR, PT_ANY) },
	{ "println", fn_println, V1(PT_ANY) },
	{ "quote", fn_quote, V1(PT_ANY) },
	{ "regexFind", gt_fn_regexfind, P2(PT_STR, PT_STR) },
	{ "regexFindAll", gt_fn_regexfindall, P3(PT_STR, PT_STR, PT_INT) },
	{ "regexMatch", gt_fn_regexmatch, P2(PT_STR, PT_STR) },
	{ "regexQuoteMeta", gt_fn_regexquotemeta, P1(PT_STR) },
	{ "regexReplaceAll", gt_fn_regexreplaceall,
	    P3(PT_STR, PT_STR, PT_STR) },
	{ "regexReplaceAllLiteral", gt_fn_regexreplaceallliteral,
	    P3(PT_STR, PT_STR, PT_STR) },
	{ "regexSplit", gt_fn_regexsplit, P3(PT_STR, PT_STR, PT_INT) },
	{ "repeat", gt_fn_repeat, P2(PT_INT, PT_STR) },
	{ "replace", fn_replace, 4, false,
	    { PT_STR, PT_STR, PT_STR, PT_INT } },
	{ "required", fn_required, P2(PT_STR, PT_ANY) },
	{ "rest", gt_fn_rest, P1(PT_ANY) },
	{ "secret", fn_secret, P1(PT_STR) },
	{ "seq", gt_fn_seq, V1(PT_INT) },
	{ "set", gt_fn_set, P3(PT_DICT, PT_STR, PT_ANY) },
	{ "sha256sum", gt_fn_sha256sum, P1(PT_STR) },
	{ "sortAlpha", gt_fn_sortalpha, P1(PT_ANY) },
	{ "split", fn_split, P2(PT_STR, PT_STR) },
	{ "splitList", fn_splitlist, P2(PT_STR, PT_STR) },
	{ "squote", fn_squote, V1(PT_ANY) },
	{ "ternary", fn_ternary, P3(PT_ANY, PT_ANY, PT_BOOL) },
	{ "title", gt_fn_title, P1(PT_STR) },
	{ "toDate", gt_fn_todate, P2(PT_STR, PT_STR) },
	{ "toJson", gt_fn_tojson, P1(PT_ANY) },
	{ "toPrettyJson", gt_fn_toprettyjson, P1(PT_ANY) },
	{ "toString", gt_fn_tostring, P1(PT_ANY) },
	{ "trim", fn_trim, P1(PT_STR) },
	{ "trimPrefix", fn_trimprefix, P2(PT_STR, PT_STR) },
	{ "trimSuffix", fn_trimsuffix, P2(PT_STR, PT_STR) },
	{ "trunc", gt_fn_trunc, P2(PT_INT, PT_STR) },
	{ "unixEpoch", gt_fn_unixepoch, P1(PT_TIME) },
	{ "unset", gt_fn_unset, P2(PT_DICT, PT_STR) },
	{ "until", gt_fn_until, P1(PT_INT) },
	{ "untilStep", gt_fn_untilstep, P3(PT_INT, PT_INT, PT_INT) },
	{ "untitle", gt_fn_untitle, P1(PT_STR) },
	{ "upper", fn_upper, P1(PT_STR) }
};

const size_t gt_nfuncs = sizeof(gt_funcs) / sizeof(gt_funcs[0]);

int
gt_func_find(const char *name, size_t len)
{
	size_t lo = 0, hi = gt_nfuncs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *f = gt_funcs[mid].name;
		int c = strncmp(f, name, len);

		if (c == 0)
			c = f[len] == '\0' ? 0 : 1;
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
