/* wait: wait for a dependency — a TCP port, an HTTP status (and body), a
 * file, a DNS name, a unix socket — under one CLOCK_MONOTONIC deadline. Parsing is separate from
 * waiting so that a plan is validated before anything runs. */
#ifndef WAIT_H
#define WAIT_H
#include <stdbool.h>
#include <stddef.h>

#include "bounds.h"
#include "err.h"

enum wait_kind { WAIT_TCP, WAIT_HTTP, WAIT_FILE, WAIT_DNS, WAIT_UNIX };

#define WAIT_MAXRANGES 16

/* Accepted HTTP statuses: inclusive ranges. */
struct wait_status {
	struct { int lo, hi; } r[WAIT_MAXRANGES];
	size_t n;
};

/* One thing to wait for. Strings are heap memory owned by the target;
 * free with wait_target_free. */
struct wait_target {
	enum wait_kind kind;
	char *host;		/* tcp, http, dns: no brackets around IPv6 */
	char port[6];		/* tcp, http */
	char *path;		/* http: request target; file, unix: the path */
	char *auth;		/* http userinfo (secret: never shown), NULL */
	char *shown;		/* how logs name it; userinfo redacted */
	struct wait_status status;
	char **headers;		/* http: "Name: value" lines sent (never
				 * shown: they may hold a token) */
	size_t nheaders;
	char *body;		/* http: the body must contain it, or NULL */
};

/* Default timeout and interval in milliseconds. */
#define WAIT_TIMEOUT_MS 60000L
#define WAIT_INTERVAL_MS 1000L

/* Parse a duration: a decimal number with an optional unit ms, s or m (a
 * bare number is seconds): "500ms", "5s", "2m", "10". At most 30 days.
 * ERR_PLAN on anything else. */
int wait_parse_duration(const char *s, long *ms, struct err *e);
/* Parse HOST:PORT or [IPV6]:PORT; PORT 1-65535. *host is heap memory
 * (the caller frees it). ERR_PLAN on a bad form. */
int wait_parse_hostport(const char *s, char **host, char port[6],
    struct err *e);
/* Parse an http:// URL into t (host, port, path, auth, shown). https: is
 * an error telling to use `wait tcp`. ERR_PLAN. */
int wait_parse_url(const char *url, struct wait_target *t, struct err *e);
/* Parse a status spec: "200", "2xx", "200-399" or a comma list of them. */
int wait_parse_status(const char *spec, struct wait_status *st,
    struct err *e);
bool wait_status_match(const struct wait_status *st, int code);

/* The status code of the HTTP/1.x response whose first len bytes are
 * resp (no NUL needed), or -1 with why filled. */
int wait_http_status(const char *resp, size_t len, char *why, size_t wn);
/* Read a response from fd until its status line is complete (a newline),
 * the peer closes, WAIT_RESP_MAX bytes or the deadline `until`
 * (wait_now_ms() based); the status code, or -1 with why filled. */
int wait_read_status(int fd, long long until, char *why, size_t wn);

/* The response reader with a body test: as wait_read_status, but it goes
 * on reading (to the peer's close, a complete Content-Length or chunked
 * body, WAIT_BODY_MAX bytes or until) and sets *found when the body
 * (chunked encoding decoded) holds want. */
int wait_read_response(int fd, long long until, const char *want,
    bool *found, char *why, size_t wn);
/* Does the HTTP response resp[0..len) (headers and body as received) have
 * a body holding want? Chunked bodies are decoded; a Content-Length cuts
 * the body; an incomplete one is searched as far as it goes. Pure. */
bool wait_http_body_has(const char *resp, size_t len, const char *want);

/* Fill t from a kind name ("tcp", "http", "file", "dns", "unix"), its
 * argument and the status spec (NULL: 2xx). Validation only: nothing is
 * resolved. */
int wait_target_parse(struct wait_target *t, const char *kind,
    const char *arg, const char *status, struct err *e);
void wait_target_free(struct wait_target *t);
/* http only: send the header line "Name: value" (dockerize's
 * -wait-http-header: blanks around name and value trimmed; the name an
 * RFC 9110 token, the value free of control characters; an Authorization,
 * Cookie or *token*, *key*, *secret* value is redacted from every output).
 * ERR_PLAN. */
int wait_target_add_header(struct wait_target *t, const char *line,
    struct err *e);
/* http only: the response body must contain text (non-empty). ERR_PLAN. */
int wait_target_set_body(struct wait_target *t, const char *text,
    struct err *e);

/* Milliseconds on CLOCK_MONOTONIC. */
long long wait_now_ms(void);

/* Try t until it is ready or the deadline (wait_now_ms() based; < 0: no
 * deadline) passes. Attempts start every interval_ms while one can start
 * before the deadline; one in progress is cut off at it. Names are
 * resolved anew at each attempt; refused connections and unknown names
 * are retried. A progress line is logged at most every 5 s. On timeout:
 * ERR_TIMEOUT naming t and the last error seen. */
int wait_until(const struct wait_target *t, long long deadline,
    long interval_ms, struct err *e);
#endif
