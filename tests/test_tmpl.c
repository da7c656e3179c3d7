/* test_tmpl: braced and envsubst rendering, whole and fed one byte at a
 * time (every reference cut at every place), and errors with line:col. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "tmpl.h"

static const char *const table[][2] = {
	{ "A", "alpha" }, { "EMPTY", "" }, { "S", "s3cret" }, { "A_B", "ab" },
	{ "host", "HOST" }, { "HOSTNAME", "web-db-12" },
};

static const char *
get(void *arg, const char *name, size_t len, bool *secret)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i][0]) == len &&
		    memcmp(table[i][0], name, len) == 0) {
			*secret |= strcmp(table[i][0], "S") == 0;
			return table[i][1];
		}
	return NULL;
}

static const struct lookup lk = { get, NULL, NULL };

struct feed {
	const char *p;
	size_t n, step;
};

static long
feed_read(void *arg, char *buf, size_t n, struct err *e)
{
	struct feed *f = arg;

	(void)e;
	if (n > f->step)
		n = f->step;
	if (n > f->n)
		n = f->n;
	memcpy(buf, f->p, n);
	f->p += n;
	f->n -= n;
	return (long)n;
}

/* Render in with syntax/vars, fed `step` bytes at a time. */
static int
render(const char *in, enum tmpl_syntax syn, const char *vars, size_t step,
    struct buf *out, struct err *e)
{
	struct feed f = { in, strlen(in), step };
	struct tmpl_reader r = { feed_read, &f };
	struct tmpl_opts o = { syn, vars };
	struct sink s = sink_to_buf(out);
	bool sec = false;

	return tmpl_render(&r, "t", &o, &lk, &s, &sec, e);
}

static const struct {
	enum tmpl_syntax syn;
	const char *vars, *in, *out;
} cases[] = {
	{ TMPL_BRACED, NULL, "a ${A} b", "a alpha b" },
	{ TMPL_BRACED, NULL, "$host ${A:-x} $$ $${A} $", "$host alpha $$ ${A} $" },
	{ TMPL_BRACED, NULL, "${UNSET:-d}\n${EMPTY}|", "d\n|" },
	{ TMPL_BRACED, NULL, "${A:+${A_B}}x", "abx" },
	/* values cached in the arena end at their own NUL, never in the
	 * next value's bytes */
	{ TMPL_BRACED, NULL, "${A:-x} ${A_B:-y} ${A:-z}", "alpha ab alpha" },
	{ TMPL_BRACED, NULL, "a ${NOPE+x}|${NOPE:+x}|${EMPTY}|", "a |||" },
	{ TMPL_BRACED, NULL, "\xff\xfe ${A} \xc3", "\xff\xfe alpha \xc3" },
	/* shell string operations and ${#NAME}, cut at every place */
	{ TMPL_BRACED, NULL, "id=${HOSTNAME##*-} host=${HOSTNAME%-*}\n",
	  "id=12 host=web-db\n" },
	{ TMPL_BRACED, NULL, "${HOSTNAME#*-}|${HOSTNAME%%-*}|${#HOSTNAME}|${#EMPTY}",
	  "db-12|web|9|0" },
	{ TMPL_BRACED, NULL, "${A#${A_B:-x}}|${A%[ah]*}|${A%%[ah]*}|${UNSET:-${A#?}}",
	  "alpha|alph||lpha" },
	{ TMPL_BRACED, NULL, "$${HOSTNAME##*-} ${HOSTNAME%%[0-9]*}",
	  "${HOSTNAME##*-} web-db-" },
	/* envsubst leaves them alone, as GNU envsubst does */
	{ TMPL_ENVSUBST, NULL, "${HOSTNAME##*-} ${#A} ${A%x} ${A#}",
	  "${HOSTNAME##*-} ${#A} ${A%x} ${A#}" },
	{ TMPL_ENVSUBST, NULL, "$A ${A} $A_B ${A_B}x $UNSET. $", "alpha alpha ab abx . $" },
	{ TMPL_ENVSUBST, NULL, "$$A \\$A ${A:-x} ${A", "$alpha \\alpha ${A:-x} ${A" },
	{ TMPL_ENVSUBST, NULL, "${$A} $1 ${} ${A}}", "${alpha} $1 ${} alpha}" },
	{ TMPL_ENVSUBST, NULL, "$host $remote_addr", "HOST " },
	{ TMPL_ENVSUBST, "defined", "$host $remote_addr ${A}", "HOST $remote_addr alpha" },
	{ TMPL_ENVSUBST, "A,EMPTY", "$A $A_B $EMPTY $UNSET", "alpha $A_B  $UNSET" },
	{ TMPL_ENVSUBST, "$A ${A_B}", "$A $A_B $host", "alpha ab $host" },
};

static void
test_cases(void **state)
{
	size_t i, step;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (step = 1; step <= 70000; step = step == 1 ? 3 :
		    step * 100) {
			struct buf out = BUF_INIT;
			struct err e = ERR_INIT;

			assert_int_equal(render(cases[i].in, cases[i].syn,
			    cases[i].vars, step, &out, &e), 0);
			assert_string_equal(buf_str(&out), cases[i].out);
			buf_free(&out);
		}
}

static const struct { const char *in, *err; } errors[] = {
	{ "ok\n  ${NOPE}", "2:3: undefined variable NOPE" },
	{ "${A}${A}\nxx ${A} ${1x}", "2:9: unexpected 'x' in '${1'" },
	{ "a\nb ${A:-x", "2:3: unterminated '${'" },
	{ "a\n ${A} ${NOPE##*-}", "2:7: undefined variable NOPE" },
	{ "a\n ${#NOPE}", "2:2: undefined variable NOPE" },
	{ "${#-}", "1:1: bad variable name after '${#'" },
	{ "xy ${#A:-1}", "1:4: unexpected ':' in '${#A' (${#NAME} is NAME's length)" },
};

static void
test_errors(void **state)
{
	size_t i, step;

	(void)state;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		for (step = 1; step < 100; step += 7) {
			struct buf out = BUF_INIT;
			struct err e = ERR_INIT;
			char got[600];

			assert_int_equal(render(errors[i].in, TMPL_BRACED, NULL,
			    step, &out, &e), -1);
			assert_int_equal(e.kind, ERR_PLAN);
			snprintf(got, sizeof(got), "%u:%u: %s", e.line, e.col,
			    e.msg);
			assert_string_equal(got, errors[i].err);
			buf_free(&out);
		}
}

static void
test_secret_flag(void **state)
{
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	struct tmpl_opts o = { TMPL_BRACED, NULL };
	struct sink s = sink_to_buf(&out);
	bool sec = false;

	(void)state;
	assert_int_equal(tmpl_render_mem("x ${A}", 6, "t", &o, &lk, &s, &sec,
	    &e), 0);
	assert_false(sec);
	assert_int_equal(tmpl_render_mem("x ${S}", 6, "t", &o, &lk, &s, &sec,
	    &e), 0);
	assert_true(sec);
	sec = false;
	assert_int_equal(tmpl_render_mem("x ${A#a}", 8, "t", &o, &lk, &s, &sec,
	    &e), 0);
	assert_false(sec);
	assert_int_equal(tmpl_render_mem("x ${S#s3}", 9, "t", &o, &lk, &s,
	    &sec, &e), 0);
	assert_true(sec);
	sec = false;
	assert_int_equal(tmpl_render_mem("${#S}", 5, "t", &o, &lk, &s, &sec,
	    &e), 0);
	assert_true(sec);
	sec = false;
	assert_int_equal(tmpl_render_mem("${A%${S}}", 9, "t", &o, &lk, &s,
	    &sec, &e), 0);
	assert_true(sec);
	buf_free(&out);
}

static void
test_nul(void **state)
{
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	struct tmpl_opts o = { TMPL_BRACED, NULL };
	struct sink s = sink_to_buf(&out);
	bool sec = false;

	(void)state;
	assert_int_equal(tmpl_render_mem("a\0b", 3, "t", &o, &lk, &s, &sec,
	    &e), -1);
	assert_string_equal(e.msg, "NUL byte in template");
	assert_int_equal(e.line, 1);
	assert_int_equal(e.col, 2);
	buf_free(&out);
}

/* References too long to carry over a chunk boundary (4096 bytes): the
 * result must not depend on where the cuts fall. A braced expression is
 * an error, an envsubst name is left as it is; one byte shorter works. */
static void
test_long_refs(void **state)
{
	static const size_t steps[] = { 1, 7, 4000, 4097, 65536 };
	struct buf in = BUF_INIT, out = BUF_INIT;
	size_t i, k;

	(void)state;
	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		struct err e = ERR_INIT;

		/* "${NOPE:-" + x... + "}" is 4096 bytes: too long. */
		buf_reset(&in);
		buf_adds(&in, "ab\n ${NOPE:-");
		for (i = 0; i < 4096 - 9; i++)
			buf_addc(&in, 'x');
		buf_adds(&in, "}|");
		buf_reset(&out);
		assert_int_equal(render(in.p, TMPL_BRACED, NULL, steps[k],
		    &out, &e), -1);
		assert_string_equal(e.msg,
		    "'${' expression longer than 4095 bytes");
		assert_int_equal(e.line, 2);
		assert_int_equal(e.col, 2);
		/* 4095 bytes: rendered. */
		in.p[in.len - 3] = '}';
		in.p[in.len - 2] = '|';
		in.len--;
		in.p[in.len] = '\0';
		buf_reset(&out);
		assert_int_equal(render(in.p, TMPL_BRACED, NULL, steps[k],
		    &out, &e), 0);
		assert_int_equal(out.len, 4 + 4095 - 9 + 1);
		/* Unclosed, 4094 bytes: unterminated; 4096: too long. */
		in.len -= 2;
		in.p[in.len] = '\0';
		assert_int_equal(render(in.p, TMPL_BRACED, NULL, steps[k],
		    &out, &e), -1);
		assert_string_equal(e.msg, "unterminated '${'");
		buf_adds(&in, "xx");
		assert_int_equal(render(in.p, TMPL_BRACED, NULL, steps[k],
		    &out, &e), -1);
		assert_string_equal(e.msg,
		    "'${' expression longer than 4095 bytes");

		/* A name running past the carry-over: too long, even
		 * where a whole chunk shows the ',' that ends it. */
		buf_reset(&in);
		buf_adds(&in, "${");
		for (i = 0; i < 4100; i++)
			buf_addc(&in, 'N');
		buf_adds(&in, ",}");
		assert_int_equal(render(in.p, TMPL_BRACED, NULL, steps[k],
		    &out, &e), -1);
		assert_string_equal(e.msg,
		    "'${' expression longer than 4095 bytes");

		/* envsubst: "$" + 4095 name bytes stays as it is. */
		buf_reset(&in);
		buf_adds(&in, "a $");
		for (i = 0; i < 4095; i++)
			buf_addc(&in, 'A');
		buf_adds(&in, " $A");
		buf_reset(&out);
		assert_int_equal(render(in.p, TMPL_ENVSUBST, NULL, steps[k],
		    &out, &e), 0);
		assert_int_equal(out.len, in.len - 2 + 5);
		assert_memory_equal(out.p, in.p, in.len - 2);
		assert_string_equal(out.p + in.len - 2, "alpha");
	}
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_secret_flag),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_long_refs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
