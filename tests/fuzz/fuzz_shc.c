/* fuzz_shc: the sh -c parser. An accepted string is one command with at
 * least one word, descriptors 0-2 and a file for every file redirection;
 * its words and files, quoted back in single quotes, parse to the same
 * command. A refused one is a usage error with a message and a column
 * within the string (or just past it), and leaves nothing allocated. */
#include "fuzz.h"
#include "buf.h"
#include "shc.h"

static void
quote(struct buf *b, const char *w)
{
	buf_addc(b, '\'');
	for (; *w != '\0'; w++)
		if (*w == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *w);
	buf_addc(b, '\'');
}

static bool
same(const struct shc_cmd *a, const struct shc_cmd *b)
{
	size_t i;

	if (a->argc != b->argc || a->nredirs != b->nredirs)
		return false;
	for (i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]) != 0)
			return false;
	for (i = 0; i < a->nredirs; i++) {
		const struct shc_redir *x = &a->redirs[i], *y = &b->redirs[i];

		if (x->op != y->op || x->fd != y->fd ||
		    (x->op == SHC_DUP ? x->dupfd != y->dupfd :
		    strcmp(x->path, y->path) != 0))
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const op[] = { "<", ">", ">>", ">&" };
	char *s = fz_str(data, size);
	struct shc_cmd c, again;
	struct err e = ERR_INIT;
	struct buf q = BUF_INIT;
	size_t i, n = strlen(s);

	if (shc_parse(s, &c, &e) < 0) {
		FZ_CHECK(e.kind == ERR_USAGE && e.msg[0] != '\0');
		FZ_CHECK(e.line == 1 && e.col >= 1 && e.col <= n + 1);
		FZ_CHECK(strcmp(e.file, "-c") == 0);
		FZ_CHECK(c.argv == NULL && c.argc == 0 && c.redirs == NULL);
		shc_free(&c);
		free(s);
		return 0;
	}
	FZ_CHECK(c.argc >= 1 && c.argv[c.argc] == NULL);
	for (i = 0; i < c.argc; i++) {
		FZ_CHECK(strchr(c.argv[i], '\n') == NULL);
		if (i > 0)
			buf_addc(&q, ' ');
		quote(&q, c.argv[i]);
	}
	for (i = 0; i < c.nredirs; i++) {
		const struct shc_redir *r = &c.redirs[i];

		FZ_CHECK(r->fd >= 0 && r->fd <= 2);
		if (r->op == SHC_DUP) {
			FZ_CHECK(r->dupfd >= 0 && r->dupfd <= 2 &&
			    r->path == NULL);
			buf_printf(&q, " %d>&%d", r->fd, r->dupfd);
		} else {
			FZ_CHECK(r->path != NULL &&
			    strchr(r->path, '\n') == NULL);
			buf_printf(&q, " %d%s", r->fd, op[r->op]);
			quote(&q, r->path);
		}
	}
	if (shc_parse(buf_str(&q), &again, &e) < 0) {
		fprintf(stderr, "requoted '%s': %s\n", buf_str(&q), e.msg);
		FZ_CHECK(!"the requoted command parses");
	}
	FZ_CHECK(same(&c, &again));
	shc_free(&again);
	shc_free(&c);
	buf_free(&q);
	free(s);
	return 0;
}
