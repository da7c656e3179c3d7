# The volinit image: the static binary alone, nothing else (no shell, no libc).
#   make volinit && docker build -t volinit:0.1.0 .
# Use it as an initContainer / Compose init service, or copy the binary into
# another image:  COPY --from=volinit:0.1.0 /volinit /volinit
FROM scratch
COPY volinit /volinit
ENTRYPOINT ["/volinit"]
