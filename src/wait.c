/* wait: poll a dependency until it is ready or a deadline passes.
 *
 * MUST: every blocking call is bounded by the CLOCK_MONOTONIC deadline
 * (connect and reads through poll on non-blocking sockets, names through
 * resolve.c, never getaddrinfo, whose timeouts are musl's own);
 * names are resolved anew at each attempt; refused connections and
 * unknown names are retried, never fatal; sends use MSG_NOSIGNAL; URL
 * userinfo is never logged or put in an error; redirects are not
 * followed; a response is read with a bound (the status line within
 * WAIT_RESP_MAX, a body= test within WAIT_BODY_MAX); header= values
 * that look like credentials are redacted. SIGTERM ends a wait at once:
 * with no child running, the handler (signals.c) cleans up and exits.
 * As PID 1, stray children are reaped between attempts. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "redact.h"
#include "resolve.h"
#include "wait.h"
#include "xalloc.h"

#define WAIT_ATTEMPT_MS 5000L	/* an attempt's own bound, at least */
#define WAIT_PROGRESS_MS 5000LL
#define WAIT_MAX_MS (30L * 24 * 3600 * 1000)

long long
wait_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
wait_parse_duration(const char *s, long *ms, struct err *e)
{
	unsigned long long n = 0, mul;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (unsigned)(*p - '0');
		if (n > WAIT_MAX_MS)
			goto big;
	}
	if (strcmp(p, "ms") == 0)
		mul = 1;
	else if (*p == '\0' || strcmp(p, "s") == 0)
		mul = 1000;
	else if (strcmp(p, "m") == 0)
		mul = 60000;
	else
		goto bad;
	if (n * mul > WAIT_MAX_MS)
		goto big;
	*ms = (long)(n * mul);
	return 0;
big:
	return err_set(e, ERR_PLAN, 0, "duration '%s' is longer than 30 days",
	    s);
bad:
	return err_set(e, ERR_PLAN, 0, "bad duration '%s' (want a number with "
	    "unit ms, s or m, e.g. 500ms, 30s, 2m)", s);
}

static int
parse_port(const char *s, char port[6], const char *what, struct err *e)
{
	unsigned long n = 0;
	const char *p;

	for (p = s; isdigit((unsigned char)*p) && n <= 65535; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	if (p == s || *p != '\0' || n == 0 || n > 65535)
		return err_set(e, ERR_PLAN, 0, "bad port in '%s' (want "
		    "1-65535)", what);
	snprintf(port, 6, "%lu", n);
	return 0;
}

/* Split s[0..len) into host and port. def: default port or NULL. */
static int
split_hostport(const char *s, size_t len, const char *def, char **host,
    char port[6], const char *what, struct err *e)
{
	const char *h = s, *colon, *q, *end = s + len;
	size_t hlen;
	char pbuf[8];

	if (len > 0 && *s == '[') {
		h = s + 1;
		colon = memchr(s, ']', len);
		if (colon == NULL || (colon + 1 < end && colon[1] != ':'))
			goto bad;
		hlen = (size_t)(colon - h);
		colon = colon + 1 < end ? colon + 1 : NULL;
	} else {
		colon = memchr(s, ':', len);
		if (colon != NULL && memchr(colon + 1, ':',
		    (size_t)(end - colon - 1)) != NULL)
			return err_set(e, ERR_PLAN, 0, "bad address '%s' "
			    "(write an IPv6 address as [::1]:PORT)", what);
		hlen = (size_t)((colon != NULL ? colon : end) - s);
	}
	if (hlen == 0 || hlen > 253 || memchr(h, '@', hlen) != NULL)
		goto bad;
	for (q = h; q < h + hlen; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			goto bad;
	if (colon == NULL && def == NULL)
		return err_set(e, ERR_PLAN, 0, "missing port in '%s' (want "
		    "HOST:PORT)", what);
	if (colon != NULL && (size_t)(end - colon - 1) >= sizeof(pbuf))
		return err_set(e, ERR_PLAN, 0, "bad port in '%s' (want "
		    "1-65535)", what);
	snprintf(pbuf, sizeof(pbuf), "%.*s", colon != NULL ?
	    (int)(end - colon - 1) : 0, colon != NULL ? colon + 1 : "");
	if (parse_port(colon != NULL ? pbuf : def, port, what, e) == -1)
		return -1;
	*host = xstrndup(h, hlen);
	return 0;
bad:
	return err_set(e, ERR_PLAN, 0, "bad address '%s' (want HOST:PORT or "
	    "[IPV6]:PORT)", what);
}

int
wait_parse_hostport(const char *s, char **host, char port[6], struct err *e)
{
	return split_hostport(s, strlen(s), NULL, host, port, s, e);
}

/* The last '@' before the fragment ends the userinfo, or NULL. A password
 * may hold '/', '?' or '#'-free punctuation (base64 often has '/'), so the
 * authority is not cut at the first '/' until the userinfo is known: an
 * '@' in a path must be written %40. */
static const char *
find_at(const char *p)
{
	const char *at = NULL;

	for (; *p != '\0' && *p != '#'; p++)
		if (*p == '@')
			at = p;
	return at;
}

int
wait_parse_url(const char *url, struct wait_target *t, struct err *e)
{
	const char *p, *end, *at, *q;
	struct buf b = BUF_INIT;

	if (strncasecmp(url, "https://", 8) == 0)
		return err_set(e, ERR_PLAN, 0, "wait http: https is not "
		    "supported (no TLS in volinit): use 'wait tcp HOST:443', "
		    "or a plain http health endpoint");
	if (strncasecmp(url, "http://", 7) != 0)
		return err_set(e, ERR_PLAN, 0, "wait http: want a URL "
		    "http://HOST[:PORT][/PATH]");
	p = url + 7;
	at = find_at(p);
	end = (at != NULL ? at + 1 : p) + strcspn(at != NULL ? at + 1 : p,
	    "/?#");
	/* the userinfo is never shown, and its password is redacted from
	 * every output from now on (-v shows the step's arguments) */
	if (at != NULL) {
		q = memchr(p, ':', (size_t)(at - p));
		if (q != NULL)
			redact_add(q + 1, (size_t)(at - q - 1));
	}
	buf_adds(&b, "http://");
	if (at != NULL)
		buf_adds(&b, "***@");
	buf_adds(&b, at != NULL ? at + 1 : p);
	t->shown = buf_detach(&b);
	for (q = end; *q != '\0' && *q != '#'; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return err_set(e, ERR_PLAN, 0, "bad URL '%s': blanks "
			    "or control characters in the path", t->shown);
	if (split_hostport(at != NULL ? at + 1 : p, (size_t)(end -
	    (at != NULL ? at + 1 : p)), "80", &t->host, t->port, t->shown,
	    e) == -1)
		return -1;
	if (at != NULL)
		t->auth = xstrndup(p, (size_t)(at - p));
	buf_adds(&b, *end == '/' ? "" : "/");
	buf_add(&b, end, (size_t)(q - end));
	t->path = buf_detach(&b);
	return 0;
}

static int
status_item(const char *s, size_t n, int *lo, int *hi)
{
	int a = 0, c = 0;
	size_t i;

	if (n == 3 && isdigit((unsigned char)s[0]) && s[1] == 'x' &&
	    s[2] == 'x') {
		*lo = (s[0] - '0') * 100;
		*hi = *lo + 99;
		return *lo >= 100 && *lo <= 500 ? 0 : -1;
	}
	/* Three digits exactly: a fourth ends the scan (no overflow). */
	for (i = 0; i < n && i < 4 && isdigit((unsigned char)s[i]); i++)
		a = a * 10 + (s[i] - '0');
	if (i != 3)
		return -1;
	c = a;
	if (i < n) {
		if (s[i] != '-' || n != 7)
			return -1;
		for (c = 0, i++; i < n && isdigit((unsigned char)s[i]); i++)
			c = c * 10 + (s[i] - '0');
		if (i != n)
			return -1;
	}
	*lo = a;
	*hi = c;
	return a >= 100 && c <= 599 && a <= c ? 0 : -1;
}

int
wait_parse_status(const char *spec, struct wait_status *st, struct err *e)
{
	const char *p = spec;
	size_t n;

	st->n = 0;
	for (;;) {
		n = strcspn(p, ",");
		if (st->n == WAIT_MAXRANGES || status_item(p, n,
		    &st->r[st->n].lo, &st->r[st->n].hi) == -1)
			return err_set(e, ERR_PLAN, 0, "bad status '%s' (want "
			    "e.g. 200, 2xx, 200-399 or a comma list)", spec);
		st->n++;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

bool
wait_status_match(const struct wait_status *st, int code)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (code >= st->r[i].lo && code <= st->r[i].hi)
			return true;
	return false;
}

int
wait_target_parse(struct wait_target *t, const char *kind, const char *arg,
    const char *status, struct err *e)
{
	memset(t, 0, sizeof(*t));
	if (status != NULL && strcmp(kind, "http") != 0)
		return err_set(e, ERR_PLAN, 0, "status= applies to wait http "
		    "only");
	if (strcmp(kind, "tcp") == 0) {
		t->kind = WAIT_TCP;
		t->shown = xstrdup(arg);
		return wait_parse_hostport(arg, &t->host, t->port, e);
	}
	if (strcmp(kind, "http") == 0) {
		t->kind = WAIT_HTTP;
		if (wait_parse_url(arg, t, e) == -1)
			return -1;
		return wait_parse_status(status != NULL ? status : "2xx",
		    &t->status, e);
	}
	if (strcmp(kind, "file") != 0 && strcmp(kind, "dns") != 0 &&
	    strcmp(kind, "unix") != 0)
		return err_set(e, ERR_PLAN, 0, "unknown wait kind '%s' (want "
		    "tcp, http, file, dns or unix)", kind);
	t->kind = kind[0] == 'f' ? WAIT_FILE : kind[0] == 'u' ? WAIT_UNIX :
	    WAIT_DNS;
	t->shown = xstrdup(arg);
	if (*arg == '\0' || (t->kind == WAIT_DNS && strlen(arg) > 253) ||
	    (t->kind == WAIT_UNIX && strlen(arg) >=
	    sizeof(((struct sockaddr_un *)0)->sun_path)))
		return err_set(e, ERR_PLAN, 0, "wait %s: bad %s '%s'", kind,
		    t->kind == WAIT_DNS ? "name" : "path", arg);
	if (t->kind != WAIT_DNS)
		t->path = xstrdup(arg);
	else
		t->host = xstrdup(arg);
	return 0;
}

void
wait_target_free(struct wait_target *t)
{
	size_t i;

	if (t->auth != NULL)
		explicit_bzero(t->auth, strlen(t->auth));
	for (i = 0; i < t->nheaders; i++) {
		explicit_bzero(t->headers[i], strlen(t->headers[i]));
		free(t->headers[i]);
	}
	free(t->headers);
	free(t->body);
	free(t->host);
	free(t->path);
	free(t->auth);
	free(t->shown);
	memset(t, 0, sizeof(*t));
}

/* An RFC 9110 token character (a header name). */
static bool
tchar(char c)
{
	return isalnum((unsigned char)c) || (c != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Is a header of this name likely to carry a credential? */
static bool
secret_header(const char *name, size_t n)
{
	static const char *const words[] = { "authorization", "cookie",
	    "token", "key", "secret", "password" };
	size_t i, j, w;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		for (j = 0, w = strlen(words[i]); j + w <= n; j++)
			if (strncasecmp(name + j, words[i], w) == 0)
				return true;
	return false;
}

int
wait_target_add_header(struct wait_target *t, const char *line,
    struct err *e)
{
	const char *colon = strchr(line, ':'), *n = line, *v, *ve, *ne, *q;
	struct buf b = BUF_INIT;

	if (t->kind != WAIT_HTTP)
		return err_set(e, ERR_PLAN, 0, "header= applies to wait http "
		    "only");
	if (colon == NULL)
		goto bad;
	while (*n == ' ' || *n == '\t')
		n++;
	for (ne = colon; ne > n && (ne[-1] == ' ' || ne[-1] == '\t'); ne--)
		;
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (ve = v + strlen(v); ve > v && (ve[-1] == ' ' || ve[-1] == '\t');
	    ve--)
		;
	if (ne == n)
		goto bad;
	for (q = n; q < ne; q++)
		if (!tchar(*q))
			goto bad;
	for (q = v; q < ve; q++)
		if (((unsigned char)*q < ' ' && *q != '\t') || *q == 0x7f)
			return err_set(e, ERR_PLAN, 0, "header %.*s: control "
			    "characters in the value", (int)(ne - n), n);
	if (secret_header(n, (size_t)(ne - n)))
		redact_add(v, (size_t)(ve - v));
	buf_printf(&b, "%.*s: %.*s", (int)(ne - n), n, (int)(ve - v), v);
	t->headers = xrealloc(t->headers, (t->nheaders + 1) *
	    sizeof(*t->headers));
	t->headers[t->nheaders++] = buf_detach(&b);
	return 0;
bad:
	return err_set(e, ERR_PLAN, 0, "bad header (want \"Name: value\", "
	    "the name a token such as Accept or X-Api-Key)");
}

int
wait_target_set_body(struct wait_target *t, const char *text, struct err *e)
{
	if (t->kind != WAIT_HTTP)
		return err_set(e, ERR_PLAN, 0, "body= applies to wait http "
		    "only");
	if (*text == '\0')
		return err_set(e, ERR_PLAN, 0, "body= is empty");
	free(t->body);
	t->body = xstrdup(text);
	return 0;
}

/* poll one fd until `until`; 0 and errno ETIMEDOUT when it passes. */
static int
poll_fd(int fd, short ev, long long until)
{
	struct pollfd pfd;
	long long left;
	int r;

	pfd.fd = fd;
	pfd.events = ev;
	for (;;) {
		left = until - wait_now_ms();
		if (left < 0)
			left = 0;
		pfd.revents = 0;
		r = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r == 0 && left > 0)
			continue;
		if (r == 0)
			errno = ETIMEDOUT;
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

static int
try_addr(const struct sockaddr_storage *a, socklen_t len, long long until,
    int *err)
{
	int fd, soerr = 0;
	socklen_t sl = sizeof(soerr);

	fd = socket(a->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1) {
		*err = errno;
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)a, len) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	if (poll_fd(fd, POLLOUT, until) <= 0)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
		goto fail;
	if (soerr == 0)
		return fd;
	errno = soerr;
fail:
	*err = errno;
	close(fd);
	return -1;
}

/* A connected non-blocking socket to host:port, or -1 with why filled.
 * Every address is tried in order; the name is resolved within until. */
static int
tcp_connect(const char *host, const char *port, long long until, char *why,
    size_t wn)
{
	struct resolve_addrs ra;
	int fd = -1, err = ETIMEDOUT;
	size_t i;

	if (resolve_name(host, (unsigned)atoi(port), until, &ra, why, wn) < 0)
		return -1;
	for (i = 0; i < ra.n && fd == -1; i++)
		fd = try_addr(&ra.a[i], ra.len[i], until, &err);
	if (fd == -1)
		snprintf(why, wn, "%s", strerror(err));
	return fd;
}

static void
base64(struct buf *b, const char *s)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	unsigned long v;

	for (; n > 0; p += 3, n -= n > 3 ? 3 : n) {
		v = (unsigned long)p[0] << 16 | (n > 1 ? p[1] << 8 : 0) |
		    (n > 2 ? p[2] : 0);
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, n > 1 ? tab[v >> 6 & 63] : '=');
		buf_addc(b, n > 2 ? tab[v & 63] : '=');
	}
}

static int
send_all(int fd, const char *p, size_t n, long long until)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w == -1 && errno != EAGAIN && errno != EINTR) {
			return -1;
		} else if (w == -1 && errno == EAGAIN &&
		    poll_fd(fd, POLLOUT, until) <= 0) {
			return -1;
		}
	}
	return 0;
}

/* The status of an "HTTP/1.x NNN" status line, or -1 (no scanf: it pulls
 * 12 KiB of float parsing into a static binary). */
static int
status_code(const char *r, size_t len)
{
	if (len < 12 || memcmp(r, "HTTP/1.", 7) != 0 || r[7] < '0' ||
	    r[7] > '9' || r[8] != ' ' || r[9] < '1' || r[9] > '5' ||
	    r[10] < '0' || r[10] > '9' || r[11] < '0' || r[11] > '9')
		return -1;
	return (r[9] - '0') * 100 + (r[10] - '0') * 10 + (r[11] - '0');
}

int
wait_http_status(const char *resp, size_t len, char *why, size_t wn)
{
	int code = status_code(resp, len);

	if (code < 100 || code > 599) {
		snprintf(why, wn, len == 0 ? "empty response" :
		    "not an HTTP/1.x response");
		return -1;
	}
	return code;
}

int
wait_read_status(int fd, long long until, char *why, size_t wn)
{
	char resp[WAIT_RESP_MAX];
	size_t len = 0;
	ssize_t r;

	while (len < WAIT_RESP_MAX && memchr(resp, '\n', len) == NULL) {
		if (poll_fd(fd, POLLIN, until) <= 0)
			goto sys;
		r = recv(fd, resp + len, WAIT_RESP_MAX - len, 0);
		if (r == 0)
			break;
		if (r == -1 && errno != EAGAIN && errno != EINTR)
			goto sys;
		if (r > 0)
			len += (size_t)r;
	}
	return wait_http_status(resp, len, why, wn);
sys:
	snprintf(why, wn, "%s", strerror(errno));
	return -1;
}

/* The offset of the body in r[0..len) (after the blank line), or 0 while
 * the header block is incomplete. */
static size_t
head_end(const char *r, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (r[i] != '\n')
			continue;
		if (r[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && r[i + 1] == '\r' && r[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The value of header name in the header block r[0..hl), or NULL. */
static const char *
head_value(const char *r, size_t hl, const char *name, size_t *vn)
{
	const char *end = r + hl, *p = memchr(r, '\n', hl), *eol, *v;
	size_t n = strlen(name);

	for (; p != NULL && p + 1 < end; p = eol) {
		p++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if ((size_t)(eol - p) <= n || strncasecmp(p, name, n) != 0 ||
		    p[n] != ':')
			continue;
		for (v = p + n + 1; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		for (*vn = (size_t)(eol - v); *vn > 0 && (v[*vn - 1] == '\r' ||
		    v[*vn - 1] == ' ' || v[*vn - 1] == '\t'); --*vn)
			;
		return v;
	}
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* Decode the chunked body b[0..n) into out as far as it goes; true once
 * the last chunk (size 0) is reached. Sizes have at most 7 hex digits:
 * a body is read to WAIT_BODY_MAX bytes only. */
static bool
dechunk(const char *b, size_t n, struct buf *out)
{
	const char *nl;
	size_t i = 0, size, take, k;

	for (;;) {
		for (size = 0, k = 0; i < n && k < 7 && hexval(b[i]) >= 0;
		    i++, k++)
			size = size * 16 + (size_t)hexval(b[i]);
		if (k == 0 || (nl = memchr(b + i, '\n', n - i)) == NULL)
			return false;
		i = (size_t)(nl - b) + 1;
		if (size == 0)
			return true;
		take = size < n - i ? size : n - i;
		buf_add(out, b + i, take);
		i += take;
		if (take < size)
			return false;
		if (i < n && b[i] == '\r')
			i++;
		if (i >= n || b[i] != '\n')
			return false;
		i++;
	}
}

/* The body of the response r[0..len) as far as it came (decoded into dec
 * when chunked); true when it is complete. */
static bool
body_view(const char *r, size_t len, struct buf *dec, const char **body,
    size_t *bn)
{
	size_t hl = head_end(r, len), vn = 0, cl = 0, i;
	const char *v;

	*body = "";
	*bn = 0;
	if (hl == 0)
		return false;
	v = head_value(r, hl, "Transfer-Encoding", &vn);
	for (i = 0; v != NULL && i + 7 <= vn; i++)
		if (strncasecmp(v + i, "chunked", 7) == 0) {
			bool done = dechunk(r + hl, len - hl, dec);

			*body = buf_str(dec);
			*bn = dec->len;
			return done;
		}
	*body = r + hl;
	*bn = len - hl;
	if ((v = head_value(r, hl, "Content-Length", &vn)) == NULL || vn == 0)
		return false;
	for (i = 0; i < vn && i < 12 && isdigit((unsigned char)v[i]); i++)
		cl = cl * 10 + (size_t)(v[i] - '0');
	if (i != vn)
		return false;
	if (*bn > cl)
		*bn = cl;
	return len - hl >= cl;
}

static bool
contains(const char *h, size_t hn, const char *w, size_t wn)
{
	size_t i;

	if (wn == 0)
		return true;
	for (i = 0; i + wn <= hn; i++)
		if (h[i] == w[0] && memcmp(h + i, w, wn) == 0)
			return true;
	return false;
}

bool
wait_http_body_has(const char *resp, size_t len, const char *want)
{
	struct buf dec = BUF_INIT;
	const char *body;
	size_t bn;
	bool r;

	body_view(resp, len, &dec, &body, &bn);
	r = contains(body, bn, want, strlen(want));
	buf_free(&dec);
	return r;
}

/* Has enough of the response come: the text found, or the body whole? */
static bool
response_done(const char *r, size_t len, const char *want, bool *found)
{
	struct buf dec = BUF_INIT;
	const char *body;
	size_t bn;
	bool done = body_view(r, len, &dec, &body, &bn);

	*found = contains(body, bn, want, strlen(want));
	buf_free(&dec);
	return done || *found;
}

int
wait_read_response(int fd, long long until, const char *want, bool *found,
    char *why, size_t wn)
{
	char *resp = xmalloc(WAIT_BODY_MAX);
	size_t len = 0;
	ssize_t r;
	int code = -1;

	*found = false;
	while (len < WAIT_BODY_MAX) {
		if (poll_fd(fd, POLLIN, until) <= 0) {
			if (len == 0)
				goto sys;
			break;	/* judged on what came */
		}
		r = recv(fd, resp + len, WAIT_BODY_MAX - len, 0);
		if (r == 0)
			break;
		if (r == -1 && errno != EAGAIN && errno != EINTR)
			goto sys;
		if (r > 0) {
			len += (size_t)r;
			if (response_done(resp, len, want, found))
				break;
		}
	}
	code = wait_http_status(resp, len, why, wn);
	if (code != -1 && !*found)
		*found = wait_http_body_has(resp, len, want);
	free(resp);
	return code;
sys:
	snprintf(why, wn, "%s", strerror(errno));
	free(resp);
	return -1;
}

static int
http_try(const struct wait_target *t, long long until, char *why, size_t wn)
{
	struct buf req = BUF_INIT;
	int fd, code = -1;
	bool v6 = strchr(t->host, ':') != NULL, found = true;
	size_t i;

	fd = tcp_connect(t->host, t->port, until, why, wn);
	if (fd == -1)
		return 0;
	buf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s%s%s", t->path,
	    v6 ? "[" : "", t->host, v6 ? "]" : "");
	if (strcmp(t->port, "80") != 0)
		buf_printf(&req, ":%s", t->port);
	buf_adds(&req, "\r\nUser-Agent: volinit\r\nAccept: */*\r\n"
	    "Connection: close\r\n");
	if (t->auth != NULL) {
		buf_adds(&req, "Authorization: Basic ");
		base64(&req, t->auth);
		buf_adds(&req, "\r\n");
	}
	for (i = 0; i < t->nheaders; i++)
		buf_printf(&req, "%s\r\n", t->headers[i]);
	buf_adds(&req, "\r\n");
	if (send_all(fd, req.p, req.len, until) == -1)
		snprintf(why, wn, "%s", strerror(errno));
	else if (t->body != NULL)
		code = wait_read_response(fd, until, t->body, &found, why, wn);
	else
		code = wait_read_status(fd, until, why, wn);
	buf_wipe(&req);
	close(fd);
	if (code == -1)
		return 0;
	if (!wait_status_match(&t->status, code))
		snprintf(why, wn, "status %d", code);
	else if (!found)
		snprintf(why, wn, "status %d, but the body (its first %d "
		    "bytes) lacks the text", code, WAIT_BODY_MAX);
	return wait_status_match(&t->status, code) && found;
}

/* A unix stream socket at path accepts a connection. */
static int
unix_try(const char *path, long long until, char *why, size_t wn)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *a = (struct sockaddr_un *)&ss;
	int fd, err = 0;

	memset(&ss, 0, sizeof(ss));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, path, strlen(path));
	fd = try_addr(&ss, (socklen_t)sizeof(*a), until, &err);
	if (fd == -1) {
		snprintf(why, wn, "%s", strerror(err));
		return 0;
	}
	close(fd);
	return 1;
}

/* One attempt: 1 ready, 0 not yet (why says why). */
static int
attempt(const struct wait_target *t, long long until, char *why, size_t wn)
{
	struct resolve_addrs ra;
	struct stat sb;
	int fd;

	switch (t->kind) {
	case WAIT_TCP:
		fd = tcp_connect(t->host, t->port, until, why, wn);
		if (fd != -1)
			close(fd);
		return fd != -1;
	case WAIT_HTTP:
		return http_try(t, until, why, wn);
	case WAIT_FILE:
		if (stat(t->path, &sb) == 0)
			return 1;
		snprintf(why, wn, "%s", strerror(errno));
		return 0;
	case WAIT_DNS:
		return resolve_name(t->host, 0, until, &ra, why, wn) == 0;
	case WAIT_UNIX:
		return unix_try(t->path, until, why, wn);
	}
	return 0;
}

static const char *
kind_name(enum wait_kind k)
{
	static const char *const names[] = { "tcp", "http", "file", "dns",
	    "unix" };

	return names[k];
}

/* As PID 1, orphans are ours to reap; otherwise our children are run's
 * (waited for synchronously) and must be left alone. */
static void
reap_strays(void)
{
	if (getpid() == 1)
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
}

static void
sleep_until(long long t)
{
	long long left;

	while ((left = t - wait_now_ms()) > 0)
		poll(NULL, 0, left > INT_MAX ? INT_MAX : (int)left);
}

int
wait_until(const struct wait_target *t, long long deadline,
    long interval_ms, struct err *e)
{
	long long start = wait_now_ms(), now, until, next_log;
	long step = interval_ms > WAIT_ATTEMPT_MS ? interval_ms :
	    WAIT_ATTEMPT_MS;
	char why[160] = "";

	next_log = start + WAIT_PROGRESS_MS;
	for (;;) {
		reap_strays();
		until = wait_now_ms() + step;
		if (deadline >= 0 && until > deadline)
			until = deadline;
		if (attempt(t, until, why, sizeof(why)) == 1) {
			log_debug("%s %s: ready after %lld ms",
			    kind_name(t->kind), t->shown,
			    wait_now_ms() - start);
			return 0;
		}
		now = wait_now_ms();
		if (now >= next_log) {
			log_info("waiting for %s %s (%llds): %s",
			    kind_name(t->kind), t->shown, (now - start) / 1000,
			    why);
			next_log = now + WAIT_PROGRESS_MS;
		}
		/* No attempt starts at the deadline itself: it would have
		 * no time left and hide the real last error. */
		if (deadline >= 0 && now + interval_ms >= deadline) {
			sleep_until(deadline);
			break;
		}
		sleep_until(now + interval_ms);
	}
	now = wait_now_ms() - start;
	return err_set(e, ERR_TIMEOUT, 0, "timed out after %lld.%llds waiting "
	    "for %s %s (last error: %s)", now / 1000, now % 1000 / 100,
	    kind_name(t->kind), t->shown, why);
}
