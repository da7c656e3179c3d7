/* multicall: the dispatcher, and the small tools — envsubst, gosu,
 * su-exec, tini — each on its own command line, each built on volinit's
 * own code (render_one's envsubst syntax, proc.c's privilege drop,
 * supervise.c). dockerize is in mc_dockerize.c.
 *
 * Where volinit differs from the tool, it is stricter, never looser:
 * gosu/su-exec refuse a numeric uid without a passwd entry and without a
 * group (the tools run it with gid 0 as root), and every drop is read
 * back (getresuid, getresgid, getgroups; setuid(0) must fail). Exit codes
 * are the tool's: gosu and su-exec 1 for any failure before the exec, tini
 * 127/126/1 and the child's code, envsubst 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "mc.h"
#include "mc_dockerize.h"
#include "multicall.h"
#include "shc.h"
#include "proc.h"
#include "signals.h"
#include "steps.h"
#include "supervise.h"
#include "xalloc.h"

#ifndef VOLINIT_VERSION
#define VOLINIT_VERSION "dev"
#endif

extern char **environ;

/* Everything to stdout, or 1 with envsubst's "write error". */
static int
out(const char *tool, const char *s)
{
	struct err e = ERR_INIT;

	if (log_stdout(s, strlen(s), &e) == 0)
		return 0;
	mc_say(tool, "write error");
	return 1;
}

/* ---- envsubst [-v|--variables] [SHELL-FORMAT] (GNU gettext) ---- */

static const char envsubst_help[] =
    "Usage: envsubst [OPTION] [SHELL-FORMAT]\n\n"
    "Substitutes the values of environment variables.\n\n"
    "Operation mode:\n"
    "  -v, --variables             output the variables occurring in "
    "SHELL-FORMAT\n\n"
    "Informative output:\n"
    "  -h, --help                  display this help and exit\n"
    "  -V, --version               output version information and exit\n\n"
    "In normal operation mode, standard input is copied to standard "
    "output,\nwith references to environment variables of the form "
    "$VARIABLE or ${VARIABLE}\nbeing replaced with the corresponding "
    "values.  If a SHELL-FORMAT is given,\nonly those environment "
    "variables that are referenced in SHELL-FORMAT are\nsubstituted; "
    "otherwise all environment variables references occurring in\n"
    "standard input are substituted.\n\n"
    "When --variables is used, standard input is ignored, and the output "
    "consists\nof the environment variables that are referenced in "
    "SHELL-FORMAT, one per line.\n\n"
    "This is volinit " VOLINIT_VERSION "'s envsubst: GNU envsubst's "
    "output, byte for byte.\n";

static bool
name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool
name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* The names SHELL-FORMAT references, as GNU collects them: $NAME, and
 * ${NAME} only when closed by '}' (so "${A:-x}" names nothing). Each as
 * "$NAME" and a newline into b, in order, repeats kept. */
static void
shell_format_names(const char *f, struct buf *b)
{
	const char *p, *n;

	for (p = f; *p != '\0'; p++) {
		if (*p != '$')
			continue;
		n = p + 1 + (p[1] == '{');
		if (!name_start(*n))
			continue;
		for (p = n; name_char(*p); p++)
			;
		if (n[-1] == '{' && *p != '}') {
			p--;
			continue;
		}
		buf_printf(b, "$%.*s\n", (int)(p - n), n);
		if (*p != '}')
			p--;
	}
}

/* One long option of GNU's getopt_long: exact or an unambiguous prefix. */
static int
envsubst_long(const char *a)
{
	static const char *const names[] = { "variables", "help", "version" };
	const char *eq = strchr(a, '=');
	size_t n = eq != NULL ? (size_t)(eq - a) : strlen(a), i;
	int hit = -1, hits = 0;

	for (i = 0; i < 3; i++) {
		if (strncmp(names[i], a, n) != 0)
			continue;
		if (strlen(names[i]) == n) {
			hit = (int)i, hits = 1;
			break;
		}
		hit = (int)i, hits++;
	}
	if (hits == 1 && eq != NULL) {
		mc_say("envsubst", "option '--%s' doesn't allow an argument",
		    names[hit]);
		return -1;
	}
	if (hits == 1)
		return "vhV"[hit];
	if (hits > 1)
		mc_say("envsubst", "option '--%.*s' is ambiguous; "
		    "possibilities: '--variables' '--version'", (int)n, a);
	else
		mc_say("envsubst", "unrecognized option '--%s'", a);
	return -1;
}

static int
envsubst_try(void)
{
	(void)!write(2, "Try 'envsubst --help' for more information.\n", 44);
	return 1;
}

/* stdin to stdout through the envsubst syntax (vars NULL: every name). */
static int
envsubst_render(const char *vars)
{
	struct run_ctx ctx;
	struct render_req rq;
	struct err e = ERR_INIT;
	char line[ERR_LINE_MAX];
	int r;

	mc_ctx_init(&ctx);
	memset(&rq, 0, sizeof(rq));
	rq.opts.syntax = TMPL_ENVSUBST;
	rq.opts.vars = vars;
	rq.tmpl = "-";
	r = render_one(&ctx, &rq, &e);
	mc_ctx_free(&ctx);
	if (r >= 0)
		return 0;
	err_format(&e, line, sizeof(line));
	mc_say("envsubst", "%s", line);
	return 1;
}

static int
mc_envsubst(int argc, char **argv)
{
	const char *fmt = NULL;
	struct buf names = BUF_INIT;
	bool vflag = false, help = false, version = false, dashdash = false;
	int i, nops = 0, c;
	const char *a;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (nops++ == 0)
				fmt = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			continue;
		}
		for (a++; *a != '\0'; a++) {
			c = argv[i][1] == '-' ? envsubst_long(a + 1) : *a;
			if (c == 'v')
				vflag = true;
			else if (c == 'h')
				help = true;
			else if (c == 'V')
				version = true;
			else if (c == -1)
				return envsubst_try();
			else {
				mc_say("envsubst", "invalid option -- '%c'", c);
				return envsubst_try();
			}
			if (argv[i][1] == '-')
				break;
		}
	}
	if (version)
		return out("envsubst", "envsubst (volinit " VOLINIT_VERSION
		    ": GNU gettext-runtime's envsubst, byte for byte)\n");
	if (help)
		return out("envsubst", envsubst_help);
	if (nops > 1) {
		mc_say("envsubst", "too many arguments");
		return 1;
	}
	if (vflag && fmt == NULL) {
		mc_say("envsubst", "missing arguments");
		return 1;
	}
	if (fmt != NULL)
		shell_format_names(fmt, &names);
	if (vflag) {
		/* the names without their '$' */
		struct buf o = BUF_INIT;
		const char *p;

		for (p = buf_str(&names); *p != '\0'; p++)
			if (*p != '$')
				buf_addc(&o, *p);
		c = out("envsubst", buf_str(&o));
		buf_free(&o);
		buf_free(&names);
		return c;
	}
	/* "$A\n$B\n": never the word "defined" (vars=defined), and an empty
	 * list substitutes nothing, as GNU's */
	c = envsubst_render(fmt != NULL ? buf_str(&names) : NULL);
	buf_free(&names);
	return c;
}

/* ---- gosu USER[:GROUP] CMD... and su-exec USER[:GROUP] CMD... ---- */

/* A copy of environ with HOME set to home (USER and LOGNAME untouched,
 * as both tools leave them). */
static char **
home_env(const char *home)
{
	struct buf b = BUF_INIT;
	char **env;
	size_t n, i, k = 0;

	for (n = 0; environ[n] != NULL; n++)
		;
	env = xcalloc(n + 2, sizeof(*env));
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "HOME=", 5) != 0)
			env[k++] = xstrdup(environ[i]);
	buf_printf(&b, "HOME=%s", home);
	env[k] = buf_detach(&b);
	return env;
}

/* USER[:GROUP] as both tools read it: an empty USER is the current uid,
 * an empty GROUP is no group. Heap. */
static char *
norm_spec(const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t ul = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	struct buf b = BUF_INIT;

	if (ul == 0)
		buf_printf(&b, "%lu", (unsigned long)getuid());
	else
		buf_add(&b, spec, ul);
	if (colon != NULL && colon[1] != '\0')
		buf_printf(&b, ":%s", colon + 1);
	return buf_detach(&b);
}

/* Drop to spec and exec argv; returns only on failure (1). */
static int
run_as(const char *tool, const char *spec, enum proc_groups rule,
    char **argv)
{
	struct proc_user u;
	struct proc_cmd c;
	struct err e = ERR_INIT;
	char *s = norm_spec(spec), **env;
	bool gosu = rule == PROC_GROUPS_GOSU;

	if (proc_user_load_as(s, rule, &u, &e) == -1) {
		free(s);
		if (gosu)
			mc_say("error", "failed switching to '%s': %s", spec,
			    e.msg);
		else
			mc_say(tool, "%s", e.msg);
		return 1;
	}
	free(s);
	env = home_env(u.home);
	memset(&c, 0, sizeof(c));
	c.argv = argv;
	c.envp = env;
	c.path = getenv("PATH");
	c.user = &u;
	proc_exec(&c, &e);	/* returns only when it failed */
	proc_env_free(env);
	proc_user_free(&u);
	if (gosu)
		mc_say("error", "%s", e.msg);
	else
		mc_say(tool, "%s", e.msg);
	return 1;
}

static int
mc_gosu(int argc, char **argv)
{
	static const char usage[] =
	    "Usage: gosu user-spec command [args]\n"
	    "   eg: gosu tianon bash\n"
	    "       gosu nobody:root bash -c 'whoami && id'\n"
	    "       gosu 1000:1 id\n\n"
	    "gosu version: volinit " VOLINIT_VERSION " (gosu's command line; "
	    "a numeric uid without a passwd entry needs a group)\n";

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "-?") == 0))
		return out("gosu", usage);
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-v") == 0))
		return out("gosu", "volinit " VOLINIT_VERSION " (gosu)\n");
	if (argc <= 2) {
		(void)!write(2, usage, sizeof(usage) - 1);
		return 1;
	}
	return run_as("gosu", argv[1], PROC_GROUPS_GOSU, argv + 2);
}

static int
mc_suexec(int argc, char **argv)
{
	if (argc < 3) {
		out("su-exec", "Usage: su-exec user-spec command [args]\n");
		return 1;
	}
	return run_as("su-exec", argv[1], PROC_GROUPS_SUEXEC, argv + 2);
}

/* ---- tini [-g] [-s] [-e CODE]... [-p SIG] [-v] [-w] -- CMD... ---- */

static void
tini_usage(int fd)
{
	static const char u[] =
	    "tini (tini version 0.19.0 - volinit " VOLINIT_VERSION ")\n"
	    "Usage: tini [OPTIONS] PROGRAM -- [ARGS] | --version\n\n"
	    "Execute a program under the supervision of a valid init process "
	    "(tini)\n\n"
	    "Command line options:\n\n"
	    "  --version: Show version and exit.\n"
	    "  -h: Show this help message and exit.\n"
	    "  -s: Register as a process subreaper (requires Linux >= 3.4).\n"
	    "  -p SIGNAL: Trigger SIGNAL when parent dies, e.g. \"-p "
	    "SIGKILL\".\n"
	    "  -v: Generate more verbose output. Repeat up to 3 times.\n"
	    "  -w: Print a warning when processes are getting reaped.\n"
	    "  -g: Send signals to the child's process group.\n"
	    "  -e EXIT_CODE: Remap EXIT_CODE (from 0 to 255) to 0 (can be "
	    "repeated).\n"
	    "  -l: Show license and exit.\n\n"
	    "Environment variables:\n\n"
	    "  TINI_SUBREAPER: Register as a process subreaper (requires Linux "
	    ">= 3.4).\n"
	    "  TINI_VERBOSITY: Set the verbosity level (default: 1).\n"
	    "  TINI_KILL_PROCESS_GROUP: Send signals to the child's process "
	    "group.\n\n";

	(void)!write(fd, u, sizeof(u) - 1);
}

/* tini's "[FATAL tini (PID)] what arg" line. */
static void
tini_fatal(const char *what, const char *arg)
{
	char pre[48];

	snprintf(pre, sizeof(pre), "[FATAL tini (%ld)]", (long)getpid());
	mc_say(pre, "%s%s", what, arg);
}

/* A signal name as tini's -p takes it ("SIGKILL"), or 0. */
static int
signal_by_name(const char *s)
{
	int sig;

	if (strncmp(s, "SIG", 3) != 0)
		return 0;
	for (sig = 1; sig < 32; sig++)
		if (strcmp(proc_signal_name(sig), s + 3) == 0)
			return sig;
	return 0;
}

struct tini_opts {
	struct supervise s;
	bool remap[256];
	int pdeath, verbosity;
};

/* tini's getopt "p:hvwgle:s", without permutation (the first word that
 * is not an option starts the command, as musl's getopt and
 * POSIXLY_CORRECT do): the index of the command, or -(exit code + 1). */
static int
tini_parse(int argc, char **argv, struct tini_opts *o)
{
	const char *a, *v;
	char *end;
	long n;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		for (a = argv[i] + 1; *a != '\0'; a++) {
			switch (*a) {
			case 'h':
				tini_usage(1);
				return -1;
			case 'l':
				out("tini", "tini's options, implemented by "
				    "volinit; tini itself is MIT-licensed "
				    "(https://github.com/krallin/tini)\n");
				return -1;
			case 's':
				o->s.subreaper = true;
				continue;
			case 'g':
				o->s.pgroup = true;
				continue;
			case 'v':
				o->verbosity++;
				continue;
			case 'w':
				continue;
			case 'p': case 'e':
				break;
			default:
				tini_usage(2);
				return -2;
			}
			v = a[1] != '\0' ? a + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (v == NULL) {
				tini_usage(2);
				return -2;
			}
			if (*a == 'p' && (o->pdeath = signal_by_name(v)) == 0) {
				tini_fatal("Not a valid option for -p: ", v);
				return -2;
			}
			n = *a == 'e' ? strtol(v, &end, 10) : 0;
			if (*a == 'e' && (*v == '\0' || *end != '\0' || n < 0 ||
			    n > 255)) {
				tini_fatal("Not a valid option for -e: ", v);
				return -2;
			}
			if (*a == 'e')
				o->remap[n] = true;
			break;
		}
	}
	return i;
}

static int
mc_tini(int argc, char **argv)
{
	struct tini_opts o;
	struct proc_cmd c;
	struct err e = ERR_INIT;
	int i, code;

	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		return out("tini", "tini version 0.19.0 - volinit "
		    VOLINIT_VERSION "\n");
	memset(&o, 0, sizeof(o));
	if ((i = tini_parse(argc, argv, &o)) < 0)
		return -i - 1;
	if (i >= argc) {
		tini_usage(2);
		return 1;
	}
	if (getenv("TINI_SUBREAPER") != NULL)
		o.s.subreaper = true;
	if (getenv("TINI_KILL_PROCESS_GROUP") != NULL)
		o.s.pgroup = true;
	if (o.pdeath != 0 && prctl(PR_SET_PDEATHSIG, o.pdeath) == -1) {
		tini_fatal("Failed to set up parent death signal", "");
		return 1;
	}
	if (getpid() != 1 && !o.s.subreaper)
		mc_say("[WARN  tini]", "Tini is not running as PID 1 and isn't "
		    "registered as a child subreaper. Zombie processes will "
		    "not be re-parented to Tini, so zombie reaping won't work. "
		    "To fix the problem, use the -s option or set the "
		    "environment variable TINI_SUBREAPER to register Tini as a "
		    "child subreaper, or run Tini as PID 1.");
	memset(&c, 0, sizeof(c));
	c.argv = argv + i;
	c.envp = environ;
	c.path = getenv("PATH");
	c.new_pgrp = true;
	o.s.cmd = &c;
	o.s.remap = o.remap;
	if ((code = supervise_run(&o.s, &e)) >= 0)
		return code;
	tini_fatal("", e.msg);
	return e.kind == ERR_NOTFOUND || e.kind == ERR_NOEXEC ?
	    (int)e.kind : 1;
}

/* ---- the dispatcher ---- */

static const struct tool {
	const char *name;
	int (*main)(int argc, char **argv);
	bool signals;		/* supervises or execs: volinit's handlers */
} tools[] = {
	{ "dockerize", mc_dockerize, true },
	{ "envsubst", mc_envsubst, false },
	{ "gosu", mc_gosu, true },
	{ "su-exec", mc_suexec, true },
	{ "tini", mc_tini, true },
	{ "tini-static", mc_tini, true },
	{ "docker-init", mc_tini, true },	/* docker run --init's tini */
	/* `sh -c` for programs that shell out (initdb): one simple command
	 * exec'd in place (shc.c, shc_main.c) */
	{ "sh", shc_main, false },
};

static const struct tool *
find(const char *name)
{
	const char *slash = name != NULL ? strrchr(name, '/') : NULL;
	size_t i;

	if (name == NULL)
		return NULL;
	if (slash != NULL)
		name = slash + 1;
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(tools[i].name, name) == 0)
			return &tools[i];
	return NULL;
}

int
multicall_main(int argc, char **argv)
{
	const struct tool *t = argc > 0 ? find(argv[0]) : NULL;
	struct err e = ERR_INIT;
	char line[640];

	if (t == NULL && argc > 1 && strchr(argv[1], '/') == NULL &&
	    (t = find(argv[1])) != NULL) {
		argc--;
		argv++;
	}
	if (t == NULL)
		return MULTICALL_NOT_MINE;
	if (proc_refuse_setid(&e) < 0) {
		err_format(&e, line, sizeof(line));
		mc_say(t->name, "%s", line);
		return 1;
	}
	if (t->signals)
		proc_signals_init();
	return t->main(argc, argv);
}
