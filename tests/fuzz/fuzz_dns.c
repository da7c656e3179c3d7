/* fuzz_dns: the DNS answer parser (resolve_parse_answer), which reads
 * what a nameserver sent. The first two bytes are the query id; the rest
 * is the message. Every verdict is one of three; no more addresses than
 * the table holds; every address kept is IPv4 or IPv6 with the port. */
#include <netinet/in.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "resolve.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resolve_addrs a = { .n = 0 };
	unsigned id;
	size_t i;
	int r;

	if (size < 2)
		return 0;
	id = (unsigned)data[0] << 8 | data[1];
	r = resolve_parse_answer(data + 2, size - 2, id, 5432, &a);
	FZ_CHECK(r >= -1 && r <= 1);
	FZ_CHECK(a.n <= RESOLVE_MAX);
	for (i = 0; i < a.n; i++) {
		const struct sockaddr_in *s4 = (const void *)&a.a[i];

		FZ_CHECK(a.a[i].ss_family == AF_INET ||
		    a.a[i].ss_family == AF_INET6);
		FZ_CHECK(ntohs(s4->sin_port) == 5432);
		/* IPv4 first */
		if (i > 0 && a.a[i].ss_family == AF_INET)
			FZ_CHECK(a.a[i - 1].ss_family == AF_INET);
	}
	return 0;
}
