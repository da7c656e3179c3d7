/* gotmpl_stub: stands in until the Go template engine lands; fails loudly. */
#include "gotmpl.h"

struct gotmpl *
gotmpl_parse(const char *name, const char *text, size_t len,
    const char *ldelim, const char *rdelim, struct err *e)
{
	(void)text, (void)len, (void)ldelim, (void)rdelim;
	err_set(e, ERR_PLAN, 0, "%s: syntax=go is not implemented yet", name);
	return NULL;
}

void
gotmpl_free(struct gotmpl *t)
{
	(void)t;
}

int
gotmpl_exec(const struct gotmpl *t, struct gotmpl_env *env,
    const struct sink *out, struct err *e)
{
	(void)t, (void)env, (void)out;
	return err_set(e, ERR_PLAN, 0, "syntax=go is not implemented yet");
}
