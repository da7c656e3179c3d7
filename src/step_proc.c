/* step_proc.c: not written yet; every verb here fails loudly. */
#include "steps.h"

int
step_wait(struct run_ctx *ctx, struct call *c, struct err *e)
{
	(void)ctx;
	(void)c;
	return err_set(e, ERR_STEP, 0, "'%s' is not implemented yet",
	    plan_verb_name(c->st->verb));
}

int
step_run(struct run_ctx *ctx, struct call *c, struct err *e)
{
	(void)ctx;
	(void)c;
	return err_set(e, ERR_STEP, 0, "'%s' is not implemented yet",
	    plan_verb_name(c->st->verb));
}

int
step_exec(struct run_ctx *ctx, struct call *c, struct err *e)
{
	(void)ctx;
	(void)c;
	return err_set(e, ERR_STEP, 0, "'%s' is not implemented yet",
	    plan_verb_name(c->st->verb));
}

