/* log: text and JSON log lines on stderr, one write per line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

enum log_format log_format = LOG_TEXT;
enum log_level log_level = LOG_NORMAL;

static void
emit(struct buf *b)
{
	const char *p;
	size_t n;

	buf_addc(b, '\n');
	p = b->p;
	n = b->len;
	while (n > 0) {
		ssize_t w = write(2, p, n);

		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	buf_free(b);
}

void
log_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\\')
			buf_adds(b, "\\\\");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
}

void
log_json_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n') {
			buf_adds(b, "\\n");
		} else if (c == '\t') {
			buf_adds(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\u%04x", c);
		} else {
			buf_addc(b, (char)c);
		}
	}
}

static void
json_field(struct buf *b, const char *key, const char *val)
{
	buf_printf(b, ",\"%s\":\"", key);
	log_json_escape(b, val);
	buf_addc(b, '"');
}

void
log_step(unsigned n, const char *verb, const char *target,
    const char *result, const char *reason, long ms)
{
	struct buf b = BUF_INIT;

	if (log_level == LOG_QUIET && strcmp(result, "failed") != 0)
		return;
	if (log_format == LOG_JSON) {
		buf_printf(&b, "{\"step\":%u", n);
		json_field(&b, "verb", verb);
		json_field(&b, "target", target != NULL ? target : "");
		json_field(&b, "result", result);
		if (reason != NULL)
			json_field(&b, "reason", reason);
		buf_printf(&b, ",\"ms\":%ld}", ms);
	} else {
		buf_printf(&b, "volinit: [%u] %s ", n, verb);
		log_escape(&b, target != NULL ? target : "");
		buf_printf(&b, ": %s", result);
		if (reason != NULL) {
			buf_adds(&b, " (");
			log_escape(&b, reason);
			buf_addc(&b, ')');
		}
	}
	emit(&b);
}

void
log_summary(const struct log_counts *c, long ms)
{
	struct buf b = BUF_INIT;

	if (log_format == LOG_JSON) {
		buf_printf(&b, "{\"summary\":true,\"steps\":%u,\"changed\":%u,"
		    "\"unchanged\":%u,\"skipped\":%u,\"failed\":%u,"
		    "\"warnings\":%u,\"ms\":%ld}", c->steps, c->changed,
		    c->unchanged, c->skipped, c->failed, c->warned, ms);
	} else {
		if (log_level == LOG_QUIET)
			return;
		buf_printf(&b, "volinit: %u steps: %u changed, %u unchanged, "
		    "%u skipped (%ld ms)", c->steps, c->changed, c->unchanged,
		    c->skipped, ms);
		if (c->failed > 0)
			buf_printf(&b, ", %u failed", c->failed);
		if (c->warned > 0)
			buf_printf(&b, ", %u warnings", c->warned);
	}
	emit(&b);
}

static void
vmsg(const char *level, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT, m = BUF_INIT;

	buf_vprintf(&m, fmt, ap);
	if (log_format == LOG_JSON) {
		buf_printf(&b, "{\"level\":\"%s\"", level);
		json_field(&b, "msg", buf_str(&m));
		buf_addc(&b, '}');
	} else {
		buf_adds(&b, "volinit: ");
		if (strcmp(level, "info") != 0 && strcmp(level, "debug") != 0)
			buf_printf(&b, "%s: ", level);
		log_escape(&b, buf_str(&m));
	}
	buf_free(&m);
	emit(&b);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level == LOG_QUIET)
		return;
	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vmsg("info", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < LOG_VERBOSE)
		return;
	va_start(ap, fmt);
	vmsg("debug", fmt, ap);
	va_end(ap);
}

void
log_error(const char *line)
{
	struct buf b = BUF_INIT;

	if (log_format == LOG_JSON) {
		buf_adds(&b, "{\"level\":\"error\"");
		json_field(&b, "msg", line);
		buf_addc(&b, '}');
	} else {
		buf_adds(&b, "volinit: ");
		log_escape(&b, line);
	}
	emit(&b);
}

void
log_raw(const char *s, unsigned long n)
{
	if (log_level == LOG_QUIET)
		return;
	while (n > 0) {
		ssize_t w = write(2, s, n);

		if (w <= 0)
			break;
		s += w;
		n -= (unsigned long)w;
	}
}
