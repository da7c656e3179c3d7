/* cli: the command line, parsed into a struct cli. Pure code: nothing is
 * opened or run here. */
#ifndef CLI_H
#define CLI_H
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "log.h"
#include "run.h"

enum cli_cmd { CLI_RUN, CLI_CHECK, CLI_RENDER, CLI_VERSION, CLI_HELP };

struct cli {
	enum cli_cmd cmd;
	struct run_source *plans;	/* heap, in the order given */
	size_t nplans;
	const char **roots;	/* heap array of borrowed strings */
	size_t nroots;
	char **exec_argv;	/* after "--" (borrowed), or NULL */
	bool dry_run, caps;
	bool seccomp;		/* check --seccomp (seccomp.c) */
	enum log_format format;
	enum log_level level;
	const char *topic;	/* help STEP */
	/* render */
	const char *tmpl, *output;
	const char *syntax, *vars, *mode, *owner, *delims, *overwrite;
	bool strict;
};

/* Parse argv. $VOLINIT_LOG_FORMAT gives the default log format. Errors are
 * ERR_USAGE. */
int cli_parse(int argc, char **argv, struct cli *c, struct err *e);
void cli_free(struct cli *c);
/* The usage text. */
const char *cli_usage(void);
#endif
