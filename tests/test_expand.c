/* test_expand: the ${...} language against a fixed variable table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "expand.h"

static const char *const table[][2] = {
	{ "A", "alpha" }, { "EMPTY", "" }, { "S", "s3cret" }, { "N", "1" },
};

static const char *
get(void *arg, const char *name, size_t len, bool *secret)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i][0]) == len &&
		    memcmp(table[i][0], name, len) == 0) {
			if (strcmp(table[i][0], "S") == 0)
				*secret = true;
			return table[i][1];
		}
	return NULL;
}

static const struct lookup lk = { get, NULL, NULL };

static const struct { const char *in, *out; } good[] = {
	{ "${A}", "alpha" },
	{ "${EMPTY}", "" },
	{ "${A:-x}", "alpha" },
	{ "${EMPTY:-x}", "x" },
	{ "${EMPTY-x}", "" },
	{ "${UNSET-x}", "x" },
	{ "${UNSET:-${A}-${N}}", "alpha-1" },
	{ "${A:+set}", "set" },
	{ "${EMPTY:+set}", "" },
	{ "${EMPTY+set}", "set" },
	{ "${UNSET+set}", "" },
	{ "${UNSET:-a b}", "a b" },
	{ "${UNSET:-$A}", "$A" },
	{ "${UNSET:-${UNSET2:-deep}}", "deep" },
	{ "${A:?must}", "alpha" },
};

static void
test_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct buf out = BUF_INIT;
		struct err e = ERR_INIT;
		bool sec = false;
		const char *in = good[i].in;
		long n = expand_span(in, strlen(in), &e);

		assert_int_equal(n, (long)strlen(in));
		assert_int_equal(expand_eval(in, (size_t)n, &lk, &out, &sec,
		    &e), 0);
		assert_string_equal(buf_str(&out), good[i].out);
		assert_false(sec);
		buf_free(&out);
	}
}

static void
test_secret_marked(void **state)
{
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	bool sec = false;

	(void)state;
	assert_int_equal(expand_eval("${S}", 4, &lk, &out, &sec, &e), 0);
	assert_true(sec);
	buf_free(&out);
}

static const struct { const char *in, *msg; long span; } bad[] = {
	{ "${UNSET}", "undefined variable UNSET", 8 },
	{ "${EMPTY:?is needed}", "EMPTY: is needed", 19 },
	{ "${UNSET?}", "UNSET: parameter not set", 9 },
	{ "${1A}", "bad variable name after '${'", -1 },
	{ "${A%x}", "unexpected '%' in '${A'", -1 },
	{ "${A:=x}", "unknown operator ':=' in '${A'", -1 },
	{ "${A", NULL, 0 },
	{ "${A:-${B}", NULL, 0 },
};

static void
test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf out = BUF_INIT;
		struct err e = ERR_INIT;
		bool sec = false;
		long n = expand_span(bad[i].in, strlen(bad[i].in), &e);

		assert_int_equal(n, bad[i].span);
		if (n > 0) {
			assert_int_equal(expand_eval(bad[i].in, (size_t)n, &lk,
			    &out, &sec, &e), -1);
		}
		if (bad[i].msg != NULL)
			assert_string_equal(e.msg, bad[i].msg);
		buf_free(&out);
	}
}

/* Nesting is bounded (expand_eval recurses per level): 100 levels
 * work, 101 are a plan error at the innermost '${', found by the span. */
static void
test_depth(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct err e = ERR_INIT;
	bool sec = false;
	int i;
	long n;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_adds(&in, "${UNSET:-");
	buf_adds(&in, "x");
	for (i = 0; i < 100; i++)
		buf_addc(&in, '}');
	n = expand_span(in.p, in.len, &e);
	assert_int_equal(n, (long)in.len);
	assert_int_equal(expand_eval(in.p, in.len, &lk, &out, &sec, &e), 0);
	assert_string_equal(buf_str(&out), "x");
	buf_reset(&in);
	for (i = 0; i < 300000; i++)
		buf_adds(&in, "${UNSET:-");
	assert_int_equal(expand_span(in.p, in.len, &e), -1);
	assert_string_equal(e.msg, "'${' nested more than 100 deep");
	assert_int_equal(e.col, 100 * 9 + 1);
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_secret_marked),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
