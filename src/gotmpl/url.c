/* gotmpl_url: dockerize's parseUrl, which is Go's net/url.Parse: the
 * fields and methods templates read (.Scheme .Host .Port .Path .User
 * .RawQuery .Fragment ...) and String(), with Go's escaping rules, so
 * that printing a parsed URL gives back what Go prints. */
#include <stdlib.h>
#include <string.h>

#include "int.h"

enum mode { M_PATH, M_HOST, M_USER, M_FRAG };

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* net/url's shouldEscape for the modes parseUrl needs. */
static bool
should_escape(int c, enum mode m)
{
	if (is_alnum(c))
		return false;
	if (m == M_HOST && c != '\0' && strchr("!$&'()*+,;=:[]<>\"", c))
		return false;
	if (c != '\0' && strchr("-_.~", c))
		return false;
	if (c != '\0' && strchr("$&+,/:;=?@", c)) {
		if (m == M_PATH)
			return c == '?';
		if (m == M_USER)
			return c == '@' || c == '/' || c == '?' || c == ':';
		return m != M_FRAG;
	}
	if (m == M_FRAG && c != '\0' && strchr("!()*", c))
		return false;
	return true;
}

static void
escape(struct buf *b, struct gv_str s, enum mode m)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (should_escape(c, m))
			buf_printf(b, "%%%02X", c);
		else
			buf_addc(b, (char)c);
	}
}

/* net/url's validEncoded. */
static bool
valid_encoded(struct gv_str s, enum mode m)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		int c = (unsigned char)s.p[i];

		if (c != '\0' && strchr("!$&'()*+,;=:@[]%", c))
			continue;
		if (should_escape(c, m))
			return false;
	}
	return true;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* net/url's unescape into the arena; -1 on a bad escape or, for a host,
 * a character a host may not hold. */
static int
unescape(struct gt_state *s, struct gv_str in, enum mode m,
    struct gv_str *out)
{
	char *o = ga_alloc(&s->arena, in.n + 1);
	size_t i, k = 0;

	for (i = 0; i < in.n; i++) {
		int c = (unsigned char)in.p[i];

		if (c == '%') {
			if (i + 2 >= in.n || hexval(in.p[i + 1]) < 0 ||
			    hexval(in.p[i + 2]) < 0)
				return -1;
			c = hexval(in.p[i + 1]) << 4 | hexval(in.p[i + 2]);
			if (m == M_HOST && c < 0x80 && memcmp(in.p + i, "%25",
			    3) != 0)
				return -1;
			i += 2;
		} else if (m == M_HOST && c < 0x80 && should_escape(c, m))
			return -1;
		o[k++] = (char)c;
	}
	o[k] = '\0';
	out->p = o;
	out->n = k;
	return 0;
}

static bool
valid_port(struct gv_str p)
{
	size_t i;

	if (p.n == 0)
		return true;
	if (p.p[0] != ':')
		return false;
	for (i = 1; i < p.n; i++)
		if (p.p[i] < '0' || p.p[i] > '9')
			return false;
	return true;
}

static const char *
last_of(struct gv_str s, int c)
{
	size_t i;

	for (i = s.n; i > 0; i--)
		if (s.p[i - 1] == c)
			return s.p + i - 1;
	return NULL;
}

static int
parse_host(struct gt_state *s, struct gv_str h, struct gv_url *u)
{
	const char *c;
	struct gv_str port;

	if (h.n > 0 && h.p[0] == '[') {
		if ((c = last_of(h, ']')) == NULL)
			return gt_fail(s, "error calling parseUrl: missing "
			    "']' in host");
		port.p = c + 1;
	} else if ((c = last_of(h, ':')) != NULL)
		port.p = c;
	else
		port.p = h.p + h.n;
	port.n = (size_t)(h.p + h.n - port.p);
	if (!valid_port(port))
		return gt_fail(s, "error calling parseUrl: invalid port after "
		    "host");
	if (unescape(s, h, M_HOST, &u->host) < 0)
		return gt_fail(s, "error calling parseUrl: invalid host");
	return 0;
}

static bool
valid_userinfo(struct gv_str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (!is_alnum((unsigned char)s.p[i]) && (s.p[i] == '\0' ||
		    strchr("-._:~!$&'()*+,;=%@", s.p[i]) == NULL))
			return false;
	return true;
}

static int
parse_authority(struct gt_state *s, struct gv_str a, struct gv_url *u)
{
	const char *at = last_of(a, '@'), *colon;
	struct gv_str host, ui, pw;

	host.p = at != NULL ? at + 1 : a.p;
	host.n = (size_t)(a.p + a.n - host.p);
	if (parse_host(s, host, u) < 0)
		return -1;
	if (at == NULL)
		return 0;
	ui.p = a.p;
	ui.n = (size_t)(at - a.p);
	if (!valid_userinfo(ui))
		return gt_fail(s, "error calling parseUrl: invalid userinfo");
	u->hasuser = true;
	if ((colon = memchr(ui.p, ':', ui.n)) != NULL) {
		pw.p = colon + 1;
		pw.n = (size_t)(ui.p + ui.n - pw.p);
		ui.n = (size_t)(colon - ui.p);
		u->haspass = true;
		if (unescape(s, pw, M_USER, &u->pass) < 0)
			return gt_fail(s, "error calling parseUrl: invalid "
			    "escape");
	}
	if (unescape(s, ui, M_USER, &u->user) < 0)
		return gt_fail(s, "error calling parseUrl: invalid escape");
	return 0;
}

/* The scheme before ':' if the text starts with one (getScheme). */
static int
get_scheme(struct gt_state *s, struct gv_str *rest, struct gv_url *u)
{
	size_t i;
	char *sch;

	for (i = 0; i < rest->n; i++) {
		int c = (unsigned char)rest->p[i];

		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			continue;
		if ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		    c == '.') {
			if (i == 0)
				return 0;
			continue;
		}
		if (c != ':')
			return 0;
		if (i == 0)
			return gt_fail(s, "error calling parseUrl: missing "
			    "protocol scheme");
		sch = ga_strdup(&s->arena, rest->p, i);
		for (u->scheme.n = 0; u->scheme.n < i; u->scheme.n++)
			if (sch[u->scheme.n] >= 'A' && sch[u->scheme.n] <= 'Z')
				sch[u->scheme.n] += 'a' - 'A';
		u->scheme.p = sch;
		rest->p += i + 1;
		rest->n -= i + 1;
		return 0;
	}
	return 0;
}

static size_t
count_of(struct gv_str s, int c)
{
	size_t i, k = 0;

	for (i = 0; i < s.n; i++)
		k += s.p[i] == c;
	return k;
}

/* Query, authority and path of what follows the scheme. */
static int
parse_rest(struct gt_state *s, struct gv_str rest, struct gv_url *u)
{
	const char *q, *sl;
	struct gv_str auth;

	if (rest.n > 0 && rest.p[rest.n - 1] == '?' && count_of(rest, '?') == 1) {
		u->forcequery = true;
		rest.n--;
	} else if ((q = memchr(rest.p, '?', rest.n)) != NULL) {
		u->rawquery.p = q + 1;
		u->rawquery.n = (size_t)(rest.p + rest.n - q - 1);
		rest.n = (size_t)(q - rest.p);
	}
	if (rest.n == 0 || rest.p[0] != '/') {
		if (u->scheme.n > 0) {
			u->opaque = rest;
			return 0;
		}
		sl = memchr(rest.p, '/', rest.n);
		if (memchr(rest.p, ':', sl != NULL ? (size_t)(sl - rest.p) :
		    rest.n) != NULL)
			return gt_fail(s, "error calling parseUrl: first path "
			    "segment in URL cannot contain colon");
	}
	if ((u->scheme.n > 0 || rest.n < 3 || memcmp(rest.p, "///", 3)) &&
	    rest.n >= 2 && memcmp(rest.p, "//", 2) == 0) {
		auth.p = rest.p + 2;
		sl = memchr(auth.p, '/', rest.n - 2);
		auth.n = sl != NULL ? (size_t)(sl - auth.p) : rest.n - 2;
		rest.p = auth.p + auth.n;
		rest.n = (size_t)(auth.p + (size_t)(rest.n - 2) - rest.p);
		if (parse_authority(s, auth, u) < 0)
			return -1;
	} else if (u->scheme.n > 0 && rest.n > 0 && rest.p[0] == '/')
		u->omithost = true;
	u->rawpath = rest;
	if (unescape(s, rest, M_PATH, &u->path) < 0)
		return gt_fail(s, "error calling parseUrl: invalid URL escape");
	return 0;
}

int
gt_url_parse(struct gt_state *s, const char *p, size_t n, struct gv *out)
{
	struct gv_url *u = ga_alloc(&s->arena, sizeof(*u));
	struct gv_str rest = { p, n };
	const char *hash = memchr(p, '#', n);
	size_t i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return gt_fail(s, "error calling parseUrl: invalid "
			    "control character in URL");
	if (hash != NULL) {
		u->rawfragment.p = hash + 1;
		u->rawfragment.n = (size_t)(p + n - hash - 1);
		rest.n = (size_t)(hash - p);
		if (unescape(s, u->rawfragment, M_FRAG, &u->fragment) < 0)
			return gt_fail(s, "error calling parseUrl: invalid URL "
			    "escape");
	}
	if (rest.n == 1 && rest.p[0] == '*')
		u->path = u->rawpath = rest;
	else if (get_scheme(s, &rest, u) < 0 || parse_rest(s, rest, u) < 0)
		return -1;
	out->kind = GV_URL;
	out->flags = 0;
	out->len = 0;
	out->u.url = u;
	return 0;
}

/* EscapedPath/EscapedFragment: the original text when it is a valid
 * encoding, else the decoded value escaped again. */
static void
escaped(struct buf *b, struct gv_str raw, struct gv_str dec, enum mode m)
{
	if (m == M_PATH && dec.n == 1 && dec.p[0] == '*' && raw.n == 1)
		buf_addc(b, '*');
	else if (valid_encoded(raw, m))
		buf_add(b, raw.p, raw.n);
	else
		escape(b, dec, m);
}

void
gt_user_string(struct buf *b, const struct gv_url *u)
{
	if (!u->hasuser)
		return;
	escape(b, u->user, M_USER);
	if (u->haspass) {
		buf_addc(b, ':');
		escape(b, u->pass, M_USER);
	}
}

void
gt_url_string(struct buf *b, const struct gv_url *u)
{
	size_t start = b->len, pstart;

	if (u->scheme.n > 0) {
		buf_add(b, u->scheme.p, u->scheme.n);
		buf_addc(b, ':');
	}
	if (u->opaque.n > 0)
		buf_add(b, u->opaque.p, u->opaque.n);
	else {
		if (u->scheme.n > 0 || u->host.n > 0 || u->hasuser) {
			if (u->host.n > 0 || u->path.n > 0 || u->hasuser)
				buf_adds(b, "//");
			if (u->hasuser) {
				gt_user_string(b, u);
				buf_addc(b, '@');
			}
			escape(b, u->host, M_HOST);
		}
		pstart = b->len;
		escaped(b, u->rawpath, u->path, M_PATH);
		if (b->len > pstart && b->p[pstart] != '/' && u->host.n > 0) {
			buf_addc(b, '/');
			memmove(b->p + pstart + 1, b->p + pstart,
			    b->len - pstart - 1);
			b->p[pstart] = '/';
		}
		if (pstart == start) {
			const char *sl = memchr(b->p + pstart, '/',
			    b->len - pstart);
			size_t seg = sl != NULL ? (size_t)(sl - (b->p +
			    pstart)) : b->len - pstart;

			if (memchr(b->p + pstart, ':', seg) != NULL) {
				buf_adds(b, "./");
				memmove(b->p + pstart + 2, b->p + pstart,
				    b->len - pstart - 2);
				memcpy(b->p + pstart, "./", 2);
			}
		}
	}
	if (u->forcequery || u->rawquery.n > 0) {
		buf_addc(b, '?');
		buf_add(b, u->rawquery.p, u->rawquery.n);
	}
	if (u->fragment.n > 0) {
		buf_addc(b, '#');
		escaped(b, u->rawfragment, u->fragment, M_FRAG);
	}
}

/* RawPath/RawFragment as Go stores them: empty when the default
 * escaping of the decoded value gives the original back. */
static struct gv
raw_field(struct gt_state *s, struct gv_str raw, struct gv_str dec,
    enum mode m)
{
	buf_reset(&s->tmp);
	escape(&s->tmp, dec, m);
	if (raw.n == 0 || (s->tmp.len == raw.n && memcmp(s->tmp.p, raw.p,
	    raw.n) == 0))
		return gv_str("", 0);
	return gv_str(raw.p, raw.n);
}

static struct gv
str_field(struct gv_str v)
{
	return gv_str(v.n > 0 ? v.p : "", v.n);
}

/* Go's splitHostPort, for Hostname and Port. */
static void
host_port(const struct gv_url *u, struct gv *host, struct gv *port)
{
	struct gv_str h = u->host, p = { "", 0 };
	const char *c = last_of(h, ':');

	if (c != NULL) {
		struct gv_str cp = { c, (size_t)(h.p + h.n - c) };

		if (valid_port(cp)) {
			p.p = c + 1;
			p.n = cp.n - 1;
			h.n = (size_t)(c - h.p);
		}
	}
	if (h.n >= 2 && h.p[0] == '[' && h.p[h.n - 1] == ']') {
		h.p++;
		h.n -= 2;
	}
	*host = str_field(h);
	*port = str_field(p);
}

static void
to_arena(struct gt_state *s, struct gv *out)
{
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
}

/* QueryUnescape: '+' is a space; a bad %-escape fails. */
static int
query_unescape(struct gt_state *s, const char *p, size_t n, struct gv *out)
{
	char *o = ga_alloc(&s->arena, n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '%') {
			if (i + 2 >= n || hexval(p[i + 1]) < 0 ||
			    hexval(p[i + 2]) < 0)
				return -1;
			o[k++] = (char)(hexval(p[i + 1]) << 4 |
			    hexval(p[i + 2]));
			i += 2;
		} else
			o[k++] = p[i] == '+' ? ' ' : p[i];
	}
	o[k] = '\0';
	*out = gv_str(o, k);
	return 0;
}

struct qpair {
	struct gv k, v;
	size_t i;
};

static int
qpair_cmp(const void *a, const void *b)
{
	const struct qpair *x = a, *y = b;
	size_t n = x->k.len < y->k.len ? x->k.len : y->k.len;
	int c = memcmp(x->k.u.s, y->k.u.s, n);

	if (c == 0)
		c = x->k.len < y->k.len ? -1 : x->k.len > y->k.len;
	if (c == 0)
		c = x->i < y->i ? -1 : 1;
	return c;
}

/* URL.Query: url.ParseQuery's map, errors ignored as Query does: pairs
 * holding ';' or a bad escape are skipped, as are empty ones. */
static void
query_values(struct gt_state *s, struct gv_str q, struct gv *out)
{
	const char *p = q.p, *end = q.n > 0 ? q.p + q.n : q.p;
	struct qpair *pr = NULL;
	size_t np = 0, i, k;

	if (q.n > 0)
		pr = ga_alloc(&s->arena, (q.n / 2 + 1) * sizeof(*pr));
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p)), *eq;
		size_t n;

		if (amp == NULL)
			amp = end;
		n = (size_t)(amp - p);
		eq = memchr(p, '=', n);
		if (n > 0 && memchr(p, ';', n) == NULL &&
		    query_unescape(s, p, eq ? (size_t)(eq - p) : n,
		    &pr[np].k) == 0 && query_unescape(s, eq ? eq + 1 : amp,
		    eq ? (size_t)(amp - eq - 1) : 0, &pr[np].v) == 0) {
			pr[np].i = np;
			np++;
		}
		p = amp + (amp < end);
	}
	if (np > 1)
		qsort(pr, np, sizeof(*pr), qpair_cmp);
	out->kind = GV_MAP;
	out->flags = GVF_VALUES;
	out->len = 0;
	out->u.ents = ga_alloc(&s->arena, (np ? np : 1) *
	    sizeof(*out->u.ents));
	for (i = 0; i < np; i = k) {
		struct gv_mapent *e = &out->u.ents[out->len++];

		for (k = i + 1; k < np && pr[k].k.len == pr[i].k.len &&
		    memcmp(pr[k].k.u.s, pr[i].k.u.s, pr[i].k.len) == 0; k++)
			;
		e->k = pr[i].k.u.s;
		e->klen = pr[i].k.len;
		e->v.kind = GV_LIST;
		e->v.flags = 0;
		e->v.len = k - i;
		e->v.u.items = ga_alloc(&s->arena, (k - i) *
		    sizeof(struct gv));
		for (size_t j = i; j < k; j++)
			e->v.u.items[j - i] = pr[j].v;
	}
}

/* QueryEscape into b. */
static void
query_escape(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ' ')
			buf_addc(b, '+');
		else if (is_alnum(c) || c == '-' || c == '_' || c == '.' ||
		    c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* url.Values.Encode: sorted keys, key=value joined by '&'. */
int
gt_values_encode(struct gt_state *s, const struct gv *m, struct gv *out)
{
	size_t i, j;

	buf_reset(&s->tmp);
	for (i = 0; i < m->len; i++)
		for (j = 0; j < m->u.ents[i].v.len; j++) {
			const struct gv *v = &m->u.ents[i].v.u.items[j];

			if (s->tmp.len > 0)
				buf_addc(&s->tmp, '&');
			query_escape(&s->tmp, m->u.ents[i].k,
			    m->u.ents[i].klen);
			buf_addc(&s->tmp, '=');
			query_escape(&s->tmp, v->u.s, v->len);
		}
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
	return 0;
}

static int
url_method(struct gt_state *s, const struct gv_url *u, const char *nm,
    struct gv *out)
{
	struct gv h;

	buf_reset(&s->tmp);
	if (strcmp(nm, "Hostname") == 0)
		host_port(u, out, &h);
	else if (strcmp(nm, "Port") == 0)
		host_port(u, &h, out);
	else if (strcmp(nm, "Query") == 0)
		query_values(s, u->rawquery, out);
	else if (strcmp(nm, "IsAbs") == 0)
		*out = gv_bool(u->scheme.n > 0);
	else if (strcmp(nm, "String") == 0) {
		gt_url_string(&s->tmp, u);
		to_arena(s, out);
	} else if (strcmp(nm, "EscapedPath") == 0) {
		escaped(&s->tmp, u->rawpath, u->path, M_PATH);
		to_arena(s, out);
	} else if (strcmp(nm, "EscapedFragment") == 0) {
		escaped(&s->tmp, u->rawfragment, u->fragment, M_FRAG);
		to_arena(s, out);
	} else if (strcmp(nm, "RequestURI") == 0) {
		if (u->opaque.n == 0) {
			escaped(&s->tmp, u->rawpath, u->path, M_PATH);
			if (s->tmp.len == 0)
				buf_addc(&s->tmp, '/');
		} else {
			if (u->opaque.n >= 2 && memcmp(u->opaque.p, "//", 2) ==
			    0) {
				buf_add(&s->tmp, u->scheme.p, u->scheme.n);
				buf_addc(&s->tmp, ':');
			}
			buf_add(&s->tmp, u->opaque.p, u->opaque.n);
		}
		if (u->forcequery || u->rawquery.n > 0) {
			buf_addc(&s->tmp, '?');
			buf_add(&s->tmp, u->rawquery.p, u->rawquery.n);
		}
		to_arena(s, out);
	} else
		return -1;
	return 0;
}

static int
url_field(struct gt_state *s, const struct gv *v, const char *nm,
    struct gv *out)
{
	const struct gv_url *u = v->u.url;

	if (strcmp(nm, "Scheme") == 0)
		*out = str_field(u->scheme);
	else if (strcmp(nm, "Opaque") == 0)
		*out = str_field(u->opaque);
	else if (strcmp(nm, "Host") == 0)
		*out = str_field(u->host);
	else if (strcmp(nm, "Path") == 0)
		*out = str_field(u->path);
	else if (strcmp(nm, "RawPath") == 0)
		*out = raw_field(s, u->rawpath, u->path, M_PATH);
	else if (strcmp(nm, "RawQuery") == 0)
		*out = str_field(u->rawquery);
	else if (strcmp(nm, "Fragment") == 0)
		*out = str_field(u->fragment);
	else if (strcmp(nm, "RawFragment") == 0)
		*out = raw_field(s, u->rawfragment, u->fragment, M_FRAG);
	else if (strcmp(nm, "ForceQuery") == 0)
		*out = gv_bool(u->forcequery);
	else if (strcmp(nm, "User") == 0) {
		*out = *v;
		out->kind = GV_USER;
	} else
		return url_method(s, u, nm, out);
	return 0;
}

/* A field or method of a URL or of its User. */
int
gt_url_field(struct gt_state *s, const struct gv *v, const char *name,
    size_t len, struct gv *out)
{
	char nm[32];
	const struct gv_url *u = v->u.url;

	if (len >= sizeof(nm))
		len = sizeof(nm) - 1;
	memcpy(nm, name, len);
	nm[len] = '\0';
	*out = gv_nil();
	if (v->kind == GV_URL && url_field(s, v, nm, out) == 0)
		return 0;
	if (v->kind == GV_USER && strcmp(nm, "Username") == 0) {
		*out = str_field(u->hasuser ? u->user : (struct gv_str){ "",
		    0 });
		return 0;
	}
	if (v->kind == GV_USER && strcmp(nm, "String") == 0) {
		buf_reset(&s->tmp);
		gt_user_string(&s->tmp, u);
		to_arena(s, out);
		return 0;
	}
	if (v->kind == GV_USER && strcmp(nm, "Password") == 0)
		return gt_fail(s, "can't call method/function \"Password\" "
		    "with 2 results");
	return gt_fail(s, "can't evaluate field %s in type %s", nm,
	    gt_typename(v));
}
