/* log: everything volinit says on stderr. One entry is always one line:
 * control characters in names are escaped. Text or JSON lines. */
#ifndef LOG_H
#define LOG_H
#include <stdbool.h>

#include "buf.h"
#include "err.h"

enum log_format { LOG_TEXT, LOG_JSON };
enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };

/* The only globals besides progname: set once by main. */
extern enum log_format log_format;
extern enum log_level log_level;

struct log_counts {
	unsigned steps, changed, unchanged, skipped, failed, warned;
};

/* One step's result line. result: "changed", "unchanged", "skipped",
 * "failed". reason may be NULL. Every string any log_* function is given
 * is redacted (redact.h) before it is escaped and written. */
void log_step(unsigned n, const char *verb, const char *target,
    const char *result, const char *reason, long ms);
void log_summary(const struct log_counts *c, long ms);
/* Free-form lines: warnings always show (unless quiet), info at normal
 * level, debug only with -v. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The final error (main only). */
void log_error(const char *line);
/* The final error again, redacted, into /dev/termination-log (or
 * $VOLINIT_TERMINATION_LOG) when that exists and is writable, so that
 * `kubectl describe pod` shows why an init container failed. Never
 * creates the file and never follows a link there. */
void log_termination(const char *line);
/* Command output (help, version, check --caps) to stdout, all of it or
 * ERR_STEP: a lost write is never a silent exit 0. Not redacted: it is
 * the command's product, never a secret. */
int log_stdout(const char *s, size_t n, struct err *e);
/* Raw text to stderr, e.g. a dry-run diff (shown unless quiet). */
void log_raw(const char *s, unsigned long n);
/* Append s with control characters and backslashes escaped (\n, \t, \xNN),
 * so a planted file name cannot forge a log line. */
void log_escape(struct buf *b, const char *s);
/* Append s as a JSON string body (no quotes). */
void log_json_escape(struct buf *b, const char *s);
#endif
