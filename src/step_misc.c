/* step_misc: the steps about volinit's own process and its messages:
 * umask and log. They change no file, so they report "unchanged".
 *
 * - umask MODE sets the process umask, which run and exec children
 *   inherit; volinit's own creates ignore it (fs_mkdirat,
 *   fs_openat_create: exact modes), so `umask 0777` narrows nothing
 *   volinit writes.
 * - log MESSAGE... prints its words joined by single spaces as one line
 *   (`volinit: MESSAGE`, or `volinit: warning: MESSAGE` with level=warn,
 *   which counts as a warning in the summary), in dry-run too; that line
 *   is the step's own, no result line follows. Secrets are `***` and
 *   control characters escaped there, as in every log line (log.c). */
#include <sys/stat.h>

#include <string.h>

#include "steps.h"

int
step_umask(struct run_ctx *ctx, struct call *c, struct err *e)
{
	mode_t m;

	(void)ctx;
	if (mode_parse_umask(c->argv[0], &m, e) == -1)
		return -1;
	umask(m);
	return 0;
}

int
step_log(struct run_ctx *ctx, struct call *c, struct err *e)
{
	const char *level = call_opt(c, "level");
	struct buf b = BUF_INIT;
	size_t i;

	(void)e;
	for (i = 0; i < c->argc; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, c->argv[i]);
	}
	if (level != NULL && strcmp(level, "warn") == 0) {
		log_warn("%s", buf_str(&b));
		ctx->counts.warned++;
	} else {
		log_info("%s", buf_str(&b));
	}
	buf_wipe(&b);
	c->logged = true;
	return 0;
}
