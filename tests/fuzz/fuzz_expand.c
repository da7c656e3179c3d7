/* fuzz_expand: the ${...} language. The input follows "${"; whatever
 * expand_span accepts is evaluated from an exactly sized copy (so ASan
 * sees any read past the expression), and errors must be plan or step
 * errors with a message. Without the secret flag the secret's value must
 * not have shaped the output: evaluated again with S holding another
 * value, the result is the same (the input's own literal text may well
 * spell "s3cret" across a '}', so searching the output is not enough). */
#include "fuzz.h"
#include "buf.h"
#include "expand.h"

static const char *
other_get(void *arg, const char *name, size_t len, bool *secret)
{
	if (len == 1 && name[0] == 'S') {
		*secret = true;
		return "Z9?*x]";
	}
	return fz_get(arg, name, len, secret);
}

static const struct lookup other = { other_get, NULL, NULL };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 2), *x;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	bool secret = false;
	long len;

	if (s == NULL)
		abort();
	memcpy(s, "${", 2);
	if (size > 0)
		memcpy(s + 2, data, size);
	len = expand_span(s, size + 2, &e);
	FZ_CHECK(len >= -1 && len <= (long)size + 2);
	if (len < 0)
		FZ_CHECK(e.kind == ERR_PLAN && e.msg[0] != '\0' && e.col > 0);
	if (len > 0) {
		FZ_CHECK(s[len - 1] == '}');
		x = malloc((size_t)len);
		if (x == NULL)
			abort();
		memcpy(x, s, (size_t)len);
		struct buf alt = BUF_INIT;
		struct err ae = ERR_INIT;
		bool asec = false;
		int r, ar;

		err_clear(&e);
		r = expand_eval(x, (size_t)len, &fz_lookup, &out, &secret, &e);
		ar = expand_eval(x, (size_t)len, &other, &alt, &asec, &ae);
		/* An error never carries the secret: "s3cret" in it must also
		 * be there when S holds something else (the input spelt it,
		 * e.g. s${A:+3cret}). */
		if (r < 0)
			FZ_CHECK((e.kind == ERR_PLAN || e.kind == ERR_STEP) &&
			    e.msg[0] != '\0' && (strstr(e.msg, "s3cret") ==
			    NULL || (ar < 0 && strstr(ae.msg, "s3cret"))));
		/* The secret's value may only shape the output with the flag. */
		if (!secret && r == 0) {
			FZ_CHECK(ar == 0 && !asec);
			FZ_CHECK(strcmp(buf_str(&out), buf_str(&alt)) == 0);
		}
		buf_free(&alt);
		free(x);
	}
	buf_free(&out);
	free(s);
	return 0;
}
