# MinIO, built from source. The community edition has published no binaries or images since October 2025
# (https://github.com/minio/minio#source-only-distribution), and the last published images predate the fix for
# CVE-2025-62506 (GHSA-jjjj-jwhf-8rgr: a session policy could widen a service account's rights). This builds
# RELEASE.2025-10-15T17-29-55Z, which contains that fix (commit c1a49490c), and the mc client for the setup step.
# Any S3 server serves instead (AWS S3, Ceph RGW, SeaweedFS, Garage): point Storage__Endpoint at it.
FROM golang:1.24-bookworm AS build
# RELEASE.2025-10-15T17-29-55Z
ARG MINIO_COMMIT=9e49d5e7a648f00e26f2246f4dc28e6b07f8c84a
# mc RELEASE.2025-08-13T08-35-41Z
ARG MC_COMMIT=7394ce0dd2a80935aded936b09fa12cbb3cb8096
WORKDIR /src
RUN git init -q minio && git -C minio fetch -q --depth 1 https://github.com/minio/minio "$MINIO_COMMIT" \
 && git -C minio checkout -q FETCH_HEAD \
 && cd minio && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/minio .
RUN git init -q mc && git -C mc fetch -q --depth 1 https://github.com/minio/mc "$MC_COMMIT" \
 && git -C mc checkout -q FETCH_HEAD \
 && cd mc && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/mc .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data minio && mkdir -p /data && chown minio /data
COPY --from=build /out/minio /out/mc /usr/local/bin/
COPY infra/minio/setup.sh infra/minio/worker-policy.json infra/minio/producer-policy.json /etc/gsam-minio/
USER minio
EXPOSE 9000 9001
ENTRYPOINT ["minio"]
CMD ["server", "/data", "--console-address", ":9001"]
