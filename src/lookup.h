/* lookup: how renderers and the expander see variables, without knowing
 * where they live (the plan's variable table, a test's array). */
#ifndef LOOKUP_H
#define LOOKUP_H
#include <stdbool.h>
#include <stddef.h>

struct lookup {
	/* The value of NAME (name[0..len), not NUL-terminated), or NULL when
	 * unset. *secret is set to true when the value is a secret (never
	 * cleared). The pointer stays valid for the whole render. */
	const char *(*get)(void *arg, const char *name, size_t len,
	    bool *secret);
	/* Call fn for every set variable, in byte order of name (Go ranges
	 * over maps in sorted key order). May be NULL. */
	void (*each)(void *arg, void (*fn)(void *farg, const char *name,
	    const char *value, bool secret), void *farg);
	void *arg;
};
#endif
