/* tmpl: braced and envsubst rendering as a stream. Literal text between
 * '$' signs is passed through in spans (memchr), so throughput is close to
 * a copy; a '$' whose reference is cut by the chunk boundary is carried to
 * the next chunk. Lines are counted for error positions. */
#include <string.h>

#include "buf.h"
#include "expand.h"
#include "tmpl.h"

#define CHUNK 65536
#define REF_MAX 4096		/* longest ${...} or $NAME we carry over */

struct scan {
	const char *name;
	const struct tmpl_opts *o;
	const struct lookup *lk;
	const struct sink *out;
	bool *secret;
	unsigned line;		/* line of the current position */
	const char *line_start;	/* in the current chunk, or NULL */
	size_t col_base;	/* columns before line_start (carried text) */
	struct buf val;
};

int
tmpl_syntax_parse(const char *s, enum tmpl_syntax *out, struct err *e)
{
	if (s == NULL || strcmp(s, "braced") == 0)
		*out = TMPL_BRACED;
	else if (strcmp(s, "envsubst") == 0)
		*out = TMPL_ENVSUBST;
	else if (strcmp(s, "go") == 0)
		*out = TMPL_GO;
	else
		return err_set(e, ERR_PLAN, 0, "syntax= takes braced, "
		    "envsubst or go, not '%s'", s);
	return 0;
}

static bool
name_start(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static void
count_lines(struct scan *sc, const char *p, size_t n)
{
	const char *q = p, *end = p + n;

	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		sc->line++;
		sc->line_start = ++q;
		sc->col_base = 0;
	}
}

/* Emit literal text; only braced syntax has errors, so only it counts
 * lines. */
static int
literal(struct scan *sc, const char *p, size_t n, struct err *e)
{
	if (sc->o->syntax == TMPL_BRACED)
		count_lines(sc, p, n);
	return sink_put(sc->out, p, n, e);
}

static void
position(struct scan *sc, const char *chunk, const char *at, struct err *e)
{
	const char *ls = sc->line_start != NULL ? sc->line_start : chunk;

	e->file = sc->name;
	e->line = sc->line;
	e->col = (unsigned)(sc->col_base + (size_t)(at - ls) + 1);
}

/* Is NAME substituted under envsubst's rules (vars=)? */
static bool
envsubst_wants(const struct scan *sc, const char *name, size_t len)
{
	const char *l = sc->o->vars, *p;
	bool sec = false;

	if (l == NULL)
		return true;
	if (strcmp(l, "defined") == 0)
		return sc->lk->get(sc->lk->arg, name, len, &sec) != NULL;
	for (p = l; *p != '\0'; p++) {
		if (!name_start(*p) || (p > l && name_char(p[-1])))
			continue;
		if (strncmp(p, name, len) == 0 && !name_char(p[len]))
			return true;
	}
	return false;
}

static int
put_value(struct scan *sc, const char *name, size_t len, struct err *e)
{
	const char *v = sc->lk->get(sc->lk->arg, name, len, sc->secret);

	return v == NULL ? 0 : sink_put(sc->out, v, strlen(v), e);
}

/* A '$' at d under envsubst rules: bytes consumed, 0 = need more input.
 * Like GNU envsubst, anything that is not a wanted $NAME or ${NAME} is
 * copied as it stands and scanning goes on right after it. */
static long
ref_envsubst(struct scan *sc, const char *d, const char *end, bool final,
    struct err *e)
{
	const char *p = d + 1, *nm;
	bool brace = false, more = !final && end - d < REF_MAX;
	size_t n;

	if (p < end && *p == '{')
		brace = true, p++;
	nm = p;
	while (p < end && (p == nm ? name_start(*p) : name_char(*p)))
		p++;
	if (p == end && more)
		return 0;
	n = (size_t)(p - d);
	if (p == nm || (brace && (p == end || *p != '}')))
		return sink_put(sc->out, d, n, e) < 0 ? -1 : (long)n;
	n += brace;
	if (!envsubst_wants(sc, nm, (size_t)(p - nm)))
		return sink_put(sc->out, d, n, e) < 0 ? -1 : (long)n;
	return put_value(sc, nm, (size_t)(p - nm), e) < 0 ? -1 : (long)n;
}

/* A '$' at d under braced rules: bytes consumed, 0 = need more input. */
static long
ref_braced(struct scan *sc, const char *chunk, const char *d,
    const char *end, bool final, struct err *e)
{
	long len;

	if (end - d < 3 && !final)
		return 0;
	if (end - d >= 3 && d[1] == '$' && d[2] == '{')
		return sink_put(sc->out, "${", 2, e) < 0 ? -1 : 3;
	if (end - d < 2 || d[1] != '{')
		return sink_put(sc->out, "$", 1, e) < 0 ? -1 : 1;
	len = expand_span(d, (size_t)(end - d), e);
	if (len == 0 && !final && end - d < REF_MAX)
		return 0;
	if (len <= 0) {
		if (len == 0)
			err_set(e, ERR_PLAN, 0, "unterminated '${'");
		position(sc, chunk, d, e);
		return -1;
	}
	buf_reset(&sc->val);
	if (expand_eval(d, (size_t)len, sc->lk, &sc->val, sc->secret, e) < 0) {
		position(sc, chunk, d, e);
		return -1;
	}
	if (sink_put(sc->out, sc->val.p, sc->val.len, e) < 0)
		return -1;
	count_lines(sc, d, (size_t)len);
	return len;
}

/* Render one chunk; returns the bytes consumed (the rest is carried to
 * the next chunk), or -1. */
static long
chunk(struct scan *sc, const char *c, size_t n, bool final, struct err *e)
{
	const char *p = c, *end = c + n, *d;
	long r;

	while (p < end) {
		d = memchr(p, '$', (size_t)(end - p));
		if (d == NULL)
			d = end;
		if (literal(sc, p, (size_t)(d - p), e) < 0)
			return -1;
		if (d == end)
			break;
		r = sc->o->syntax == TMPL_BRACED ?
		    ref_braced(sc, c, d, end, final, e) :
		    ref_envsubst(sc, d, end, final, e);
		if (r < 0)
			return -1;
		if (r == 0)
			return d - c;
		p = d + r;
	}
	return (long)n;
}

int
tmpl_render(const struct tmpl_reader *r, const char *name,
    const struct tmpl_opts *o, const struct lookup *lk,
    const struct sink *out, bool *secret, struct err *e)
{
	static char data[CHUNK + REF_MAX];
	struct scan sc;
	size_t have = 0;
	long got, used;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	sc.name = name;
	sc.o = o;
	sc.lk = lk;
	sc.out = out;
	sc.secret = secret;
	sc.line = 1;
	for (;;) {
		got = r->read(r->arg, data + have, CHUNK, e);
		if (got < 0)
			goto out;
		if (memchr(data + have, '\0', (size_t)got) != NULL) {
			err_set(e, ERR_PLAN, 0, "NUL byte in template");
			e->file = name;
			goto out;
		}
		have += (size_t)got;
		sc.line_start = NULL;
		used = chunk(&sc, data, have, got == 0, e);
		if (used < 0)
			goto out;
		sc.col_base = sc.line_start == NULL ? sc.col_base + (size_t)used :
		    (size_t)(data + used - sc.line_start);
		memmove(data, data + used, have - (size_t)used);
		have -= (size_t)used;
		if (got == 0)
			break;
	}
	rc = 0;
out:
	buf_wipe(&sc.val);
	explicit_bzero(data, sizeof(data));
	return rc;
}

struct mem_reader {
	const char *p;
	size_t n;
};

static long
mem_read(void *arg, char *buf, size_t n, struct err *e)
{
	struct mem_reader *m = arg;

	(void)e;
	if (n > m->n)
		n = m->n;
	memcpy(buf, m->p, n);
	m->p += n;
	m->n -= n;
	return (long)n;
}

int
tmpl_render_mem(const char *text, size_t len, const char *name,
    const struct tmpl_opts *o, const struct lookup *lk,
    const struct sink *out, bool *secret, struct err *e)
{
	struct mem_reader m = { text, len };
	struct tmpl_reader r = { mem_read, &m };

	return tmpl_render(&r, name, o, lk, out, secret, e);
}
