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
	{ "H", "web-db-12" }, { "F", "/a/b/c.tar.gz" }, { "G", "a*b" },
	{ "STAR", "*" }, { "PRE", "web-" }, { "U", "\xc3\xa9t\xc3\xa9" },
	{ "X", "a]b-c" }, { "Y", "ab[c" },
	{ "1", "first" }, { "10", "tenth" }, { "#", "2" },	/* run.c's */
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
	/* container arguments: the names reach the lookup as written */
	{ "${1}", "first" },
	{ "${10}", "tenth" },
	{ "${2:-none}", "none" },
	{ "${#}", "2" },
	{ "${#1}", "5" },
	{ "${1#f}", "irst" },
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
	/* string operations, each checked against dash */
	{ "${H##*-}", "12" },		/* a StatefulSet pod's ordinal */
	{ "${H#*-}", "db-12" },
	{ "${H%-*}", "web-db" },
	{ "${H%%-*}", "web" },
	{ "${F##*/}", "c.tar.gz" },
	{ "${F%.*}", "/a/b/c.tar" },
	{ "${F%%.*}", "/a/b/c" },
	{ "${F#/}", "a/b/c.tar.gz" },
	{ "${F#x}", "/a/b/c.tar.gz" },
	{ "${H#web}", "-db-12" },
	{ "${H%12}", "web-db-" },
	{ "${H%web}", "web-db-12" },
	{ "${H#?}", "eb-db-12" },
	{ "${H%[0-9]}", "web-db-1" },
	{ "${H%%[0-9]*}", "web-db-" },
	{ "${H#[!w]}", "web-db-12" },
	{ "${G#a\\*}", "b" },
	{ "${G#a*}", "*b" },
	{ "${G##a*}", "" },
	{ "${H#*}", "web-db-12" },
	{ "${H##*}", "" },
	{ "${H%%*}", "" },
	{ "${H%*}", "web-db-12" },
	{ "${H#}", "web-db-12" },
	{ "${H##}", "web-db-12" },
	{ "${H%}", "web-db-12" },
	{ "${H%%}", "web-db-12" },
	{ "${H# }", "web-db-12" },
	{ "${H%%[[:digit:]]*}", "web-db-" },
	{ "${H##*[[:alpha:]-]}", "12" },
	{ "${H#[[:upper:]]}", "web-db-12" },
	{ "${X#a[]]}", "b-c" },
	{ "${X%[!-]}", "a]b-" },
	{ "${X#[a-]}", "]b-c" },
	{ "${X%%[-c]*}", "a]b" },
	{ "${Y#ab[}", "c" },		/* an unclosed '[' is itself */
	{ "${Y%[c}", "ab" },
	{ "${H#w?b}", "-db-12" },
	{ "${H#*[!a-z]}", "db-12" },
	{ "${H%[0-9][0-9]}", "web-db-" },
	{ "${G#*\\*}", "b" },
	{ "${X#?\\]}", "b-c" },
	{ "${H##*[^0-9]}", "12" },	/* '^' negates, as in bash (dash: no) */
	{ "${H#[[:bogus:]w]}", "eb-db-12" },
	{ "${EMPTY#x}", "" },
	{ "${EMPTY%%*}", "" },
	/* a nested value matches literally, as the shell's "${STAR}" */
	{ "${G%${STAR}b}", "a" },
	{ "${G#${STAR}}", "a*b" },
	{ "${H#${PRE}}", "db-12" },
	{ "${H#${A}}", "web-db-12" },
	{ "${H#${UNSET:-web}-}", "db-12" },
	{ "${UNSET:-${H##*-}}", "12" },
	{ "${H%%-${N}*}", "web-db" },
	{ "${#H}", "9" },
	{ "${#EMPTY}", "0" },
	{ "${#U}", "5" },		/* bytes, not characters */
	{ "${U#\xc3\xa9}", "t\xc3\xa9" },
	{ "${UNSET:-${#F}}", "13" },
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

/* A secret stays one through every operation, and so does a result cut
 * by a pattern that holds a secret. */
static void
test_secret_ops(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "${S#s3}", "cret" }, { "${S##*3}", "cret" },
		{ "${S%cret}", "s3" }, { "${S%%*}", "" }, { "${#S}", "6" },
		{ "${H#${S}}", "web-db-12" }, { "${A%${S%s3cret}a}", "alph" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct buf out = BUF_INIT;
		struct err e = ERR_INIT;
		bool sec = false;

		assert_int_equal(expand_eval(t[i].in, strlen(t[i].in), &lk,
		    &out, &sec, &e), 0);
		assert_string_equal(buf_str(&out), t[i].out);
		if (!sec)
			fail_msg("%s: not marked secret", t[i].in);
		buf_free(&out);
	}
}

static const struct { const char *in, *msg; long span; } bad[] = {
	{ "${UNSET}", "undefined variable UNSET", 8 },
	{ "${EMPTY:?is needed}", "EMPTY: is needed", 19 },
	{ "${UNSET?}", "UNSET: parameter not set", 9 },
	{ "${1A}", "unexpected 'A' in '${1'", -1 },	/* ${1} then A */
	{ "${A=x}", "unexpected '=' in '${A'", -1 },
	{ "${UNSET#x}", "undefined variable UNSET", 10 },
	{ "${UNSET%%*}", "undefined variable UNSET", 11 },
	{ "${#UNSET}", "undefined variable UNSET", 9 },
	{ "${H#${UNSET}}", "undefined variable UNSET", 13 },
	{ "${#-}", "bad variable name after '${#'", -1 },
	{ "${2}", "undefined variable 2", 4 },	/* no second argument */
	{ "${#A:-x}", "unexpected ':' in '${#A' (${#NAME} is NAME's length)",
	  -1 },
	{ "${#A#x}", "unexpected '#' in '${#A' (${#NAME} is NAME's length)",
	  -1 },
	{ "${A:#x}", "unknown operator ':#' in '${A'", -1 },
	{ "${A:%x}", "unknown operator ':%' in '${A'", -1 },
	{ "${#A", NULL, 0 },
	{ "${#", NULL, 0 },
	{ "${A#${B}", NULL, 0 },
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
		cmocka_unit_test(test_secret_ops),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
