#!/usr/bin/env bash
# Builds the publisher and agent images (infra/docker/Dockerfile) from the repository root:
#   waldur-sim/publisher:<tag>  and  waldur-sim/agent:<tag>   (tag: $WALDUR_SIM_IMAGE_TAG, default `local`)
# Certificates in /usr/local/share/ca-certificates (a TLS-intercepting proxy's CA) are passed to the build
# stage so npm can reach its registry; the runtime images do not keep them.
# Usage: infra/docker/build-images.sh [--help] [extra docker build arguments...]
set -euo pipefail
case "${1:-}" in -h | --help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${WALDUR_SIM_IMAGE_TAG:-local}"
extra_ca=""
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && extra_ca+="$(cat "$crt")"$'\n'
done

for target in publisher agent; do
  started=$SECONDS
  docker build -q -f "$ROOT/infra/docker/Dockerfile" --target "$target" --build-arg "EXTRA_CA_CERTS=$extra_ca" \
    -t "waldur-sim/$target:$TAG" "$@" "$ROOT" >/dev/null
  echo "build-images: waldur-sim/$target:$TAG built in $((SECONDS - started)) s" >&2
done
