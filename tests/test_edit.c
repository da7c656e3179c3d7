/* test_edit: set-key's line matcher and the edits of set-key, replace and
 * ensure-line, as golden tables of (input, arguments, output). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "edit.h"

struct mrow {
	const char *line, *key, *sep, *comment;
	enum edit_match want;
};

static const struct mrow mrows[] = {
	/* postgresql.conf, sep " = " */
	{ "max_connections = 100", "max_connections", " = ", "#", EDIT_ACTIVE },
	{ "max_connections=100", "max_connections", " = ", "#", EDIT_ACTIVE },
	{ "max_connections 100", "max_connections", " = ", "#", EDIT_ACTIVE },
	{ "max_connections\t=\t100", "max_connections", " = ", "#",
	    EDIT_ACTIVE },
	{ "  max_connections = 1", "max_connections", " = ", "#", EDIT_ACTIVE },
	{ "max_connections", "max_connections", " = ", "#", EDIT_ACTIVE },
	{ "#max_connections = 100\t# note", "max_connections", " = ", "#",
	    EDIT_COMMENTED },
	{ "# max_connections = 100", "max_connections", " = ", "#",
	    EDIT_COMMENTED },
	{ "  #  max_connections=1", "max_connections", " = ", "#",
	    EDIT_COMMENTED },
	{ "##max_connections = 1", "max_connections", " = ", "#", EDIT_NONE },
	{ "max_connections_x = 1", "max_connections", " = ", "#", EDIT_NONE },
	{ "xmax_connections = 1", "max_connections", " = ", "#", EDIT_NONE },
	{ "Max_Connections = 1", "max_connections", " = ", "#", EDIT_NONE },
	{ "", "max_connections", " = ", "#", EDIT_NONE },
	{ "#", "max_connections", " = ", "#", EDIT_NONE },
	/* the comment prefix: empty means none, blanks around it ignored */
	{ "#port = 1", "port", " = ", "", EDIT_NONE },
	{ "; port = 1", "port", " = ", ";", EDIT_COMMENTED },
	{ "#port = 1", "port", " = ", "# ", EDIT_COMMENTED },
	{ "// port = 1", "port", " = ", "//", EDIT_COMMENTED },
	/* redis.conf, sep " ": only a blank or the end ends the key */
	{ "maxmemory 2mb", "maxmemory", " ", "#", EDIT_ACTIVE },
	{ "maxmemory=2mb", "maxmemory", " ", "#", EDIT_NONE },
	{ "maxmemory-policy noeviction", "maxmemory", " ", "#", EDIT_NONE },
	{ "# maxmemory <bytes>", "maxmemory", " ", "#", EDIT_COMMENTED },
	/* .properties, sep "=" */
	{ "a.b=1", "a.b", "=", "#", EDIT_ACTIVE },
	{ "a.b = 1", "a.b", "=", "#", EDIT_ACTIVE },
	{ "a.bc=1", "a.b", "=", "#", EDIT_NONE },
	{ "a.b:1", "a.b", "=", "#", EDIT_NONE },
	/* a multi-byte separator's non-blank part */
	{ "k:=1", "k", " := ", "#", EDIT_ACTIVE },
	{ "k:1", "k", " := ", "#", EDIT_NONE },
	/* a key that starts with the comment prefix is an active key */
	{ "#k = 1", "#k", " = ", "#", EDIT_ACTIVE },
};

static void
test_match(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(mrows) / sizeof(mrows[0]); i++) {
		const struct mrow *r = &mrows[i];

		if (edit_key_match(r->line, strlen(r->line), r->key, r->sep,
		    r->comment) != r->want)
			fail_msg("row %zu: '%s' key '%s'", i, r->line, r->key);
	}
}

struct srow {
	const char *in, *key, *sep, *value, *want;
};

static const struct srow srows[] = {
	/* the first matching line, commented out or not, is set; later
	 * active ones go, later commented ones stay */
	{ "# c\n#max_connections = 100\t# x\nshared = 1\nmax_connections=5\n"
	  "#max_connections = 7\nmax_connections 9\n", "max_connections",
	  " = ", "200", "# c\nmax_connections = 200\nshared = 1\n"
	  "#max_connections = 7\n" },
	{ "a = 1\nb = 2\n", "b", " = ", "'x'", "a = 1\nb = 'x'\n" },
	/* none: appended, after a newline the text lacked */
	{ "a = 1\n", "b", " = ", "2", "a = 1\nb = 2\n" },
	{ "a = 1", "b", " = ", "2", "a = 1\nb = 2\n" },
	{ "", "b", " = ", "2", "b = 2\n" },
	/* an unterminated last line stays unterminated; CRLF kept */
	{ "a = 1\nb = 2", "b", " = ", "3", "a = 1\nb = 3" },
	{ "a=1\r\nb=2\r\n", "a", "=", "9", "a=9\r\nb=2\r\n" },
	/* redis */
	{ "# maxmemory <bytes>\nport 6379\n", "maxmemory", " ", "2mb",
	  "maxmemory 2mb\nport 6379\n" },
	/* an empty value */
	{ "k = v\n", "k", " = ", "", "k = \n" },
};

static void
test_set_key(void **state)
{
	struct buf out = BUF_INIT, again = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(srows) / sizeof(srows[0]); i++) {
		const struct srow *r = &srows[i];

		buf_reset(&out);
		edit_set_key(r->in, strlen(r->in), r->key, r->sep, r->value,
		    "#", &out);
		if (strcmp(buf_str(&out), r->want) != 0)
			fail_msg("row %zu: got '%s'", i, buf_str(&out));
		/* idempotent: a second run changes nothing */
		buf_reset(&again);
		edit_set_key(out.p, out.len, r->key, r->sep, r->value, "#",
		    &again);
		if (strcmp(buf_str(&again), r->want) != 0)
			fail_msg("row %zu: second run gave '%s'", i,
			    buf_str(&again));
	}
	buf_free(&out);
	buf_free(&again);
}

static void
test_replace(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(edit_replace("a.b.c", 5, ".", 1, "::", 2, &out), 2);
	assert_string_equal(buf_str(&out), "a::b::c");
	buf_reset(&out);
	assert_int_equal(edit_replace("aaaa", 4, "aa", 2, "b", 1, &out), 2);
	assert_string_equal(buf_str(&out), "bb");
	buf_reset(&out);
	assert_int_equal(edit_replace("xyz", 3, "q", 1, "r", 1, &out), 0);
	assert_string_equal(buf_str(&out), "xyz");
	buf_reset(&out);
	assert_int_equal(edit_replace("", 0, "q", 1, "r", 1, &out), 0);
	assert_int_equal(out.len, 0);
	buf_reset(&out);
	/* bytes, not C strings: a NUL in the text is kept */
	assert_int_equal(edit_replace("a\0b", 3, "b", 1, "c", 1, &out), 1);
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.p, "a\0c", 3);
	/* "aab", ab -> b gives "ab": OLD made again (step_files.c refuses) */
	buf_reset(&out);
	edit_replace("aab", 3, "ab", 2, "b", 1, &out);
	assert_non_null(edit_find(out.p, out.len, "ab", 2));
	assert_null(edit_find("abc", 3, "", 0));
	assert_null(edit_find("ab", 2, "abc", 3));
	{
		const char *x = "xxab";

		assert_ptr_equal(edit_find(x, 4, "ab", 2), x + 2);
	}
	buf_free(&out);
}

static void
test_lines(void **state)
{
	struct buf out = BUF_INIT;
	const char *t = "a\nhost all\nb\nhost all\nhost all x\nhost all";

	(void)state;
	assert_true(edit_has_line(t, strlen(t), "host all", 8));
	assert_true(edit_has_line(t, strlen(t), "b", 1));
	assert_false(edit_has_line(t, strlen(t), "host", 4));
	assert_false(edit_has_line("", 0, "a", 1));
	assert_int_equal(edit_remove_line(t, strlen(t), "host all", 8, &out),
	    3);
	assert_string_equal(buf_str(&out), "a\nb\nhost all x\n");
	buf_reset(&out);
	assert_int_equal(edit_remove_line("x\n", 2, "y", 1, &out), 0);
	assert_string_equal(buf_str(&out), "x\n");
	buf_reset(&out);
	edit_add_line("a", 1, "b", 1, &out);
	assert_string_equal(buf_str(&out), "a\nb\n");
	buf_reset(&out);
	edit_add_line("", 0, "b", 1, &out);
	assert_string_equal(buf_str(&out), "b\n");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_set_key),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
