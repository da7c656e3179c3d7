/* test_owner: owner specs and group lists against fixture files, and the
 * passwd/group parser on texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "owner.h"

#define PW "tests/fixtures/passwd"
#define GR "tests/fixtures/group"

struct row {
	const char *spec;
	uid_t uid;
	gid_t gid;
};

static const struct row ok_rows[] = {
	{ "1000", 1000, OWNER_NONE_GID },
	{ "1000:1000", 1000, 1000 },
	{ "472:472", 472, 472 },	/* numeric: no entry needed */
	{ "12345:54321", 12345, 54321 },
	{ "app", 1000, OWNER_NONE_GID },
	{ "app:", 1000, 1000 },		/* login group */
	{ "postgres:audio", 999, 29 },
	{ "grafana:", 472, 0 },
	{ ":video", OWNER_NONE_UID, 44 },
	{ ":44", OWNER_NONE_UID, 44 },
	{ "999:", 999, 999 },		/* numeric with login group */
	{ "0:0", 0, 0 },
	{ "root", 0, OWNER_NONE_GID },
};

static void
test_parse_ok(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok_rows) / sizeof(ok_rows[0]); i++) {
		struct err e = ERR_INIT;
		uid_t u;
		gid_t g;

		if (owner_parse(ok_rows[i].spec, PW, GR, &u, &g, &e) != 0)
			fail_msg("%s: %s", ok_rows[i].spec, e.msg);
		assert_int_equal(u, ok_rows[i].uid);
		assert_int_equal(g, ok_rows[i].gid);
	}
}

static const struct {
	const char *spec, *msg;
} bad_rows[] = {
	{ "", "invalid owner" },
	{ ":", "invalid owner" },
	{ "nosuch", "unknown user 'nosuch'" },
	{ "nosuch:app", "unknown user 'nosuch'" },
	{ "app:nogroup", "unknown group 'nogroup'" },
	{ ":nogroup", "unknown group 'nogroup'" },
	{ "4242:", "no entry for uid 4242" },
	{ "broken", "bad entry" },
	{ "nisuser", "unknown user" },
	{ "appl", "unknown user" },
	{ "4294967295", "unknown user" },
};

static void
test_parse_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		struct err e = ERR_INIT;
		uid_t u;
		gid_t g;

		if (owner_parse(bad_rows[i].spec, PW, GR, &u, &g, &e) != -1)
			fail_msg("'%s' accepted", bad_rows[i].spec);
		assert_int_equal(e.kind, ERR_STEP);
		if (strstr(e.msg, bad_rows[i].msg) == NULL)
			fail_msg("'%s': %s", bad_rows[i].spec, e.msg);
	}
}

static void
test_missing_files(void **state)
{
	struct err e = ERR_INIT;
	uid_t u;
	gid_t g;

	(void)state;
	/* numeric ids need no file at all */
	assert_int_equal(owner_parse("5:6", "/nonexistent/p", "/nonexistent/g",
	    &u, &g, &e), 0);
	assert_int_equal(owner_parse("app", "/nonexistent/p", GR, &u, &g, &e),
	    -1);
	assert_non_null(strstr(e.msg, "/nonexistent/p"));
	/* a directory is refused, never read as empty */
	assert_int_equal(owner_parse("app", "tests", GR, &u, &g, &e), -1);
}

static void
test_getpw(void **state)
{
	struct owner_pw pw;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(owner_getpw("postgres", PW, &pw, &e), 0);
	assert_string_equal(pw.name, "postgres");
	assert_string_equal(pw.home, "/var/lib/postgresql");
	assert_string_equal(pw.shell, "/bin/bash");
	assert_int_equal(pw.uid, 999);
	assert_int_equal(pw.gid, 999);
	owner_pw_free(&pw);
	assert_int_equal(owner_getpw("1000", PW, &pw, &e), 0);
	assert_string_equal(pw.name, "app");
	owner_pw_free(&pw);
	assert_int_equal(owner_getpw("1001", PW, &pw, &e), -1);
	assert_null(pw.name);
}

static void
test_groups(void **state)
{
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	gid_t *l;
	size_t n;

	(void)state;
	assert_int_equal(owner_read(GR, &b, &e), 0);
	owner_groups(buf_str(&b), "app", 1000, &l, &n);
	assert_int_equal(n, 3);		/* 1000 once, not twice */
	assert_int_equal(l[0], 1000);
	assert_int_equal(l[1], 29);
	assert_int_equal(l[2], 44);
	free(l);
	owner_groups(buf_str(&b), "daemon", 1, &l, &n);
	assert_int_equal(n, 1);
	free(l);
	/* a missing file is -2 (callers may read it as empty) */
	assert_int_equal(owner_read("/nonexistent", &b, &e), -2);
	owner_groups(buf_str(&b), "app", 7, &l, &n);
	assert_int_equal(n, 1);
	assert_int_equal(l[0], 7);
	free(l);
	assert_int_equal(owner_read("tests", &b, &e), -1);
	buf_free(&b);
}

/* Texts from memory: a malformed line is skipped, not half-used, and a
 * later good line for the same key still counts. */
static void
test_text(void **state)
{
	static const char pw_text[] =
	    "+:x:0:0::/:/bin/sh\n"
	    "dup:x:12:zz::/:/bin/sh\n"
	    "dup:x:12:34::/d:/bin/sh\n"
	    "bad:x:1:y::/:/bin/sh\n"
	    "short:x:7\n"
	    "last:x:8:9::/l:/bin/sh";
	static const char gr_text[] = "g:x:q:\ng:x:5:a,b\nh:x:6\n";
	struct owner_pw pw;
	gid_t g;

	(void)state;
	assert_int_equal(owner_pw_find(pw_text, "dup", &pw), 1);
	assert_int_equal(pw.gid, 34);
	assert_string_equal(pw.home, "/d");
	owner_pw_free(&pw);
	assert_int_equal(owner_pw_find(pw_text, "12", &pw), 1);
	assert_string_equal(pw.name, "dup");
	owner_pw_free(&pw);
	assert_int_equal(owner_pw_find(pw_text, "last", &pw), 1);
	assert_int_equal(pw.uid, 8);
	owner_pw_free(&pw);
	assert_int_equal(owner_pw_find(pw_text, "bad", &pw), -1);
	assert_null(pw.name);
	assert_int_equal(owner_pw_find(pw_text, "short", &pw), 0);
	assert_int_equal(owner_pw_find(pw_text, "0", &pw), 0);	/* NIS */
	assert_int_equal(owner_pw_find("", "root", &pw), 0);
	assert_int_equal(owner_gr_find(gr_text, "g", &g), 1);
	assert_int_equal(g, 5);
	assert_int_equal(owner_gr_find(gr_text, "h", &g), 1);
	assert_int_equal(g, 6);
	assert_int_equal(owner_gr_find(gr_text, "a", &g), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_getpw),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
