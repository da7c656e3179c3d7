/* edit: the text edits of set-key, replace and ensure-line (edit.h).
 * Pure: buffers in, buffers out. */
#include <string.h>

#include "edit.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* s without its leading and trailing blanks, as (*p, *n). */
static void
core(const char *s, const char **p, size_t *n)
{
	size_t l = s != NULL ? strlen(s) : 0;

	while (l > 0 && blank(*s))
		s++, l--;
	while (l > 0 && blank(s[l - 1]))
		l--;
	*p = s;
	*n = l;
}

/* Does [p, end) begin with KEY followed by a blank, the end, or cs? */
static bool
key_at(const char *p, const char *end, const char *key, size_t kn,
    const char *cs, size_t cn)
{
	const char *q = p + kn;

	if ((size_t)(end - p) < kn || memcmp(p, key, kn) != 0)
		return false;
	if (q == end || blank(*q))
		return true;
	return cn > 0 && (size_t)(end - q) >= cn && memcmp(q, cs, cn) == 0;
}

enum edit_match
edit_key_match(const char *line, size_t n, const char *key, const char *sep,
    const char *comment)
{
	const char *p = line, *end = line + n, *cs, *cm;
	size_t kn = strlen(key), cn, mn;

	if (kn == 0)
		return EDIT_NONE;
	core(sep, &cs, &cn);
	core(comment, &cm, &mn);
	while (p < end && blank(*p))
		p++;
	if (key_at(p, end, key, kn, cs, cn))
		return EDIT_ACTIVE;
	if (mn == 0 || (size_t)(end - p) < mn || memcmp(p, cm, mn) != 0)
		return EDIT_NONE;
	for (p += mn; p < end && blank(*p); p++)
		;
	return key_at(p, end, key, kn, cs, cn) ? EDIT_COMMENTED : EDIT_NONE;
}

/* The line at text[*pos..len): its start, length without '\n', whether a
 * '\n' ends it; *pos moves past it. false at the end. */
static bool
next_line(const char *text, size_t len, size_t *pos, const char **l,
    size_t *n, bool *nl)
{
	const char *p;

	if (*pos >= len)
		return false;
	*l = text + *pos;
	p = memchr(*l, '\n', len - *pos);
	*n = p != NULL ? (size_t)(p - *l) : len - *pos;
	*nl = p != NULL;
	*pos += *n + (p != NULL);
	return true;
}

static void
put_kv(struct buf *out, const char *key, const char *sep, const char *value)
{
	buf_adds(out, key);
	buf_adds(out, sep);
	buf_adds(out, value);
}

void
edit_set_key(const char *text, size_t len, const char *key, const char *sep,
    const char *value, const char *comment, struct buf *out)
{
	size_t pos = 0, n;
	const char *l;
	bool nl, done = false;

	while (next_line(text, len, &pos, &l, &n, &nl)) {
		bool cr = n > 0 && l[n - 1] == '\r';
		enum edit_match m = edit_key_match(l, n - cr, key, sep,
		    comment);

		if (m != EDIT_NONE && !done) {
			put_kv(out, key, sep, value);
			if (cr)
				buf_addc(out, '\r');
			if (nl)
				buf_addc(out, '\n');
			done = true;
		} else if (m == EDIT_ACTIVE) {
			continue;	/* a later active line: dropped */
		} else {
			buf_add(out, l, n + nl);
		}
	}
	if (done)
		return;
	if (out->len > 0 && out->p[out->len - 1] != '\n')
		buf_addc(out, '\n');
	put_kv(out, key, sep, value);
	buf_addc(out, '\n');
}

const char *
edit_find(const char *text, size_t len, const char *needle, size_t n)
{
	const char *p = text, *end = text + len;

	if (n == 0)
		return NULL;
	while ((size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

size_t
edit_replace(const char *text, size_t len, const char *old, size_t oldn,
    const char *new, size_t newn, struct buf *out)
{
	const char *p = text, *end = text + len, *hit;
	size_t count = 0;

	while ((hit = edit_find(p, (size_t)(end - p), old, oldn)) != NULL) {
		buf_add(out, p, (size_t)(hit - p));
		buf_add(out, new, newn);
		p = hit + oldn;
		count++;
	}
	buf_add(out, p, (size_t)(end - p));
	return count;
}

bool
edit_has_line(const char *text, size_t len, const char *line, size_t n)
{
	size_t pos = 0, ln;
	const char *l;
	bool nl;

	while (next_line(text, len, &pos, &l, &ln, &nl))
		if (ln == n && memcmp(l, line, n) == 0)
			return true;
	return false;
}

void
edit_add_line(const char *text, size_t len, const char *line, size_t n,
    struct buf *out)
{
	buf_add(out, text, len);
	if (len > 0 && text[len - 1] != '\n')
		buf_addc(out, '\n');
	buf_add(out, line, n);
	buf_addc(out, '\n');
}

size_t
edit_remove_line(const char *text, size_t len, const char *line, size_t n,
    struct buf *out)
{
	size_t pos = 0, ln, count = 0;
	const char *l;
	bool nl;

	while (next_line(text, len, &pos, &l, &ln, &nl)) {
		if (ln == n && memcmp(l, line, n) == 0) {
			count++;
			continue;
		}
		buf_add(out, l, ln + nl);
	}
	return count;
}
