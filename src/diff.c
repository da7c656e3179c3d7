/* diff: line-based unified diff from an LCS table, bounded in size: dry-run
 * shows config files, not databases. */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "xalloc.h"

#define DIFF_MAX_CELLS (4u << 20)

struct lines {
	const char **p;
	size_t *len;
	size_t n;
};

static void
split(struct lines *l, const char *s, size_t n)
{
	size_t i, start = 0, cap = 0;

	memset(l, 0, sizeof(*l));
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		if (i == n && start == n)
			break;
		l->p = xgrow(l->p, &cap, l->n + 1, sizeof(*l->p));
		l->len = xrealloc(l->len, cap * sizeof(*l->len));
		l->p[l->n] = s + start;
		l->len[l->n++] = i - start + (i < n);
		start = i + 1;
	}
}

static int
same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

static void
emit_line(struct buf *out, char tag, const char *p, size_t n)
{
	buf_addc(out, tag);
	buf_add(out, p, n);
	if (n == 0 || p[n - 1] != '\n')
		buf_adds(out, "\n\\ No newline at end of file\n");
}

/* ops: 0 keep, 1 delete from a, 2 insert from b; one per edit step. */
static size_t
edit_script(const struct lines *a, const struct lines *b, char *ops)
{
	size_t n = a->n, m = b->n, i, j, k = 0;
	unsigned *t = xcalloc((n + 1) * (m + 1), sizeof(*t));

	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			t[i * (m + 1) + j] = same(a, i, b, j) ?
			    t[(i + 1) * (m + 1) + j + 1] + 1 :
			    (t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ?
			    t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1]);
	for (i = j = 0; i < n || j < m;) {
		if (i < n && j < m && same(a, i, b, j)) {
			ops[k++] = 0;
			i++, j++;
		} else if (j < m && (i == n || t[i * (m + 1) + j + 1] >
		    t[(i + 1) * (m + 1) + j])) {
			ops[k++] = 2;
			j++;
		} else {
			ops[k++] = 1;
			i++;
		}
	}
	free(t);
	return k;
}

/* Emit ops[from..to) as one hunk starting at lines ai, bi (0-based). */
static void
hunk(struct buf *out, const struct lines *a, const struct lines *b,
    const char *ops, size_t from, size_t to, size_t ai, size_t bi)
{
	size_t k, na = 0, nb = 0;

	for (k = from; k < to; k++) {
		na += ops[k] != 2;
		nb += ops[k] != 1;
	}
	buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ai + (na > 0), na,
	    bi + (nb > 0), nb);
	for (k = from; k < to; k++) {
		if (ops[k] == 0) {
			emit_line(out, ' ', a->p[ai], a->len[ai]);
			ai++, bi++;
		} else if (ops[k] == 1) {
			emit_line(out, '-', a->p[ai], a->len[ai]);
			ai++;
		} else {
			emit_line(out, '+', b->p[bi], b->len[bi]);
			bi++;
		}
	}
}

static void
hunks(struct buf *out, const struct lines *a, const struct lines *b,
    const char *ops, size_t nops)
{
	size_t k = 0, ai = 0, bi = 0;

	while (k < nops) {
		size_t start, end, sa, sb, keep = 0;

		while (k < nops && ops[k] == 0)
			k++, ai++, bi++;
		if (k == nops)
			break;
		start = k >= 3 ? k - 3 : 0;
		sa = ai - (k - start);
		sb = bi - (k - start);
		for (end = k; end < nops; end++) {
			keep = ops[end] == 0 ? keep + 1 : 0;
			if (keep > 6)
				break;
		}
		end = end - keep + (keep > 3 ? 3 : keep);
		hunk(out, a, b, ops, start, end, sa, sb);
		for (; k < end; k++) {
			ai += ops[k] != 2;
			bi += ops[k] != 1;
		}
	}
}

void
diff_unified(struct buf *out, const char *name, const char *a, size_t alen,
    const char *b, size_t blen)
{
	struct lines la, lb;
	char *ops;
	size_t nops;

	if (memchr(a, '\0', alen) != NULL || memchr(b, '\0', blen) != NULL) {
		buf_printf(out, "Binary files %s and %s differ\n", name, name);
		return;		/* as diff(1) says of text holding a NUL */
	}
	split(&la, a, alen);
	split(&lb, b, blen);
	buf_printf(out, "--- %s\n+++ %s\n", name, name);
	if ((la.n + 1) * (lb.n + 1) > DIFF_MAX_CELLS) {
		buf_printf(out, "@@ %zu lines -> %zu lines (too large to diff)"
		    " @@\n", la.n, lb.n);
	} else {
		ops = xmalloc(la.n + lb.n + 1);
		nops = edit_script(&la, &lb, ops);
		hunks(out, &la, &lb, ops, nops);
		free(ops);
	}
	free(la.p);
	free(la.len);
	free(lb.p);
	free(lb.len);
}
