/* multicall: volinit started under another tool's name — a link named
 * dockerize, envsubst, gosu, su-exec or tini (tini-static, docker-init),
 * or `volinit NAME ARGS...` — takes that tool's own command line and
 * behaves as it does (README: Migrating). main calls multicall_main
 * first. */
#ifndef MULTICALL_H
#define MULTICALL_H

/* What multicall_main returns when neither argv[0]'s basename nor argv[1]
 * names a tool: main goes on as volinit. Never a real exit code. */
#define MULTICALL_NOT_MINE (-1)

/* Run the tool argv[0] (or argv[1]) names and return its exit code, or
 * MULTICALL_NOT_MINE. */
int multicall_main(int argc, char **argv);
#endif
