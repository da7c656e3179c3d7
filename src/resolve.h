/* resolve: host names to addresses within a deadline, for `wait`.
 *
 * getaddrinfo cannot be bounded: musl's resolver waits its own timeouts
 * (5 s a try) whatever the step's timeout says. This module does what
 * musl does — /etc/hosts first, then A and AAAA queries over UDP to every
 * /etc/resolv.conf nameserver at once, with its search domains and ndots —
 * but every wait ends at the caller's deadline. Effects module: base only.
 */
#ifndef RESOLVE_H
#define RESOLVE_H
#include <stddef.h>
#include <sys/socket.h>

#define RESOLVE_MAX 16		/* addresses kept per name */
#define RESOLVE_MAXNS 3		/* nameservers used, as in glibc and musl */

struct resolve_addrs {
	struct sockaddr_storage a[RESOLVE_MAX];
	socklen_t len[RESOLVE_MAX];
	size_t n;
};

/* What /etc/resolv.conf says (musl's defaults for what it leaves out). */
struct resolve_conf {
	struct sockaddr_storage ns[RESOLVE_MAXNS];
	socklen_t nslen[RESOLVE_MAXNS];
	size_t nns;		/* none given: 127.0.0.1 */
	char search[256];	/* blank-separated domains */
	unsigned ndots;		/* 1 */
	unsigned timeout_ms;	/* per name: 5000 */
	unsigned attempts;	/* sends per nameserver: 2 */
};

/* Parse resolv.conf text (NULL: none) into c. */
void resolve_conf_parse(const char *text, struct resolve_conf *c);

/* Look name up in hosts-file text; addresses get port. The count found. */
size_t resolve_hosts(const char *text, const char *name, unsigned port,
    struct resolve_addrs *out);

/* Ask c's nameservers for name (search domains and ndots applied). 0 with
 * out filled, or -1 with why ("Name does not resolve", "DNS timed out",
 * ...). Returns by deadline (CLOCK_MONOTONIC ms; -1: only c's own
 * timeouts bound it). */
int resolve_dns(const struct resolve_conf *c, const char *name,
    unsigned port, long long deadline, struct resolve_addrs *out, char *why,
    size_t wn);

/* The whole lookup as wait needs it: a numeric address, then "localhost"
 * (RFC 6761), /etc/hosts, then DNS per /etc/resolv.conf, read anew on each
 * call. 0 with out filled, or -1 with why. */
int resolve_name(const char *name, unsigned port, long long deadline,
    struct resolve_addrs *out, char *why, size_t wn);

/* Parse a DNS response to query id (A or AAAA records of its answer
 * section appended to out with port): 1 answered with records or none
 * (NOERROR), 0 name does not exist (NXDOMAIN), -1 not ours, malformed, or
 * a server failure. Pure: for tests and the fuzzer. */
int resolve_parse_answer(const unsigned char *msg, size_t len, unsigned id,
    unsigned port, struct resolve_addrs *out);
#endif
