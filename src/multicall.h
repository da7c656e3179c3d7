/* multicall: volinit started under another tool's name — a link named
 * dockerize, envsubst, gosu, su-exec or tini (tini-static, docker-init),
 * or `volinit NAME ARGS...` — takes that tool's own command line and
 * behaves as it does (README: Migrating). main calls multicall_main
 * first. */
#ifndef MULTICALL_H
#define MULTICALL_H
#include <stdbool.h>

#include "run.h"

/* What multicall_main returns when neither argv[0]'s basename nor argv[1]
 * names a tool: main goes on as volinit. Never a real exit code. */
#define MULTICALL_NOT_MINE (-1)

/* Run the tool argv[0] (or argv[1]) names and return its exit code, or
 * MULTICALL_NOT_MINE. */
int multicall_main(int argc, char **argv);

/* ---- shared by the tools (multicall.c, mc_dockerize.c) ---- */

/* "TOOL: message" on stderr, redacted, one line. */
void mc_say(const char *tool, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A run context as main makes one: the process environment as the
 * variables, no roots. Free with mc_ctx_free. */
void mc_ctx_init(struct run_ctx *ctx);
void mc_ctx_free(struct run_ctx *ctx);

int mc_dockerize(int argc, char **argv);
#endif
