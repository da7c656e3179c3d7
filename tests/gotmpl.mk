# gotmpl.mk: build and test rules of the syntax=go engine, for the top
# Makefile to include. The engine's objects are GOTMPL_OBJ; the unit tests
# and the render driver are built with the host cc (cmocka) and
# sanitizers; the differential tests need go (tests/gotmpl_diff.sh falls
# back to the stored *.out files without it).
GOTMPL_SRC = src/gotmpl_lex.c src/gotmpl_parse.c src/gotmpl_lit.c \
	src/gotmpl_exec.c src/gotmpl_fmt.c src/gotmpl_builtin.c \
	src/gotmpl_funcs.c src/gotmpl_url.c src/gotmpl_json.c
GOTMPL_OBJ = $(GOTMPL_SRC:.c=.o)
GOTMPL_BASE = src/buf.c src/err.c src/xalloc.c src/sink.c src/log.c
HOSTCC = cc
# err.c trips -Wformat-truncation at some optimisation levels; not ours.
GOTMPL_TESTCFLAGS = -std=c99 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Wall \
	-Wextra -Wformat=2 -Wshadow -Werror -Wno-error=format-truncation \
	-g -fsanitize=address,undefined -Isrc

tests/test_gotmpl: $(GOTMPL_SRC) $(GOTMPL_BASE) src/gotmpl_int.h \
    src/gotmpl.h tests/test_gotmpl.c
	$(HOSTCC) $(GOTMPL_TESTCFLAGS) -o $@ $(GOTMPL_BASE) $(GOTMPL_SRC) \
	    tests/test_gotmpl.c -lcmocka

tests/gotmpl_render: $(GOTMPL_SRC) $(GOTMPL_BASE) src/gotmpl_int.h \
    src/gotmpl.h tests/gotmpl_render.c
	$(HOSTCC) $(GOTMPL_TESTCFLAGS) -o $@ $(GOTMPL_BASE) $(GOTMPL_SRC) \
	    tests/gotmpl_render.c

test-gotmpl: tests/test_gotmpl
	./tests/test_gotmpl
	sh tests/gotmpl_diff.sh 500

bench-gotmpl:
	sh bench/gotmpl-bench.sh

.PHONY: test-gotmpl bench-gotmpl
