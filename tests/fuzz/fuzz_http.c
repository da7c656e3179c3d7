/* fuzz_http: the HTTP response reader. The input is what a server sends:
 * it goes through a socketpair into wait_read_status (poll, recv, the
 * 8 KiB bound) and straight into wait_http_status; both must agree. The
 * body test (body=) too: wait_read_response through a socketpair and
 * wait_http_body_has on the bytes, looking for the input's last bytes. */
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "wait.h"

static void
body_check(const uint8_t *data, size_t size)
{
	char want[5], why[160];
	size_t k = size < 4 ? size : 4, off = 0;
	bool found = false, has;
	int sv[2];
	ssize_t w;

	if (k == 0 || memchr(data + size - k, '\0', k) != NULL)
		return;
	memcpy(want, data + size - k, k);
	want[k] = '\0';
	has = wait_http_body_has((const char *)data, size, want);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	while (off < size && (w = write(sv[0], data + off, size - off)) > 0)
		off += (size_t)w;
	shutdown(sv[0], SHUT_WR);
	if (wait_read_response(sv[1], wait_now_ms() + 5000, want, &found, why,
	    sizeof(why)) != -1)
		FZ_CHECK(found == has);
	close(sv[0]);
	close(sv[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[2][160] = { "", "" };
	int sv[2], code[2];
	size_t n = size < WAIT_RESP_MAX ? size : WAIT_RESP_MAX, off = 0;
	ssize_t w;

	if (size > 65536)
		return 0;
	code[0] = wait_http_status((const char *)data, n, why[0],
	    sizeof(why[0]));
	FZ_CHECK(code[0] == -1 || (code[0] >= 100 && code[0] <= 599));
	FZ_CHECK(code[0] != -1 || why[0][0] != '\0');
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	/* A stream socketpair buffers well over 64 KiB: one writer. */
	while (off < size && (w = write(sv[0], data + off, size - off)) > 0)
		off += (size_t)w;
	FZ_CHECK(off == size);
	shutdown(sv[0], SHUT_WR);
	code[1] = wait_read_status(sv[1], wait_now_ms() + 5000, why[1],
	    sizeof(why[1]));
	close(sv[0]);
	close(sv[1]);
	FZ_CHECK(code[0] == code[1]);
	FZ_CHECK(strcmp(why[0], why[1]) == 0);
	body_check(data, size);
	return 0;
}
