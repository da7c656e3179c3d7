/* test_redact: the redaction table, err's redact-then-truncate, and the
 * log's escaping (one entry one line; JSON valid whatever a name holds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "log.h"
#include "redact.h"

static char *
red(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	redact(&b, s, strlen(s));
	return (char *)buf_str(&b);
}

static int
reset(void **state)
{
	(void)state;
	redact_clear();
	return 0;
}

static void
t_basic(void **state)
{
	(void)state;
	assert_string_equal(red("no secrets yet"), "no secrets yet");
	redact_add("hunter2", 7);
	redact_add("", 0);
	assert_int_equal(redact_count(), 1);
	assert_string_equal(red("pw=hunter2 and hunter2hunter2"),
	    "pw=*** and ******");
	assert_string_equal(red("hunter"), "hunter");
}

/* a one-byte secret overflowed the old in-place replacement; "*" looped
 * forever on its own replacement */
static void
t_short_and_star(void **state)
{
	(void)state;
	redact_add("a", 1);
	assert_string_equal(red("aaa"), "*********");
	redact_clear();
	redact_add("*", 1);
	assert_string_equal(red("x*y"), "x***y");
	assert_string_equal(red("***"), "*********");
}

/* the longest secret at a position wins, so no piece of it survives */
static void
t_longest_first(void **state)
{
	(void)state;
	redact_add("abc", 3);
	redact_add("abcdef", 6);
	assert_string_equal(red("xabcdefy abcx"), "x***y ***x");
}

/* a secret cut by the 512-byte limit must not leave its prefix behind */
static void
t_err_truncation(void **state)
{
	struct err e = ERR_INIT;
	char pad[600];

	(void)state;
	memset(pad, 'p', sizeof(pad));
	pad[505] = '\0';
	redact_add("SECRETVALUE", 11);
	err_set(&e, ERR_STEP, 0, "%s/SECRETVALUE/more", pad);
	assert_null(strstr(e.msg, "SECR"));
	assert_non_null(strstr(e.msg, "***"));
	assert_true(strlen(e.msg) < sizeof(e.msg));
	/* and a prefix added later is redacted too */
	memset(pad, 'q', sizeof(pad));
	pad[500] = '\0';
	err_set(&e, ERR_STEP, 0, "SECRETVALUE");
	err_prefix(&e, "%s SECRETVALUE", pad);
	assert_null(strstr(e.msg, "SECR"));
	assert_int_equal(strncmp(e.msg, pad, 500), 0);
}

/* URL userinfo is hidden whether or not a variable held it, up to the
 * URL's last '@' (a password may hold '/') */
static void
t_url_userinfo(void **state)
{
	(void)state;
	assert_string_equal(red("get http://u:PA/SS@h:80/p x"),
	    "get http://***@h:80/p x");
	assert_string_equal(red("'redis://:pw@r:6379' and tcp://h:1"),
	    "'redis://***@r:6379' and tcp://h:1");
	assert_string_equal(red("http://h/p#frag@x"), "http://h/p#frag@x");
	assert_string_equal(red("a://@h"), "a://@h");
}

static char *
jesc(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	log_json_escape(&b, s);
	return (char *)buf_str(&b);
}

static char *
tesc(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	log_escape(&b, s);
	return (char *)buf_str(&b);
}

static void
t_escape(void **state)
{
	(void)state;
	assert_string_equal(jesc("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
	/* valid UTF-8 passes, invalid bytes become U+FFFD */
	assert_string_equal(jesc("h\xc3\xa9llo"), "h\xc3\xa9llo");
	assert_string_equal(jesc("bad\xff\xfe!"), "bad\\ufffd\\ufffd!");
	assert_string_equal(jesc("\xc0\xaf"), "\\ufffd\\ufffd");	/* overlong */
	assert_string_equal(jesc("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");
	assert_string_equal(jesc("\xe2\x82"), "\\ufffd\\ufffd");	/* cut */
	assert_string_equal(jesc("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
	assert_string_equal(jesc("\xe2\x80\xa8|\xe2\x80\xa9"),
	    "\\u2028|\\u2029");
	/* text: invalid bytes and controls as \xNN, one entry one line */
	assert_string_equal(tesc("a\nb\xff\x1b[31m"), "a\\nb\\xff\\x1b[31m");
	assert_string_equal(tesc("h\xc3\xa9"), "h\xc3\xa9");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(t_basic, reset),
		cmocka_unit_test_setup(t_short_and_star, reset),
		cmocka_unit_test_setup(t_longest_first, reset),
		cmocka_unit_test_setup(t_err_truncation, reset),
		cmocka_unit_test(t_escape),
		cmocka_unit_test_setup(t_url_userinfo, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
