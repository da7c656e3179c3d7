/* mc: the multicall tools' shared helpers. */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "mc.h"
#include "redact.h"

extern char **environ;

void
mc_say(const char *tool, const char *fmt, ...)
{
	struct buf m = BUF_INIT, r = BUF_INIT;
	va_list ap;

	buf_printf(&m, tool[strlen(tool) - 1] == ']' ? "%s " : "%s: ", tool);
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	redact(&r, buf_str(&m), m.len);
	buf_addc(&r, '\n');
	(void)!write(2, r.p, r.len);
	buf_wipe(&m);
	buf_wipe(&r);
}

void
mc_ctx_init(struct run_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->environ = environ;
	vars_init(&ctx->vars, environ);
	fs_init(&ctx->fs);
}

void
mc_ctx_free(struct run_ctx *ctx)
{
	vars_free(&ctx->vars);
	fs_free(&ctx->fs);
}
