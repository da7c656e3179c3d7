/* fuzz_envfile: dotenv parsing (vars_load_dotenv). Every name it sets is
 * a valid variable name; a failure names a line that exists. */
#include "fuzz.h"
#include "redact.h"
#include "vars.h"

static unsigned
count_lines(const char *s)
{
	unsigned n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_str(data, size);
	unsigned lines = count_lines(text), line = 0;
	struct vars vs;
	struct err e = ERR_INIT;
	size_t i;
	int r;

	vars_init(&vs, (char *[]){ "KEEP=1", NULL });
	r = vars_load_dotenv(&vs, text, VAR_SECRET, &line, &e);
	FZ_CHECK(r == 0 || r == -1);
	FZ_CHECK(line >= 1 && line <= lines);
	if (r < 0)
		FZ_CHECK(e.kind == ERR_PLAN && e.msg[0] != '\0');
	for (i = 0; i < vs.n; i++) {
		FZ_CHECK(vars_valid_name(vs.v[i].name,
		    strlen(vs.v[i].name)));
		FZ_CHECK(i == 0 || strcmp(vs.v[i - 1].name,
		    vs.v[i].name) < 0);
		FZ_CHECK(strcmp(vs.v[i].name, "KEEP") == 0 ||
		    (vs.v[i].flags & VAR_SECRET));
	}
	vars_free(&vs);
	free(text);
	/* every value was registered as a secret: a process registry that
	 * grew across runs made each run slower (30 minutes gave 135k runs) */
	redact_clear();
	return 0;
}
