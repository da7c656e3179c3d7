/* test_caps: plans in, capability lists and securityContext out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "caps.h"

static void
report(const char *text, struct buf *out)
{
	struct plan p;
	struct err e = ERR_INIT;

	memset(&p, 0, sizeof(p));
	assert_int_equal(plan_parse(&p, "plan", text, strlen(text), NULL, &e),
	    0);
	buf_reset(out);
	caps_report(&p, out);
	plan_free(&p);
}

static void
test_none(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	report("env A=1\nwait tcp db:5432\nrun -- migrate\n", &b);
	assert_string_equal(buf_str(&b), "# this plan needs no capabilities: "
	    "run it as any user that can write its paths\n"
	    "# meets Pod Security \"restricted\"\n"
	    "securityContext:\n  runAsNonRoot: true\n  runAsUser: 65532\n"
	    "  runAsGroup: 65532\n"
	    "  allowPrivilegeEscalation: false\n"
	    "  seccompProfile:\n    type: RuntimeDefault\n"
	    "  capabilities:\n    drop: [\"ALL\"]\n");
	buf_free(&b);
}

static void
test_volume(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	report("chown -R 999:999 /data exclude=lost+found\n"
	    "chmod 0700 /data\n"
	    "exec user=postgres -- postgres\n", &b);
	assert_string_equal(buf_str(&b), "# capabilities this plan needs:\n"
	    "#   CAP_CHOWN            plan:1 chown: chown\n"
	    "#   CAP_DAC_READ_SEARCH  plan:1 chown: walk 0700 trees owned by "
	    "others\n"
	    "#   CAP_FOWNER           plan:2 chmod: chmod of files owned by "
	    "others\n"
	    "#   CAP_SETGID           plan:3 exec: user= (setgroups, "
	    "setresgid)\n"
	    "#   CAP_SETUID           plan:3 exec: user= (setresuid)\n"
	    "# needs Pod Security \"privileged\": baseline does not allow "
	    "DAC_READ_SEARCH (drop the walk of trees owned by others to meet "
	    "baseline)\n"
	    "securityContext:\n  runAsUser: 0\n  runAsGroup: 0\n"
	    "  allowPrivilegeEscalation: false\n"
	    "  seccompProfile:\n    type: RuntimeDefault\n"
	    "  capabilities:\n    drop: [\"ALL\"]\n"
	    "    add: [\"CHOWN\", \"DAC_READ_SEARCH\", \"FOWNER\", \"SETGID\", "
	    "\"SETUID\"]\n");
	buf_free(&b);
}

static void
test_files(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	report("mkdir /v/a mode=2770 owner=1000:1000\n", &b);
	assert_non_null(strstr(buf_str(&b), "CAP_CHOWN            plan:1 "
	    "mkdir: owner=\n"));
	assert_non_null(strstr(buf_str(&b), "CAP_DAC_OVERRIDE"));
	assert_non_null(strstr(buf_str(&b), "meets Pod Security \"baseline\""));
	assert_non_null(strstr(buf_str(&b), "  runAsUser: 0\n"));
	assert_non_null(strstr(buf_str(&b), "CAP_FSETID"));
	report("write /v/a x mode=0640\nchmod 'u=rwX' /v\n", &b);
	assert_null(strstr(buf_str(&b), "FSETID"));
	/* a rewrite keeps the old file's owner (fchown to it) */
	assert_non_null(strstr(buf_str(&b), "CAP_CHOWN            plan:1 "
	    "write: keep the owner of a file it rewrites\n"));
	report("chmod 'u=rwX' /v\n", &b);
	assert_null(strstr(buf_str(&b), "CHOWN"));
	report("chmod g+s /v\n", &b);
	assert_non_null(strstr(buf_str(&b), "FSETID"));
	report("chmod ${M} /v\n", &b);
	assert_non_null(strstr(buf_str(&b), "FSETID"));
	report("copy /src/ /v/\n", &b);
	assert_non_null(strstr(buf_str(&b), "add: [\"CHOWN\", "
	    "\"DAC_OVERRIDE\", \"DAC_READ_SEARCH\", \"FOWNER\"]"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_volume),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
