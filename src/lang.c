/* lang: the verb and option tables (lang.h) and the lookups and help
 * built on them. Pure. */
#include <stdio.h>
#include <string.h>

#include "lang.h"

#define LANG_VERB_(id, name, min, max, flags, opts, a0, an, fn, usage, \
    what) [VERB_##id] = { name, min, max, flags, opts, a0, an, usage, what },
static const struct lang_verb verbs[VERB_COUNT] = { LANG_VERBS(LANG_VERB_) };
#undef LANG_VERB_

#define LANG_OPT_(name, value, kind, choices, what) \
	{ name, value, kind, choices, what },
static const struct lang_opt opts[] = { LANG_OPTS(LANG_OPT_) };
#undef LANG_OPT_

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

const struct lang_verb *
lang_verb(enum verb v)
{
	static const struct lang_verb none = { "?", 0, 0, 0, "", LK_ANY,
	    LK_ANY, "", "" };

	return (unsigned)v < VERB_COUNT ? &verbs[v] : &none;
}

int
lang_find_verb(const char *name, size_t len)
{
	int v;

	for (v = 0; v < VERB_COUNT; v++)
		if (strlen(verbs[v].name) == len &&
		    memcmp(verbs[v].name, name, len) == 0)
			return v;
	return -1;
}

static const struct lang_opt *
find_opt(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strlen(opts[i].name) == len &&
		    memcmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

const struct lang_opt *
lang_opt(const char *name)
{
	return find_opt(name, strlen(name));
}

static bool
in_list(const char *list, const char *name, size_t len)
{
	const char *p = list;

	while (*p != '\0') {
		size_t l = strcspn(p, " ");

		if (l == len && memcmp(p, name, len) == 0)
			return true;
		p += l;
		p += *p == ' ';
	}
	return false;
}

const struct lang_opt *
lang_verb_opt(enum verb v, const char *name, size_t len)
{
	if ((unsigned)v >= VERB_COUNT || (!in_list(LANG_COMMON, name, len) &&
	    !in_list(verbs[v].opts, name, len)))
		return NULL;
	return find_opt(name, len);
}

enum lang_kind
lang_arg_kind(enum verb v, size_t i)
{
	const struct lang_verb *d = lang_verb(v);

	return i == 0 ? d->arg0 : d->args;
}

static void
help_opts(struct buf *out, const char *list)
{
	const struct lang_opt *o;
	const char *p = list;
	char nv[64];
	size_t l;

	for (; *p != '\0'; p += l, p += *p == ' ') {
		l = strcspn(p, " ");
		if ((o = find_opt(p, l)) == NULL)
			continue;
		snprintf(nv, sizeof(nv), "%s=%s", o->name, o->value);
		buf_printf(out, "  %-30s %s\n", nv, o->what);
	}
}

int
lang_help(struct buf *out, const char *verb)
{
	int v;

	if (verb == NULL) {
		buf_adds(out, "plan steps (volinit help STEP for one):\n");
		for (v = 0; v < VERB_COUNT; v++)
			buf_printf(out, "  %-12s %s\n", verbs[v].name,
			    verbs[v].usage);
		buf_adds(out, "every step also takes:\n");
		help_opts(out, LANG_COMMON);
		return 0;
	}
	if ((v = lang_find_verb(verb, strlen(verb))) < 0)
		return -1;
	buf_printf(out, "%s %s\n  %s\n", verbs[v].name, verbs[v].usage,
	    verbs[v].what);
	if (*verbs[v].opts != '\0') {
		buf_adds(out, "options:\n");
		help_opts(out, verbs[v].opts);
	}
	buf_adds(out, "and, as every step:\n");
	help_opts(out, LANG_COMMON);
	return 0;
}
