/* buf: a caller-owned growable byte buffer, always NUL-terminated after
 * any add (so p can be used as a C string when it holds no NUL). */
#ifndef BUF_H
#define BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;	/* heap memory owned by the buf; NULL when empty */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *data, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Make room for n more bytes and return where they go; the caller then
 * adds to len what it wrote there. */
char *buf_reserve(struct buf *b, size_t n);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* A C string view: "" for an empty buffer. Valid until the next add. */
const char *buf_str(const struct buf *b);
/* Hand the memory to the caller (a NUL-terminated string, never NULL). */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* Zero the whole capacity before freeing: for buffers that held secrets. */
void buf_wipe(struct buf *b);
#endif
