/* fuzz_gotmpl: the Go template engine, parser and executor. The first
 * byte picks strict mode and [[ ]] delimiters; the rest is the template.
 * Output goes to a sink that refuses more than 4 MiB, so that a template
 * printing without end stops. Errors must be plan errors, and the secret
 * (S, or the file /s) never in a message. */
#include "fuzz.h"
#include "buf.h"
#include "gotmpl.h"
#include "sink.h"

#define OUT_MAX (4u << 20)

struct capped {
	size_t n;
};

static int
capped_write(void *arg, const char *p, size_t n, struct err *e)
{
	struct capped *c = arg;

	(void)p;
	c->n += n;
	if (c->n > OUT_MAX)
		return err_set(e, ERR_STEP, 0, "fuzz: output cap");
	return 0;
}

static int
fz_read(void *arg, const char *path, struct buf *out, struct err *e)
{
	(void)arg;
	if (strcmp(path, "/s") == 0)
		buf_adds(out, "fil3secret\n");
	else if (strcmp(path, "/f") == 0)
		buf_adds(out, "a\nb\n");
	else
		return err_set(e, ERR_STEP, 2, "open %s", path);
	return 0;
}

static bool
fz_exists(void *arg, const char *path)
{
	(void)arg;
	return strcmp(path, "/s") == 0 || strcmp(path, "/f") == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gotmpl_env env;
	struct err e = ERR_INIT;
	struct capped cap = { 0 };
	struct sink s = { capped_write, &cap };
	struct gotmpl *t;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	if (size < 1)
		return 0;
	memset(&env, 0, sizeof(env));
	env.vars = fz_lookup;
	env.strict = data[0] & 1;
	env.read_file = fz_read;
	env.exists = fz_exists;
	t = gotmpl_parse("t", text, len, data[0] & 2 ? "[[" : NULL,
	    data[0] & 2 ? "]]" : NULL, &e);
	if (t == NULL) {
		FZ_CHECK(e.kind == ERR_PLAN && e.msg[0] != '\0');
		return 0;
	}
	if (gotmpl_exec(t, &env, &s, &e) < 0) {
		FZ_CHECK(e.kind == ERR_PLAN || cap.n > OUT_MAX);
		FZ_CHECK(e.msg[0] != '\0');
		FZ_CHECK((strstr(e.msg, "s3cret") == NULL &&
		    strstr(e.msg, "fil3secret") == NULL) ||
		    memmem(text, len, "s3cret", 6) != NULL ||
		    memmem(text, len, "fil3secret", 10) != NULL);
	}
	gotmpl_free(t);
	return 0;
}
