# volinit — one static musl binary. Settings first; override on the command
# line (make CC=... WERROR=).
MUSLCC   = musl-gcc
LD       = gcc
MUSLLIB  = /usr/lib/x86_64-linux-musl
GCCDIR   = $(shell gcc -print-file-name=)
HOSTCC   = cc
STD      = -std=c99 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700
WARN     = -Wall -Wextra -Wformat=2 -Wshadow
WERROR   = -Werror
VERSION  = 0.1.0
CFLAGS   = $(STD) -Isrc $(WARN) $(WERROR) -Oz -fPIE -fstack-protector-strong \
           -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
           -fno-unwind-tables -ffile-prefix-map=$(CURDIR)=. -DVOLINIT_VERSION='"$(VERSION)"' -MMD -MP
# Static-pie linked by hand: musl-gcc -static-pie silently makes a dynamic
# binary (shared/SECURITY.md).
LDSTART  = $(MUSLLIB)/rcrt1.o $(MUSLLIB)/crti.o $(GCCDIR)crtbeginS.o
LDEND    = $(MUSLLIB)/libc.a $(GCCDIR)libgcc.a $(GCCDIR)crtendS.o $(MUSLLIB)/crtn.o
LDFLAGS  = -static-pie -nostdlib -Wl,--gc-sections -Wl,-z,noexecstack \
           -Wl,-z,relro -Wl,-z,now -Wl,--build-id=none -s
TESTCFLAGS = $(STD) $(WARN) -Wno-format-truncation $(WERROR) -g -O1 -Isrc -fsanitize=address,undefined \
           -fno-omit-frame-pointer -DVOLINIT_VERSION='"$(VERSION)-test"' -DVOLINIT_TEST -MMD -MP

# The product's modules, one per line (level 0 base, 1 pure/effects, 2 run,
# 3 main: see STYLE in README).
BASE = \
	src/buf.o \
	src/err.o \
	src/log.o \
	src/redact.o \
	src/sink.o \
	src/xalloc.o
# The Go template engine: its own directory, private header src/gotmpl/int.h,
# public header src/gotmpl.h.
GOTMPL = \
	src/gotmpl/builtin.o \
	src/gotmpl/date.o \
	src/gotmpl/exec.o \
	src/gotmpl/fmt.o \
	src/gotmpl/funcs.o \
	src/gotmpl/json.o \
	src/gotmpl/lex.o \
	src/gotmpl/lit.o \
	src/gotmpl/parse.o \
	src/gotmpl/regex.o \
	src/gotmpl/sprig.o \
	src/gotmpl/url.o
PURE = $(GOTMPL) \
	src/caps.o \
	src/diff.o \
	src/edit.o \
	src/expand.o \
	src/mode.o \
	src/lang.o \
	src/plan.o \
	src/seccomp.o \
	src/shc.o \
	src/tmpl.o \
	src/vars.o
EFFECTS = \
	src/fs_copy.o \
	src/fs_path.o \
	src/fs_sim.o \
	src/fs_tree.o \
	src/fs_walk.o \
	src/fs_write.o \
	src/owner.o \
	src/proc.o \
	src/signals.o \
	src/supervise.o \
	src/resolve.o \
	src/wait.o
ENGINE = \
	src/call.o \
	src/check.o \
	src/run.o \
	src/step_copy.o \
	src/step_files.o \
	src/step_misc.o \
	src/step_perm.o \
	src/step_proc.o \
	src/step_render.o \
	src/step_vars.o \
	src/validate.o
TOP = src/cli.o src/mc.o src/mc_dockerize.o src/multicall.o src/shc_main.o \
    src/main.o
OBJS = $(BASE) $(PURE) $(EFFECTS) $(ENGINE) $(TOP)

# ARCH=arm64 makes the aarch64 binary (volinit-arm64) the default target and
# the one `make image` packs; the amd64 `volinit` build is the same either way.
ARCH     = amd64
ifeq ($(ARCH),arm64)
BIN      = volinit-arm64
IMAGE    = volinit:$(VERSION)-arm64
else ifeq ($(ARCH),amd64)
BIN      = volinit
IMAGE    = volinit:$(VERSION)
else
$(error ARCH=$(ARCH): amd64 or arm64)
endif

all: $(BIN)

volinit: $(OBJS)
	$(LD) $(LDFLAGS) -o $@ $(LDSTART) $(OBJS) $(LDEND)
	@file $@ | grep -q 'static-pie linked\|statically linked' && ! readelf -l $@ | grep -q INTERP || \
	    { echo "volinit is not static" >&2; rm -f $@; exit 1; }

src/%.o: src/%.c
	$(MUSLCC) $(CFLAGS) -c -o $@ $<

# The same static binary with the test knobs compiled in (src/knobs.h:
# switches forcing the older kernels' fallbacks); the CLI and attack cases
# that set a knob run it, every other case runs the shipped volinit.
KNOBOBJS = $(OBJS:src/%=build-knobs/%)
volinit-knobs: $(KNOBOBJS)
	$(LD) $(LDFLAGS) -o $@ $(LDSTART) $(KNOBOBJS) $(LDEND)

build-knobs/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(MUSLCC) $(CFLAGS) -DVOLINIT_TEST -c -o $@ $<

# The streaming hot path is worth its few hundred bytes of -O2.
src/tmpl.o build-arm64/tmpl.o build-knobs/tmpl.o: CFLAGS += -O3

# ---- arm64: the same sources, cross-built by clang against Debian's
# musl-dev:arm64, linked static-pie by lld (rcrt1.o, as for amd64) with the
# cross gcc's crtbeginS/crtendS and libgcc (musl's printf needs its
# long-double helpers). Objects under build-arm64/. shared/CONTAINERS.md.
A64CC    = clang --target=aarch64-linux-musl
A64LIB   = /usr/lib/aarch64-linux-musl
A64GCC   = $(dir $(shell aarch64-linux-gnu-gcc -print-libgcc-file-name))
A64INC   = -nostdinc -isystem /usr/include/aarch64-linux-musl \
           -isystem $(shell clang -print-resource-dir)/include
A64START = $(A64LIB)/rcrt1.o $(A64LIB)/crti.o $(A64GCC)crtbeginS.o
A64END   = $(A64LIB)/libc.a $(A64GCC)libgcc.a $(A64GCC)crtendS.o $(A64LIB)/crtn.o
# clang's -Wformat=2 also flags vsnprintf(fmt) in buf_vprintf, which gcc
# accepts for a va_list wrapper; the amd64 gcc build still checks the rest.
A64WARN  = -Wno-format-nonliteral
A64OBJS  = $(OBJS:src/%=build-arm64/%)

volinit-arm64: $(A64OBJS)
	$(A64CC) -fuse-ld=lld $(LDFLAGS) -o $@ $(A64START) $(A64OBJS) $(A64END)
	@file $@ | grep -q 'ARM aarch64.*static-pie linked' && ! readelf -l $@ | grep -q INTERP || \
	    { echo "volinit-arm64 is not a static-pie aarch64 binary" >&2; rm -f $@; exit 1; }

build-arm64/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(A64CC) $(A64INC) $(CFLAGS) $(A64WARN) -c -o $@ $<

# ---- tests: host cc with cmocka and sanitizers, objects under build/ ----
TBASE = build/buf.o build/err.o build/log.o build/redact.o build/sink.o build/xalloc.o
UNIT = \
	tests/bin/test_edit \
	tests/bin/test_expand \
	tests/bin/test_gotmpl \
	tests/bin/test_fs \
	tests/bin/test_fs_sim \
	tests/bin/test_mode \
	tests/bin/test_owner \
	tests/bin/test_plan \
	tests/bin/test_tree \
	tests/bin/test_tmpl \
	tests/bin/test_vars \
	tests/bin/test_wait \
	tests/bin/test_proc \
	tests/bin/test_supervise \
	tests/bin/test_caps \
	tests/bin/test_redact \
	tests/bin/test_resolve \
	tests/bin/test_shc

build/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TESTCFLAGS) -c -o $@ $<
build/test_%.o: tests/test_%.c
	@mkdir -p build
	$(HOSTCC) $(TESTCFLAGS) -c -o $@ $<

tests/bin/test_edit: build/test_edit.o build/edit.o $(TBASE)
tests/bin/test_expand: build/test_expand.o build/expand.o $(TBASE)
tests/bin/test_fs: build/test_fs.o build/fs_path.o build/fs_write.o \
    build/fs_sim.o build/signals.o $(TBASE)
tests/bin/test_fs_sim: build/test_fs_sim.o build/fs_sim.o $(TBASE)
tests/bin/test_gotmpl: build/test_gotmpl.o $(GOTMPL:src/%=build/%) $(TBASE)
tests/bin/test_mode: build/test_mode.o build/mode.o $(TBASE)
tests/bin/test_owner: build/test_owner.o build/owner.o $(TBASE)
tests/bin/test_plan: build/test_plan.o build/plan.o build/lang.o build/expand.o $(TBASE)
tests/bin/test_tmpl: build/test_tmpl.o build/tmpl.o build/expand.o $(TBASE)
tests/bin/test_tree: build/test_tree.o build/fs_copy.o build/fs_write.o \
    build/fs_path.o build/fs_sim.o build/fs_tree.o \
    build/fs_walk.o build/signals.o build/mode.o $(TBASE)
tests/bin/test_vars: build/test_vars.o build/vars.o $(TBASE)
tests/bin/test_redact: build/test_redact.o $(TBASE)
tests/bin/test_resolve: build/test_resolve.o build/resolve.o $(TBASE)
tests/bin/test_shc: build/test_shc.o build/shc.o $(TBASE)
tests/bin/test_caps: build/test_caps.o build/caps.o build/plan.o build/lang.o \
    build/expand.o $(TBASE)
tests/bin/test_wait: build/test_wait.o build/wait.o build/resolve.o $(TBASE)
tests/bin/test_proc: build/test_proc.o build/proc.o build/owner.o \
    build/signals.o $(TBASE)
tests/bin/test_supervise: build/test_supervise.o build/supervise.o \
    build/proc.o build/owner.o build/signals.o $(TBASE)

$(UNIT):
	@mkdir -p tests/bin
	$(HOSTCC) $(TESTCFLAGS) -o $@ $^ -lcmocka

# UBSan only reports by default; halting makes undefined behaviour fail
# the test that reaches it.
unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $$t || exit 1; done

cli: volinit volinit-knobs
	VOLINIT_KNOBS=./volinit-knobs bash tests/cli/run.sh ./volinit

# The CLI suite against the aarch64 binary under qemu-user; the cases qemu
# cannot host are skipped by name with the reason (tests/cli/qemu-skip).
test-arm64: volinit-arm64
	bash tests/cli/run.sh ./volinit-arm64

# The same CLI cases against a glibc build with ASan and UBSan: the shipped
# musl build cannot carry sanitizers (shared/SECURITY.md).
volinit-asan: $(OBJS:src/%=build/%)
	$(HOSTCC) -fsanitize=address,undefined -o $@ $^

asan: volinit-asan
	ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 \
	    VOLINIT_KNOBS=./volinit-asan bash tests/cli/run.sh ./volinit-asan

# The hostile-volume suite (root; tests/attack/run.sh): planted links,
# hardlinks, FIFOs, devices, bind mounts, odd names and swap races against
# the static binary; a sentinel tree outside the volume must not change.
tests/bin/swap: tests/attack/swap.c
	@mkdir -p tests/bin
	$(HOSTCC) -std=c99 $(WARN) $(WERROR) -O2 -o $@ $<

attack: volinit volinit-knobs tests/bin/swap
	VOLINIT_KNOBS=./volinit-knobs bash tests/attack/run.sh ./volinit

# ---- fuzzing: clang's libFuzzer with ASan and UBSan, glibc objects under
# build/fuzz/. One target per parser (tests/fuzz/fuzz_NAME.c), linked with
# its module and the base objects only; corpora in tests/fuzz/corpus/NAME/.
# `make fuzz` runs each for FUZZ_TIME seconds, one at a time, and merges new
# inputs into its corpus; `make fuzz-replay` (part of `make test`) runs every
# corpus input once and fails on any crash.
FUZZCC     = clang
FUZZ_TIME  = 60
FUZZSAN    = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZCFLAGS = $(STD) $(WARN) -Wno-format-nonliteral $(WERROR) -g -O1 -Isrc -fno-omit-frame-pointer \
           $(FUZZSAN) -DVOLINIT_VERSION='"$(VERSION)-fuzz"' -DVOLINIT_TEST -MMD -MP
FUZZ = plan expand tmpl gotmpl envfile mode wait http dns shc
FUZZBIN = $(FUZZ:%=tests/bin/fuzz_%)
FBASE = $(BASE:src/%=build/fuzz/%)

build/fuzz/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZCFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p build/fuzz
	$(FUZZCC) $(FUZZCFLAGS) -fsanitize=fuzzer -c -o $@ $<

tests/bin/fuzz_plan: build/fuzz/fuzz_plan.o build/fuzz/plan.o build/fuzz/lang.o \
    build/fuzz/expand.o $(FBASE)
tests/bin/fuzz_expand: build/fuzz/fuzz_expand.o build/fuzz/expand.o $(FBASE)
tests/bin/fuzz_tmpl: build/fuzz/fuzz_tmpl.o build/fuzz/tmpl.o \
    build/fuzz/expand.o $(FBASE)
tests/bin/fuzz_gotmpl: build/fuzz/fuzz_gotmpl.o \
    $(GOTMPL:src/%=build/fuzz/%) $(FBASE)
tests/bin/fuzz_envfile: build/fuzz/fuzz_envfile.o build/fuzz/vars.o $(FBASE)
tests/bin/fuzz_mode: build/fuzz/fuzz_mode.o build/fuzz/mode.o $(FBASE)
tests/bin/fuzz_wait: build/fuzz/fuzz_wait.o build/fuzz/wait.o \
    build/fuzz/resolve.o $(FBASE)
tests/bin/fuzz_http: build/fuzz/fuzz_http.o build/fuzz/wait.o \
    build/fuzz/resolve.o $(FBASE)
tests/bin/fuzz_dns: build/fuzz/fuzz_dns.o build/fuzz/resolve.o $(FBASE)
tests/bin/fuzz_shc: build/fuzz/fuzz_shc.o build/fuzz/shc.o $(FBASE)

$(FUZZBIN):
	@mkdir -p tests/bin
	$(FUZZCC) $(FUZZSAN) -fsanitize=fuzzer -o $@ $^ -lm

fuzz: $(FUZZBIN)
	@for t in $(FUZZ); do \
	    sh tests/fuzz/run.sh fuzz $$t $(FUZZ_TIME) || exit 1; done

fuzz-replay: $(FUZZBIN)
	@for t in $(FUZZ); do sh tests/fuzz/run.sh replay $$t || exit 1; done

# Differential tests against the reference implementations.
difftest: volinit
	bash tests/envsubst_diff.sh ./volinit render
	bash tests/envsubst_diff.sh ./volinit multicall
	sh tests/gotmpl_diff.sh 500
	VOLINIT=./volinit sh tests/gotmpl_diff.sh 200 7

repro:
	sh tests/repro.sh

# The manual is checked against the binary's own tables (steps, options),
# the exit codes and the variables it reads; groff must not warn.
man: volinit
	bash tests/man_check.sh ./volinit

PREFIX  = /usr/local
install: volinit
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 volinit $(DESTDIR)$(PREFIX)/bin/volinit
	install -m 0644 volinit.1 $(DESTDIR)$(PREFIX)/share/man/man1/volinit.1

# check --seccomp's lists (src/seccomp.c) against the calls the whole CLI
# suite makes: strace on amd64, qemu-user's own trace on arm64.
seccomp-audit: volinit volinit-arm64
	bash tests/seccomp_audit.sh ./volinit
	bash tests/seccomp_audit.sh ./volinit-arm64 ./volinit

# The module graph, by layer; fails on an upward edge or a cycle.
layers: volinit
	bash tests/layers.sh src

# `volinit check` over every examples/*/plan.
examples-check: volinit
	bash tests/examples_check.sh ./volinit

test: layers unit cli examples-check test-arm64 seccomp-audit asan fuzz-replay difftest attack repro man

deps:
	sh tests/install-deps.sh

# The image (Dockerfile: FROM scratch, /volinit alone, USER 65532:65532, OCI
# labels) for ARCH, with the classic builder: no registry, no buildx. Needs
# a running dockerd. IMAGE_SOURCE and IMAGE_LICENSES fill the labels the
# repository cannot tell yet (no published address, no LICENSE file).
DOCKER         = docker
IMAGE_SOURCE   = $(or $(shell git config --get remote.origin.url 2>/dev/null),unknown)
IMAGE_LICENSES = NOASSERTION
image: $(BIN)
	rm -rf build-image/$(ARCH) && mkdir -p build-image/$(ARCH)
	cp $(BIN) build-image/$(ARCH)/volinit
	cp Dockerfile build-image/$(ARCH)/
	DOCKER_BUILDKIT=0 $(DOCKER) build -q --platform linux/$(ARCH) -t $(IMAGE) \
	    --build-arg VERSION=$(VERSION) \
	    --build-arg REVISION=$$(git rev-parse HEAD) \
	    --build-arg SOURCE=$(IMAGE_SOURCE) --build-arg LICENSES=$(IMAGE_LICENSES) \
	    build-image/$(ARCH)
	@$(DOCKER) image inspect -f '{{.RepoTags}} {{.Os}}/{{.Architecture}} {{.Size}} bytes, user {{.Config.User}}' $(IMAGE)

e2e: volinit
	bash tests/e2e/run.sh ./volinit

# The README's commands: both install what they need first.
check: deps
	$(MAKE) test
	$(MAKE) e2e

demo: deps
	$(MAKE) volinit
	sh examples/quickstart/demo.sh ./volinit

bench: deps volinit
	sh bench/run.sh ./volinit

clean:
	rm -rf volinit volinit-arm64 volinit-asan volinit-knobs build-knobs src/*.o src/*.d src/gotmpl/*.o src/gotmpl/*.d build build-arm64 build-image tests/bin

.PHONY: all layers examples-check unit cli test-arm64 seccomp-audit asan fuzz fuzz-replay difftest attack repro man install test deps image e2e check demo bench clean
-include src/*.d src/gotmpl/*.d build/*.d build/gotmpl/*.d build/fuzz/*.d \
    build/fuzz/gotmpl/*.d build-arm64/*.d build-arm64/gotmpl/*.d \
    build-knobs/*.d build-knobs/gotmpl/*.d
