/* gotmpl_json: dockerize's jsonQuery. The document is decoded as Go's
 * encoding/json decodes into interface{} (objects become maps with sorted
 * keys, the last duplicate winning; numbers float64; invalid UTF-8 and
 * lone surrogates U+FFFD), then walked along a dotted path as the gojq
 * package does: "[N]" indexes an array, any other segment is an object
 * key, quotes keep dots in a key, "." alone is the whole document. */
#include <stdlib.h>
#include <string.h>

#include "int.h"

long gt_utf8_decode(const char *s, size_t n, size_t *w);
void gt_utf8_encode(struct buf *b, long r);

#define JSON_MAX_DEPTH	1000

struct jp {
	struct gt_state *s;
	const char *p, *end;
	int depth;
};

static int json_value(struct jp *j, struct gv *out);

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *p)
{
	int i, v = 0;

	for (i = 0; i < 4; i++) {
		int c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* \uXXXX, with a surrogate pair when one follows. */
static int
json_u(struct jp *j, struct buf *b)
{
	long r, r2;

	if (j->end - j->p < 5 || (r = hex4(j->p + 1)) < 0)
		return -1;
	j->p += 5;
	if (r >= 0xd800 && r < 0xdc00 && j->end - j->p >= 6 &&
	    j->p[0] == '\\' && j->p[1] == 'u' &&
	    (r2 = hex4(j->p + 2)) >= 0xdc00 && r2 < 0xe000) {
		r = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
		j->p += 6;
	}
	gt_utf8_encode(b, r);
	return 0;
}

static int
json_escape(struct jp *j, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *m;

	if (++j->p >= j->end)
		return -1;
	if (*j->p == 'u')
		return json_u(j, b);
	if (*j->p == '\0' || (m = strchr(from, *j->p)) == NULL)
		return -1;
	buf_addc(b, to[m - from]);
	j->p++;
	return 0;
}

static int
json_string(struct jp *j, struct gv *out)
{
	struct buf b = BUF_INIT;
	size_t w;

	j->p++;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20)
			goto bad;
		if (c == '\\') {
			if (json_escape(j, &b) < 0)
				goto bad;
		} else if (c < 0x80)
			buf_addc(&b, (char)c), j->p++;
		else {
			gt_utf8_encode(&b, gt_utf8_decode(j->p,
			    (size_t)(j->end - j->p), &w));
			j->p += w;
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	*out = gv_str(ga_strdup(&j->s->arena, buf_str(&b), b.len), b.len);
	buf_free(&b);
	return 0;
bad:
	buf_free(&b);
	return -1;
}

static int
json_number(struct jp *j, struct gv *out)
{
	const char *p = j->p;
	char *tmp;

	if (p < j->end && *p == '-')
		p++;
	if (p < j->end && *p == '0')
		p++;
	else if (p < j->end && *p >= '1' && *p <= '9')
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (p < j->end && *p == '.') {
		if (++p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		if (++p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return -1;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	tmp = ga_strdup(&j->s->arena, j->p, (size_t)(p - j->p));
	out->kind = GV_FLOAT;
	out->flags = 0;
	out->len = 0;
	out->u.f = strtod(tmp, NULL);
	j->p = p;
	return 0;
}

static int
json_word(struct jp *j, const char *w, struct gv *out, struct gv v)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return -1;
	j->p += n;
	*out = v;
	return 0;
}

/* Elements or members up to close, into a growing array of gv or
 * map entries. */
static int
json_array(struct jp *j, struct gv *out)
{
	struct gv *items = NULL, v;
	size_t n = 0, cap = 0;

	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == ']')
		j->p++;
	else
		for (;;) {
			if (json_value(j, &v) < 0)
				return -1;
			if (n == cap) {
				struct gv *g = ga_alloc(&j->s->arena,
				    (cap = cap ? 2 * cap : 8) * sizeof(*g));

				if (n > 0)
					memcpy(g, items, n * sizeof(*g));
				items = g;
			}
			items[n++] = v;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p >= j->end || *j->p++ != ']')
				return -1;
			break;
		}
	out->kind = GV_LIST;
	out->flags = GVF_ANY;
	out->len = n;
	out->u.items = items;
	return 0;
}

static int
key_cmp(const struct gv_mapent *x, const struct gv_mapent *y)
{
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = n > 0 ? memcmp(x->k, y->k, n) : 0;

	if (c != 0)
		return c;
	return x->klen < y->klen ? -1 : x->klen > y->klen;
}

/* A stable merge sort, so that of equal keys the last stays last. */
static void
sort_ents(struct gv_mapent *e, struct gv_mapent *tmp, size_t n)
{
	size_t w, i, a, b, k;

	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t mid = i + w < n ? i + w : n;
			size_t hi = i + 2 * w < n ? i + 2 * w : n;

			for (a = i, b = mid, k = i; k < hi; k++)
				tmp[k] = (a < mid && (b >= hi ||
				    key_cmp(&e[a], &e[b]) <= 0)) ? e[a++] :
				    e[b++];
		}
		memcpy(e, tmp, n * sizeof(*e));
	}
}

static void
map_finish(struct jp *j, struct gv_mapent *e, size_t *n)
{
	size_t i, k = 0;

	sort_ents(e, ga_alloc(&j->s->arena, (*n ? *n : 1) * sizeof(*e)), *n);
	for (i = 0; i < *n; i++) {
		if (i + 1 < *n && key_cmp(&e[i], &e[i + 1]) == 0)
			continue;
		e[k++] = e[i];
	}
	*n = k;
}

static int
json_member(struct jp *j, struct gv_mapent *m)
{
	struct gv k;

	ws(j);
	if (j->p >= j->end || *j->p != '"' || json_string(j, &k) < 0)
		return -1;
	ws(j);
	if (j->p >= j->end || *j->p++ != ':')
		return -1;
	m->k = k.u.s;
	m->klen = k.len;
	return json_value(j, &m->v);
}

static int
json_object(struct jp *j, struct gv *out)
{
	struct gv_mapent *e = NULL;
	size_t n = 0, cap = 0;

	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == '}')
		j->p++;
	else
		for (;;) {
			if (n == cap) {
				struct gv_mapent *g = ga_alloc(&j->s->arena,
				    (cap = cap ? 2 * cap : 8) * sizeof(*g));

				if (n > 0)
					memcpy(g, e, n * sizeof(*g));
				e = g;
			}
			if (json_member(j, &e[n++]) < 0)
				return -1;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p >= j->end || *j->p++ != '}')
				return -1;
			break;
		}
	map_finish(j, e, &n);
	out->kind = GV_MAP;
	out->flags = GVF_ANY;
	out->len = n;
	out->u.ents = e;
	return 0;
}

static int
json_value(struct jp *j, struct gv *out)
{
	int r;

	ws(j);
	if (j->p >= j->end || ++j->depth > JSON_MAX_DEPTH)
		return -1;
	switch (*j->p) {
	case '{':
		r = json_object(j, out);
		break;
	case '[':
		r = json_array(j, out);
		break;
	case '"':
		r = json_string(j, out);
		break;
	case 't':
		r = json_word(j, "true", out, gv_bool(1));
		break;
	case 'f':
		r = json_word(j, "false", out, gv_bool(0));
		break;
	case 'n':
		r = json_word(j, "null", out, gv_nil());
		break;
	default:
		r = json_number(j, out);
	}
	j->depth--;
	return r;
}

/* The next path segment at *p into seg, as dockerize v0.10+ cuts a
 * path (gosplitargs with the literal separator `\.`): '...' and "..."
 * toggle quoting and are dropped; a newline or quote between the `\`
 * and the `.` does not break the match, and then only the `\` (the
 * last byte) is dropped. A plain `.` is part of the key. Returns true
 * when a separator ended the segment. */
static bool
next_segment(const char **p, const char *end, struct buf *seg)
{
	bool sq = false, dq = false, bs = false;

	buf_reset(seg);
	for (; *p < end; (*p)++) {
		char c = **p;

		if (c == '\n') {
			buf_addc(seg, c);
			continue;
		}
		if ((c == '\'' && !dq) || (c == '"' && !sq)) {
			if (c == '\'')
				sq = !sq;
			else
				dq = !dq;
			continue;
		}
		if (!sq && !dq) {
			if (bs && c == '.') {
				seg->len--;
				(*p)++;
				return true;
			}
			bs = !bs && c == '\\';
		}
		buf_addc(seg, c);
	}
	return false;
}

static int
query_step(struct gt_state *s, struct gv *cur, const struct buf *seg)
{
	const char *k = buf_str(seg);
	char *end;
	long long i;
	size_t m;

	if (seg->len >= 3 && k[0] == '[' && k[seg->len - 1] == ']') {
		/* strconv.Atoi: a sign, then decimal digits only. */
		const char *q = k + 1 + (k[1] == '+' || k[1] == '-');

		end = (char *)k + seg->len - 1;
		i = q < end ? strtoll(k + 1, NULL, 10) : 0;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q != end || !(k[seg->len - 2] >= '0' && k[seg->len - 2] <=
		    '9'))
			return gt_fail(s, "error calling jsonQuery: bad index");
		if (cur->kind != GV_LIST)
			return gt_fail(s, "error calling jsonQuery: not an "
			    "array");
		if (i < 0 || (unsigned long long)i >= cur->len)
			return gt_fail(s, "error calling jsonQuery: index out "
			    "of range");
		*cur = cur->u.items[i];
		return 0;
	}
	if (cur->kind != GV_MAP)
		return gt_fail(s, "error calling jsonQuery: not an object");
	for (m = 0; m < cur->len; m++)
		if (cur->u.ents[m].klen == seg->len &&
		    memcmp(cur->u.ents[m].k, k, seg->len) == 0) {
			*cur = cur->u.ents[m].v;
			return 0;
		}
	return gt_fail(s, "error calling jsonQuery: key does not exist");
}

int
gt_json_parse(struct gt_state *s, const char *doc, size_t n, struct gv *out)
{
	struct jp j = { s, doc, doc + n, 0 };

	if (json_value(&j, out) < 0 || (ws(&j), j.p != j.end))
		return -1;
	return 0;
}

int
gt_json_query(struct gt_state *s, const char *doc, size_t n,
    const char *path, size_t pn, struct gv *out)
{
	struct jp j = { s, doc, doc + n, 0 };
	struct buf seg = BUF_INIT;
	const char *p = path, *end = path + pn;

	if (json_value(&j, out) < 0 || (ws(&j), j.p != j.end))
		return gt_fail(s, "error calling jsonQuery: unable to parse "
		    "JSON object");
	if (pn == 1 && path[0] == '.')
		return 0;
	for (;;) {
		bool more = next_segment(&p, end, &seg);

		if (query_step(s, out, &seg) < 0) {
			buf_free(&seg);
			return -1;
		}
		if (!more)
			break;
	}
	buf_free(&seg);
	return 0;
}
