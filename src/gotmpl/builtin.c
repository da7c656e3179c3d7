/* gotmpl_builtin: Go's comparison builtins with their type rules (eq
 * takes several operands and accepts nil against anything; lt and the
 * others want two basic values of one kind), index and len, and the
 * string helpers Sprig's b64enc/b64dec and Go's ToLower/ToUpper need. */
#include <string.h>

#include "int.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);
void gt_utf8_encode(struct buf *b, long r);

enum basic { K_INVALID, K_BOOL, K_INT, K_FLOAT, K_STRING };

static enum basic
basic_kind(const struct gv *v)
{
	switch (v->kind) {
	case GV_BOOL: return K_BOOL;
	case GV_INT: return K_INT;
	case GV_FLOAT: return K_FLOAT;
	case GV_STR: return K_STRING;
	default: return K_INVALID;
	}
}

static int
strcmp_gv(const struct gv *a, const struct gv *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n > 0 ? memcmp(a->u.s, b->u.s, n) : 0;

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* a == b for two operands of eq; -1 on an error. */
static int
equal(struct gt_state *s, const struct gv *a, const struct gv *b)
{
	enum basic k1 = basic_kind(a), k2 = basic_kind(b);

	if (k1 != k2) {
		if (a->kind != GV_NIL && b->kind != GV_NIL)
			return gt_fail(s, "error calling eq: incompatible "
			    "types for comparison");
		return 0;
	}
	switch (k1) {
	case K_BOOL: return a->u.b == b->u.b;
	case K_INT: return a->u.i == b->u.i;
	case K_FLOAT: return a->u.f == b->u.f;
	case K_STRING: return strcmp_gv(a, b) == 0;
	default: break;
	}
	if (a->kind == GV_NIL || b->kind == GV_NIL)
		return a->kind == b->kind;
	if (a->kind != b->kind)
		return gt_fail(s, "error calling eq: non-comparable types");
	switch (a->kind) {
	case GV_URL:
	case GV_USER:
		return a->u.url == b->u.url;
	case GV_ROOT:
		return 1;
	case GV_CHAN:
		return a->u.loop == b->u.loop;
	default:
		return gt_fail(s, "error calling eq: non-comparable type %s",
		    gt_typename(a));
	}
}

int
gt_fn_eq(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;
	int r;

	if (n < 2)
		return gt_fail(s, "error calling eq: missing argument for "
		    "comparison");
	for (i = 1; i < n; i++) {
		if ((r = equal(s, &a[0], &a[i])) < 0)
			return -1;
		if (r) {
			*out = gv_bool(1);
			return 0;
		}
	}
	*out = gv_bool(0);
	return 0;
}

int
gt_fn_ne(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	if (gt_fn_eq(s, a, n, out) < 0)
		return -1;
	out->u.b = !out->u.b;
	return 0;
}

/* a < b: 1, 0, or -1 on an error. */
static int
less(struct gt_state *s, const char *fn, const struct gv *a,
    const struct gv *b)
{
	enum basic k1 = basic_kind(a), k2 = basic_kind(b);

	if (k1 == K_INVALID || k2 == K_INVALID)
		return gt_fail(s, "error calling %s: invalid type for "
		    "comparison", fn);
	if (k1 != k2)
		return gt_fail(s, "error calling %s: incompatible types for "
		    "comparison", fn);
	switch (k1) {
	case K_INT: return a->u.i < b->u.i;
	case K_FLOAT: return a->u.f < b->u.f;
	case K_STRING: return strcmp_gv(a, b) < 0;
	default:
		return gt_fail(s, "error calling %s: invalid type for "
		    "comparison", fn);
	}
}

int
gt_fn_lt(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	int r = less(s, "lt", &a[0], &a[1]);

	(void)n;
	*out = gv_bool(r > 0);
	return r < 0 ? -1 : 0;
}

int
gt_fn_le(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	int r = less(s, "le", &a[0], &a[1]);

	if (r != 0) {
		*out = gv_bool(r > 0);
		return r < 0 ? -1 : 0;
	}
	return gt_fn_eq(s, a, n, out);
}

int
gt_fn_gt(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	if (gt_fn_le(s, a, n, out) < 0)
		return -1;
	out->u.b = !out->u.b;
	return 0;
}

int
gt_fn_ge(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	int r = less(s, "ge", &a[0], &a[1]);

	(void)n;
	*out = gv_bool(r == 0);
	return r < 0 ? -1 : 0;
}

static int
index_one(struct gt_state *s, struct gv *item, const struct gv *x)
{
	unsigned char sec = item->flags & GVF_SECRET;
	struct gv key, view;

	*item = *gt_view(item, &view);
	if (item->kind == GV_LIST || item->kind == GV_STR) {
		if (x->kind != GV_INT)
			return gt_fail(s, "error calling index: cannot index "
			    "slice/array with type %s", gt_typename(x));
		if (x->u.i < 0 || (unsigned long long)x->u.i >= item->len)
			return gt_fail(s, "error calling index: index out of "
			    "range: %lld", x->u.i);
		if (item->kind == GV_STR)
			*item = gv_int((unsigned char)item->u.s[x->u.i]);
		else if ((*item = item->u.items[x->u.i]).kind == GV_NIL)
			item->flags |= GVF_IFACE;
	} else if (item->kind == GV_MAP || item->kind == GV_ENV) {
		if (x->kind != GV_STR)
			return gt_fail(s, "error calling index: value has type "
			    "%s; should be string", gt_typename(x));
		key = *item;
		if (item->kind == GV_ENV)
			gt_env_value(s, item, &key);
		*item = gv_nil();
		item->flags = GVF_IFACE;
		if (key.kind == GV_MAP && !(key.flags & GVF_ANY))
			*item = gv_str("", 0);	/* map[string]string */
		for (size_t i = 0; i < key.len; i++)
			if (key.u.ents[i].klen == x->len && memcmp(
			    key.u.ents[i].k, x->u.s, x->len) == 0) {
				*item = key.u.ents[i].v;
				break;
			}
	} else
		return gt_fail(s, "error calling index: can't index item of "
		    "type %s", gt_typename(item));
	item->flags |= sec | (x->flags & GVF_SECRET);
	return 0;
}

int
gt_fn_index(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	size_t i;

	*out = a[0];
	if (out->kind == GV_NIL)
		return gt_fail(s, "error calling index: index of untyped nil");
	for (i = 1; i < n; i++) {
		if (out->kind == GV_NIL)
			return gt_fail(s, "error calling index: index of nil "
			    "pointer");
		if (index_one(s, out, &a[i]) < 0)
			return -1;
	}
	return 0;
}

int
gt_fn_len(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	switch (a[0].kind) {
	case GV_STR:
	case GV_LIST:
	case GV_MAP:
	case GV_ENV:
		*out = gv_int((long long)a[0].len);
		return 0;
	case GV_DICT:
		*out = gv_int((long long)a[0].u.dict->len);
		return 0;
	default:
		return gt_fail(s, "error calling len: len of type %s",
		    gt_typename(&a[0]));
	}
}

int
gt_fn_b64enc(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)a[0].u.s;
	size_t i, len = a[0].len;

	(void)n;
	buf_reset(&s->tmp);
	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 |
		    (unsigned long)p[i + 1] << 8 | p[i + 2];

		buf_addc(&s->tmp, al[v >> 18]);
		buf_addc(&s->tmp, al[(v >> 12) & 63]);
		buf_addc(&s->tmp, al[(v >> 6) & 63]);
		buf_addc(&s->tmp, al[v & 63]);
	}
	if (i < len) {
		unsigned long v = (unsigned long)p[i] << 16 |
		    (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0);

		buf_addc(&s->tmp, al[v >> 18]);
		buf_addc(&s->tmp, al[(v >> 12) & 63]);
		buf_addc(&s->tmp, i + 1 < len ? al[(v >> 6) & 63] : '=');
		buf_addc(&s->tmp, '=');
	}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
	return 0;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static size_t
skip_nl(const char *p, size_t i, size_t n)
{
	while (i < n && (p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

/* One quantum as Go's decodeQuantum: returns bytes made (0-3) or -1
 * with *bad set to the offset Go's CorruptInputError reports. */
static int
b64_quantum(const char *p, size_t n, size_t *si, unsigned char *d,
    size_t *bad)
{
	unsigned long v = 0;
	int j, dlen = 4, c;

	for (j = 0; j < 4; j++) {
		if (*si == n) {
			if (j == 0)
				return 0;
			*bad = *si - (size_t)j;
			return -1;
		}
		c = (unsigned char)p[(*si)++];
		if (b64val(c) >= 0) {
			v |= (unsigned long)b64val(c) << (18 - 6 * j);
			continue;
		}
		if (c == '\n' || c == '\r') {
			j--;
			continue;
		}
		if (c != '=' || j < 2) {
			*bad = *si - 1;
			return -1;
		}
		if (j == 2) {
			*si = skip_nl(p, *si, n);
			if (*si == n || p[*si] != '=') {
				*bad = *si == n ? n : *si - 1;
				return -1;
			}
			(*si)++;
		}
		*si = skip_nl(p, *si, n);
		if (*si < n) {
			*bad = *si;
			return -1;
		}
		dlen = j;
		break;
	}
	d[0] = (unsigned char)(v >> 16);
	d[1] = (unsigned char)(v >> 8);
	d[2] = (unsigned char)v;
	return dlen - 1;
}

/* Sprig's b64dec: on bad input the result is Go's error text. */
int
gt_fn_b64dec(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	unsigned char d[3];
	size_t si = 0, bad = 0;
	int k;

	(void)n;
	buf_reset(&s->tmp);
	while ((k = b64_quantum(a[0].u.s, a[0].len, &si, d, &bad)) > 0) {
		buf_add(&s->tmp, d, (size_t)k);
		if (k < 3)
			break;
	}
	if (k < 0) {
		buf_reset(&s->tmp);
		buf_printf(&s->tmp, "illegal base64 data at input byte %zu",
		    bad);
	}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
	return 0;
}

/* unicode.ToUpper/ToLower for Latin-1, Latin Extended-A, Greek and
 * Cyrillic; other runes are left as they are. */
long
gt_case_rune(long r, bool up)
{
	if (up) {
		if ((r >= 'a' && r <= 'z') || (r >= 0xe0 && r <= 0xfe &&
		    r != 0xf7) || (r >= 0x3b1 && r <= 0x3c9 && r != 0x3c2) ||
		    (r >= 0x430 && r <= 0x44f))
			return r - 32;
		if (r >= 0x450 && r <= 0x45f)
			return r - 80;
		if (r == 0xff)
			return 0x178;
		if (r == 0xb5)
			return 0x39c;
		if (r == 0x3c2)
			return 0x3a3;
		if (r == 0x131)
			return 'I';
		if (r == 0x17f)
			return 'S';
	} else {
		if ((r >= 'A' && r <= 'Z') || (r >= 0xc0 && r <= 0xde &&
		    r != 0xd7) || (r >= 0x391 && r <= 0x3a9 && r != 0x3a2) ||
		    (r >= 0x410 && r <= 0x42f))
			return r + 32;
		if (r >= 0x400 && r <= 0x40f)
			return r + 80;
		if (r == 0x178)
			return 0xff;
		if (r == 0x130)
			return 'i';
	}
	if ((r >= 0x100 && r <= 0x12f) || (r >= 0x132 && r <= 0x137) ||
	    (r >= 0x14a && r <= 0x177))
		return up ? (r & ~1L) : (r | 1);
	if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17e))
		return up ? (r & 1 ? r : r - 1) : (r & 1 ? r + 1 : r);
	return r;
}

int
gt_fn_case(struct gt_state *s, const struct gv *a, bool upper,
    struct gv *out)
{
	size_t i, w;
	bool ascii = true;

	for (i = 0; i < a->len && ascii; i++)
		ascii = (unsigned char)a->u.s[i] < 0x80;
	buf_reset(&s->tmp);
	for (i = 0; i < a->len; i += w) {
		long r = gt_utf8_decode(a->u.s + i, a->len - i, &w);

		if (r < 0)
			r = 0xfffd;
		if (ascii)
			buf_addc(&s->tmp, (char)gt_case_rune(r, upper));
		else
			gt_utf8_encode(&s->tmp, gt_case_rune(r, upper));
	}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
	return 0;
}
