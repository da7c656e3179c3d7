/* test_mode: mode_parse and mode_apply against a table checked with GNU
 * chmod (umask 022, where no who-letter makes no difference). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mode.h"

struct row {
	const char *spec;
	mode_t cur;
	bool isdir;
	mode_t want;
};

static const struct row rows[] = {
	/* octal is exact, unlike GNU on directories (C6) */
	{ "0700", 02777, true, 0700 },
	{ "700", 03777, true, 0700 },
	{ "00700", 02777, true, 0700 },
	{ "2770", 0700, true, 02770 },
	{ "0", 0777, false, 0 },
	{ "7777", 0, false, 07777 },
	/* symbolic: outputs of GNU coreutils chmod */
	{ "u=rwX,g=rX,o=", 0644, false, 0640 },
	{ "u=rwX,g=rX,o=", 0744, false, 0750 },
	{ "u=rwX,g=rX,o=", 0600, true, 0750 },
	{ "+t", 0755, true, 01755 },
	{ "g+s", 0755, true, 02755 },
	{ "a-w", 0777, false, 0555 },
	{ "u=rwx", 04755, true, 04755 },
	{ "u=rwx", 04755, false, 0755 },
	{ "g=u", 0640, false, 0660 },
	{ "o=g", 0750, false, 0755 },
	{ "u+s,g-x", 0755, false, 04745 },
	{ "=r", 0777, false, 0444 },
	{ "a=rx", 01777, true, 0555 },
	{ "go-rwx", 0777, false, 0700 },
	{ "u=rw,go=r", 06755, false, 0644 },
	{ "g-s", 02775, true, 0775 },
	{ "a+X", 0644, false, 0644 },
	{ "a+X", 0744, false, 0755 },
	{ "ug+rw-x", 0711, false, 0661 },
	{ "o=", 01777, true, 0770 },
	{ "u=s", 0755, false, 04055 },
	/* no who-letter means `a` whatever the umask (documented choice) */
	{ "+w", 0444, false, 0666 },
	{ "-x", 0755, true, 0644 },
};

static void
test_table(void **state)
{
	struct mode_spec m;
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		mode_t got;

		assert_int_equal(mode_parse(rows[i].spec, &m, &e), 0);
		got = mode_apply(&m, rows[i].cur, rows[i].isdir);
		if (got != rows[i].want)
			fail_msg("%s on %04o%s: got %04o, want %04o",
			    rows[i].spec, (unsigned)rows[i].cur,
			    rows[i].isdir ? "/" : "", (unsigned)got,
			    (unsigned)rows[i].want);
	}
}

static void
test_errors(void **state)
{
	static const char *badv[] = { "", "8", "0800", "17777", "u", "u+rw,",
	    "z+r", "u+r,,g+r", "u+q", "777a", "+r,u", "u=rwx+" "\x01" };
	struct mode_spec m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(badv) / sizeof(badv[0]); i++) {
		struct err e = ERR_INIT;

		if (mode_parse(badv[i], &m, &e) != -1)
			fail_msg("'%s' accepted", badv[i]);
		assert_int_equal(e.kind, ERR_PLAN);
		assert_non_null(strstr(e.msg, "invalid mode"));
	}
}

static void
test_too_many(void **state)
{
	struct mode_spec m;
	struct err e = ERR_INIT;
	char s[200] = "";
	int i;

	(void)state;
	for (i = 0; i < MODE_MAX_CLAUSES; i++)
		strcat(s, i ? ",u+r" : "u+r");
	assert_int_equal(mode_parse(s, &m, &e), 0);
	strcat(s, ",u+r");
	assert_int_equal(mode_parse(s, &m, &e), -1);
}

/* umask takes 1 to 4 octal digits up to 0777, as the shell's umask. */
static void
test_umask(void **state)
{
	static const char *const good[] = { "0", "22", "077", "0777", "0000" };
	static const char *const bad[] = { "", "0800", "1777", "8", "00777",
	    "u=rwx", "-1", "0x1f", " 022" };
	struct err e = ERR_INIT;
	mode_t m = 1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(mode_parse_umask(good[i], &m, &e), 0);
	assert_int_equal(m, 0);
	assert_int_equal(mode_parse_umask("077", &m, &e), 0);
	assert_int_equal(m, 077);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(mode_parse_umask(bad[i], &m, &e), -1);
		assert_int_equal(e.kind, ERR_PLAN);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_umask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
