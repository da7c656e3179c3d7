/* lang: the plan language, defined once. One entry per verb (LANG_VERBS)
 * gives its name, positional arity, flags, options, what each argument
 * must be, its handler and its usage; one entry per option (LANG_OPTS)
 * gives the kind of value it takes and its help. Everything else reads
 * these: the parser (plan.c: arity, options), the validator both `check`
 * and `run` call (validate.c: kinds), the engine (run.c: handlers) and
 * `volinit help`. Pure data; the handler names are only tokens here. */
#ifndef LANG_H
#define LANG_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Verb flags. */
#define LF_R      1u	/* takes -R before its arguments (chmod, chown) */
#define LF_CMD    2u	/* takes "-- CMD [ARG...]" (run, exec) */
#define LF_ASSIGN 4u	/* its arguments are NAME=VALUE: no option check */
#define LF_WORDS  8u	/* its arguments are words as after "--": ${@} and
			 * ${=NAME} allowed, empty bare expansions dropped */

/* What a value must be; validate.c holds the one check per kind. */
enum lang_kind {
	LK_ANY,		/* any string */
	LK_NONEMPTY,	/* any string but "" */
	LK_LIST,	/* A[,B...], no item empty */
	LK_CHOICE,	/* one of the option's choices */
	LK_BOOL,	/* true|false (and the other truthy spellings) */
	LK_MODE,	/* octal or symbolic mode */
	LK_OWNER,	/* UID[:GID], NAME[:GROUP], NAME: (resolved) */
	LK_USER,	/* a user= to drop to (resolved) */
	LK_SYNTAX,	/* braced|envsubst|go */
	LK_DELIMS,	/* L:R */
	LK_DURATION,	/* 5s, 100ms, 2m, 1h, 0 */
	LK_STATUS,	/* http status spec */
	LK_NAME,	/* a variable name */
	LK_ASSIGN,	/* NAME=VALUE */
	LK_NAME_DEFAULT,/* NAME or NAME=DEFAULT */
	LK_ONELINE,	/* any string without a newline or carriage return */
	LK_SEP,		/* set-key's sep=: one line, not empty */
	LK_UMASK,	/* octal 0000-0777 */
	LK_WAIT_KIND,	/* tcp|http|file|dns|unix */
	LK_WAIT_TARGET,	/* a target of the wait kind given first */
	LK_HEADER	/* "Name: value" lines (a credential's value is
			 * redacted from then on) */
};

/* The options every step takes. */
#define LANG_COMMON "if unless creates if-exists if-empty unless-empty " \
    "on-error"

/* X(ID, name, min, max, flags, options, first-argument kind,
 *   other-arguments kind, handler, usage, one line of help).
 * min/max count positional arguments (max -1: no limit). */
#define LANG_VERBS(X) \
X(ENV, "env", 1, -1, LF_ASSIGN, "", LK_ASSIGN, LK_ASSIGN, step_env, \
    "NAME=VALUE...", "set variables, left to right (A=1 B=${A} works)") \
X(DEFAULT, "default", 1, -1, LF_ASSIGN, "", LK_ASSIGN, LK_ASSIGN, \
    step_default, "NAME=VALUE...", "set variables that are unset or empty") \
X(REQUIRE, "require", 1, -1, 0, "", LK_NAME, LK_NAME, step_require, \
    "NAME...", "fail, naming every one, unless all are set and non-empty") \
X(FORBID, "forbid", 1, -1, 0, "", LK_NAME, LK_NAME, step_forbid, \
    "NAME...", "fail, naming every one, if any is set") \
X(SECRET, "secret", 2, 2, 0, "trim", LK_NAME, LK_ANY, step_secret, \
    "NAME FILE", "NAME = FILE's content, a secret (never printed; files " \
    "0600)") \
X(FILE_ENV, "file-env", 1, -1, LF_ASSIGN, "", LK_NAME_DEFAULT, \
    LK_NAME_DEFAULT, step_file_env, "NAME[=DEFAULT]...", \
    "docker-library file_env: NAME from NAME_FILE's content (a secret), " \
    "else NAME, else DEFAULT") \
X(ENVFILE, "envfile", 1, 1, 0, "", LK_ANY, LK_ANY, step_envfile, "FILE", \
    "dotenv KEY=VALUE lines (values not expanded, not secret)") \
X(EXPORT, "export", 1, -1, 0, "", LK_NAME, LK_NAME, step_export, \
    "NAME...", "pass NAME to the environment of run and exec") \
X(UNSET, "unset", 1, -1, 0, "", LK_NAME, LK_NAME, step_unset, "NAME...", \
    "drop NAME from the variables and from every child's environment, " \
    "inherited too") \
X(ROOT, "root", 1, -1, 0, "", LK_NONEMPTY, LK_NONEMPTY, step_root, \
    "DIR...", "every later write must resolve beneath one of these (a " \
    "DIR whose path holds a symlink is refused)") \
X(MKDIR, "mkdir", 1, -1, 0, "mode owner parents-mode", LK_ANY, LK_ANY, \
    step_mkdir, "PATH...", "mkdir -p with exact modes") \
X(COPY, "copy", 2, -1, 0, "mode owner overwrite links", LK_ANY, LK_ANY, \
    step_copy, "SRC... DEST", "cp -a with cp -H link rules; a " \
    "ConfigMap's ..data layout copied as its visible files") \
X(RENDER, "render", 2, 2, 0, \
    "mode owner syntax vars delims strict overwrite", LK_ANY, LK_ANY, \
    step_render, "TEMPLATE DEST", "a template to a file (written only if " \
    "it differs)") \
X(RENDER_DIR, "render-dir", 2, 2, 0, \
    "suffix mode owner syntax vars delims strict overwrite", LK_ANY, \
    LK_ANY, step_render_dir, "SRCDIR DESTDIR", "every *SUFFIX file, " \
    "suffix dropped, tree kept") \
X(WRITE, "write", 2, 2, 0, "mode owner overwrite", LK_ANY, LK_ANY, \
    step_write, "DEST CONTENT", "literal content (expanded) to a file") \
X(ENSURE_LINE, "ensure-line", 2, 2, 0, "mode owner state", LK_ANY, LK_ANY, \
    step_ensure_line, "FILE LINE", "append LINE unless FILE has it " \
    "(state=absent: remove every line equal to LINE)") \
X(SET_KEY, "set-key", 3, 3, 0, "sep comment mode owner", LK_ANY, \
    LK_ONELINE, step_set_key, "FILE KEY VALUE", "the first line setting " \
    "KEY, active or commented out, becomes KEY<sep>VALUE; later active " \
    "ones are removed; none: appended (FILE created)") \
X(REPLACE, "replace", 3, 3, 0, "mode owner", LK_ANY, LK_ANY, step_replace, \
    "FILE OLD NEW", "every literal OLD in FILE (which must exist) becomes " \
    "NEW; NEW may not contain OLD") \
X(CHMOD, "chmod", 2, -1, LF_R, "exclude", LK_MODE, LK_ANY, step_chmod, \
    "[-R] MODE PATH...", "octal or symbolic modes; -R never follows " \
    "links") \
X(CHOWN, "chown", 2, -1, LF_R, "exclude", LK_OWNER, LK_ANY, step_chown, \
    "[-R] OWNER PATH...", "UID[:GID], NAME[:GROUP] or NAME: from the " \
    "image's passwd and group") \
X(SYMLINK, "symlink", 2, 2, 0, "", LK_ANY, LK_NONEMPTY, step_symlink, \
    "LINK TARGET", "create or atomically replace a symlink") \
X(REMOVE, "remove", 1, -1, 0, "", LK_ANY, LK_ANY, step_remove, \
    "PATH...", "rm -rf, never following links, never leaving the mount") \
X(WAIT, "wait", 2, -1, 0, "timeout interval status header body", \
    LK_WAIT_KIND, LK_WAIT_TARGET, step_wait, \
    "tcp|http|file|dns|unix TARGET...", "until each target answers, " \
    "under one timeout") \
X(UMASK, "umask", 1, 1, 0, "", LK_UMASK, LK_UMASK, step_umask, "MODE", \
    "the umask run and exec children inherit (octal 0000-0777); " \
    "volinit's own files keep their exact modes") \
X(LOG, "log", 1, -1, 0, "level", LK_ANY, LK_ANY, step_log, "MESSAGE...", \
    "one log line, the words joined by spaces (secrets shown as ***); " \
    "level=warn counts as a warning") \
X(ARGS, "args", 0, -1, LF_ASSIGN | LF_WORDS, "", LK_ANY, LK_ANY, \
    step_args, "[ARG...]", "replace the container arguments (${1}, ${#}, " \
    "${@}), as the shell's set --") \
X(RUN, "run", 0, 0, LF_CMD, "user cwd stdin capture secret", LK_ANY, \
    LK_ANY, step_run, "-- CMD [ARG...]", "fork and exec CMD (no shell); " \
    "its failure fails the plan") \
X(EXEC, "exec", 0, 0, LF_CMD, "user cwd stdin supervise tail", LK_ANY, \
    LK_ANY, step_exec, "-- CMD [ARG...]", "replace volinit by CMD (the " \
    "last step, or taken by a condition: it ends the plan); " \
    "supervise=true: stay PID 1 for CMD's life, as tini")

/* X(name, value, kind, choices, one line of help). */
#define LANG_OPTS(X) \
X("if", "VALUE", LK_ANY, NULL, "run only when VALUE is true (non-empty, " \
    "not 0/false/no/off) or A==B / A!=B holds") \
X("unless", "VALUE", LK_ANY, NULL, "skip when VALUE is true") \
X("creates", "PATH[,PATH]", LK_ANY, NULL, "skip when any PATH exists") \
X("if-exists", "PATH[,PATH]", LK_LIST, NULL, "run only when every PATH " \
    "exists (links not followed)") \
X("if-empty", "PATH", LK_NONEMPTY, NULL, "run only when PATH is missing, " \
    "an empty file or a directory holding nothing but lost+found") \
X("unless-empty", "PATH", LK_NONEMPTY, NULL, "run only when PATH is not " \
    "empty (as if-empty= sees it)") \
X("on-error", "fail|warn", LK_CHOICE, "fail warn", "warn: a failure is a " \
    "warning and the plan goes on") \
X("trim", "newlines|none|space", LK_CHOICE, "newlines none space", \
    "what is cut from the file's content (default newlines, as " \
    "$(< FILE))") \
X("mode", "MODE", LK_MODE, NULL, "octal or symbolic; without it a new " \
    "file is 0644 (0600 with a secret) and an existing one keeps its mode") \
X("owner", "OWNER", LK_OWNER, NULL, "UID[:GID], NAME[:GROUP] or NAME:") \
X("parents-mode", "MODE", LK_MODE, NULL, "mode of parents mkdir creates") \
X("overwrite", "always|missing|never", LK_CHOICE, "always missing never", \
    "an existing file: replaced (always, the default) or left alone, " \
    "content, mode and owner (missing; never is the same)") \
X("links", "keep|follow", LK_CHOICE, "keep follow", "links inside SRC: " \
    "kept as links (default) or followed while they stay inside SRC") \
X("syntax", "braced|envsubst|go", LK_SYNTAX, NULL, "the template syntax " \
    "(default braced)") \
X("vars", "A,B|defined", LK_ANY, NULL, "envsubst: substitute only these " \
    "names") \
X("delims", "L:R", LK_DELIMS, NULL, "go: other delimiters than {{ }}") \
X("strict", "true|false", LK_BOOL, NULL, "go: printing a missing key is " \
    "an error") \
X("suffix", "SUFFIX", LK_NONEMPTY, NULL, "which files render-dir renders " \
    "(default .template)") \
X("exclude", "NAME[,NAME]", LK_ANY, NULL, "entries -R leaves alone") \
X("sep", "SEP", LK_SEP, NULL, "what set-key writes between KEY and VALUE " \
    "(default \" = \"; \" \" for redis.conf, = for .properties)") \
X("comment", "PREFIX", LK_ONELINE, NULL, "set-key: what comments a line " \
    "out (default #; empty: only active lines match)") \
X("state", "present|absent", LK_CHOICE, "present absent", "ensure-line: " \
    "present appends LINE (default), absent removes every line equal to it") \
X("level", "info|warn", LK_CHOICE, "info warn", "log: warn is a warning, " \
    "counted in the summary (default info)") \
X("timeout", "DURATION", LK_DURATION, NULL, "60s by default; 0 waits " \
    "forever") \
X("interval", "DURATION", LK_DURATION, NULL, "between attempts, 1s by " \
    "default") \
X("status", "SPEC", LK_STATUS, NULL, "http: 200, 2xx, 200-399 or a comma " \
    "list (default 2xx)") \
X("header", "\"Name: value\"", LK_HEADER, NULL, "http: send this " \
    "request header (several: one a line, \"A: 1\\nB: 2\")") \
X("body", "TEXT", LK_NONEMPTY, NULL, "http: the response body (its " \
    "first 64 KiB, chunked decoded) must contain TEXT") \
X("supervise", "true|false", LK_BOOL, NULL, "exec: stay PID 1 for CMD's " \
    "life (signals forwarded, zombies reaped, CMD's exit code or 128+N)") \
X("tail", "FILE[,FILE]", LK_LIST, NULL, "exec supervise=true: copy the " \
    "files' new lines to stdout while CMD runs (followed by name)") \
X("user", "NAME|UID[:GROUP]", LK_USER, NULL, "drop to this user as " \
    "su-exec does") \
X("cwd", "DIR", LK_NONEMPTY, NULL, "change to DIR first (PWD follows)") \
X("capture", "NAME", LK_NAME, NULL, "set NAME to CMD's standard output " \
    "(trailing newlines dropped, at most 1 MiB)") \
X("secret", "true|false", LK_BOOL, NULL, "with capture=: the value is a " \
    "secret (never printed)") \
X("stdin", "FILE[,FILE]", LK_LIST, NULL, "the files, in order, are CMD's " \
    "standard input (regular files only, opened before user= drops)")

#define LANG_ENUM_(id, ...) VERB_##id,
enum verb { LANG_VERBS(LANG_ENUM_) VERB_COUNT };
#undef LANG_ENUM_

struct lang_verb {
	const char *name;
	int min, max;
	unsigned flags;
	const char *opts;	/* space-separated, besides LANG_COMMON */
	enum lang_kind arg0, args;
	const char *usage, *what;
};

struct lang_opt {
	const char *name, *value;
	enum lang_kind kind;
	const char *choices;	/* LK_CHOICE: space-separated */
	const char *what;
};

const struct lang_verb *lang_verb(enum verb v);
/* The verb named name[0..len), or -1. */
int lang_find_verb(const char *name, size_t len);
/* The option named name[0..len) if verb v takes it, else NULL. */
const struct lang_opt *lang_verb_opt(enum verb v, const char *name,
    size_t len);
/* The option named name (any verb's), or NULL. */
const struct lang_opt *lang_opt(const char *name);
/* The kind of positional argument i (after -R) of verb v. */
enum lang_kind lang_arg_kind(enum verb v, size_t i);
/* `volinit help [STEP]` appended to out: every step (verb NULL), or one
 * step's usage and options. -1 for an unknown step. */
int lang_help(struct buf *out, const char *verb);
#endif
