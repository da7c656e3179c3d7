/* vars: the plan's variable table, sorted by name for binary search and
 * for Go's sorted map ranges. Secret values are wiped when replaced. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "redact.h"
#include "vars.h"
#include "xalloc.h"

bool
vars_valid_name(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!(c == '_' || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static int
cmp_name(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r;
	return alen < blen ? -1 : alen > blen;
}

/* Index of name, or of where it would go (*found false). */
static size_t
search(const struct vars *vs, const char *name, size_t len, bool *found)
{
	size_t lo = 0, hi = vs->n;

	*found = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = cmp_name(name, len, vs->v[mid].name);

		if (r == 0) {
			*found = true;
			return mid;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct var *
vars_find(const struct vars *vs, const char *name, size_t len)
{
	bool found;
	size_t i = search(vs, name, len, &found);

	return found ? &vs->v[i] : NULL;
}

const char *
vars_get(const struct vars *vs, const char *name)
{
	struct var *v = vars_find(vs, name, strlen(name));

	return v != NULL ? v->value : NULL;
}

bool
vars_is_set_nonempty(const struct vars *vs, const char *name)
{
	const char *v = vars_get(vs, name);

	return v != NULL && *v != '\0';
}

static void
free_value(struct var *v)
{
	if (v->value != NULL && (v->flags & VAR_SECRET))
		explicit_bzero(v->value, strlen(v->value));
	free(v->value);
	v->value = NULL;
}

static struct var *
insert(struct vars *vs, const char *name, size_t len)
{
	bool found;
	size_t i = search(vs, name, len, &found);
	struct var *v;

	if (found)
		return &vs->v[i];
	vs->v = xgrow(vs->v, &vs->cap, vs->n + 1, sizeof(*vs->v));
	memmove(&vs->v[i + 1], &vs->v[i], (vs->n - i) * sizeof(*vs->v));
	vs->n++;
	v = &vs->v[i];
	memset(v, 0, sizeof(*v));
	v->name = xstrndup(name, len);
	return v;
}

void
vars_set(struct vars *vs, const char *name, const char *value,
    unsigned flags)
{
	struct var *v = insert(vs, name, strlen(name));

	free_value(v);
	if (!(flags & VAR_SECRET))
		v->flags &= ~(unsigned)VAR_SECRET;
	v->flags |= flags;
	v->value = xstrdup(value);
	/* the one place a secret value is learned: from here on no output
	 * can print it (redact.h) */
	if (flags & VAR_SECRET)
		redact_add(value, strlen(value));
}

void
vars_unset(struct vars *vs, const char *name)
{
	struct var *v = vars_find(vs, name, strlen(name));

	if (v != NULL)
		free_value(v);
}

void
vars_drop(struct vars *vs, const char *name)
{
	struct var *v = insert(vs, name, strlen(name));

	free_value(v);
	v->flags &= ~(unsigned)(VAR_EXPORT | VAR_SECRET);
	v->flags |= VAR_REMOVED;
}

void
vars_init(struct vars *vs, char *const *environ)
{
	memset(vs, 0, sizeof(*vs));
	for (; environ != NULL && *environ != NULL; environ++) {
		const char *eq = strchr(*environ, '=');
		struct var *v;

		if (eq == NULL || eq == *environ)
			continue;
		v = insert(vs, *environ, (size_t)(eq - *environ));
		if (v->value != NULL)	/* duplicate: the first one wins */
			continue;
		v->value = xstrdup(eq + 1);
		v->orig = xstrdup(eq + 1);
	}
}

void
vars_free(struct vars *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		free_value(&vs->v[i]);
		free(vs->v[i].name);
		free(vs->v[i].orig);
	}
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

static const char *
lk_get(void *arg, const char *name, size_t len, bool *secret)
{
	struct var *v = vars_find(arg, name, len);

	if (v == NULL || v->value == NULL)
		return NULL;
	if (v->flags & VAR_SECRET)
		*secret = true;
	return v->value;
}

static void
lk_each(void *arg, void (*fn)(void *, const char *, const char *, bool),
    void *farg)
{
	const struct vars *vs = arg;
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (vs->v[i].value != NULL)
			fn(farg, vs->v[i].name, vs->v[i].value,
			    (vs->v[i].flags & VAR_SECRET) != 0);
}

struct lookup
vars_lookup(struct vars *vs)
{
	struct lookup lk = { lk_get, lk_each, vs };

	return lk;
}

static char *
env_entry(const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	char *s = xmalloc(nl + vl + 2);

	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, value, vl + 1);
	return s;
}

char **
vars_child_env(const struct vars *vs)
{
	char **env = xcalloc(vs->n + 1, sizeof(*env));
	size_t i, k = 0;

	for (i = 0; i < vs->n; i++) {
		const struct var *v = &vs->v[i];

		if (v->flags & VAR_BUILTIN)
			continue;
		/* removed: the inherited value is gone; exported again
		 * after it, the new value goes */
		if ((v->flags & VAR_EXPORT) && v->value != NULL)
			env[k++] = env_entry(v->name, v->value);
		else if (!(v->flags & (VAR_EXPORT | VAR_REMOVED)) &&
		    v->orig != NULL)
			env[k++] = env_entry(v->name, v->orig);
	}
	env[k] = NULL;
	return env;
}

void
vars_free_env(char **env)
{
	char **p;

	for (p = env; p != NULL && *p != NULL; p++) {
		explicit_bzero(*p, strlen(*p));
		free(*p);
	}
	free(env);
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

/* A dotenv value: "..." with \n \t \\ \" \$ escapes, '...' literal, or
 * bare (trimmed, " #" starts a comment). Values are not expanded. */
static int
dotenv_value(char *v, struct buf *out)
{
	char q = *v;

	if (q == '"' || q == '\'') {
		for (v++; *v != '\0' && *v != q; v++) {
			if (q == '"' && *v == '\\' && v[1] != '\0') {
				v++;
				buf_addc(out, *v == 'n' ? '\n' :
				    *v == 't' ? '\t' : *v);
			} else {
				buf_addc(out, *v);
			}
		}
		return *v == q ? 0 : -1;
	}
	{
		char *hash = strstr(v, " #"), *end;

		if (hash != NULL)
			*hash = '\0';
		end = v + strlen(v);
		while (end > v && is_space(end[-1]))
			end--;
		buf_add(out, v, (size_t)(end - v));
	}
	return 0;
}

/* One dotenv line; 0, or -1 with e. */
static int
dotenv_line(struct vars *vs, char *line, unsigned flags, struct err *e)
{
	char *p = line, *eq, *end;
	struct buf val = BUF_INIT;

	while (is_space(*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	if (strncmp(p, "export ", 7) == 0)
		for (p += 7; *p == ' '; p++)
			;
	eq = strchr(p, '=');
	if (eq == NULL)
		return err_set(e, ERR_PLAN, 0, "expected KEY=VALUE");
	*eq = '\0';
	for (end = eq; end > p && is_space(end[-1]); end--)
		end[-1] = '\0';
	if (!vars_valid_name(p, strlen(p)))
		return err_set(e, ERR_PLAN, 0, "expected KEY=VALUE");
	while (is_space(eq[1]))
		eq++;
	if (dotenv_value(eq + 1, &val) < 0) {
		buf_wipe(&val);
		return err_set(e, ERR_PLAN, 0, "unterminated quote");
	}
	vars_set(vs, p, buf_str(&val), flags);
	buf_wipe(&val);
	return 0;
}

int
vars_load_dotenv(struct vars *vs, char *text, unsigned flags,
    unsigned *line, struct err *e)
{
	char *l, *next;
	int r = 0;

	*line = 0;
	for (l = text; l != NULL && r >= 0; l = next) {
		next = strchr(l, '\n');
		if (next != NULL)
			*next++ = '\0';
		(*line)++;
		r = dotenv_line(vs, l, flags, e);
	}
	return r;
}
