/* test_resolve: resolv.conf and hosts parsing, the answer parser, and the
 * lookup's bound against real UDP sockets on 127.0.0.1: a nameserver that
 * never answers must not hold a lookup past its deadline (musl's
 * getaddrinfo took 5 s), one that answers must give its addresses. */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolve.h"

static long long
ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
addr_str(const struct resolve_addrs *a, size_t i)
{
	static char s[64];
	const struct sockaddr_storage *ss = &a->a[i];

	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
		    s, sizeof(s));
	else
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->
		    sin6_addr, s, sizeof(s));
	return s;
}

static void
t_conf(void **state)
{
	struct resolve_conf c;

	(void)state;
	resolve_conf_parse("# k8s\nnameserver 10.96.0.10\nnameserver ::1\n"
	    "search default.svc.cluster.local svc.cluster.local\n"
	    "options ndots:5 timeout:2 attempts:3\n", &c);
	assert_int_equal(c.nns, 2);
	assert_int_equal(c.ns[1].ss_family, AF_INET6);
	assert_string_equal(c.search, " default.svc.cluster.local "
	    "svc.cluster.local");
	assert_int_equal(c.ndots, 5);
	assert_int_equal(c.timeout_ms, 2000);
	assert_int_equal(c.attempts, 3);
	resolve_conf_parse(NULL, &c);
	assert_int_equal(c.nns, 1);
	assert_int_equal(c.ndots, 1);
	assert_int_equal(c.timeout_ms, 5000);
	resolve_conf_parse("options ndots:99 attempts:0\n", &c);
	assert_int_equal(c.ndots, 15);
	assert_int_equal(c.attempts, 1);
}

static void
t_hosts(void **state)
{
	struct resolve_addrs a = { .n = 0 };

	(void)state;
	assert_int_equal(resolve_hosts("::1 db\n# 10.0.0.9 db\n"
	    "10.0.0.2 web DB # c\nbogus db\n", "db", 5432, &a), 2);
	/* IPv4 first */
	assert_string_equal(addr_str(&a, 0), "10.0.0.2");
	assert_string_equal(addr_str(&a, 1), "::1");
	assert_int_equal(ntohs(((struct sockaddr_in *)&a.a[0])->sin_port),
	    5432);
	a.n = 0;
	assert_int_equal(resolve_hosts("10.0.0.2 web\n", "db", 1, &a), 0);
}

/* A reply to query q (len n): A 10.1.2.3 for an A query, NXDOMAIN or no
 * answer otherwise, as the mode says. */
static size_t
reply(const unsigned char *q, size_t n, unsigned char *r, int mode)
{
	unsigned qtype = (unsigned)q[n - 4] << 8 | q[n - 3];

	memcpy(r, q, n);
	r[2] = 0x81;
	r[3] = mode == 1 ? 0x83 : 0x80;		/* NXDOMAIN or NOERROR */
	if (mode != 0 || qtype != 1)
		return n;
	r[7] = 1;
	memcpy(r + n, "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04"
	    "\x0a\x01\x02\x03", 16);
	return n + 16;
}

/* A UDP nameserver on 127.0.0.1: mode 0 answers, 1 says NXDOMAIN, 2 never
 * answers. Its port in *port; the child's pid. */
static pid_t
nameserver(int mode, unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	pid_t pid;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	getsockname(fd, (struct sockaddr *)&a, &l);
	*port = ntohs(a.sin_port);
	if ((pid = fork()) == 0) {
		unsigned char q[512], r[600];
		struct sockaddr_in from;
		ssize_t n;

		for (;;) {
			l = sizeof(from);
			n = recvfrom(fd, q, sizeof(q), 0,
			    (struct sockaddr *)&from, &l);
			if (n > 12 && mode != 2)
				sendto(fd, r, reply(q, (size_t)n, r, mode), 0,
				    (struct sockaddr *)&from, l);
		}
	}
	close(fd);
	return pid;
}

static void
conf_at(struct resolve_conf *c, unsigned port, const char *extra)
{
	char text[256];

	snprintf(text, sizeof(text), "nameserver 127.0.0.1\n%s", extra);
	resolve_conf_parse(text, c);
	((struct sockaddr_in *)&c->ns[0])->sin_port = htons(port);
}

static void
t_dns_answers(void **state)
{
	struct resolve_conf c;
	struct resolve_addrs a = { .n = 0 };
	char why[128] = "";
	unsigned port;
	pid_t pid = nameserver(0, &port);

	(void)state;
	conf_at(&c, port, "");
	assert_int_equal(resolve_dns(&c, "db.example", 80, ms() + 2000, &a,
	    why, sizeof(why)), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(addr_str(&a, 0), "10.1.2.3");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void
t_dns_nxdomain_and_search(void **state)
{
	struct resolve_conf c;
	struct resolve_addrs a = { .n = 0 };
	char why[128] = "";
	unsigned port;
	pid_t pid = nameserver(1, &port);
	long long t0 = ms();

	(void)state;
	conf_at(&c, port, "search a.example b.example\noptions ndots:2\n");
	assert_int_equal(resolve_dns(&c, "db", 80, ms() + 2000, &a, why,
	    sizeof(why)), -1);
	assert_string_equal(why, "Name does not resolve");
	assert_true(ms() - t0 < 1000);	/* three names, each answered */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The point of the module: a silent nameserver cannot hold the wait */
static void
t_dns_deadline(void **state)
{
	struct resolve_conf c;
	struct resolve_addrs a = { .n = 0 };
	char why[128] = "";
	unsigned port;
	pid_t pid = nameserver(2, &port);
	long long t0 = ms(), took;

	(void)state;
	conf_at(&c, port, "search x.example\noptions ndots:5\n");
	assert_int_equal(resolve_dns(&c, "db", 80, t0 + 300, &a, why,
	    sizeof(why)), -1);
	took = ms() - t0;
	assert_true(took >= 290 && took < 600);
	assert_string_equal(why, "DNS: no answer in time");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* No one listening: the ICMP refusal ends the lookup at once */
static void
t_dns_refused(void **state)
{
	struct resolve_conf c;
	struct resolve_addrs a = { .n = 0 };
	char why[128] = "";
	unsigned port;
	pid_t pid = nameserver(2, &port);
	long long t0;

	(void)state;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	conf_at(&c, port, "");
	t0 = ms();
	assert_int_equal(resolve_dns(&c, "db", 80, t0 + 3000, &a, why,
	    sizeof(why)), -1);
	assert_true(ms() - t0 < 1000);
	assert_string_equal(why, "DNS: nameserver refused the query");
}

static void
t_parse_answer(void **state)
{
	static const unsigned char q[] = "\x12\x34\x01\x00\x00\x01\x00\x00"
	    "\x00\x00\x00\x00\x02" "db\x00\x00\x01\x00\x01";
	unsigned char r[128];
	struct resolve_addrs a = { .n = 0 };
	size_t n = reply(q, sizeof(q) - 1, r, 0);

	(void)state;
	assert_int_equal(resolve_parse_answer(r, n, 0x1234, 1, &a), 1);
	assert_int_equal(a.n, 1);
	/* another id, a truncated record, a pointer loop: never ours */
	assert_int_equal(resolve_parse_answer(r, n, 0x1235, 1, &a), -1);
	assert_int_equal(resolve_parse_answer(r, n - 1, 0x1234, 1, &a), -1);
	r[sizeof(q) - 1] = 0xc0;
	r[sizeof(q)] = (unsigned char)(sizeof(q) - 1);
	assert_int_equal(resolve_parse_answer(r, n, 0x1234, 1, &a), 1);
	assert_int_equal(resolve_parse_answer(r, 11, 0x1234, 1, &a), -1);
}

static void
t_name(void **state)
{
	struct resolve_addrs a;
	char why[128];

	(void)state;
	assert_int_equal(resolve_name("127.0.0.9", 7, -1, &a, why,
	    sizeof(why)), 0);
	assert_string_equal(addr_str(&a, 0), "127.0.0.9");
	assert_int_equal(resolve_name("::1", 7, -1, &a, why, sizeof(why)), 0);
	assert_int_equal(resolve_name("x.localhost", 7, -1, &a, why,
	    sizeof(why)), 0);
	assert_string_equal(addr_str(&a, 0), "127.0.0.1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_conf),
		cmocka_unit_test(t_hosts),
		cmocka_unit_test(t_parse_answer),
		cmocka_unit_test(t_dns_answers),
		cmocka_unit_test(t_dns_nxdomain_and_search),
		cmocka_unit_test(t_dns_deadline),
		cmocka_unit_test(t_dns_refused),
		cmocka_unit_test(t_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
