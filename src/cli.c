/* cli: argument parsing for run, check, render, version and help. Long
 * options take "--opt=V" or "--opt V"; short ones "-f FILE". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xalloc.h"

const char *
cli_usage(void)
{
	return
"usage: volinit [run] [OPTIONS] [PLAN...] [-- CMD [ARG...]]\n"
"       volinit check [--caps|--seccomp] [OPTIONS] [PLAN...]\n"
"       volinit render [--syntax=braced|envsubst|go] [--vars=A,B|defined]\n"
"                      [--delims=L:R] [--strict] [--mode=0640] [--owner=U:G]\n"
"                      TEMPLATE|- [OUTPUT]\n"
"       volinit version | --version      volinit help [STEP] | --help\n"
"options:\n"
"  -f FILE              add a plan file      -e 'STEP'   add plan text\n"
"  --root DIR           every write must resolve beneath DIR (repeatable)\n"
"  --dry-run            change nothing; show what would change, with diffs;\n"
"                       each step sees what earlier ones would have made\n"
"  --log-format text|json                    -q quiet    -v verbose\n"
"With no plan: $VOLINIT_PLAN, then /etc/volinit/plan.\n"
"Exit: 0 ok, 1 step failed, 2 usage, 3 invalid plan or template, 4 wait\n"
"timed out, 5 refused for safety, 6 run child failed, 126/127 command not\n"
"executable/not found, 128+N killed by signal N.\n";
}

static void
add_plan(struct cli *c, bool text, const char *s)
{
	c->plans = xrealloc(c->plans, (c->nplans + 1) * sizeof(*c->plans));
	c->plans[c->nplans].text = text;
	c->plans[c->nplans++].s = s;
}

static int
set_format(struct cli *c, const char *v, struct err *e)
{
	if (strcmp(v, "text") == 0)
		c->format = LOG_TEXT;
	else if (strcmp(v, "json") == 0)
		c->format = LOG_JSON;
	else
		return err_set(e, ERR_USAGE, 0, "--log-format takes text or "
		    "json, not '%s'", v);
	return 0;
}

/* Options that take a value: where it is stored. */
static const char **
value_slot(struct cli *c, const char *name)
{
	static const char *sink;

	if (strcmp(name, "syntax") == 0)
		return &c->syntax;
	if (strcmp(name, "vars") == 0)
		return &c->vars;
	if (strcmp(name, "mode") == 0)
		return &c->mode;
	if (strcmp(name, "owner") == 0)
		return &c->owner;
	if (strcmp(name, "delims") == 0)
		return &c->delims;
	if (strcmp(name, "overwrite") == 0)
		return &c->overwrite;
	if (strcmp(name, "root") == 0 || strcmp(name, "log-format") == 0)
		return &sink;
	return NULL;
}

/* A "--name[=value]" option; *i advances past a separate value. */
static int
long_opt(struct cli *c, int argc, char **argv, int *i, struct err *e)
{
	char name[32];
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '='), *val;
	const char **slot;
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	if (n >= sizeof(name))
		return err_set(e, ERR_USAGE, 0, "unknown option '%s'", argv[*i]);
	memcpy(name, arg, n);
	name[n] = '\0';
	if (eq == NULL && strcmp(name, "dry-run") == 0)
		return c->dry_run = true, 0;
	if (eq == NULL && strcmp(name, "caps") == 0)
		return c->caps = true, 0;
	if (eq == NULL && strcmp(name, "seccomp") == 0)
		return c->seccomp = true, 0;
	if (eq == NULL && strcmp(name, "strict") == 0)
		return c->strict = true, 0;
	if (eq == NULL && strcmp(name, "help") == 0)
		return c->cmd = CLI_HELP, 0;
	if (eq == NULL && strcmp(name, "version") == 0)
		return c->cmd = CLI_VERSION, 0;
	if ((slot = value_slot(c, name)) == NULL)
		return err_set(e, ERR_USAGE, 0, "unknown option '--%s'", name);
	if (eq != NULL)
		val = eq + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		return err_set(e, ERR_USAGE, 0, "--%s needs a value", name);
	if (strcmp(name, "strict") == 0)
		return c->strict = true, 0;
	if (strcmp(name, "log-format") == 0)
		return set_format(c, val, e);
	if (strcmp(name, "root") == 0) {
		c->roots = xrealloc(c->roots, (c->nroots + 1) *
		    sizeof(*c->roots));
		c->roots[c->nroots++] = val;
		return 0;
	}
	*slot = val;
	return 0;
}

static int
short_opt(struct cli *c, int argc, char **argv, int *i, struct err *e)
{
	const char *a = argv[*i];

	if (strcmp(a, "-q") == 0)
		return c->level = LOG_QUIET, 0;
	if (strcmp(a, "-v") == 0)
		return c->level = LOG_VERBOSE, 0;
	if (strcmp(a, "-h") == 0)
		return c->cmd = CLI_HELP, 0;
	if (strcmp(a, "-f") == 0 || strcmp(a, "-e") == 0) {
		if (*i + 1 >= argc)
			return err_set(e, ERR_USAGE, 0, "%s needs a value", a);
		add_plan(c, a[1] == 'e', argv[++*i]);
		return 0;
	}
	return err_set(e, ERR_USAGE, 0, "unknown option '%s'", a);
}

/* The first bare word may name the command. */
static bool
command_word(struct cli *c, const char *w)
{
	static const struct { const char *w; enum cli_cmd cmd; } cmds[] = {
		{ "run", CLI_RUN }, { "check", CLI_CHECK },
		{ "render", CLI_RENDER }, { "version", CLI_VERSION },
		{ "help", CLI_HELP },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(w, cmds[i].w) == 0) {
			c->cmd = cmds[i].cmd;
			return true;
		}
	return false;
}

static int
positional(struct cli *c, const char *a, bool first, struct err *e)
{
	if (first && command_word(c, a))
		return 0;
	if (c->cmd == CLI_HELP) {
		if (c->topic != NULL)
			return err_set(e, ERR_USAGE, 0, "help takes one STEP");
		c->topic = a;
		return 0;
	}
	if (c->cmd != CLI_RENDER) {
		add_plan(c, false, a);
		return 0;
	}
	if (c->tmpl == NULL)
		c->tmpl = a;
	else if (c->output == NULL)
		c->output = a;
	else
		return err_set(e, ERR_USAGE, 0, "render takes TEMPLATE "
		    "[OUTPUT]");
	return 0;
}

/* A flag that belongs to another command is a usage error, never a silent
 * no-op: `volinit --mode=0600 -f plan` must not look as if it did something. */
static int
render_flags_alone(const struct cli *c, struct err *e)
{
	const char *flag = c->syntax ? "syntax" : c->vars ? "vars" : c->mode ?
	    "mode" : c->owner ? "owner" : c->delims ? "delims" : c->overwrite ?
	    "overwrite" : c->strict ? "strict" : NULL;

	if (flag != NULL && c->cmd != CLI_RENDER)
		return err_set(e, ERR_USAGE, 0, "--%s goes with render", flag);
	return 0;
}

int
cli_parse(int argc, char **argv, struct cli *c, struct err *e)
{
	const char *fmt = getenv("VOLINIT_LOG_FORMAT");
	bool first = true;
	int i, r = 0;

	memset(c, 0, sizeof(*c));
	c->level = LOG_NORMAL;
	if (fmt != NULL && *fmt != '\0' && set_format(c, fmt, e) < 0)
		return -1;
	for (i = 1; i < argc && r == 0; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			c->exec_argv = &argv[i + 1];
			break;
		}
		if (strncmp(a, "--", 2) == 0)
			r = long_opt(c, argc, argv, &i, e);
		else if (a[0] == '-' && a[1] != '\0')
			r = short_opt(c, argc, argv, &i, e);
		else {
			r = positional(c, a, first, e);
			first = false;
		}
	}
	if (r < 0)
		return -1;
	/* "--" alone: no arguments (an image's ENTRYPOINT [..., "--"] run
	 * with no CMD); the plan's ${@} is then no token at all */
	if (c->exec_argv != NULL && c->cmd != CLI_RUN)
		return err_set(e, ERR_USAGE, 0, "'-- CMD' goes with run");
	if (c->cmd == CLI_RENDER && c->tmpl == NULL)
		return err_set(e, ERR_USAGE, 0, "render needs a TEMPLATE "
		    "(or - for stdin)");
	if (c->caps && c->cmd != CLI_CHECK)
		return err_set(e, ERR_USAGE, 0, "--caps goes with check");
	if (c->seccomp && (c->cmd != CLI_CHECK || c->caps))
		return err_set(e, ERR_USAGE, 0, "--seccomp goes with check, "
		    "without --caps");
	return render_flags_alone(c, e);
}

void
cli_free(struct cli *c)
{
	free(c->plans);
	free(c->roots);
	memset(c, 0, sizeof(*c));
}
