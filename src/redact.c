/* redact: a small table of secret values and a forward scan over text. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "xalloc.h"

struct secret {
	char *v;
	size_t len;
};

static struct secret *secrets;
static size_t nsecrets, capsecrets;
/* One bit per possible first byte: most positions are rejected with one
 * load, so redacting a long diff stays linear in practice. */
static unsigned char first[256 / 8];

void
redact_add(const char *value, size_t len)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i < nsecrets; i++)
		if (secrets[i].len == len && memcmp(secrets[i].v, value,
		    len) == 0)
			return;
	secrets = xgrow(secrets, &capsecrets, nsecrets + 1, sizeof(*secrets));
	secrets[nsecrets].v = xmalloc(len);
	memcpy(secrets[nsecrets].v, value, len);
	secrets[nsecrets].len = len;
	nsecrets++;
	first[(unsigned char)value[0] / 8] |=
	    (unsigned char)(1u << ((unsigned char)value[0] % 8));
}

void
redact_clear(void)
{
	size_t i;

	for (i = 0; i < nsecrets; i++) {
		explicit_bzero(secrets[i].v, secrets[i].len);
		free(secrets[i].v);
	}
	free(secrets);
	secrets = NULL;
	nsecrets = capsecrets = 0;
	memset(first, 0, sizeof(first));
}

size_t
redact_count(void)
{
	return nsecrets;
}

/* The length of the longest secret starting at s[0..n), 0 for none. */
static size_t
match_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t i, best = 0;

	if (nsecrets == 0 || !(first[c / 8] & (1u << (c % 8))))
		return 0;
	for (i = 0; i < nsecrets; i++)
		if (secrets[i].len > best && secrets[i].len <= n &&
		    memcmp(s, secrets[i].v, secrets[i].len) == 0)
			best = secrets[i].len;
	return best;
}

/* At "://": the length of a userinfo ending in '@' that follows (up to the
 * last '@' of the URL, which runs to a blank, a quote or its fragment), or
 * 0. A URL's password is a secret whether or not a variable held it. */
static size_t
userinfo_at(const char *s, size_t n)
{
	size_t i, at = 0;

	if (n < 3 || memcmp(s, "://", 3) != 0)
		return 0;
	for (i = 3; i < n && s[i] != '#' && s[i] != '\'' && s[i] != '"' &&
	    (unsigned char)s[i] > ' '; i++)
		if (s[i] == '@')
			at = i;
	return at > 3 ? at - 3 : 0;
}

void
redact(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, from = 0, m, skip;

	while (i < n) {
		if ((m = match_at(s + i, n - i)) != 0)
			skip = i;
		else if (s[i] == ':' && (m = userinfo_at(s + i, n - i)) != 0)
			skip = i += 3;
		else {
			i++;
			continue;
		}
		buf_add(out, s + from, skip - from);
		buf_add(out, "***", 3);
		i += m;
		from = i;
	}
	buf_add(out, s + from, n - from);
}
