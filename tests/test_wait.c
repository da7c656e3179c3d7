/* test_wait: parsing tables, and real waits against listeners on the
 * loopback (127.0.0.1, ::1) that this test starts: late, closed, slow,
 * answering 503 then 200. Every wait is bounded to about a second. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "redact.h"
#include "wait.h"

static void
test_duration(void **state)
{
	static const struct { const char *in; long ms; } ok[] = {
		{ "500ms", 500 }, { "5s", 5000 }, { "2m", 120000 },
		{ "10", 10000 }, { "0", 0 }, { "0ms", 0 }
	};
	static const char *const bad[] = { "", "s", "5h", "1.5s", "-1",
	    " 5s", "5 s", "99999999999999999999", "31000000s" };
	struct err e = ERR_INIT;
	size_t i;
	long ms;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(wait_parse_duration(ok[i].in, &ms, &e), 0);
		assert_int_equal(ms, ok[i].ms);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(wait_parse_duration(bad[i], &ms, &e), -1);
		assert_int_equal(e.kind, ERR_PLAN);
	}
}

static void
test_hostport(void **state)
{
	static const struct { const char *in, *host, *port; } ok[] = {
		{ "127.0.0.1:5432", "127.0.0.1", "5432" },
		{ "[::1]:5432", "::1", "5432" },
		{ "db.ns.svc.cluster.local:65535", "db.ns.svc.cluster.local",
		    "65535" },
		{ "db:01", "db", "1" }
	};
	static const char *const bad[] = { "db", "db:", "db:0", "db:65536",
	    ":80", "::1:80", "[::1]", "[::1]80", "db:8x", "[::1:80",
	    "u@db:80", "db:123456789", "a b:80", "a\r\nX:80", "\x7f:80" };
	struct err e = ERR_INIT;
	char *host, port[6];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(wait_parse_hostport(ok[i].in, &host, port,
		    &e), 0);
		assert_string_equal(host, ok[i].host);
		assert_string_equal(port, ok[i].port);
		free(host);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(wait_parse_hostport(bad[i], &host, port, &e),
		    -1);
		assert_int_equal(e.kind, ERR_PLAN);
	}
	assert_int_equal(wait_parse_hostport("::1:80", &host, port, &e), -1);
	assert_non_null(strstr(e.msg, "[::1]:PORT"));
}

static void
test_url(void **state)
{
	struct wait_target t;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(wait_target_parse(&t, "http",
	    "http://127.0.0.1:8080/health?x=1#frag", NULL, &e), 0);
	assert_string_equal(t.host, "127.0.0.1");
	assert_string_equal(t.port, "8080");
	assert_string_equal(t.path, "/health?x=1");
	assert_null(t.auth);
	assert_true(wait_status_match(&t.status, 204));
	assert_false(wait_status_match(&t.status, 301));
	wait_target_free(&t);

	assert_int_equal(wait_target_parse(&t, "http",
	    "HTTP://admin:s3cret@[::1]?q", "200", &e), 0);
	assert_string_equal(t.host, "::1");
	assert_string_equal(t.port, "80");
	assert_string_equal(t.path, "/?q");
	assert_string_equal(t.auth, "admin:s3cret");
	assert_string_equal(t.shown, "http://***@[::1]?q");
	wait_target_free(&t);

	assert_int_equal(wait_target_parse(&t, "http", "http://h", NULL, &e),
	    0);
	assert_string_equal(t.path, "/");
	wait_target_free(&t);

	assert_int_equal(wait_target_parse(&t, "http",
	    "https://u:s3cret@h/", NULL, &e), -1);
	assert_int_equal(e.kind, ERR_PLAN);
	assert_non_null(strstr(e.msg, "wait tcp"));
	assert_null(strstr(e.msg, "s3cret"));
	wait_target_free(&t);

	assert_int_equal(wait_target_parse(&t, "http",
	    "http://u:s3cret@h:99999/", NULL, &e), -1);
	assert_null(strstr(e.msg, "s3cret"));
	wait_target_free(&t);

	assert_int_equal(wait_target_parse(&t, "http", "ftp://h/", NULL, &e),
	    -1);
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "http", "http://h/a b", NULL,
	    &e), -1);
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "tcp", "h:1", "200", &e), -1);
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "udp", "h:1", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "unknown wait kind"));
	wait_target_free(&t);
}

static void
test_status(void **state)
{
	static const char *const bad[] = { "", "2x", "2xxx", "600", "99",
	    "399-200", "200,", ",200", "200-", "200-6000", "abc", "6xx",
	    "0xx", "5050505008", "99999999999-200", "200-5050505008",
	    "2000", "020", "20x" };
	struct wait_status st;
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	assert_int_equal(wait_parse_status("200,204,3xx,400-404", &st, &e), 0);
	assert_true(wait_status_match(&st, 200));
	assert_false(wait_status_match(&st, 201));
	assert_true(wait_status_match(&st, 204));
	assert_true(wait_status_match(&st, 301));
	assert_true(wait_status_match(&st, 399));
	assert_true(wait_status_match(&st, 404));
	assert_false(wait_status_match(&st, 405));
	assert_int_equal(wait_parse_status("200-399", &st, &e), 0);
	assert_true(wait_status_match(&st, 302));
	assert_false(wait_status_match(&st, 400));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(wait_parse_status(bad[i], &st, &e), -1);
		assert_int_equal(e.kind, ERR_PLAN);
	}
}

/* A TCP socket bound to 127.0.0.1 (or ::1) on a free port, not yet
 * listening: connecting to it is refused. */
static int
bound(int v6, char port[6])
{
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;
	socklen_t len;
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
	    0);

	assert_true(fd >= 0);
	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	a4.sin_family = AF_INET;
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_loopback;
	if (v6) {
		if (bind(fd, (struct sockaddr *)&a6, sizeof(a6)) == -1) {
			close(fd);
			return -1;
		}
		len = sizeof(a6);
		getsockname(fd, (struct sockaddr *)&a6, &len);
		snprintf(port, 6, "%u", ntohs(a6.sin6_port));
	} else {
		assert_int_equal(bind(fd, (struct sockaddr *)&a4, sizeof(a4)),
		    0);
		len = sizeof(a4);
		getsockname(fd, (struct sockaddr *)&a4, &len);
		snprintf(port, 6, "%u", ntohs(a4.sin_port));
	}
	return fd;
}

static int
wait_for(const char *kind, const char *arg, const char *status,
    long timeout, struct err *e)
{
	struct wait_target t;
	int r;

	r = wait_target_parse(&t, kind, arg, status, e);
	if (r == 0)
		r = wait_until(&t, wait_now_ms() + timeout, 100, e);
	wait_target_free(&t);
	return r;
}

static void
reap(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

/* A listener that appears 300 ms after the wait starts. */
static void
test_tcp_late(void **state)
{
	struct err e = ERR_INIT;
	char port[6], arg[32];
	long long t0;
	pid_t pid;
	int fd = bound(0, port);

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		usleep(300000);
		listen(fd, 4);
		pause();
		_exit(0);
	}
	close(fd);
	snprintf(arg, sizeof(arg), "127.0.0.1:%s", port);
	t0 = wait_now_ms();
	assert_int_equal(wait_for("tcp", arg, NULL, 3000, &e), 0);
	assert_true(wait_now_ms() - t0 >= 250);
	assert_true(wait_now_ms() - t0 < 2000);
	reap(pid);
}

static void
test_tcp_refused(void **state)
{
	struct err e = ERR_INIT;
	char port[6], arg[32];
	long long t0 = wait_now_ms();
	int fd = bound(0, port);

	(void)state;
	snprintf(arg, sizeof(arg), "127.0.0.1:%s", port);
	assert_int_equal(wait_for("tcp", arg, NULL, 500, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_int_equal(err_exit_code(&e), 4);
	assert_non_null(strstr(e.msg, "Connection refused"));
	assert_non_null(strstr(e.msg, arg));
	assert_true(wait_now_ms() - t0 < 1500);
	close(fd);
}

static void
test_tcp_v6(void **state)
{
	struct err e = ERR_INIT;
	char port[6], arg[40];
	int fd = bound(1, port);

	(void)state;
	if (fd == -1)
		skip();
	listen(fd, 4);
	snprintf(arg, sizeof(arg), "[::1]:%s", port);
	assert_int_equal(wait_for("tcp", arg, NULL, 1000, &e), 0);
	close(fd);
}

/* Accepted by the kernel, never answered: bounded by the deadline. */
static void
test_http_silent(void **state)
{
	struct err e = ERR_INIT;
	char port[6], url[64];
	long long t0 = wait_now_ms();
	int fd = bound(0, port);

	(void)state;
	listen(fd, 16);
	snprintf(url, sizeof(url), "http://127.0.0.1:%s/", port);
	assert_int_equal(wait_for("http", url, NULL, 600, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_non_null(strstr(e.msg, "timed out"));
	assert_true(wait_now_ms() - t0 < 1500);
	close(fd);
}

/* Serve one canned reply per connection; exit 1 when a request lacked
 * what every request must have. */
static void
serve(int fd, const char *const *replies, size_t n, const char *must)
{
	char req[4096];
	ssize_t r;
	size_t i, len;
	int c;

	listen(fd, 4);
	for (i = 0; i < n; i++) {
		c = accept(fd, NULL, NULL);
		len = 0;
		while (len < sizeof(req) - 1 && (r = read(c, req + len,
		    sizeof(req) - 1 - len)) > 0) {
			len += (size_t)r;
			req[len] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL)
				break;
		}
		req[len] = '\0';
		if (strstr(req, must) == NULL ||
		    strstr(req, "Connection: close\r\n") == NULL)
			_exit(1);
		send(c, replies[i], strlen(replies[i]), MSG_NOSIGNAL);
		close(c);
	}
	_exit(0);
}

static void
test_http_503_then_200(void **state)
{
	static const char *const replies[] = {
		"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.0 200 OK\r\n\r\nfine"
	};
	struct err e = ERR_INIT;
	char port[6], url[64], must[128];
	int fd = bound(0, port), st;
	pid_t pid;

	(void)state;
	snprintf(url, sizeof(url), "http://u:pw@127.0.0.1:%s/ready", port);
	snprintf(must, sizeof(must), "GET /ready HTTP/1.1\r\nHost: "
	    "127.0.0.1:%s\r\n", port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		serve(fd, replies, 2, must);
	close(fd);
	assert_int_equal(wait_for("http", url, "200", 3000, &e), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
test_http_redirect_not_followed(void **state)
{
	static const char *const replies[] = {
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n"
	};
	struct err e = ERR_INIT;
	char port[6], url[64];
	int fd = bound(0, port);
	pid_t pid;

	(void)state;
	snprintf(url, sizeof(url), "http://user:s3cret@127.0.0.1:%s/", port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		serve(fd, replies, 6, "Authorization: Basic dXNlcjpzM2NyZXQ=");
	close(fd);
	assert_int_equal(wait_for("http", url, NULL, 350, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_non_null(strstr(e.msg, "last error: status 302"));
	assert_null(strstr(e.msg, "s3cret"));
	assert_non_null(strstr(e.msg, "http://***@127.0.0.1:"));
	reap(pid);
	/* 3xx accepted when asked for */
	fd = bound(0, port);
	pid = fork();
	if (pid == 0)
		serve(fd, replies, 1, "GET / ");
	snprintf(url, sizeof(url), "http://localhost:%s", port);
	close(fd);
	assert_int_equal(wait_for("http", url, "200-399", 1000, &e), 0);
	reap(pid);
}

static void
test_file_dns(void **state)
{
	struct err e = ERR_INIT;
	char dir[] = "/tmp/test_wait.XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ready", dir);
	assert_int_equal(wait_for("file", path, NULL, 300, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_non_null(strstr(e.msg, "No such file"));
	close(open(path, O_CREAT | O_WRONLY, 0600));
	assert_int_equal(wait_for("file", path, NULL, 300, &e), 0);
	unlink(path);
	rmdir(dir);
	assert_int_equal(wait_for("dns", "localhost", NULL, 1000, &e), 0);
}

/* The response reader: the status line's code, however the bytes come. */
static void
test_response(void **state)
{
	static const struct { const char *resp; int code; } rows[] = {
		{ "HTTP/1.1 200 OK\r\n", 200 }, { "HTTP/1.0 503", 503 },
		{ "HTTP/1.1 599 x\r\n", 599 }, { "HTTP/1.1 600 x\r\n", -1 },
		{ "HTTP/1.1 099 x\r\n", -1 }, { "HTTP/2 200\r\n", -1 },
		{ "HTTP/1.1 20", -1 }, { "", -1 }, { "HTTP/1.1  200\n", -1 },
	};
	char why[160];
	size_t i;
	int sv[2];

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t n = strlen(rows[i].resp);

		assert_int_equal(wait_http_status(rows[i].resp, n, why,
		    sizeof(why)), rows[i].code);
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		assert_int_equal(write(sv[0], rows[i].resp, n), (ssize_t)n);
		shutdown(sv[0], SHUT_WR);
		assert_int_equal(wait_read_status(sv[1], wait_now_ms() + 1000,
		    why, sizeof(why)), rows[i].code);
		if (rows[i].code == -1)
			assert_string_equal(why, n == 0 ? "empty response" :
			    "not an HTTP/1.x response");
		close(sv[0]);
		close(sv[1]);
	}
	/* No NUL needed: the code is read from the first 12 bytes only. */
	assert_int_equal(wait_http_status("HTTP/1.1 204", 12, why,
	    sizeof(why)), 204);
	assert_int_equal(wait_http_status("HTTP/1.1 204", 11, why,
	    sizeof(why)), -1);
}

/* header= and body= parse: blanks trimmed, a token name, no control
 * characters; a credential's value is redacted; http only. */
static void
test_header_body_parse(void **state)
{
	static const char *const bad[] = { "NoColon", ": v", "Bad Name: v",
	    "X(y): v", "X: a\r\nInjected: 1", "X: \x01" };
	struct wait_target t;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(wait_target_parse(&t, "http", "http://h/", NULL, &e),
	    0);
	assert_int_equal(wait_target_add_header(&t, "  Accept :  text/plain ",
	    &e), 0);
	assert_int_equal(wait_target_add_header(&t, "Authorization:Bearer "
	    "tok3n-value", &e), 0);
	assert_int_equal(wait_target_add_header(&t, "X-Empty:", &e), 0);
	assert_int_equal((int)t.nheaders, 3);
	assert_string_equal(t.headers[0], "Accept: text/plain");
	assert_string_equal(t.headers[1], "Authorization: Bearer tok3n-value");
	assert_string_equal(t.headers[2], "X-Empty: ");
	redact(&out, "x Bearer tok3n-value y", 22);
	assert_null(strstr(buf_str(&out), "tok3n"));
	buf_free(&out);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(wait_target_add_header(&t, bad[i], &e), -1);
		assert_int_equal(e.kind, ERR_PLAN);
	}
	assert_int_equal(wait_target_set_body(&t, "", &e), -1);
	assert_int_equal(wait_target_set_body(&t, "ok", &e), 0);
	assert_string_equal(t.body, "ok");
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "tcp", "h:1", NULL, &e), 0);
	assert_int_equal(wait_target_add_header(&t, "A: b", &e), -1);
	assert_non_null(strstr(e.msg, "wait http only"));
	assert_int_equal(wait_target_set_body(&t, "x", &e), -1);
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "unix", "/run/x.sock", NULL,
	    &e), 0);
	assert_string_equal(t.path, "/run/x.sock");
	wait_target_free(&t);
	assert_int_equal(wait_target_parse(&t, "unix", "", NULL, &e), -1);
	wait_target_free(&t);
	{
		char longp[200];

		memset(longp, 'a', sizeof(longp) - 1);
		longp[sizeof(longp) - 1] = '\0';
		assert_int_equal(wait_target_parse(&t, "unix", longp, NULL,
		    &e), -1);
		wait_target_free(&t);
	}
	redact_clear();
}

/* The body test: plain, Content-Length cut, chunked (the text split
 * across two chunks), incomplete, headers only. */
static void
test_body_has(void **state)
{
	static const struct { const char *resp, *want; bool has; } rows[] = {
		{ "HTTP/1.1 200 OK\r\n\r\n{\"status\":\"UP\"}", "\"UP\"", true },
		{ "HTTP/1.1 200 OK\r\n\r\nstarting", "UP", false },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nnoUP", "UP",
		    false },
		{ "HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nnoUP", "UP",
		    true },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		    "3\r\n{\"U\r\n4;x=y\r\nP\"}x\r\n0\r\n\r\n", "{\"UP\"}", true },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		    "3\r\nabc\r\n", "3", false },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		    "zz\r\n", "zz", false },
		{ "HTTP/1.1 200 OK\r\nX: UP\r\n", "UP", false },
		{ "HTTP/1.0 200 OK\n\nready\n", "ready", true },
		{ "", "x", false },
	};
	char why[160];
	bool found;
	size_t i;
	int sv[2];

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t n = strlen(rows[i].resp);

		assert_int_equal(wait_http_body_has(rows[i].resp, n,
		    rows[i].want), rows[i].has);
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		assert_int_equal(write(sv[0], rows[i].resp, n), (ssize_t)n);
		shutdown(sv[0], SHUT_WR);
		assert_int_equal(wait_read_response(sv[1], wait_now_ms() + 1000,
		    rows[i].want, &found, why, sizeof(why)), n == 0 ? -1 :
		    (int)(rows[i].resp[9] - '0') * 100);
		assert_int_equal(found, rows[i].has);
		close(sv[0]);
		close(sv[1]);
	}
}

/* header= goes out with the request; body= waits for the text (a 200
 * without it is "not yet"). */
static void
test_http_header_body(void **state)
{
	static const char *const replies[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nstarting",
		"HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"UP\"}"
	};
	static const char *const starting[] = { replies[0], replies[0],
	    replies[0], replies[0], replies[0], replies[0] };
	struct wait_target t;
	struct err e = ERR_INIT;
	char port[6], url[64];
	int fd = bound(0, port), st;
	pid_t pid;

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%s/health", port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		serve(fd, replies, 2, "\r\nX-Probe: volinit-test\r\n");
	close(fd);
	assert_int_equal(wait_target_parse(&t, "http", url, NULL, &e), 0);
	assert_int_equal(wait_target_add_header(&t, "X-Probe: volinit-test",
	    &e), 0);
	assert_int_equal(wait_target_set_body(&t, "\"UP\"", &e), 0);
	assert_int_equal(wait_until(&t, wait_now_ms() + 3000, 100, &e), 0);
	wait_target_free(&t);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* never the text: a timeout saying so */
	fd = bound(0, port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%s/health", port);
	pid = fork();
	if (pid == 0)
		serve(fd, starting, 6, "GET /health");
	close(fd);
	assert_int_equal(wait_target_parse(&t, "http", url, NULL, &e), 0);
	assert_int_equal(wait_target_set_body(&t, "\"UP\"", &e), 0);
	assert_int_equal(wait_until(&t, wait_now_ms() + 300, 100, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_non_null(strstr(e.msg, "lacks the text"));
	wait_target_free(&t);
	reap(pid);
}

/* wait unix: refused (no file, then a file that is no socket) until a
 * listener appears. */
static void
test_unix(void **state)
{
	struct sockaddr_un a;
	struct err e = ERR_INIT;
	char dir[] = "/tmp/test_wait.XXXXXX", path[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.sock", dir);
	assert_int_equal(wait_for("unix", path, NULL, 300, &e), -1);
	assert_int_equal(e.kind, ERR_TIMEOUT);
	assert_non_null(strstr(e.msg, "No such file"));
	assert_non_null(strstr(e.msg, "wait"));
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(wait_for("unix", path, NULL, 300, &e), -1);
	assert_non_null(strstr(e.msg, "refused"));
	listen(fd, 4);
	assert_int_equal(wait_for("unix", path, NULL, 1000, &e), 0);
	close(fd);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_hostport),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_response),
		cmocka_unit_test(test_tcp_late),
		cmocka_unit_test(test_tcp_refused),
		cmocka_unit_test(test_tcp_v6),
		cmocka_unit_test(test_http_silent),
		cmocka_unit_test(test_http_503_then_200),
		cmocka_unit_test(test_http_redirect_not_followed),
		cmocka_unit_test(test_file_dns),
		cmocka_unit_test(test_header_body_parse),
		cmocka_unit_test(test_body_has),
		cmocka_unit_test(test_http_header_body),
		cmocka_unit_test(test_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
