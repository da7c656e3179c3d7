/* err: fill, stamp and format failures; map them to exit codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int
err_set(struct err *e, enum err_kind kind, int errnum, const char *fmt, ...)
{
	va_list ap;

	e->kind = kind;
	e->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
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
	char old[sizeof(e->msg)];
	size_t n;
	va_list ap;

	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	if (n + 2 < sizeof(e->msg)) {
		memcpy(e->msg + n, ": ", 2);
		n += 2;
		memcpy(e->msg + n, old, sizeof(e->msg) - n - 1);
		e->msg[sizeof(e->msg) - 1] = '\0';
	}
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
