/* mode: parse octal and symbolic chmod modes and apply them.
 *
 * MUST: the result depends only on the spec, the current mode and whether
 * the entry is a directory (never on the umask); octal is exact. */
#include <sys/stat.h>

#include <string.h>

#include "mode.h"

enum { MODE_F_X = 1, MODE_F_COPY = 2 };

#define MODE_ALL	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | \
			    S_IRWXO)
#define MODE_XALL	(S_IXUSR | S_IXGRP | S_IXOTH)

static int
bad(const char *s, struct err *e)
{
	return err_set(e, ERR_PLAN, 0, "invalid mode '%s'", s);
}

static int
parse_octal(const char *s, struct mode_spec *m, struct err *e)
{
	unsigned long v = 0;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return bad(s, e);
		v = v * 8 + (unsigned long)(*p - '0');
		if (v > 07777)
			return bad(s, e);
	}
	m->octal = true;
	m->bits = (mode_t)v;
	return 0;
}

int
mode_parse_umask(const char *s, mode_t *out, struct err *e)
{
	size_t n = strlen(s);
	unsigned v = 0;
	size_t i;

	if (n == 0 || n > 4 || strspn(s, "01234567") != n)
		return err_set(e, ERR_PLAN, 0, "umask '%s': want octal 0000 "
		    "to 0777", s);
	for (i = 0; i < n; i++)
		v = v * 8 + (unsigned)(s[i] - '0');
	if (v > 0777)
		return err_set(e, ERR_PLAN, 0, "umask '%s': out of range "
		    "(0000 to 0777)", s);
	*out = (mode_t)v;
	return 0;
}

/* Parse the permission letters after an operator; *pp moves past them. */
static void
parse_perms(const char **pp, struct mode_clause *c)
{
	const char *p = *pp;

	if (*p == 'u' || *p == 'g' || *p == 'o') {
		c->flag = MODE_F_COPY;
		c->value = *p == 'u' ? S_IRWXU : *p == 'g' ? S_IRWXG : S_IRWXO;
		*pp = p + 1;
		return;
	}
	for (;; p++) {
		switch (*p) {
		case 'r': c->value |= S_IRUSR | S_IRGRP | S_IROTH; continue;
		case 'w': c->value |= S_IWUSR | S_IWGRP | S_IWOTH; continue;
		case 'x': c->value |= MODE_XALL; continue;
		case 'X': c->flag |= MODE_F_X; continue;
		case 's': c->value |= S_ISUID | S_ISGID; continue;
		case 't': c->value |= S_ISVTX; continue;
		}
		break;
	}
	c->mentioned = c->value & c->affected & (S_ISUID | S_ISGID);
	*pp = p;
}

static int
parse_symbolic(const char *s, struct mode_spec *m, struct err *e)
{
	const char *p = s;
	mode_t who;

	m->octal = false;
	m->n = 0;
	for (;;) {
		for (who = 0;; p++) {
			if (*p == 'u')
				who |= S_ISUID | S_IRWXU;
			else if (*p == 'g')
				who |= S_ISGID | S_IRWXG;
			else if (*p == 'o')
				who |= S_ISVTX | S_IRWXO;
			else if (*p == 'a')
				who |= MODE_ALL;
			else
				break;
		}
		if (who == 0)
			who = MODE_ALL;	/* no who-letter: `a` */
		if (*p != '+' && *p != '-' && *p != '=')
			return bad(s, e);
		while (*p == '+' || *p == '-' || *p == '=') {
			struct mode_clause *c;

			if (m->n == MODE_MAX_CLAUSES)
				return bad(s, e);
			c = &m->c[m->n++];
			memset(c, 0, sizeof(*c));
			c->op = *p++;
			c->affected = who;
			parse_perms(&p, c);
		}
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			return bad(s, e);
	}
}

int
mode_parse(const char *s, struct mode_spec *m, struct err *e)
{
	memset(m, 0, sizeof(*m));
	if (s == NULL || *s == '\0')
		return bad(s == NULL ? "" : s, e);
	if (*s >= '0' && *s <= '9')
		return parse_octal(s, m, e);
	return parse_symbolic(s, m, e);
}

/* Replicate the bits of one class (value & cur) to all three classes. */
static mode_t
copy_class(mode_t value, mode_t cur)
{
	mode_t v = value & cur, r = 0;

	if (v & (S_IRUSR | S_IRGRP | S_IROTH))
		r |= S_IRUSR | S_IRGRP | S_IROTH;
	if (v & (S_IWUSR | S_IWGRP | S_IWOTH))
		r |= S_IWUSR | S_IWGRP | S_IWOTH;
	if (v & MODE_XALL)
		r |= MODE_XALL;
	return r;
}

mode_t
mode_apply(const struct mode_spec *m, mode_t cur, bool isdir)
{
	mode_t nm = cur & 07777, omit, value;
	size_t i;

	if (m->octal)
		return m->bits;
	for (i = 0; i < m->n; i++) {
		const struct mode_clause *c = &m->c[i];

		omit = isdir ? (S_ISUID | S_ISGID) & ~c->mentioned : 0;
		value = c->value;
		if (c->flag & MODE_F_COPY)
			value = copy_class(value, nm);
		if ((c->flag & MODE_F_X) && ((nm & MODE_XALL) || isdir))
			value |= MODE_XALL;
		value &= c->affected & ~omit;
		if (c->op == '=')
			nm = (nm & (~c->affected | omit)) | value;
		else if (c->op == '+')
			nm |= value;
		else
			nm &= ~value;
	}
	return nm & 07777;
}
