/* err: how failures travel. A failing function fills a caller-owned
 * struct err (never NULL) where the failure happens, while errno is fresh;
 * callers only add what they know better (a plan position); nothing prints
 * on the way up and main prints once. */
#ifndef ERR_H
#define ERR_H

/* The kinds map one to one onto SPEC.md's exit codes. */
enum err_kind {
	ERR_NONE = 0,
	ERR_STEP = 1,		/* a step failed */
	ERR_USAGE = 2,		/* bad command line */
	ERR_PLAN = 3,		/* invalid plan or template */
	ERR_TIMEOUT = 4,	/* a wait timed out */
	ERR_SAFETY = 5,		/* refused for safety: link, root escape */
	ERR_CHILD = 6,		/* a `run` child failed */
	ERR_NOEXEC = 126,	/* command not executable */
	ERR_NOTFOUND = 127,	/* command not found */
	ERR_SIGNAL = 128	/* killed by signal: exit 128 + err.sig */
};

struct err {
	enum err_kind kind;
	char file[256];		/* a copy: "" when there is no location (the
				 * error outlives the step that named it) */
	unsigned line, col;	/* 1-based; 0 when unknown */
	int errnum;		/* saved errno, 0 if none */
	int sig;		/* with ERR_SIGNAL */
	int reported;		/* already printed (plan errors as found) */
	char msg[512];
};

#define ERR_INIT { ERR_NONE, "", 0, 0, 0, 0, 0, "" }

/* Set kind, errno and message (printf-style). Always returns -1 so that
 * `return err_set(...)` reads naturally. Values that may be secret must
 * never be passed here: only names and paths. */
int err_set(struct err *e, enum err_kind kind, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Stamp a location unless one is already there (file is copied). */
void err_at(struct err *e, const char *file, unsigned line, unsigned col);
/* Set (copy) or, with NULL, clear the file the error names. */
void err_file(struct err *e, const char *file);
/* Prefix the message with "what: " (e.g. the step's target). */
void err_prefix(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);
int err_exit_code(const struct err *e);
/* The one-line message: "file:line:col: msg: strerror" (no progname, no
 * newline) into out[size]. ERR_LINE_MAX holds any such line whole (file,
 * position, message and strerror): every buffer for one is that size. */
#define ERR_LINE_MAX 1024
void err_format(const struct err *e, char *out, unsigned long size);
#endif
