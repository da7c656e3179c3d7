# gotmpl.mk: build and test rules for the syntax=go engine, meant to be
# included by the top Makefile (which defines CC, CFLAGS and friends).
GOTMPL_SRC = src/gotmpl_lex.c src/gotmpl_parse.c src/gotmpl_lit.c \
	src/gotmpl_exec.c src/gotmpl_fmt.c src/gotmpl_builtin.c \
	src/gotmpl_funcs.c src/gotmpl_url.c src/gotmpl_json.c
GOTMPL_BASE = src/buf.c src/err.c src/xalloc.c src/sink.c src/log.c
HOSTCC ?= cc
GOTMPL_CFLAGS = -std=c99 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Wall \
	-Wextra -Wformat=2 -Wshadow -Werror -Wno-error=format-truncation \
	-g -fsanitize=address,undefined -Isrc

tests/test_gotmpl: $(GOTMPL_SRC) $(GOTMPL_BASE) tests/test_gotmpl.c
	$(HOSTCC) $(GOTMPL_CFLAGS) -o $@ $(GOTMPL_BASE) $(GOTMPL_SRC) \
	    tests/test_gotmpl.c -lcmocka

tests/gotmpl_render: $(GOTMPL_SRC) $(GOTMPL_BASE) tests/gotmpl_render.c
	$(HOSTCC) $(GOTMPL_CFLAGS) -o $@ $(GOTMPL_BASE) $(GOTMPL_SRC) \
	    tests/gotmpl_render.c

test-gotmpl: tests/test_gotmpl
	./tests/test_gotmpl
	sh tests/gotmpl_diff.sh

.PHONY: test-gotmpl
