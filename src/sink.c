/* sink: buffer, null and fd output sinks. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"

static int
buf_write(void *arg, const char *p, size_t n, struct err *e)
{
	(void)e;
	buf_add(arg, p, n);
	return 0;
}

struct sink
sink_to_buf(struct buf *b)
{
	struct sink s = { buf_write, b };

	return s;
}

static int
null_write(void *arg, const char *p, size_t n, struct err *e)
{
	(void)arg;
	(void)p;
	(void)n;
	(void)e;
	return 0;
}

struct sink
sink_null(void)
{
	struct sink s = { null_write, NULL };

	return s;
}

int
sink_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
write_all(int fd, const char *p, size_t n, struct err *e)
{
	return sink_write_all(fd, p, n) == 0 ? 0 :
	    err_set(e, ERR_STEP, errno, "write");
}

int
sink_fd_flush(struct sink_fd *s, struct err *e)
{
	size_t n = s->len;

	s->len = 0;
	return write_all(s->fd, s->data, n, e);
}

static int
fd_write(void *arg, const char *p, size_t n, struct err *e)
{
	struct sink_fd *s = arg;

	if (s->len + n > sizeof(s->data) && sink_fd_flush(s, e) < 0)
		return -1;
	if (n >= sizeof(s->data))
		return write_all(s->fd, p, n, e);
	memcpy(s->data + s->len, p, n);
	s->len += n;
	return 0;
}

struct sink
sink_to_fd(struct sink_fd *s, int fd)
{
	struct sink k = { fd_write, s };

	s->fd = fd;
	s->len = 0;
	return k;
}
