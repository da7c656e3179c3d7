/* test_vars: the variable table and the child environment it builds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vars.h"

static char *fake_env[] = { "PATH=/bin", "B=orig", "A=1", "A=dup",
    "X_FILE=/run/x", "=bad", "NOEQ", NULL };

static bool
has(char **env, const char *entry)
{
	for (; *env != NULL; env++)
		if (strcmp(*env, entry) == 0)
			return true;
	return false;
}

static size_t
count(char **env)
{
	size_t n = 0;

	while (env[n] != NULL)
		n++;
	return n;
}

static void
test_init_and_get(void **state)
{
	struct vars vs;

	(void)state;
	vars_init(&vs, fake_env);
	assert_string_equal(vars_get(&vs, "A"), "1");	/* first wins */
	assert_string_equal(vars_get(&vs, "PATH"), "/bin");
	assert_null(vars_get(&vs, "NOEQ"));
	vars_set(&vs, "C", "", 0);
	assert_false(vars_is_set_nonempty(&vs, "C"));
	assert_non_null(vars_get(&vs, "C"));
	vars_unset(&vs, "C");
	assert_null(vars_get(&vs, "C"));
	vars_free(&vs);
}

/* The child sees the original environment plus what was exported, at its
 * current value; a consumed NAME_FILE and built-ins are gone; plan-set
 * values that were not exported do not leak. */
static void
test_child_env(void **state)
{
	struct vars vs;
	char **env;

	(void)state;
	vars_init(&vs, fake_env);
	vars_set(&vs, "B", "changed", 0);
	vars_set(&vs, "SECRET", "pw", VAR_SECRET);
	vars_set(&vs, "EXP", "yes", VAR_EXPORT);
	vars_set(&vs, "VOLINIT_UID", "0", VAR_BUILTIN);
	vars_unset(&vs, "X_FILE");
	vars_find(&vs, "X_FILE", 6)->flags |= VAR_REMOVED;
	env = vars_child_env(&vs);
	assert_true(has(env, "B=orig"));
	assert_true(has(env, "EXP=yes"));
	assert_true(has(env, "PATH=/bin"));
	assert_true(has(env, "A=1"));
	assert_false(has(env, "SECRET=pw"));
	assert_false(has(env, "X_FILE=/run/x"));
	assert_int_equal(count(env), 4);
	vars_free_env(env);
	vars_find(&vs, "SECRET", 6)->flags |= VAR_EXPORT;
	vars_find(&vs, "B", 1)->flags |= VAR_EXPORT;
	env = vars_child_env(&vs);
	assert_true(has(env, "SECRET=pw"));
	assert_true(has(env, "B=changed"));
	vars_free_env(env);
	vars_free(&vs);
}

static void
test_secret_flag_follows_value(void **state)
{
	struct vars vs;
	struct lookup lk;
	bool sec = false;

	(void)state;
	vars_init(&vs, NULL);
	lk = vars_lookup(&vs);
	vars_set(&vs, "P", "pw", VAR_SECRET);
	assert_string_equal(lk.get(lk.arg, "P", 1, &sec), "pw");
	assert_true(sec);
	vars_set(&vs, "P", "plain", 0);
	sec = false;
	lk.get(lk.arg, "P", 1, &sec);
	assert_false(sec);
	assert_null(lk.get(lk.arg, "Q", 1, &sec));
	vars_free(&vs);
}

static void
test_names(void **state)
{
	(void)state;
	assert_true(vars_valid_name("A_1", 3));
	assert_true(vars_valid_name("_x", 2));
	assert_false(vars_valid_name("1A", 2));
	assert_false(vars_valid_name("A-B", 3));
	assert_false(vars_valid_name("", 0));
}

static void
test_dotenv(void **state)
{
	char text[] = "# comment\n\n  export  A=1\nB = \"two\\n\\\"w\\$\"\n"
	    "C='lit ${A}'\nD=bare value # comment\nE=\nF=x#y\n";
	char bad[] = "G=1\nnot a line\nH=2\n", unterm[] = "Q=\"open";
	struct vars vs;
	struct err e = ERR_INIT;
	unsigned line;

	(void)state;
	vars_init(&vs, (char *[]){ NULL });
	assert_int_equal(vars_load_dotenv(&vs, text, VAR_SECRET, &line, &e),
	    0);
	assert_string_equal(vars_get(&vs, "A"), "1");
	assert_string_equal(vars_get(&vs, "B"), "two\n\"w$");
	assert_string_equal(vars_get(&vs, "C"), "lit ${A}");
	assert_string_equal(vars_get(&vs, "D"), "bare value");
	assert_string_equal(vars_get(&vs, "E"), "");
	assert_string_equal(vars_get(&vs, "F"), "x#y");
	assert_true(vars_find(&vs, "A", 1)->flags & VAR_SECRET);
	assert_int_equal(vars_load_dotenv(&vs, NULL, 0, &line, &e), 0);
	assert_int_equal(vars_load_dotenv(&vs, bad, 0, &line, &e), -1);
	assert_int_equal(line, 2);
	assert_string_equal(e.msg, "expected KEY=VALUE");
	assert_string_equal(vars_get(&vs, "G"), "1");
	assert_null(vars_get(&vs, "H"));
	assert_int_equal(vars_load_dotenv(&vs, unterm, 0, &line, &e), -1);
	assert_string_equal(e.msg, "unterminated quote");
	vars_free(&vs);
}

/* unset: gone from the table and from the child's environment, whether
 * inherited (B), exported (EXP) or never seen (NEVER); set and exported
 * again afterwards, the new value goes. */
static void
test_drop(void **state)
{
	struct vars vs;
	char **env;

	(void)state;
	vars_init(&vs, fake_env);
	vars_set(&vs, "EXP", "yes", VAR_EXPORT);
	vars_drop(&vs, "B");
	vars_drop(&vs, "EXP");
	vars_drop(&vs, "NEVER");
	assert_null(vars_get(&vs, "B"));
	assert_null(vars_get(&vs, "EXP"));
	assert_null(vars_get(&vs, "NEVER"));
	env = vars_child_env(&vs);
	assert_false(has(env, "B=orig"));
	assert_true(has(env, "A=1"));
	assert_int_equal(count(env), 3);	/* PATH A X_FILE */
	vars_free_env(env);
	vars_set(&vs, "B", "new", 0);	/* set, not exported: still gone */
	env = vars_child_env(&vs);
	assert_false(has(env, "B=orig"));
	assert_false(has(env, "B=new"));
	vars_free_env(env);
	vars_find(&vs, "B", 1)->flags |= VAR_EXPORT;
	env = vars_child_env(&vs);
	assert_true(has(env, "B=new"));
	vars_free_env(env);
	vars_free(&vs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_get),
		cmocka_unit_test(test_child_env),
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_secret_flag_follows_value),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dotenv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
