/* resolve: /etc/hosts, then DNS over UDP, under one deadline.
 *
 * MUST: never block past the deadline (non-blocking sockets and poll);
 * accept an answer only from the nameserver it was sent to (connected
 * sockets) and only with the query's random id; read every field of a
 * response with a bound (it comes from the network). Semantics follow
 * musl's resolver, which is what a static volinit used before: search
 * domains only when the name has fewer dots than ndots, tried before the
 * name itself; a name that does not exist goes on to the next candidate,
 * any other failure stops the lookup. IPv4 addresses come first. */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/syscall.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "buf.h"
#include "resolve.h"

#define TYPE_A 1
#define TYPE_AAAA 28

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append one address (IPv4 before IPv6) unless out is full. */
static void
add_addr(struct resolve_addrs *out, int family, const void *addr,
    unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	size_t at = out->n;

	if (out->n == RESOLVE_MAX)
		return;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		memcpy(&a->sin_addr, addr, 4);
		len = sizeof(*a);
		while (at > 0 && out->a[at - 1].ss_family == AF_INET6)
			at--;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)port);
		memcpy(&a->sin6_addr, addr, 16);
		len = sizeof(*a);
	}
	memmove(&out->a[at + 1], &out->a[at], (out->n - at) * sizeof(ss));
	memmove(&out->len[at + 1], &out->len[at], (out->n - at) *
	    sizeof(socklen_t));
	out->a[at] = ss;
	out->len[at] = len;
	out->n++;
}

/* A numeric IPv4 or IPv6 address: its family (0 for none), bytes in a. */
static int
parse_numeric(const char *s, unsigned char a[16])
{
	if (inet_pton(AF_INET, s, a) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, a) == 1)
		return AF_INET6;
	return 0;
}

/* A numeric address: true with it added. */
static bool
numeric(const char *s, unsigned port, struct resolve_addrs *out)
{
	unsigned char a[16];
	int family = parse_numeric(s, a);

	if (family != 0)
		add_addr(out, family, a, port);
	return family != 0;
}

/* The next line of text (NUL-terminated copy in line), false at the end. */
static bool
next_line(const char **p, char *line, size_t size)
{
	const char *s = *p, *e;
	size_t n;

	if (*s == '\0')
		return false;
	e = s + strcspn(s, "\n");
	n = (size_t)(e - s) < size - 1 ? (size_t)(e - s) : size - 1;
	memcpy(line, s, n);
	line[n] = '\0';
	line[strcspn(line, "#;")] = '\0';
	*p = *e != '\0' ? e + 1 : e;
	return true;
}

static unsigned
opt_num(const char *w, const char *name, unsigned cur, unsigned max)
{
	size_t n = strlen(name);
	unsigned long v;
	char *end;

	if (strncmp(w, name, n) != 0 || w[n] != ':')
		return cur;
	v = strtoul(w + n + 1, &end, 10);
	if (end == w + n + 1)
		return cur;
	return v > max ? max : (unsigned)v;
}

void
resolve_conf_parse(const char *text, struct resolve_conf *c)
{
	static const char blank[] = " \t\r";
	char line[512], *w, *save;
	struct resolve_addrs a;
	const char *p = text != NULL ? text : "";

	memset(c, 0, sizeof(*c));
	c->ndots = 1;
	c->timeout_ms = 5000;
	c->attempts = 2;
	while (next_line(&p, line, sizeof(line))) {
		if ((w = strtok_r(line, blank, &save)) == NULL)
			continue;
		if (strcmp(w, "nameserver") == 0 && c->nns < RESOLVE_MAXNS &&
		    (w = strtok_r(NULL, blank, &save)) != NULL) {
			w[strcspn(w, "%")] = '\0';	/* no scope ids */
			a.n = 0;
			if (numeric(w, 53, &a)) {
				c->ns[c->nns] = a.a[0];
				c->nslen[c->nns++] = a.len[0];
			}
		} else if (strcmp(w, "search") == 0 ||
		    strcmp(w, "domain") == 0) {
			c->search[0] = '\0';
			while ((w = strtok_r(NULL, blank, &save)) != NULL &&
			    strlen(c->search) + strlen(w) + 2 <
			    sizeof(c->search)) {
				strcat(c->search, " ");
				strcat(c->search, w);
			}
		} else if (strcmp(w, "options") == 0) {
			while ((w = strtok_r(NULL, blank, &save)) != NULL) {
				c->ndots = opt_num(w, "ndots", c->ndots, 15);
				c->attempts = opt_num(w, "attempts",
				    c->attempts, 10);
				c->timeout_ms = opt_num(w, "timeout",
				    c->timeout_ms / 1000, 60) * 1000;
			}
		}
	}
	if (c->attempts == 0)
		c->attempts = 1;
	if (c->timeout_ms == 0)
		c->timeout_ms = 1000;
	if (c->nns == 0) {
		a.n = 0;
		numeric("127.0.0.1", 53, &a);
		c->ns[0] = a.a[0];
		c->nslen[0] = a.len[0];
		c->nns = 1;
	}
}

size_t
resolve_hosts(const char *text, const char *name, unsigned port,
    struct resolve_addrs *out)
{
	char line[1024], *addr, *w, *save;
	const char *p = text != NULL ? text : "";
	size_t before = out->n;
	unsigned char a[16];
	int family;

	while (next_line(&p, line, sizeof(line))) {
		if ((addr = strtok_r(line, " \t\r", &save)) == NULL ||
		    (family = parse_numeric(addr, a)) == 0)
			continue;
		while ((w = strtok_r(NULL, " \t\r", &save)) != NULL)
			if (strcasecmp(w, name) == 0) {
				add_addr(out, family, a, port);
				break;
			}
	}
	return out->n - before;
}

/* Skip a (possibly compressed) name at p; the offset after it or 0. */
static size_t
skip_name(const unsigned char *m, size_t len, size_t p)
{
	int hops;

	for (hops = 0; hops < 128 && p < len; hops++) {
		if (m[p] == 0)
			return p + 1;
		if ((m[p] & 0xc0) == 0xc0)
			return p + 2 <= len ? p + 2 : 0;
		if (m[p] & 0xc0)
			return 0;
		p += (size_t)m[p] + 1;
	}
	return 0;
}

int
resolve_parse_answer(const unsigned char *m, size_t len, unsigned id,
    unsigned port, struct resolve_addrs *out)
{
	unsigned qd, an, rcode, type, class, rdlen, i;
	size_t p = 12;

	if (len < 12 || ((unsigned)m[0] << 8 | m[1]) != id || !(m[2] & 0x80))
		return -1;
	rcode = m[3] & 0x0f;
	if (rcode == 3)
		return 0;
	if (rcode != 0)
		return -1;
	qd = (unsigned)m[4] << 8 | m[5];
	an = (unsigned)m[6] << 8 | m[7];
	for (i = 0; i < qd; i++)
		if ((p = skip_name(m, len, p)) == 0 || (p += 4) > len)
			return -1;
	for (i = 0; i < an; i++) {
		if ((p = skip_name(m, len, p)) == 0 || p + 10 > len)
			return -1;
		type = (unsigned)m[p] << 8 | m[p + 1];
		class = (unsigned)m[p + 2] << 8 | m[p + 3];
		rdlen = (unsigned)m[p + 8] << 8 | m[p + 9];
		p += 10;
		if (p + rdlen > len)
			return -1;
		if (class == 1 && type == TYPE_A && rdlen == 4)
			add_addr(out, AF_INET, m + p, port);
		else if (class == 1 && type == TYPE_AAAA && rdlen == 16)
			add_addr(out, AF_INET6, m + p, port);
		p += rdlen;
	}
	return 1;
}

/* A query for name (no trailing dot) into q: its length, or 0 when name
 * is not a valid DNS name. */
static size_t
build_query(unsigned char *q, unsigned id, const char *name, unsigned type)
{
	size_t p = 12, l, n = strlen(name);
	const char *s = name;

	if (n == 0 || n > 253)
		return 0;
	memset(q, 0, 12);
	q[0] = (unsigned char)(id >> 8);
	q[1] = (unsigned char)id;
	q[2] = 0x01;		/* recursion desired */
	q[5] = 1;		/* one question */
	while (*s != '\0') {
		l = strcspn(s, ".");
		if (l == 0 || l > 63)
			return 0;
		q[p++] = (unsigned char)l;
		memcpy(q + p, s, l);
		p += l;
		s += l;
		s += *s == '.';
	}
	q[p++] = 0;
	q[p++] = 0;
	q[p++] = (unsigned char)type;
	q[p++] = 0;
	q[p++] = 1;		/* class IN */
	return p;
}

static unsigned
random_id(void)
{
	unsigned short v;

	if (syscall(SYS_getrandom, &v, sizeof(v), 0) != (long)sizeof(v))
		v = (unsigned short)(now_ms() ^ getpid());
	return v;
}

/* One exchange: A and AAAA for qname with every nameserver. */
struct exchange {
	unsigned char q[2][300];
	size_t qlen[2];
	unsigned id[2];
	int rc[2];		/* -2 pending, -1 failed, 0 no name, 1 ok */
	int fd[RESOLVE_MAXNS];
	size_t nfd;
};

static void
send_all(struct exchange *x)
{
	size_t i;
	int t;

	for (i = 0; i < x->nfd; i++)
		for (t = 0; t < 2; t++) {
			if (x->fd[i] < 0 || x->rc[t] != -2 || send(x->fd[i],
			    x->q[t], x->qlen[t], MSG_NOSIGNAL) >= 0 ||
			    errno != ECONNREFUSED)
				continue;
			/* an earlier send's ICMP refusal, reported here */
			close(x->fd[i]);
			x->fd[i] = -1;
		}
}

/* Read what fd has; false when the nameserver refused (ICMP). */
static bool
take_answers(struct exchange *x, int fd, unsigned port,
    struct resolve_addrs *out)
{
	unsigned char m[4096];
	ssize_t n;
	int t, r;

	while ((n = recv(fd, m, sizeof(m), MSG_DONTWAIT)) >= 0 ||
	    errno == EINTR) {
		for (t = 0; n > 0 && t < 2; t++) {
			if (x->rc[t] != -2)
				continue;
			r = resolve_parse_answer(m, (size_t)n, x->id[t], port,
			    out);
			/* another id: not this query's answer */
			if (r != -1 || (((unsigned)m[0] << 8 | m[1]) ==
			    x->id[t] && n >= 12))
				x->rc[t] = r;
		}
	}
	return errno != ECONNREFUSED;
}

static int
open_all(const struct resolve_conf *c, struct exchange *x)
{
	size_t i;
	int fd;

	for (i = 0; i < c->nns; i++) {
		fd = socket(c->ns[i].ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (const struct sockaddr *)&c->ns[i],
		    c->nslen[i]) == -1) {
			close(fd);
			fd = -1;
		}
		if (fd >= 0)
			x->fd[x->nfd++] = fd;
	}
	return x->nfd > 0 ? 0 : -1;
}

/* Wait for both answers until end, resending every `retry` ms. */
static int
converse(struct exchange *x, unsigned retry, long long end, unsigned port,
    struct resolve_addrs *out)
{
	struct pollfd pf[RESOLVE_MAXNS];
	long long now, next = 0;
	size_t i, live;

	for (;;) {
		if (x->rc[0] != -2 && x->rc[1] != -2)
			return 0;
		if ((now = now_ms()) >= end)
			return -1;
		if (now >= next) {
			send_all(x);
			next = now + retry;
		}
		for (i = live = 0; i < x->nfd; i++) {
			pf[i].fd = x->fd[i];
			pf[i].events = POLLIN;
			live += x->fd[i] >= 0;
		}
		if (live == 0)
			return errno = ECONNREFUSED, -1;
		if (poll(pf, x->nfd, (int)((next < end ? next : end) - now))
		    < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < x->nfd; i++)
			if (x->fd[i] >= 0 && (pf[i].revents & (POLLIN |
			    POLLERR)) && !take_answers(x, x->fd[i], port,
			    out)) {
				close(x->fd[i]);
				x->fd[i] = -1;
			}
	}
}

/* 1 found, 0 no such name, -1 failed (why filled). */
static int
query(const struct resolve_conf *c, const char *qname, unsigned port,
    long long deadline, struct resolve_addrs *out, char *why, size_t wn)
{
	struct exchange x;
	long long end = now_ms() + c->timeout_ms;
	size_t i;
	int r, t;

	memset(&x, 0, sizeof(x));
	for (t = 0; t < 2; t++) {
		x.id[t] = random_id();
		x.rc[t] = -2;
		x.qlen[t] = build_query(x.q[t], x.id[t], qname,
		    t == 0 ? TYPE_A : TYPE_AAAA);
		if (x.qlen[t] == 0)
			return 0;	/* not a DNS name: no such name */
	}
	if (deadline >= 0 && deadline < end)
		end = deadline;
	if (open_all(c, &x) < 0) {
		snprintf(why, wn, "DNS: %s", strerror(errno));
		return -1;
	}
	r = converse(&x, c->timeout_ms / c->attempts, end, port, out);
	if (r < 0)
		snprintf(why, wn, errno == ECONNREFUSED ? "DNS: nameserver "
		    "refused the query" : "DNS: no answer in time");
	for (i = 0; i < x.nfd; i++)
		if (x.fd[i] >= 0)
			close(x.fd[i]);
	if (out->n > 0)
		return 1;
	if (r < 0)
		return -1;
	if (x.rc[0] == -1 || x.rc[1] == -1) {
		snprintf(why, wn, "DNS: server failure");
		return -1;
	}
	return 0;
}

int
resolve_dns(const struct resolve_conf *c, const char *name, unsigned port,
    long long deadline, struct resolve_addrs *out, char *why, size_t wn)
{
	char fq[300], search[sizeof(c->search)], *d, *save;
	size_t n = strlen(name), dots = 0, i;
	int r;

	for (i = 0; i < n; i++)
		dots += name[i] == '.';
	if (n > 0 && name[n - 1] == '.') {
		snprintf(fq, sizeof(fq), "%.*s", (int)(n - 1), name);
		dots = c->ndots;	/* absolute: no search */
	} else {
		snprintf(fq, sizeof(fq), "%s", name);
	}
	memcpy(search, c->search, sizeof(search));
	for (d = strtok_r(search, " ", &save); dots < c->ndots && d != NULL;
	    d = strtok_r(NULL, " ", &save)) {
		char cand[600];

		snprintf(cand, sizeof(cand), "%s.%s", fq, d);
		if ((r = query(c, cand, port, deadline, out, why, wn)) != 0)
			return r > 0 ? 0 : -1;
	}
	if ((r = query(c, fq, port, deadline, out, why, wn)) != 0)
		return r > 0 ? 0 : -1;
	snprintf(why, wn, "Name does not resolve");
	return -1;
}

/* A small system file's text into b ("" when missing or unreadable). */
static void
slurp(const char *path, size_t cap, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	buf_reset(b);
	buf_adds(b, "");
	if (fd < 0)
		return;
	while (b->len < cap && (n = read(fd, buf_reserve(b, 4096), 4096)) > 0)
		b->len += (size_t)n;
	b->p[b->len] = '\0';
	close(fd);
}

static bool
is_localhost(const char *name)
{
	size_t n = strlen(name);

	if (n > 0 && name[n - 1] == '.')
		n--;
	return (n == 9 && strncasecmp(name, "localhost", 9) == 0) ||
	    (n > 10 && strncasecmp(name + n - 10, ".localhost", 10) == 0);
}

int
resolve_name(const char *name, unsigned port, long long deadline,
    struct resolve_addrs *out, char *why, size_t wn)
{
	static const unsigned char lo4[4] = { 127, 0, 0, 1 };
	static const unsigned char lo6[16] = { [15] = 1 };
	struct resolve_conf c;
	struct buf b = BUF_INIT;
	int r;

	out->n = 0;
	if (numeric(name, port, out))
		return 0;
	slurp("/etc/hosts", HOSTS_MAX, &b);
	r = resolve_hosts(buf_str(&b), name, port, out) > 0;
	if (!r && is_localhost(name)) {
		add_addr(out, AF_INET, lo4, port);
		add_addr(out, AF_INET6, lo6, port);
		r = 1;
	}
	if (!r) {
		slurp("/etc/resolv.conf", RESOLV_CONF_MAX, &b);
		resolve_conf_parse(buf_str(&b), &c);
		r = resolve_dns(&c, name, port, deadline, out, why, wn) == 0;
	}
	buf_free(&b);
	return r ? 0 : -1;
}
