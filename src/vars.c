/* vars: the plan's variable table, sorted by name for binary search and
 * for Go's sorted map ranges. Secret values are wiped when replaced. */
#include <stdlib.h>
#include <string.h>

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

		if (v->flags & (VAR_REMOVED | VAR_BUILTIN))
			continue;
		if ((v->flags & VAR_EXPORT) && v->value != NULL)
			env[k++] = env_entry(v->name, v->value);
		else if (!(v->flags & VAR_EXPORT) && v->orig != NULL)
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
