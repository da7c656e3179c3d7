/* fuzz_tmpl: braced and envsubst rendering. The first byte picks the
 * syntax and envsubst's vars=, the next four seed the chunk sizes; the
 * rest is the template. It is rendered whole and again fed in random
 * chunks (1 byte to a few KiB): output, secret flag and error (kind,
 * line, column, message) must be identical, wherever the cuts fall. */
#include "fuzz.h"
#include "buf.h"
#include "sink.h"
#include "tmpl.h"

struct chunks {
	const char *p;
	size_t n;
	uint32_t rnd;
};

static long
chunk_read(void *arg, char *buf, size_t n, struct err *e)
{
	struct chunks *c = arg;
	size_t k;

	(void)e;
	c->rnd = c->rnd * 1103515245u + 12345u;
	k = (c->rnd >> 16) % 8 == 0 ? (c->rnd >> 8) % 5000 + 1 :
	    (c->rnd >> 16) % 64 + 1;
	if (k > n)
		k = n;
	if (k > c->n)
		k = c->n;
	memcpy(buf, c->p, k);
	c->p += k;
	c->n -= k;
	return (long)k;
}

struct result {
	int rc;
	bool secret;
	struct buf out;
	struct err e;
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vars[] = { NULL, "defined", "A,EMPTY,S",
	    "$A ${B}" };
	struct tmpl_opts o;
	struct result r[2];
	struct chunks c;
	struct tmpl_reader rd = { chunk_read, &c };
	const char *text = (const char *)data + 5;
	size_t len = size - 5, i;

	if (size < 5)
		return 0;
	o.syntax = data[0] & 1 ? TMPL_ENVSUBST : TMPL_BRACED;
	o.vars = vars[data[0] >> 1 & 3];
	memcpy(&c.rnd, data + 1, 4);
	c.p = text;
	c.n = len;
	memset(r, 0, sizeof(r));
	for (i = 0; i < 2; i++) {
		struct sink s = sink_to_buf(&r[i].out);

		r[i].e = (struct err)ERR_INIT;
		r[i].rc = i == 0 ? tmpl_render_mem(text, len, "t", &o,
		    &fz_lookup, &s, &r[i].secret, &r[i].e) :
		    tmpl_render(&rd, "t", &o, &fz_lookup, &s, &r[i].secret,
		    &r[i].e);
	}
	FZ_CHECK(r[0].rc == r[1].rc);
	if (r[0].rc == 0) {
		FZ_CHECK(r[0].out.len == r[1].out.len && (r[0].out.len == 0 ||
		    memcmp(r[0].out.p, r[1].out.p, r[0].out.len) == 0));
		FZ_CHECK(r[0].secret == r[1].secret);
	} else {
		FZ_CHECK(r[0].rc == -1);
		FZ_CHECK(r[0].e.kind == r[1].e.kind);
		FZ_CHECK(r[0].e.kind == ERR_PLAN || r[0].e.kind == ERR_STEP);
		FZ_CHECK(r[0].e.line == r[1].e.line);
		FZ_CHECK(r[0].e.col == r[1].e.col);
		FZ_CHECK(strcmp(r[0].e.msg, r[1].e.msg) == 0);
		FZ_CHECK(strcmp(r[0].e.file, r[1].e.file) == 0);
	}
	buf_free(&r[0].out);
	buf_free(&r[1].out);
	return 0;
}
