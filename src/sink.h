/* sink: where rendered output goes, so renderers stay free of I/O. */
#ifndef SINK_H
#define SINK_H
#include <stddef.h>

#include "buf.h"
#include "err.h"

struct sink {
	/* Returns 0, or -1 with e filled. */
	int (*write)(void *arg, const char *p, size_t n, struct err *e);
	void *arg;
};

/* A sink appending to a struct buf (borrowed). */
struct sink sink_to_buf(struct buf *b);
/* A sink that discards everything (for `check`). */
struct sink sink_null(void);

/* A buffered sink writing to an fd; call sink_fd_flush at the end. */
struct sink_fd {
	int fd;
	size_t len;
	char data[32768];
};
struct sink sink_to_fd(struct sink_fd *s, int fd);
/* write(2) all of p[0..n) to fd, again after EINTR: 0, or -1 with errno
 * (the one such loop; every module writing to a descriptor uses it). */
int sink_write_all(int fd, const char *p, size_t n);
int sink_fd_flush(struct sink_fd *s, struct err *e);

static inline int
sink_put(const struct sink *s, const char *p, size_t n, struct err *e)
{
	return n == 0 ? 0 : s->write(s->arg, p, n, e);
}
#endif
