/* test_plan: plan text against the steps it parses into, or the first
 * error as "line:col: message". Pieces print as text, expressions as
 * <${...}>, so what is expanded later is visible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "plan.h"

static void
word(struct buf *b, const struct word *w)
{
	size_t i;

	for (i = 0; i < w->nsegs; i++)
		buf_printf(b, w->segs[i].expr ? "<%s>" : "%s",
		    w->segs[i].text);
}

/* "verb arg|arg opt=value -- cmd|cmd" for each step, "; "-separated. */
static void
show(struct buf *b, const struct plan *p)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct step *s = &p->steps[i];

		buf_printf(b, "%s%s%s", i ? "; " : "", plan_verb_name(s->verb),
		    s->recursive ? " -R" : "");
		for (j = 0; j < s->nargs; j++) {
			buf_adds(b, j ? "|" : " ");
			word(b, &s->args[j]);
		}
		for (j = 0; j < s->nopts; j++) {
			buf_printf(b, " %s=", s->opts[j].name);
			word(b, &s->opts[j].value);
		}
		if (s->has_dashdash)
			buf_adds(b, " --");
		for (j = 0; j < s->ncmd; j++) {
			buf_adds(b, j ? "|" : " ");
			word(b, &s->cmd[j]);
		}
	}
}

static const struct { const char *in, *want; } cases[] = {
	{ "env A=1 B=2", "env A=1|B=2" },
	{ "# comment\n\n  env A=1  # trailing\n", "env A=1" },
	{ "mkdir /data mode=0700 owner=pg:", "mkdir /data mode=0700 owner=pg:" },
	{ "mkdir '/data mode=0700'", "mkdir /data mode=0700" },
	{ "mkdir \"mode=0700\"", "mkdir mode=0700" },
	{ "write /f \"a\\tb\\n\\$x \\\"q\\\" \\\\\"", "write /f|a\tb\n$x \"q\" \\" },
	{ "write /f 'lit ${X}'", "write /f|lit ${X}" },
	{ "write /f \"v=${X:-a b}!\"", "write /f|v=<${X:-a b}>!" },
	{ "write /f ${X:-a b}", "write /f|<${X:-a b}>" },
	{ "write /f $$${X}", "write /f|$${X}" },
	{ "write /f $${X}", "write /f|${X}" },
	{ "write /f $HOME", "write /f|$HOME" },
	{ "env A=1 \\\n  B=2", "env A=1|B=2" },
	{ "chown -R 1000:1000 /a /b exclude=lost+found",
	    "chown -R 1000:1000|/a|/b exclude=lost+found" },
	{ "chmod 0700 -R", "chmod 0700|-R" },
	{ "run user=pg -- initdb -D ${PGDATA}",
	    "run user=pg -- initdb|-D|<${PGDATA}>" },
	{ "run -- cmd mode=1", "run -- cmd|mode=1" },
	/* NAME= bare makes an option, its value may be quoted; a token whose
	 * NAME= is quoted is an argument */
	{ "write /f x mode=\"0600\"", "write /f|x mode=0600" },
	{ "write /f \"mode=0600\"", "write /f|mode=0600" },
	{ "write /f 'x=1'", "write /f|x=1" },
	{ "copy /a /b if=${X}==1 on-error=warn",
	    "copy /a|/b if=<${X}>==1 on-error=warn" },
	{ "write /f \"\"", "write /f|" },
	{ "env A=1\nenv B=2", "env A=1; env B=2" },
	{ "env A=1\r\nenv B=2\r\n", "env A=1; env B=2" },
};

static const struct { const char *in, *err; } errors[] = {
	{ "bogus x", "1:1: unknown step 'bogus'" },
	{ "env A=1\n  mkdir /x mdoe=0700", "2:12: unknown option 'mdoe' for "
	    "this step (quote the token to pass it as an argument)" },
	{ "write /f \"abc", "1:10: unterminated '\"'" },
	{ "write /f 'abc", "1:10: unterminated \"'\"" },
	{ "write /f ${X", "1:10: unterminated '${'" },
	{ "write /f ${@}", "1:10: ${@} only after '--' or in args" },
	{ "run -- a${=X}", "1:9: ${=X} inside a longer token (it stands alone: "
	    "it becomes tokens of its own)" },
	{ "write /f \"\\q\"", "1:11: unknown escape '\\q' in \"...\"" },
	{ "mkdir", "1:1: 'mkdir': missing argument" },
	{ "symlink a b c", "1:13: 'symlink': too many arguments" },
	{ "run user=x", "1:1: 'run': missing '-- COMMAND'" },
	{ "mkdir /x mode=1 mode=2", "1:17: option 'mode=' given twice" },
	{ "\"env\" A=1", "1:1: unknown step 'env'" },
};

static void
test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct plan p;
		struct err e = ERR_INIT;
		struct buf b = BUF_INIT;

		memset(&p, 0, sizeof(p));
		assert_int_equal(plan_parse(&p, "t", cases[i].in,
		    strlen(cases[i].in), NULL, &e), 0);
		show(&b, &p);
		assert_string_equal(buf_str(&b), cases[i].want);
		buf_free(&b);
		plan_free(&p);
	}
}

static void
test_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct plan p;
		struct err e = ERR_INIT;
		char got[600];

		memset(&p, 0, sizeof(p));
		assert_true(plan_parse(&p, "t", errors[i].in,
		    strlen(errors[i].in), NULL, &e) > 0);
		assert_int_equal(e.kind, ERR_PLAN);
		snprintf(got, sizeof(got), "%u:%u: %s", e.line, e.col, e.msg);
		assert_string_equal(got, errors[i].err);
		plan_free(&p);
	}
}

static int nreported;

static void
count(const struct err *e)
{
	(void)e;
	nreported++;
}

/* Every error is reported, not just the first. */
static void
test_keeps_going(void **state)
{
	const char *in = "bogus\nenv A=1\nmkdir\nwrite 'x";
	struct plan p;
	struct err e = ERR_INIT;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(plan_parse(&p, "t", in, strlen(in), count, &e), 3);
	assert_int_equal(nreported, 3);
	assert_int_equal(e.line, 1);
	plan_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_keeps_going),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
