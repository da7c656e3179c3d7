/* log: text and JSON log lines on stderr, one write per line; the one
 * place volinit's own output is written, so the one place it is redacted. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sink.h"
#include "redact.h"

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

/* The length of the valid UTF-8 sequence at s (1-4), or 0 when the byte
 * there starts none: overlong forms, surrogates and code points above
 * U+10FFFF are invalid, as RFC 3629 says. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned c = s[0], cp, n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void
log_escape(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	while (*u != '\0') {
		if (*u == '\n')
			buf_adds(b, "\\n");
		else if (*u == '\t')
			buf_adds(b, "\\t");
		else if (*u == '\\')
			buf_adds(b, "\\\\");
		else if (*u < 0x20 || *u == 0x7f || (n = utf8_len(u)) == 0)
			buf_printf(b, "\\x%02x", *u);
		else {
			buf_add(b, u, n);
			u += n;
			continue;
		}
		u++;
	}
}

/* JSON text is UTF-8 (RFC 8259): a byte that is not valid UTF-8 becomes
 * U+FFFD, and U+2028/U+2029 are escaped for JavaScript readers, so every
 * line parses whatever a planted file name holds. */
void
log_json_escape(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	while (*u != '\0') {
		if (*u == '"' || *u == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*u);
		} else if (*u == '\n') {
			buf_adds(b, "\\n");
		} else if (*u == '\t') {
			buf_adds(b, "\\t");
		} else if (*u < 0x20 || *u == 0x7f) {
			buf_printf(b, "\\u%04x", *u);
		} else if ((n = utf8_len(u)) == 0) {
			buf_adds(b, "\\ufffd");
		} else if (n == 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		    (u[2] == 0xa8 || u[2] == 0xa9)) {
			buf_adds(b, u[2] == 0xa8 ? "\\u2028" : "\\u2029");
			u += 3;
			continue;
		} else {
			buf_add(b, u, n);
			u += n;
			continue;
		}
		u++;
	}
}

/* Every string that reaches the output comes through here: redacted
 * first (SECURITY.md rule 15), then escaped for the line's format. */
static void
add_text(struct buf *b, const char *s, bool json)
{
	struct buf r = BUF_INIT;

	redact(&r, s, strlen(s));
	if (json)
		log_json_escape(b, buf_str(&r));
	else
		log_escape(b, buf_str(&r));
	buf_wipe(&r);
}

static void
json_field(struct buf *b, const char *key, const char *val)
{
	buf_printf(b, ",\"%s\":\"", key);
	add_text(b, val, true);
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
		add_text(&b, target != NULL ? target : "", false);
		buf_printf(&b, ": %s", result);
		if (reason != NULL) {
			buf_adds(&b, " (");
			add_text(&b, reason, false);
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
		add_text(&b, buf_str(&m), false);
	}
	buf_wipe(&m);
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
		add_text(&b, line, false);
	}
	emit(&b);
}

/* write(2) everything or fail: stdio's buffered stdout can lose a write
 * error (musl's fflush reports 0 on /dev/full), and a command whose
 * output is lost must not exit 0. */
int
log_stdout(const char *s, size_t n, struct err *e)
{
	if (sink_write_all(1, s, n) < 0)
		return err_set(e, ERR_STEP, errno ? errno : EIO,
		    "write to standard output");
	return 0;
}

void
log_termination(const char *line)
{
	const char *path = getenv("VOLINIT_TERMINATION_LOG");
	struct buf b = BUF_INIT;
	int fd;

	if (path == NULL || *path == '\0')
		path = "/dev/termination-log";
	/* only where Kubernetes made it: never created, never a link */
	fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	add_text(&b, line, false);
	buf_addc(&b, '\n');
	(void)sink_write_all(fd, b.p, b.len);
	close(fd);
	buf_wipe(&b);
}

void
log_raw(const char *s, unsigned long n)
{
	struct buf r = BUF_INIT;
	const char *p;

	if (log_level == LOG_QUIET)
		return;
	redact(&r, s, n);
	for (p = r.p, n = r.len; n > 0;) {
		ssize_t w = write(2, p, n);

		if (w <= 0)
			break;
		p += w;
		n -= (unsigned long)w;
	}
	buf_wipe(&r);
}
