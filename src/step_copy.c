/* step_copy.c: not written yet; every verb here fails loudly. */
#include "steps.h"

int
step_copy(struct run_ctx *ctx, struct call *c, struct err *e)
{
	(void)ctx;
	(void)c;
	return err_set(e, ERR_STEP, 0, "'%s' is not implemented yet",
	    plan_verb_name(c->st->verb));
}

