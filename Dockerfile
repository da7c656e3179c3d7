# The volinit image: the static binary alone, nothing else (no shell, no libc).
#   make image                 (volinit:VERSION, this machine's amd64 binary)
#   make image ARCH=arm64      (volinit:VERSION-arm64, linux/arm64)
# Use it as an initContainer / Compose init service, or copy the binary into
# another image:  COPY --from=volinit:0.1.0 /volinit /volinit
# It runs as 65532:65532 (distroless "nonroot") unless the Pod or Compose
# service says otherwise: a plan that chowns needs runAsUser: 0 / user: "0"
# and the capabilities `volinit check --caps PLAN` lists.
# COPY is the first step: Docker 20.10's classic builder gives the image of
# any step before it (even an ARG) the host's platform, and COPY then refuses
# it under --platform linux/arm64. So the context holds the binary for the
# platform as `volinit` (make image copies volinit-arm64 there).
FROM scratch
COPY volinit /volinit
ARG VERSION=unknown
ARG REVISION=unknown
ARG SOURCE=unknown
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="volinit" \
      org.opencontainers.image.description="One static binary that prepares a container's volumes, config and secrets (templates, copies, modes, owners, waits) and execs the app: no shell" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}"
USER 65532:65532
ENTRYPOINT ["/volinit"]
