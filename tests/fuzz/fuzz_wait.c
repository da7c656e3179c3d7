/* fuzz_wait: the wait parsers. The first byte picks durations, HOST:PORT,
 * http URLs, status specs or a whole target; what they accept must be
 * within their stated bounds (30 days, ports 1-65535, statuses 100-599)
 * and a URL's userinfo must never be shown. */
#include <strings.h>

#include "fuzz.h"
#include "redact.h"
#include "wait.h"

static void
check_port(const char *port)
{
	char *end;
	long p = strtol(port, &end, 10);

	FZ_CHECK(*end == '\0' && p >= 1 && p <= 65535 && port[0] != '0');
}

static void
check_status(const struct wait_status *st)
{
	size_t i;

	FZ_CHECK(st->n >= 1 && st->n <= WAIT_MAXRANGES);
	for (i = 0; i < st->n; i++)
		FZ_CHECK(st->r[i].lo >= 100 && st->r[i].lo <= st->r[i].hi &&
		    st->r[i].hi <= 599);
}

/* The userinfo of url is never shown. It ends at the URL's last '@'
 * before the fragment (a password may hold '/': wait_parse_url). */
static void
check_userinfo(const char *url, const char *shown, const struct err *e)
{
	const char *p = url + 7, *at = NULL, *q;
	size_t end, ulen;
	char *ui;

	if (strncasecmp(url, "http://", 7) != 0)
		return;
	end = strcspn(p, "#");
	for (q = p; q < p + end; q++)
		if (*q == '@')
			at = q;
	if (at == NULL)
		return;
	/* Shown is exactly the URL with its userinfo replaced by "***". */
	if (shown != NULL)
		FZ_CHECK(strncmp(shown, "http://***@", 11) == 0 &&
		    strcmp(shown + 11, at + 1) == 0);
	/* Errors name the URL by shown only: a userinfo of 8 bytes or
	 * more with a byte no message text has ('~'), and without the
	 * '@' or '*' that could make it straddle "***@" or the quote that
	 * could end on the message's own closing quote (a 30-minute run's
	 * finding: a host equal to the userinfo minus its last "'"), must
	 * not be in one. */
	ulen = (size_t)(at - p);
	ui = fz_str((const uint8_t *)p, ulen);
	if (ulen >= 8 && strchr(ui, '~') != NULL &&
	    strpbrk(ui, "@*'") == NULL && strstr(e->msg, ui) != NULL)
		FZ_CHECK(strstr(at + 1, ui) != NULL);
	free(ui);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "tcp", "http", "file", "dns",
	    "nope" };
	struct err e = ERR_INIT;
	struct wait_target t;
	struct wait_status st;
	char *s, *host = NULL, port[6];
	long ms;
	int r = 0;

	if (size < 1)
		return 0;
	s = fz_str(data + 1, size - 1);
	switch (data[0] % 5) {
	case 0:
		r = wait_parse_duration(s, &ms, &e);
		if (r == 0)
			FZ_CHECK(ms >= 0 && ms <= 30L * 24 * 3600 * 1000);
		break;
	case 1:
		r = wait_parse_hostport(s, &host, port, &e);
		if (r == 0) {
			FZ_CHECK(host != NULL && host[0] != '\0');
			check_port(port);
		}
		free(host);
		break;
	case 2:
		memset(&t, 0, sizeof(t));
		r = wait_parse_url(s, &t, &e);
		if (r == 0) {
			FZ_CHECK(t.path != NULL && t.path[0] == '/');
			check_port(t.port);
		}
		if (t.auth != NULL)
			FZ_CHECK(strncmp(t.shown, "http://***@", 11) == 0);
		check_userinfo(s, t.shown, &e);
		wait_target_free(&t);
		break;
	case 3:
		r = wait_parse_status(s, &st, &e);
		if (r == 0)
			check_status(&st);
		break;
	default: {
		const char *kind = kinds[data[0] / 5 % 5];
		char *status = data[0] & 0x80 ? NULL : strchr(s, ' ');

		if (status != NULL)
			*status++ = '\0';
		r = wait_target_parse(&t, kind, s, status, &e);
		if (r == 0 && t.kind == WAIT_HTTP)
			check_status(&t.status);
		if (r == 0 && (t.kind == WAIT_TCP || t.kind == WAIT_HTTP))
			check_port(t.port);
		wait_target_free(&t);
	}
	}
	if (r < 0)
		FZ_CHECK(e.kind == ERR_PLAN && e.msg[0] != '\0');
	free(s);
	/* URL passwords are registered as secrets: clear the process registry,
	 * which otherwise grows across runs and slows each one (70k runs in
	 * 30 minutes) */
	redact_clear();
	return 0;
}
