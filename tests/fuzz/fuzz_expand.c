/* fuzz_expand: the ${...} language. The input follows "${"; whatever
 * expand_span accepts is evaluated from an exactly sized copy (so ASan
 * sees any read past the expression), and errors must be plan or step
 * errors with a message. */
#include "fuzz.h"
#include "buf.h"
#include "expand.h"

/* "s3cret" in the error message (msg) or the output also comes out when S
 * holds something else: the input spelt it, the secret did not leak. */
static bool
from_pieces(const char *x, size_t len, bool msg)
{
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	bool sec = false, again;
	int r = expand_eval(x, len, &fz_lookup_other, &out, &sec, &e);

	again = msg ? r < 0 && strstr(e.msg, "s3cret") != NULL :
	    strstr(buf_str(&out), "s3cret") != NULL;
	buf_free(&out);
	return again;
}

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
		err_clear(&e);
		if (expand_eval(x, (size_t)len, &fz_lookup, &out, &secret,
		    &e) < 0)
			FZ_CHECK((e.kind == ERR_PLAN || e.kind == ERR_STEP) &&
			    e.msg[0] != '\0' && (strstr(e.msg, "s3cret") ==
			    NULL || from_pieces(x, (size_t)len, true)));
		/* The secret's value may only come out with the flag. */
		if (!secret)
			FZ_CHECK(strstr(buf_str(&out), "s3cret") == NULL ||
			    from_pieces(x, (size_t)len, false));
		free(x);
	}
	buf_free(&out);
	free(s);
	return 0;
}
