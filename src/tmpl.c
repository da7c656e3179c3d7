/* tmpl: braced and envsubst rendering as a stream. Input comes in 64 KiB
 * chunks; literal text between '$' signs is found eight bytes at a time and
 * copied in spans into an output buffer, so throughput is close to a copy;
 * a '$' whose reference is cut by the chunk boundary is carried to the next
 * chunk. Lines are counted once per chunk (a loop the compiler vectorises),
 * and only an error works out its own column. */
#include <string.h>

#include "bounds.h"
#include "buf.h"
#include "expand.h"
#include "tmpl.h"

#define CHUNK 65536
#define CACHE_SLOTS 256	/* names looked up, remembered per render */
#define CACHE_PROBE 4
#define CACHE_NAME 32

/* Values cannot change during a render, so each name is looked up once:
 * a template names a handful of variables a million times. */
struct slot {
	char name[CACHE_NAME];
	unsigned long long key;	/* the last eight bytes */
	size_t len;		/* 0: empty slot */
	const char *val;	/* in varena when padded */
	size_t vlen;
	bool secret;
	bool padded;		/* 16 readable bytes follow the value */
	signed char want;	/* envsubst: -1 not decided yet */
};

struct scan {
	const char *name;
	const struct tmpl_opts *o;
	const struct lookup *lk;
	const struct sink *out;
	bool *secret;
	unsigned line;		/* line at the start of the chunk */
	size_t col_base;	/* columns before the chunk on that line */
	struct buf val;
	size_t olen;		/* output buffered in obuf */
	char obuf[32768 + 16];	/* + room for 16-byte copies */
	size_t valen;		/* used of varena */
	char varena[8192 + 16];	/* short values, padded for such copies */
	struct lookup cached;	/* lk through the slots */
	struct slot slots[CACHE_SLOTS];
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

/* Name characters: 1 may start a name, 2 may only follow. */
static const unsigned char namech[256] = {
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2,
	['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2, ['_'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static inline bool
name_start(char c)
{
	return namech[(unsigned char)c] == 1;
}

static inline bool
name_char(char c)
{
	return namech[(unsigned char)c] != 0;
}

/* A name's key: its last eight bytes, so most compares are one word. */
static inline unsigned long long
name_key(const char *name, size_t len)
{
	unsigned long long key = 0;
	size_t i;

	for (i = len > 8 ? len - 8 : 0; i < len; i++)
		key = key << 8 | (unsigned char)name[i];
	return key;
}

/* Look a name up once and remember it; short values are copied (with
 * their NUL) to the padded arena so that emit_padded may copy them in
 * 16-byte steps. */
static void
slot_fill(struct scan *sc, struct slot *s, const char *name, size_t len,
    unsigned long long key)
{
	const char *v;

	memcpy(s->name, name, len);
	s->key = key;
	s->len = len;
	s->secret = false;
	s->want = -1;
	v = sc->lk->get(sc->lk->arg, name, len, &s->secret);
	s->vlen = v != NULL ? strlen(v) : 0;
	s->val = v;
	s->padded = false;
	/* NUL-terminated: expand_eval reads the value as a C string (the
	 * next value's bytes must not run on into it) */
	if (v != NULL && s->vlen < sizeof(sc->varena) - 16 - sc->valen) {
		s->val = memcpy(sc->varena + sc->valen, v, s->vlen + 1);
		sc->valen += s->vlen + 1;
		s->padded = true;
	}
}

/* The slot holding name (filled on a miss), or NULL for long names. */
static inline struct slot *
slot_find(struct scan *sc, const char *name, size_t len,
    unsigned long long key)
{
	unsigned long long h;
	struct slot *s = NULL;
	size_t i;

	if (len >= CACHE_NAME || len == 0)
		return NULL;
	h = ((key + len) * 0x9e3779b97f4a7c15ull) >> 56;	/* top bits */
	for (i = 0; i < CACHE_PROBE; i++) {
		s = &sc->slots[(h + i) % CACHE_SLOTS];
		if (s->len == 0)
			break;
		if (s->key == key && s->len == len && (len <= 8 ||
		    memcmp(s->name, name, len - 8) == 0))
			return s;
	}
	if (i == CACHE_PROBE)
		s = &sc->slots[h % CACHE_SLOTS];
	slot_fill(sc, s, name, len, key);
	return s;
}

static struct slot *
slot_for(struct scan *sc, const char *name, size_t len)
{
	return slot_find(sc, name, len, name_key(name, len));
}

static const char *
cached_get(void *arg, const char *name, size_t len, bool *secret)
{
	struct scan *sc = arg;
	struct slot *s = slot_for(sc, name, len);

	if (s == NULL)
		return sc->lk->get(sc->lk->arg, name, len, secret);
	*secret |= s->secret;
	return s->val;
}

static int
flush(struct scan *sc, struct err *e)
{
	size_t n = sc->olen;

	sc->olen = 0;
	return sink_put(sc->out, sc->obuf, n, e);
}

/* Append output, through the buffer. */
static inline int
emit(struct scan *sc, const char *p, size_t n, struct err *e)
{
	if (sc->olen + n > sizeof(sc->obuf)) {
		if (flush(sc, e) < 0)
			return -1;
		if (n > sizeof(sc->obuf) / 2)
			return sink_put(sc->out, p, n, e);
	}
	memcpy(sc->obuf + sc->olen, p, n);
	sc->olen += n;
	return 0;
}

/* emit, for a source followed by at least 16 readable bytes: short pieces
 * go in 16-byte steps instead of a call to memcpy. */
static inline int
emit_padded(struct scan *sc, const char *p, size_t n, struct err *e)
{
	char *d = sc->obuf + sc->olen;
	size_t i;

	if (n > 64 || sc->olen + n > sizeof(sc->obuf) - 16)
		return emit(sc, p, n, e);
	for (i = 0; i < n; i += 16)
		memcpy(d + i, p + i, 16);
	sc->olen += n;
	return 0;
}

static size_t
count_newlines(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

/* Stamp the error with the line and column of `at` in the chunk. */
static void
position(struct scan *sc, const char *chunk, const char *at, struct err *e)
{
	const char *ls = at;

	while (ls > chunk && ls[-1] != '\n')
		ls--;
	err_file(e, sc->name);
	e->line = sc->line + (unsigned)count_newlines(chunk,
	    (size_t)(at - chunk));
	e->col = (unsigned)((size_t)(at - ls) + 1 +
	    (ls == chunk ? sc->col_base : 0));
}

/* After a chunk: move the position past its first `used` bytes. */
static void
advance_lines(struct scan *sc, const char *chunk, size_t used)
{
	const char *ls = chunk + used;

	if (sc->o->syntax != TMPL_BRACED)
		return;	/* envsubst has no errors with a position */
	sc->line += (unsigned)count_newlines(chunk, used);
	while (ls > chunk && ls[-1] != '\n')
		ls--;
	sc->col_base = (size_t)(chunk + used - ls) + (ls == chunk ?
	    sc->col_base : 0);
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

static inline __attribute__((always_inline)) int
put_value(struct scan *sc, struct slot *s, const char *name, size_t len,
    struct err *e)
{
	const char *v;

	if (s != NULL) {
		*sc->secret |= s->secret;
		if (s->val == NULL)
			return 0;
		return s->padded ? emit_padded(sc, s->val, s->vlen, e) :
		    emit(sc, s->val, s->vlen, e);
	}
	v = sc->lk->get(sc->lk->arg, name, len, sc->secret);
	return v == NULL ? 0 : emit(sc, v, strlen(v), e);
}

/* envsubst_wants, remembered per name. */
static bool
wants(struct scan *sc, struct slot *s, const char *name, size_t len)
{
	if (sc->o->vars == NULL)
		return true;
	if (s == NULL)
		return envsubst_wants(sc, name, len);
	if (s->want < 0)
		s->want = envsubst_wants(sc, name, len);
	return s->want;
}

/* A '$' at d under envsubst rules: bytes consumed, 0 = need more input.
 * Like GNU envsubst, anything that is not a wanted $NAME or ${NAME} is
 * copied as it stands and scanning goes on right after it. */
static long
ref_envsubst(struct scan *sc, const char *d, const char *end, bool final,
    struct err *e)
{
	const char *p = d + 1, *nm;
	unsigned long long key = 0;
	bool brace = false;
	struct slot *s;
	size_t n;

	if (p < end && *p == '{')
		brace = true, p++;
	nm = p;
	if (p < end && name_start(*p))	/* *end is a NUL sentinel */
		for (; name_char(*p); p++)
			key = key << 8 | (unsigned char)*p;
	if (p == end && !final && end - d < REF_MAX)
		return 0;
	n = (size_t)(p - d);
	/* A reference as long as the carry-over is copied as it stands,
	 * whole or cut by a chunk boundary: the same output either way. */
	if (p == nm || n >= REF_MAX || (brace && (p == end || *p != '}')))
		return emit_padded(sc, d, n, e) < 0 ? -1 : (long)n;
	n += brace;
	s = slot_find(sc, nm, (size_t)(p - nm), key);
	if (!wants(sc, s, nm, (size_t)(p - nm)))
		return emit_padded(sc, d, n, e) < 0 ? -1 : (long)n;
	return put_value(sc, s, nm, (size_t)(p - nm), e) < 0 ? -1 : (long)n;
}

/* The common ${NAME} of a set NAME, without the expression machinery:
 * bytes consumed, 0 when it is anything else (expand_eval decides). */
static long
plain_ref(struct scan *sc, const char *d, const char *end, struct err *e)
{
	const char *p = d + 2, *nm = p;
	unsigned long long key = 0;
	struct slot *s;

	if (!name_start(*p))
		return 0;
	for (; name_char(*p); p++)	/* *end is a NUL sentinel */
		key = key << 8 | (unsigned char)*p;
	if (p == end || *p != '}')
		return 0;
	s = slot_find(sc, nm, (size_t)(p - nm), key);
	if (s == NULL || s->val == NULL)
		return 0;
	return put_value(sc, s, nm, (size_t)(p - nm), e) < 0 ? -1 :
	    p + 1 - d;
}

/* A '$' at d under braced rules: bytes consumed, 0 = need more input.
 * Kept out of line so that the envsubst path stays tight. */
static __attribute__((noinline)) long
ref_braced(struct scan *sc, const char *chunk, const char *d,
    const char *end, bool final, struct err *e)
{
	long len;

	if (end - d < 3 && !final)
		return 0;
	if (end - d >= 3 && d[1] == '$' && d[2] == '{')
		return emit(sc, "${", 2, e) < 0 ? -1 : 3;
	if (end - d < 2 || d[1] != '{')
		return emit(sc, "$", 1, e) < 0 ? -1 : 1;
	if ((len = plain_ref(sc, d, end, e)) != 0)
		return len;
	/* Only what the carry-over can hold is looked at, so that where
	 * the chunks are cut never changes the result: an expression (or a
	 * name) running past it is an error whether or not a cut falls in
	 * it. */
	len = expand_span(d, (size_t)(end - d < REF_MAX ? end - d : REF_MAX),
	    e);
	if (len == 0 && !final && end - d < REF_MAX)
		return 0;
	if (len >= REF_MAX || (len == 0 && end - d >= REF_MAX)) {
		err_set(e, ERR_PLAN, 0, "'${' expression longer than %d bytes",
		    REF_MAX - 1);
		position(sc, chunk, d, e);
		return -1;
	}
	if (len <= 0) {
		if (len == 0)
			err_set(e, ERR_PLAN, 0, "unterminated '${'");
		position(sc, chunk, d, e);
		return -1;
	}
	buf_reset(&sc->val);
	if (expand_eval(d, (size_t)len, &sc->cached, &sc->val, sc->secret,
	    e) < 0) {
		position(sc, chunk, d, e);
		return -1;
	}
	/* An empty value (${NOPE+x}) may have left val.p NULL. */
	if (sc->val.len > 0 && emit(sc, sc->val.p, sc->val.len, e) < 0)
		return -1;
	return len;
}

/* The first '$' or NUL in [p, end), or end: eight bytes at a time (the
 * classic has-zero-byte test, on w and on w ^ "$$$$$$$$"; its lowest hit
 * is exact), since literal text is most of a template and musl's memchr
 * is not vectorised. */
static inline const char *
find_special(const char *p, const char *end)
{
	const unsigned long long ones = 0x0101010101010101ull;
	const unsigned long long highs = 0x8080808080808080ull;

	while (end - p >= 8) {
		unsigned long long w, d, hit;

		memcpy(&w, p, 8);
		d = w ^ (ones * '$');
		hit = ((w - ones) & ~w & highs) | ((d - ones) & ~d & highs);
		if (hit != 0)
			return p + (__builtin_ctzll(hit) >> 3);
		p += 8;
	}
	while (p < end && *p != '$' && *p != '\0')
		p++;
	return p;
}

/* Render one chunk; returns the bytes consumed (the rest is carried to
 * the next chunk), or -1. */
static long
chunk(struct scan *sc, const char *c, size_t n, bool final, struct err *e)
{
	const char *p = c, *end = c + n, *d;
	long r;

	while (p < end) {
		d = find_special(p, end);
		if (emit_padded(sc, p, (size_t)(d - p), e) < 0)
			return -1;
		if (d == end)
			break;
		if (*d == '\0') {
			err_set(e, ERR_PLAN, 0, "NUL byte in template");
			if (sc->o->syntax == TMPL_BRACED)
				position(sc, c, d, e);
			else
				err_file(e, sc->name);
			return -1;
		}
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
	static char data[CHUNK + REF_MAX + 16];	/* + room: emit_padded */
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
	sc.cached.get = cached_get;
	sc.cached.arg = &sc;
	for (;;) {
		got = r->read(r->arg, data + have, CHUNK, e);
		if (got < 0)
			goto out;
		have += (size_t)got;
		data[have] = '\0';	/* stops name scans without a bound */
		used = chunk(&sc, data, have, got == 0, e);
		if (used < 0)
			goto out;
		advance_lines(&sc, data, (size_t)used);
		memmove(data, data + used, have - (size_t)used);
		have -= (size_t)used;
		if (got == 0)
			break;
	}
	rc = flush(&sc, e);
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
	if (n > 0)	/* text may be NULL when len is 0 */
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
