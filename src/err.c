/* err: fill, stamp and format failures; map them to exit codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "redact.h"

/* Keep msg as the error's message: redacted whole first, then cut to fit
 * (SECURITY.md rule 15), so a secret cut by the limit leaks no prefix. */
static void
set_msg(struct err *e, const struct buf *full)
{
	struct buf r = BUF_INIT;
	size_t n;

	redact(&r, buf_str(full), full->len);
	n = r.len < sizeof(e->msg) - 1 ? r.len : sizeof(e->msg) - 1;
	memcpy(e->msg, buf_str(&r), n);
	e->msg[n] = '\0';
	buf_wipe(&r);
}

int
err_set(struct err *e, enum err_kind kind, int errnum, const char *fmt, ...)
{
	struct buf full = BUF_INIT;
	va_list ap;

	e->kind = kind;
	e->errnum = errnum;
	va_start(ap, fmt);
	buf_vprintf(&full, fmt, ap);
	va_end(ap);
	set_msg(e, &full);
	buf_wipe(&full);
	return -1;
}

void
err_at(struct err *e, const char *file, unsigned line, unsigned col)
{
	if (e->file[0] != '\0' || e->line != 0)
		return;
	err_file(e, file);
	e->line = line;
	e->col = col;
}

void
err_prefix(struct err *e, const char *fmt, ...)
{
	struct buf full = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&full, fmt, ap);
	va_end(ap);
	buf_adds(&full, ": ");
	buf_adds(&full, e->msg);
	set_msg(e, &full);
	buf_wipe(&full);
}

void
err_file(struct err *e, const char *file)
{
	snprintf(e->file, sizeof(e->file), "%s", file != NULL ? file : "");
}

void
err_clear(struct err *e)
{
	struct err z = ERR_INIT;

	*e = z;
}

int
err_exit_code(const struct err *e)
{
	if (e->kind == ERR_SIGNAL)
		return 128 + e->sig;
	return (int)e->kind;
}

void
err_format(const struct err *e, char *out, unsigned long size)
{
	int n = 0;

	if (e->file[0] != '\0' && e->line > 0)
		n = snprintf(out, size, "%s:%u:%u: ", e->file, e->line, e->col);
	else if (e->file[0] != '\0')
		n = snprintf(out, size, "%s: ", e->file);
	if (n < 0 || (unsigned long)n >= size)
		n = 0;
	if (e->errnum != 0)
		snprintf(out + n, size - n, "%s: %s", e->msg, strerror(e->errnum));
	else
		snprintf(out + n, size - n, "%s", e->msg);
}
