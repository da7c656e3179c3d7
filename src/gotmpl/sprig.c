/* gotmpl_sprig: the Sprig v3 functions beyond the first set in funcs.c,
 * each as Sprig's source defines it (the differential tests run Sprig's
 * own code): strings (hasPrefix hasSuffix trunc repeat title untitle
 * toString sha256sum expandenv), conversions (int int64 float64, as
 * spf13/cast converts), lists (list first last rest initial until
 * untilStep seq sortAlpha), maps (dict get set unset keys) and JSON
 * (toJson toPrettyJson fromJson). Values a dict holds are copied into
 * the render's keep arena, which set and dict may grow to GT_MAX_KEEP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "int.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);
void gt_utf8_encode(struct buf *b, long r);

static void
to_arena(struct gt_state *s, struct buf *b, struct gv *out)
{
	*out = gv_str(ga_strdup(&s->arena, buf_str(b), b->len), b->len);
}

/* Sprig's strval: strings as they are, Stringers by String, else %v. */
void
gt_strval(struct gt_state *s, struct buf *b, const struct gv *v)
{
	if (v->kind == GV_STR)
		buf_add(b, v->u.s, v->len);
	else
		gt_fmt_value(s, b, v, false);
}

/* Sprig's empty: the zero value of its type; pointers are never empty. */
bool
gt_empty(const struct gv *v)
{
	switch (v->kind) {
	case GV_NIL:
		return true;
	case GV_STR:
	case GV_LIST:
	case GV_MAP:
	case GV_ENV:
		return v->len == 0;
	case GV_DICT:
		return v->u.dict->len == 0;
	case GV_BOOL:
		return !v->u.b;
	case GV_INT:
		return v->u.i == 0;
	case GV_FLOAT:
		return v->u.f == 0;
	default:
		return false;
	}
}

/* ---- keeping values for dicts ---- */

static void *
keep_alloc(struct gt_state *s, size_t n)
{
	if (s->kept > GT_MAX_KEEP || n > GT_MAX_KEEP - s->kept)
		return NULL;
	s->kept += n + 16;
	return ga_alloc(&s->keep, n ? n : 1);
}

#define KEEP_FAIL(s) gt_fail(s, "dict values over %u MiB", GT_MAX_KEEP >> 20)

static int keep_value(struct gt_state *s, struct gv *v);

static int
keep_str(struct gt_state *s, const char **p, size_t n)
{
	char *q = keep_alloc(s, n + 1);

	if (q == NULL)
		return -1;
	memcpy(q, *p, n);
	q[n] = '\0';
	*p = q;
	return 0;
}

/* Copy v, deeply, into the keep arena (a dict is kept already). */
static int
keep_value(struct gt_state *s, struct gv *v)
{
	size_t i;

	switch (v->kind) {
	case GV_STR:
		return keep_str(s, &v->u.s, v->len);
	case GV_LIST: {
		struct gv *it = keep_alloc(s, v->len * sizeof(*it));

		if (it == NULL)
			return -1;
		if (v->len > 0)
			memcpy(it, v->u.items, v->len * sizeof(*it));
		v->u.items = it;
		for (i = 0; i < v->len; i++)
			if (keep_value(s, &it[i]) < 0)
				return -1;
		return 0;
	}
	case GV_MAP: {
		struct gv_mapent *e = keep_alloc(s, v->len * sizeof(*e));

		if (e == NULL)
			return -1;
		if (v->len > 0)
			memcpy(e, v->u.ents, v->len * sizeof(*e));
		v->u.ents = e;
		for (i = 0; i < v->len; i++)
			if (keep_str(s, &e[i].k, e[i].klen) < 0 ||
			    keep_value(s, &e[i].v) < 0)
				return -1;
		return 0;
	}
	case GV_TIME: {
		struct gv_time *t = keep_alloc(s, sizeof(*t));

		if (t == NULL)
			return -1;
		*t = *v->u.tm;
		v->u.tm = t;
		return 0;
	}
	case GV_URL:
	case GV_USER: {
		struct gv_url *u = keep_alloc(s, sizeof(*u));
		struct gv_str *f[] = { &u->scheme, &u->opaque, &u->host,
		    &u->path, &u->rawpath, &u->rawquery, &u->fragment,
		    &u->rawfragment, &u->user, &u->pass };

		if (u == NULL)
			return -1;
		*u = *v->u.url;
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			if (f[i]->n > 0 && keep_str(s, &f[i]->p, f[i]->n) < 0)
				return -1;
		v->u.url = u;
		return 0;
	}
	case GV_CHAN: {
		long long *t = keep_alloc(s, 3 * sizeof(*t));

		if (t == NULL)
			return -1;
		memcpy(t, v->u.loop, 3 * sizeof(*t));
		v->u.loop = t;
		return 0;
	}
	default:
		return 0;	/* scalars; a dict is kept; .Env is stable */
	}
}

static int
ent_cmp(const struct gv_mapent *e, const char *k, size_t n)
{
	int c = memcmp(e->k, k, e->klen < n ? e->klen : n);

	return c != 0 ? c : e->klen < n ? -1 : e->klen > n;
}

/* The slot of key k in d: found, or where it goes. */
static size_t
dict_find(const struct gv_dict *d, const char *k, size_t n, bool *found)
{
	size_t lo = 0, hi = d->len;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ent_cmp(&d->ents[mid], k, n);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* d[k] = v, with v kept. */
static int
dict_put(struct gt_state *s, struct gv_dict *d, const char *k, size_t n,
    const struct gv *v)
{
	struct gv kv = *v;
	bool found;
	size_t at = dict_find(d, k, n, &found);

	kv.flags &= (unsigned char)~GVF_IFACE;
	if (keep_value(s, &kv) < 0)
		return KEEP_FAIL(s);
	if (found) {
		d->ents[at].v = kv;
		return 0;
	}
	if (d->len == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 4;
		struct gv_mapent *e = keep_alloc(s, cap * sizeof(*e));

		if (e == NULL)
			return KEEP_FAIL(s);
		if (d->len > 0)
			memcpy(e, d->ents, d->len * sizeof(*e));
		d->ents = e;
		d->cap = cap;
	}
	memmove(&d->ents[at + 1], &d->ents[at], (d->len - at) *
	    sizeof(*d->ents));
	d->ents[at].k = k;
	d->ents[at].klen = n;
	if (keep_str(s, &d->ents[at].k, n) < 0)
		return KEEP_FAIL(s);
	d->ents[at].v = kv;
	d->len++;
	return 0;
}

static int
new_dict(struct gt_state *s, struct gv *out)
{
	struct gv_dict *d = keep_alloc(s, sizeof(*d));

	if (d == NULL)
		return KEEP_FAIL(s);
	memset(d, 0, sizeof(*d));
	out->kind = GV_DICT;
	out->flags = GVF_ANY;
	out->len = 0;
	out->u.dict = d;
	return 0;
}

/* dict K V ...: keys by strval, a missing last value is "". */
int
gt_fn_dict(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct buf k = BUF_INIT;
	size_t i;
	int r = new_dict(s, out);

	for (i = 0; r == 0 && i < n; i += 2) {
		struct gv v = i + 1 < n ? a[i + 1] : gv_str("", 0);

		buf_reset(&k);
		gt_strval(s, &k, &a[i]);
		r = dict_put(s, out->u.dict, buf_str(&k), k.len, &v);
	}
	buf_free(&k);
	return r;
}

int
gt_fn_set(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (a[0].kind == GV_NIL)
		return gt_fail(s, "error calling set: assignment to entry in "
		    "nil map");
	if (dict_put(s, a[0].u.dict, a[1].u.s, a[1].len, &a[2]) < 0)
		return -1;
	*out = a[0];
	out->flags &= (unsigned char)~GVF_SECRET;
	return 0;
}

int
gt_fn_unset(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct gv_dict *d = a[0].u.dict;
	bool found = false;
	size_t at = 0;

	(void)s;
	(void)n;
	if (a[0].kind != GV_NIL)
		at = dict_find(d, a[1].u.s, a[1].len, &found);
	if (found) {
		memmove(&d->ents[at], &d->ents[at + 1], (d->len - at - 1) *
		    sizeof(*d->ents));
		d->len--;
	}
	*out = a[0];
	return 0;
}

/* get: the value, or "" when the key is missing. */
int
gt_fn_get(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;

	(void)s;
	(void)n;
	*out = gv_str("", 0);
	for (i = 0; a[0].kind == GV_MAP && i < a[0].len; i++)
		if (ent_cmp(&a[0].u.ents[i], a[1].u.s, a[1].len) == 0) {
			*out = a[0].u.ents[i].v;
			if (out->kind == GV_NIL)
				out->flags |= GVF_IFACE;
			break;
		}
	return 0;
}

static int
new_list(struct gt_state *s, size_t n, unsigned char flags, struct gv *out)
{
	out->kind = GV_LIST;
	out->flags = flags;
	out->len = n;
	out->u.items = ga_alloc(&s->arena, (n ? n : 1) * sizeof(struct gv));
	return 0;
}

/* keys: a []string; Go's order is random, this one is sorted. */
int
gt_fn_keys(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i, j, tot = 0, k = 0;

	for (i = 0; i < n; i++)
		tot += a[i].kind == GV_MAP ? a[i].len : 0;
	new_list(s, tot, 0, out);
	for (i = 0; i < n; i++)
		for (j = 0; a[i].kind == GV_MAP && j < a[i].len; j++)
			out->u.items[k++] = gv_str(a[i].u.ents[j].k,
			    a[i].u.ents[j].klen);
	return 0;
}

static int
str_cmp(const void *x, const void *y)
{
	const struct gv *a = x, *b = y;
	int c = memcmp(a->u.s, b->u.s, a->len < b->len ? a->len : b->len);

	return c != 0 ? c : a->len < b->len ? -1 : a->len > b->len;
}

/* sortAlpha: the list's items as strings (strslice), sorted. */
int
gt_fn_sortalpha(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct buf b = BUF_INIT;
	size_t i, k = 0;

	(void)n;
	if (a[0].kind != GV_LIST) {
		new_list(s, a[0].kind == GV_NIL ? 0 : 1, 0, out);
		if (a[0].kind != GV_NIL) {
			gt_strval(s, &b, &a[0]);
			to_arena(s, &b, &out->u.items[0]);
		}
		buf_free(&b);
		return 0;
	}
	new_list(s, a[0].len, 0, out);
	for (i = 0; i < a[0].len; i++) {
		if (a[0].u.items[i].kind == GV_NIL)
			continue;
		buf_reset(&b);
		gt_strval(s, &b, &a[0].u.items[i]);
		to_arena(s, &b, &out->u.items[k++]);
	}
	out->len = k;
	buf_free(&b);
	qsort(out->u.items, k, sizeof(struct gv), str_cmp);
	return 0;
}

int
gt_fn_list(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;

	new_list(s, n, GVF_ANY, out);
	for (i = 0; i < n; i++) {
		out->u.items[i] = a[i];
		out->u.items[i].flags &= (unsigned char)~GVF_IFACE;
	}
	return 0;
}

/* first/last/rest/initial want a slice (reflect.Slice or Array). */
static int
want_list(struct gt_state *s, const char *fn, const struct gv *v)
{
	if (v->kind == GV_LIST)
		return 0;
	if (v->kind == GV_NIL)
		return gt_fail(s, "error calling %s: runtime error: invalid "
		    "memory address or nil pointer dereference", fn);
	return gt_fail(s, "error calling %s: Cannot find %s on type %s", fn,
	    fn, v->kind == GV_STR ? "string" : v->kind == GV_INT ? "int" :
	    v->kind == GV_BOOL ? "bool" : v->kind == GV_FLOAT ? "float64" :
	    v->kind == GV_URL || v->kind == GV_USER ? "ptr" : "map");
}

static int
list_pick(struct gt_state *s, struct gv *a, struct gv *out, const char *fn,
    bool lastone)
{
	if (want_list(s, fn, &a[0]) < 0)
		return -1;
	*out = a[0].len == 0 ? gv_nil() :
	    a[0].u.items[lastone ? a[0].len - 1 : 0];
	if (out->kind == GV_NIL)
		out->flags |= GVF_IFACE;
	return 0;
}

int
gt_fn_first(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return list_pick(s, a, out, "first", false);
}

int
gt_fn_last(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return list_pick(s, a, out, "last", true);
}

static int
list_slice(struct gt_state *s, struct gv *a, struct gv *out, const char *fn,
    size_t from)
{
	if (want_list(s, fn, &a[0]) < 0)
		return -1;
	*out = a[0];
	out->flags |= GVF_ANY;
	if (out->len > 0) {
		out->u.items += from;
		out->len--;
	}
	return 0;
}

int
gt_fn_rest(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return list_slice(s, a, out, "rest", 1);
}

int
gt_fn_initial(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return list_slice(s, a, out, "initial", 0);
}

/* Sprig's untilStep, with at most GT_MAX_ITEMS items. */
static int
until_step(struct gt_state *s, long long start, long long stop,
    long long step, struct gv *out)
{
	unsigned long long cnt = 0;
	size_t i;

	if (stop < start && step < 0)
		cnt = ((unsigned long long)start - (unsigned long long)stop -
		    1) / (0ULL - (unsigned long long)step) + 1;
	else if (stop > start && step > 0)
		cnt = ((unsigned long long)stop - (unsigned long long)start -
		    1) / (unsigned long long)step + 1;
	if (cnt > GT_MAX_ITEMS)
		return gt_fail(s, "more than %u items", GT_MAX_ITEMS);
	new_list(s, (size_t)cnt, 0, out);
	out->flags = 0;
	for (i = 0; i < cnt; i++)
		out->u.items[i] = gv_int((long long)((unsigned long long)start +
		    i * (unsigned long long)step));
	return 0;
}

int
gt_fn_until(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return until_step(s, 0, a[0].u.i, a[0].u.i < 0 ? -1 : 1, out);
}

int
gt_fn_untilstep(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return until_step(s, a[0].u.i, a[1].u.i, a[2].u.i, out);
}

/* seq: 1..N, A..B or A STEP B, as a space-separated string. */
int
gt_fn_seq(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	long long start = 1, end, step = 1, inc = 1;
	struct gv l;
	size_t i;

	if (n == 0 || n > 3) {
		*out = gv_str("", 0);
		return 0;
	}
	end = a[n - 1].u.i;
	if (n >= 2)
		start = a[0].u.i;
	if (n == 3)
		step = a[1].u.i;
	if (end < start) {
		inc = -1;
		if (n == 3 && step > 0) {
			*out = gv_str("", 0);
			return 0;
		}
		if (n != 3)
			step = -1;
	}
	if (until_step(s, start, (long long)((unsigned long long)end +
	    (unsigned long long)inc), step, &l) < 0)
		return -1;
	buf_reset(&s->tmp);
	for (i = 0; i < l.len; i++) {
		char num[24];

		if (i > 0)
			buf_addc(&s->tmp, ' ');
		snprintf(num, sizeof(num), "%lld", l.u.items[i].u.i);
		buf_adds(&s->tmp, num);
	}
	to_arena(s, &s->tmp, out);
	return 0;
}

/* ---- strings ---- */

int
gt_fn_hasprefix(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_bool(a[1].len >= a[0].len && memcmp(a[1].u.s, a[0].u.s,
	    a[0].len) == 0);
	return 0;
}

int
gt_fn_hassuffix(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_bool(a[1].len >= a[0].len && memcmp(a[1].u.s + a[1].len -
	    a[0].len, a[0].u.s, a[0].len) == 0);
	return 0;
}

/* trunc: the first c bytes, or with c < 0 the last -c. */
int
gt_fn_trunc(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	long long c = a[0].u.i, len = (long long)a[1].len;

	(void)s;
	(void)n;
	*out = a[1];
	if (c < 0 && len + c > 0) {
		out->u.s += len + c;
		out->len = (size_t)-c;
	} else if (c >= 0 && len > c)
		out->len = (size_t)c;
	return 0;
}

int
gt_fn_repeat(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	long long i, k = a[0].u.i;

	(void)n;
	if (k < 0)
		return gt_fail(s, "error calling repeat: strings: negative "
		    "Repeat count");
	if (a[1].len > 0 && (unsigned long long)k > GT_MAX_STR / a[1].len)
		return gt_fail(s, "error calling repeat: result over %u MiB",
		    GT_MAX_STR >> 20);
	buf_reset(&s->tmp);
	for (i = 0; i < k && a[1].len > 0; i++)
		buf_add(&s->tmp, a[1].u.s, a[1].len);
	to_arena(s, &s->tmp, out);
	return 0;
}

/* unicode.IsSpace. */
static bool
is_space(long r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 ||
	    r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
	    r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f ||
	    r == 0x3000;
}

/* strings.Title's separators: ASCII but alphanumerics and '_'; beyond
 * ASCII only spaces (letters and digits never are). */
static bool
title_sep(long r)
{
	if (r < 0x80)
		return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') ||
		    (r >= 'A' && r <= 'Z') || r == '_');
	return is_space(r);
}

/* title (strings.Title) and untitle (goutils' Uncapitalize: words are
 * split by unicode spaces). Invalid UTF-8 becomes U+FFFD, as in Go. */
static int
word_case(struct gt_state *s, const struct gv *a, bool up, struct gv *out)
{
	size_t i, w;
	bool next = true;

	buf_reset(&s->tmp);
	for (i = 0; i < a->len; i += w) {
		long r = gt_utf8_decode(a->u.s + i, a->len - i, &w);

		if (r < 0)
			r = 0xfffd;
		if (up) {
			gt_utf8_encode(&s->tmp, next ? gt_case_rune(r, true) :
			    r);
			next = title_sep(r);
		} else if (is_space(r)) {
			gt_utf8_encode(&s->tmp, r);
			next = true;
		} else {
			gt_utf8_encode(&s->tmp, next ? gt_case_rune(r, false) :
			    r);
			next = false;
		}
	}
	to_arena(s, &s->tmp, out);
	return 0;
}

int
gt_fn_title(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return word_case(s, &a[0], true, out);
}

int
gt_fn_untitle(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (a[0].len == 0) {
		*out = a[0];
		return 0;
	}
	return word_case(s, &a[0], false, out);
}

int
gt_fn_tostring(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	if (a[0].kind == GV_STR) {
		*out = a[0];
		return 0;
	}
	buf_reset(&s->tmp);
	gt_strval(s, &s->tmp, &a[0]);
	to_arena(s, &s->tmp, out);
	return 0;
}

/* os.ExpandEnv: $NAME, ${NAME} and the special $1 $* ... from the
 * environment; "${" without "}" and "${}" are dropped, a '$' before
 * anything else stays, as os.Expand does. */
int
gt_fn_expandenv(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	const char *p = a[0].u.s;
	size_t len = a[0].len, i = 0, j, w;
	struct buf b = BUF_INIT;
	bool secret = false;

	(void)n;
	while (i < len) {
		const char *name, *v;
		size_t nl;

		if (p[i] != '$' || i + 1 >= len) {
			buf_addc(&b, p[i++]);
			continue;
		}
		j = i + 1;
		if (p[j] == '{') {
			if (j + 1 < len && p[j + 1] == '}') {
				i = j + 2;	/* "${}": bad syntax, eaten */
				continue;
			}
			for (w = j + 1; w < len && p[w] != '}'; w++)
				;
			if (w == len) {	/* no '}': Go eats "${" */
				i = j + 1;
				continue;
			}
			name = p + j + 1;
			nl = w - j - 1;
			i = w + 1;
		} else if (strchr("*#$@!?-", p[j]) != NULL ||
		    (p[j] >= '0' && p[j] <= '9')) {
			name = p + j;
			nl = 1;
			i = j + 1;
		} else {
			for (w = j; w < len && (p[w] == '_' || (p[w] >= '0' &&
			    p[w] <= '9') || ((p[w] | 0x20) >= 'a' &&
			    (p[w] | 0x20) <= 'z')); w++)
				;
			name = p + j;
			nl = w - j;
			i = w;
			if (nl == 0) {	/* no name: the '$' stays */
				buf_addc(&b, '$');
				continue;
			}
		}
		v = s->env->vars.get(s->env->vars.arg, name, nl, &secret);
		if (v != NULL)
			buf_adds(&b, v);
	}
	to_arena(s, &b, out);
	buf_free(&b);
	if (secret)
		out->flags |= GVF_SECRET;
	return 0;
}

/* ---- conversions, as spf13/cast does them ---- */

/* strconv.ParseInt(s, 0, 64) after cast's trimZeroDecimal ("12.00" is
 * 12), underscores between digits as Go takes them. */
static bool
parse_int0(const char *p, size_t n, long long *out)
{
	unsigned long long v = 0, lim, base = 10;
	size_t i = 0, k;
	bool neg = false, zero = false, digit = false, under = false;

	for (k = n; k > 0; k--) {
		if (p[k - 1] == '0')
			zero = true;
		else if (p[k - 1] == '.' && zero) {
			n = k - 1;
			break;
		} else if (p[k - 1] != '.')
			break;
	}
	if (n > 0 && (p[0] == '+' || p[0] == '-'))
		neg = p[i++] == '-';
	if (n - i > 1 && p[i] == '0') {
		char c = (char)(p[i + 1] | 0x20);

		base = c == 'x' ? 16 : c == 'b' ? 2 : 8;
		i += c == 'x' || c == 'b' || c == 'o' ? 2 : 1;
		digit = true;	/* a prefix counts as a digit before '_' */
	}
	if (i >= n)
		return false;
	lim = neg ? 1ULL << 63 : (1ULL << 63) - 1;
	for (; i < n; i++) {
		unsigned d;
		char c = p[i];

		if (c == '_') {	/* only between digits (underscoreOK) */
			if (!digit)
				return false;
			digit = false;
			under = true;
			continue;
		}
		digit = true;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (unsigned)((c | 0x20) - 'a' + 10);
		else
			return false;
		if (d >= base || v > (lim - d) / base)
			return false;
		v = v * base + d;
	}
	if (under && !digit)
		return false;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return true;
}

static long long
float_to_int(double f)
{
	if (!(f > -9223372036854775808.0 && f < 9223372036854775808.0))
		return (long long)(1ULL << 63);	/* amd64's cvttsd2si */
	return (long long)f;
}

static long long
cast_int(const struct gv *v)
{
	long long i = 0;

	switch (v->kind) {
	case GV_INT:
		return v->u.i;
	case GV_FLOAT:
		return float_to_int(v->u.f);
	case GV_BOOL:
		return v->u.b != 0;
	case GV_STR: {
		char *z = strndup(v->u.s, v->len);

		if (z != NULL && !parse_int0(z, strlen(z), &i))
			i = 0;
		free(z);
		return i;
	}
	default:
		return 0;
	}
}

int
gt_fn_int(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)s;
	(void)n;
	*out = gv_int(cast_int(&a[0]));
	return 0;
}

/* strconv.ParseFloat's syntax, which strtod's is wider than. */
static bool
go_float_syntax(const char *p, size_t n)
{
	size_t i = 0;

	if (n > 0 && (p[0] == '+' || p[0] == '-'))
		i++;
	if (n - i >= 3 && (strncasecmp(p + i, "inf", 3) == 0 ||
	    strncasecmp(p + i, "nan", 3) == 0))
		return n - i == 3 || (n - i == 8 && strncasecmp(p + i,
		    "infinity", 8) == 0);
	if (n - i == 0 || memchr(p, '_', n) != NULL)
		return false;
	for (; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || strchr(".eExXpP+-abcdefABCDEF",
		    p[i]) != NULL))
			return false;
	return true;
}

int
gt_fn_float64(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	double f = 0;

	(void)s;
	(void)n;
	switch (a[0].kind) {
	case GV_INT:
		f = (double)a[0].u.i;
		break;
	case GV_FLOAT:
		f = a[0].u.f;
		break;
	case GV_BOOL:
		f = a[0].u.b != 0;
		break;
	case GV_STR: {
		char *z = strndup(a[0].u.s, a[0].len), *end;

		if (z != NULL && go_float_syntax(z, strlen(z))) {
			f = strtod(z, &end);
			if (*end != '\0')
				f = 0;
		}
		free(z);
		break;
	}
	default:
		break;
	}
	out->kind = GV_FLOAT;
	out->flags = 0;
	out->len = 0;
	out->u.f = f;
	return 0;
}

/* ---- sha256sum ---- */

static const unsigned int K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_block(unsigned int h[8], const unsigned char *p)
{
	unsigned int w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (unsigned)p[4 * i] << 24 | (unsigned)p[4 * i + 1] << 16 |
		    (unsigned)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3)) + w[i - 7] + (ROR(w[i - 2], 17) ^
		    ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) +
		    ((v[4] & v[5]) ^ (~v[4] & v[6])) + K256[i] + w[i];
		t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) +
		    ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

int
gt_fn_sha256sum(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	unsigned int h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	unsigned char blk[128];
	const unsigned char *p = (const unsigned char *)a[0].u.s;
	size_t len = a[0].len, i, rest;
	unsigned long long bits = (unsigned long long)len * 8;
	char *hex;

	(void)n;
	for (i = 0; i + 64 <= len; i += 64)
		sha256_block(h, p + i);
	rest = len - i;
	memset(blk, 0, sizeof(blk));
	memcpy(blk, p + i, rest);
	blk[rest] = 0x80;
	rest = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		blk[rest - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha256_block(h, blk);
	if (rest == 128)
		sha256_block(h, blk + 64);
	hex = ga_alloc(&s->arena, 65);
	for (i = 0; i < 32; i++) {
		unsigned char c = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));

		hex[2 * i] = "0123456789abcdef"[c >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[c & 15];
	}
	hex[64] = '\0';
	*out = gv_str(hex, 64);
	out->flags |= a[0].flags & GVF_SECRET;
	return 0;
}

/* ---- JSON ---- */

struct jenc {
	struct gt_state *s;
	struct buf *b;
	const char *indent;	/* NULL: compact */
	int depth;
	bool bad;		/* an unsupported value: Sprig prints "" */
};

static void
jnl(struct jenc *j)
{
	int i;

	if (j->indent == NULL)
		return;
	buf_addc(j->b, '\n');
	for (i = 0; i < j->depth; i++)
		buf_adds(j->b, j->indent);
}

/* encoding/json's string: HTML-safe, invalid UTF-8 as U+FFFD. */
static void
jstr(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, w;

	buf_addc(b, '"');
	for (i = 0; i < n; i += w) {
		unsigned char c = (unsigned char)p[i];
		long r;

		w = 1;
		if (c < 0x80) {
			if (c == '"' || c == '\\') {
				buf_addc(b, '\\');
				buf_addc(b, (char)c);
			} else if (c == '\n')
				buf_adds(b, "\\n");
			else if (c == '\r')
				buf_adds(b, "\\r");
			else if (c == '\t')
				buf_adds(b, "\\t");
			else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
				buf_adds(b, "\\u00");
				buf_addc(b, hex[c >> 4]);
				buf_addc(b, hex[c & 15]);
			} else
				buf_addc(b, (char)c);
			continue;
		}
		r = gt_utf8_decode(p + i, n - i, &w);
		if (r < 0)
			buf_adds(b, "\\ufffd");
		else if (r == 0x2028 || r == 0x2029)
			buf_adds(b, r == 0x2028 ? "\\u2028" : "\\u2029");
		else
			buf_add(b, p + i, w);
	}
	buf_addc(b, '"');
}

/* encoding/json's float64: shortest, %e outside [1e-6, 1e21). */
static void
jfloat(struct jenc *j, double f)
{
	double a = f < 0 ? -f : f;
	size_t start = j->b->len;
	char *e;

	if (f != f || a > 1.7976931348623157e308) {
		j->bad = true;
		return;
	}
	gt_fmt_shortest(j->b, f, a != 0 && (a < 1e-6 || a >= 1e21) ? 'e' :
	    'f');
	e = memchr(j->b->p + start, 'e', j->b->len - start);
	if (e != NULL && e + 3 < j->b->p + j->b->len && e[1] == '-' &&
	    e[2] == '0') {	/* e-07 -> e-7 */
		memmove(e + 2, e + 3, (size_t)(j->b->p + j->b->len - e - 3));
		j->b->len--;
	}
}

static void jvalue(struct jenc *j, const struct gv *v);

static void
jurl(struct jenc *j, const struct gv_url *u)
{
	static const char *const names[] = { "Scheme", "Opaque", "User",
	    "Host", "Path", "RawPath", "OmitHost", "ForceQuery", "RawQuery",
	    "Fragment", "RawFragment" };
	struct gv_str f[11];
	size_t i;

	f[0] = u->scheme;
	f[1] = u->opaque;
	f[3] = u->host;
	f[4] = u->path;
	f[5] = u->rawpath;
	f[8] = u->rawquery;
	f[9] = u->fragment;
	f[10] = u->rawfragment;
	buf_addc(j->b, '{');
	j->depth++;
	for (i = 0; i < 11; i++) {
		if (i > 0)
			buf_addc(j->b, ',');
		jnl(j);
		jstr(j->b, names[i], strlen(names[i]));
		buf_adds(j->b, j->indent ? ": " : ":");
		if (i == 2)
			buf_adds(j->b, u->hasuser ? "{}" : "null");
		else if (i == 6 || i == 7)
			buf_adds(j->b, (i == 6 ? u->omithost : u->forcequery) ?
			    "true" : "false");
		else if (i == 5 || i == 10) {
			/* RawPath/RawFragment: the hint Go keeps. */
			struct gv fv;

			gt_url_field(j->s, &(struct gv){ GV_URL, 0, 0,
			    { .url = u } }, names[i], strlen(names[i]), &fv);
			jstr(j->b, fv.u.s, fv.len);
		} else
			jstr(j->b, f[i].n ? f[i].p : "", f[i].n);
	}
	j->depth--;
	jnl(j);
	buf_addc(j->b, '}');
}

static void
jvalue(struct jenc *j, const struct gv *v)
{
	struct gv m, tmp;
	size_t i;
	char num[24];

	if (j->bad || ++j->depth > GT_MAX_DEPTH * 10) {
		j->bad = true;
		return;
	}
	j->depth--;
	v = gt_view(v, &tmp);
	switch (v->kind) {
	case GV_NIL:
		buf_adds(j->b, "null");
		return;
	case GV_STR:
		jstr(j->b, v->u.s, v->len);
		return;
	case GV_INT:
		snprintf(num, sizeof(num), "%lld", v->u.i);
		buf_adds(j->b, num);
		return;
	case GV_FLOAT:
		jfloat(j, v->u.f);
		return;
	case GV_BOOL:
		buf_adds(j->b, v->u.b ? "true" : "false");
		return;
	case GV_URL:
		jurl(j, v->u.url);
		return;
	case GV_USER:
		buf_adds(j->b, v->u.url->hasuser ? "{}" : "null");
		return;
	case GV_ROOT:
		buf_adds(j->b, "{}");
		return;
	case GV_TIME: {
		struct buf t = BUF_INIT;

		gt_time_rfc3339(&t, v);
		jstr(j->b, buf_str(&t), t.len);
		buf_free(&t);
		return;
	}
	case GV_ENV:
		gt_env_value(j->s, v, &m);
		v = &m;
		/* FALLTHROUGH */
	case GV_LIST:
	case GV_MAP:
		buf_addc(j->b, v->kind == GV_LIST ? '[' : '{');
		j->depth++;
		for (i = 0; i < v->len && !j->bad; i++) {
			if (i > 0)
				buf_addc(j->b, ',');
			jnl(j);
			if (v->kind == GV_LIST) {
				jvalue(j, &v->u.items[i]);
				continue;
			}
			jstr(j->b, v->u.ents[i].k, v->u.ents[i].klen);
			buf_adds(j->b, j->indent ? ": " : ":");
			jvalue(j, &v->u.ents[i].v);
		}
		j->depth--;
		if (v->len > 0)
			jnl(j);
		buf_addc(j->b, v->kind == GV_LIST ? ']' : '}');
		if (j->b->len > GT_MAX_STR)
			j->bad = true;
		return;
	default:
		j->bad = true;	/* a channel: json: unsupported type */
	}
}

static int
to_json(struct gt_state *s, const struct gv *v, const char *indent,
    struct gv *out)
{
	struct buf b = BUF_INIT;
	struct jenc j = { s, &b, indent, 0, false };

	jvalue(&j, v);
	if (j.bad)
		b.len = 0;
	to_arena(s, &b, out);
	out->flags |= v->flags & GVF_SECRET;
	buf_free(&b);
	return 0;
}

int
gt_fn_tojson(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return to_json(s, &a[0], NULL, out);
}

int
gt_fn_toprettyjson(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return to_json(s, &a[0], "  ", out);
}

/* fromJson: the document (an object becomes a dict set can change), or
 * nil when it does not parse. */
int
gt_fn_fromjson(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct err saved = *s->e;
	struct gv v;
	size_t i;

	(void)n;
	if (gt_json_parse(s, a[0].u.s, a[0].len, &v) < 0) {
		*s->e = saved;
		*out = gv_nil();
		out->flags |= GVF_IFACE;
		return 0;
	}
	if (v.kind != GV_MAP) {
		*out = v;
		if (out->kind == GV_NIL)
			out->flags |= GVF_IFACE;
		return 0;
	}
	if (new_dict(s, out) < 0)
		return -1;
	for (i = 0; i < v.len; i++)
		if (dict_put(s, out->u.dict, v.u.ents[i].k, v.u.ents[i].klen,
		    &v.u.ents[i].v) < 0)
			return -1;
	out->flags |= a[0].flags & GVF_SECRET;
	return 0;
}
