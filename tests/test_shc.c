/* test_shc: the sh -c parser. What it accepts parses to exactly the argv
 * and redirections the shell would run; every construct it refuses is
 * named with its column, and leaves nothing allocated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "shc.h"

/* The parse as one line: words in [], redirections as N<F N>F N>>F N>&M. */
static void
show(const struct shc_cmd *c, struct buf *b)
{
	size_t i;

	for (i = 0; i < c->argc; i++)
		buf_printf(b, "%s[%s]", i ? " " : "", c->argv[i]);
	assert_null(c->argv[c->argc]);
	for (i = 0; i < c->nredirs; i++) {
		const struct shc_redir *r = &c->redirs[i];
		static const char *const op[] = { "<", ">", ">>", ">&" };

		if (r->op == SHC_DUP)
			buf_printf(b, " %d>&%d", r->fd, r->dupfd);
		else
			buf_printf(b, " %d%s%s", r->fd, op[r->op], r->path);
	}
}

static const struct { const char *in, *out; } good[] = {
	/* what initdb 15 runs */
	{ "\"/usr/lib/postgresql/15/bin/postgres\" --check -F -c "
	  "log_checkpoints=false -c max_connections=100 < \"/dev/null\" > "
	  "\"/dev/null\" 2>&1",
	  "[/usr/lib/postgresql/15/bin/postgres] [--check] [-F] [-c] "
	  "[log_checkpoints=false] [-c] [max_connections=100] 0</dev/null "
	  "1>/dev/null 2>&1" },
	{ "locale -a", "[locale] [-a]" },
	{ "\"/usr/lib/postgresql/15/bin/postgres\" -V", 
	  "[/usr/lib/postgresql/15/bin/postgres] [-V]" },
	{ "'/p/postgres' --single -F -O -j -c search_path=pg_catalog "
	  "-c exit_on_error=true -c log_checkpoints=false template1 >"
	  "/dev/null",
	  "[/p/postgres] [--single] [-F] [-O] [-j] [-c] "
	  "[search_path=pg_catalog] [-c] [exit_on_error=true] [-c] "
	  "[log_checkpoints=false] [template1] 1>/dev/null" },
	{ "  a  b\tc  ", "[a] [b] [c]" },
	{ "a'b c'\"d e\"f", "[ab cd ef]" },
	{ "a ''", "[a] []" },
	{ "a \"\"", "[a] []" },
	{ "a\\ b \\$x \\|", "[a b] [$x] [|]" },
	{ "a >f", "[a] 1>f" },
	{ "a>f", "[a] 1>f" },
	{ "a >>f", "[a] 1>>f" },
	{ "a >> 'f g'", "[a] 1>>f g" },
	{ "a <f", "[a] 0<f" },
	{ "a 2>f", "[a] 2>f" },
	{ "a 2> f", "[a] 2>f" },
	{ "a 2>/dev/null", "[a] 2>/dev/null" },
	{ "a 1>f 0<g", "[a] 1>f 0<g" },
	{ "a 2>>f", "[a] 2>>f" },
	{ "a >&2", "[a] 1>&2" },
	{ "a 2>&1", "[a] 2>&1" },
	{ "a 1>&2 2>&1", "[a] 1>&2 2>&1" },
	{ ">f a", "[a] 1>f" },
	{ "a2>f", "[a2] 1>f" },		/* not a descriptor: part of a word */
	{ "a 2x>f", "[a] [2x] 1>f" },
	{ "a '2'>f", "[a] [2] 1>f" },
	{ "a 2", "[a] [2]" },
	{ "exec a b", "[a] [b]" },
	{ "'exec' a", "[exec] [a]" },
	{ "a exec", "[a] [exec]" },
	{ "a b=c", "[a] [b=c]" },	/* an argument, not an assignment */
	{ "'A=1' a", "[A=1] [a]" },
	{ "a=", NULL },		/* an assignment: test_assign */
	{ "a #b", NULL },
	{ "a b#c", "[a] [b#c]" },
	{ "a '#'", "[a] [#]" },
	{ "a {} x}", "[a] [{}] [x}]" },
	{ "a '{' '}'", "[a] [{] [}]" },
	{ "a '*' \"?\" '[' '~' '$x' '`'", "[a] [*] [?] [[] [~] [$x] [`]" },
	{ "'if' a", "[if] [a]" },
	{ "a if then", "[a] [if] [then]" },
	{ "a !", "[a] [!]" },
	{ "a x=y", "[a] [x=y]" },
	{ "a ]", "[a] []]" },
	{ "a\r", "[a\r]" },
	{ "a %s", "[a] [%s]" },
};

static const struct { const char *in; unsigned col; const char *msg; } bad[] = {
	{ "a | b", 3, "'|' (a pipeline)" },
	{ "a || b", 3, "'||' (an or-list)" },
	{ "a && b", 3, "'&&' (an and-list)" },
	{ "a &", 3, "'&' (a background job)" },
	{ "a&", 2, "'&' (a background job)" },
	{ "a; b", 2, "';' (a command list)" },
	{ "(a)", 1, "'(' (a subshell)" },
	{ "a )", 3, "')' (a subshell)" },
	{ "a $b", 3, "'$' (a parameter expansion)" },
	{ "a ${b}", 3, "'$' (a parameter expansion)" },
	{ "a $(b)", 3, "'$(' (a command substitution)" },
	{ "a $((1))", 3, "'$((' (an arithmetic expansion)" },
	{ "a `b`", 3, "'`' (a command substitution)" },
	{ "a x$", 4, "'$' (a parameter expansion)" },
	{ "a \"$b\"", 4, "'$' (inside \"...\" the shell would expand it)" },
	{ "a \"`b`\"", 4, "'`' (inside \"...\" the shell would substitute" },
	{ "a \"\\n\"", 4, "'\\' (inside \"...\" the shell would treat it" },
	{ "a *", 3, "'*' (a glob pattern)" },
	{ "a x?", 4, "'?' (a glob pattern)" },
	{ "a [ab]", 3, "'[' (a glob pattern)" },
	{ "a ~", 3, "'~' (a tilde expansion)" },
	{ "a ~/x", 3, "'~' (a tilde expansion)" },
	{ "a\nb", 2, "'\\n' (a newline)" },
	{ "a 'x\ny'", 5, "'\\n' (a newline)" },
	{ "a \"x\ny\"", 5, "'\\n' (a newline)" },
	{ "a \\\nb", 4, "'\\n' (a newline)" },
	{ "a \\", 3, "'\\' (a backslash at the end)" },
	{ "{ a; }", 1, "'{' (a command group)" },
	{ "a }", 3, "'}' (a command group)" },
	{ "a {x,y}", 3, "'{' (a brace expansion)" },
	{ "a {1..3}", 3, "'{' (a brace expansion)" },
	{ "a #b", 3, "'#' (a comment)" },
	{ "#a", 1, "'#' (a comment)" },
	{ "A=1 a", 1, "'NAME=' (a variable assignment)" },
	{ "A=1", 1, "'NAME=' (a variable assignment)" },
	{ "_x9=1 a", 1, "'NAME=' (a variable assignment)" },
	{ "if a", 1, "'if' (a reserved word)" },
	{ "! a", 1, "'!' (a reserved word)" },
	{ "while a", 1, "'while' (a reserved word)" },
	{ "cd /", 1, "'cd' (a shell builtin)" },
	{ "exec cd /", 6, "'cd' (a shell builtin)" },
	{ ". f", 1, "'.' (a shell builtin)" },
	{ "export A", 1, "'export' (a shell builtin)" },
	{ "a << x", 3, "'<<' (a here-document)" },
	{ "a <&0", 3, "'<&' (duplicating input)" },
	{ "a <> f", 3, "'<>' (a read-write redirection)" },
	{ "a >| f", 3, "'>|' (a clobbering redirection)" },
	{ "a >&-", 3, "'>&-' (closing a descriptor)" },
	{ "a >&3", 3, "'>&' (only >&0, >&1 or >&2 is supported)" },
	{ "a >&f", 3, "'>&' (only >&0, >&1 or >&2 is supported)" },
	{ "a >&12", 3, "'>&' (only >&0, >&1 or >&2 is supported)" },
	{ "a 3>f", 3, "'3>' (only descriptors 0, 1 and 2" },
	{ "a 10>f", 3, "'10>' (only descriptors 0, 1 and 2" },
	{ "a 9<f", 3, "'9<' (only descriptors 0, 1 and 2" },
	{ "a 'b", 3, "unterminated \"'\"" },
	{ "a \"b", 3, "unterminated '\"'" },
	{ "a >", 3, "'>' needs a file name" },
	{ "a > ", 3, "'>' needs a file name" },
	{ "a 2>", 4, "'>' needs a file name" },
	{ "a >>|b", 3, "'>>' needs a file name" },
	{ "a < >f", 3, "'<' needs a file name" },
	{ "a > *", 5, "'*' (a glob pattern)" },
	{ "", 1, "an empty command" },
	{ "   ", 1, "an empty command" },
	{ ">f", 1, "an empty command" },
	{ "exec", 1, "an empty command" },
	{ "exec 2>&1", 1, "an empty command" },
};

static void
test_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct shc_cmd c;
		struct err e = ERR_INIT;
		struct buf b = BUF_INIT;

		if (good[i].out == NULL)
			continue;
		if (shc_parse(good[i].in, &c, &e) < 0)
			fail_msg("'%s': %s", good[i].in, e.msg);
		show(&c, &b);
		if (strcmp(buf_str(&b), good[i].out) != 0)
			fail_msg("'%s': got '%s', want '%s'", good[i].in,
			    buf_str(&b), good[i].out);
		shc_free(&c);
		assert_null(c.argv);
		buf_free(&b);
	}
}

static void
test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct shc_cmd c;
		struct err e = ERR_INIT;
		char line[1024], want[64];

		if (shc_parse(bad[i].in, &c, &e) == 0)
			fail_msg("'%s': accepted", bad[i].in);
		assert_int_equal(e.kind, ERR_USAGE);
		assert_null(c.argv);
		assert_null(c.redirs);
		err_format(&e, line, sizeof(line));
		snprintf(want, sizeof(want), "-c:1:%u: %s", bad[i].col,
		    bad[i].msg);
		if (strncmp(line, want, strlen(want)) != 0)
			fail_msg("'%s': got '%s', want '%s...'", bad[i].in,
			    line, want);
		if (strstr(line, "volinit's sh runs one simple command") ==
		    NULL)
			fail_msg("'%s': '%s' does not say why", bad[i].in,
			    line);
		shc_free(&c);
	}
}

/* The README's example message, exactly. */
static void
test_message(void **state)
{
	struct shc_cmd c;
	struct err e = ERR_INIT;
	char line[512];

	(void)state;
	assert_int_equal(shc_parse("locale -a | grep x", &c, &e), -1);
	err_format(&e, line, sizeof(line));
	assert_string_equal(line, "-c:1:11: '|' (a pipeline) is not "
	    "supported: volinit's sh runs one simple command");
}

/* "a=" alone is an assignment of the empty string: refused too. */
static void
test_assign(void **state)
{
	struct shc_cmd c;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(shc_parse("a=", &c, &e), -1);
	assert_non_null(strstr(e.msg, "a variable assignment"));
	err_clear(&e);
	assert_int_equal(shc_parse("=a", &c, &e), 0);	/* not a name */
	assert_string_equal(c.argv[0], "=a");
	shc_free(&c);
	assert_int_equal(shc_parse("9a=1 x", &c, &e), 0);
	shc_free(&c);
	assert_int_equal(shc_parse("a\\=1 x", &c, &e), 0);	/* quoted '=' */
	assert_string_equal(c.argv[0], "a=1");
	shc_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_assign),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
