/* mc: what the multicall tools share (multicall.c, mc_dockerize.c): their
 * error lines and a run context made as main makes one. */
#ifndef MC_H
#define MC_H
#include "run.h"

/* "TOOL: message" on stderr (a TOOL ending in ']' takes no colon: tini's
 * "[FATAL tini (PID)]"), redacted, one line. */
void mc_say(const char *tool, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The process environment as the variables, no roots. Free with
 * mc_ctx_free. */
void mc_ctx_init(struct run_ctx *ctx);
void mc_ctx_free(struct run_ctx *ctx);
#endif
