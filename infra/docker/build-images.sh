#!/usr/bin/env bash
# Builds the publisher and agent images (infra/docker/Dockerfile) from the repository root:
#   waldur-sim/publisher:<tag>  and  waldur-sim/agent:<tag>   (tag: $WALDUR_SIM_IMAGE_TAG, default `local`)
# Certificates in /usr/local/share/ca-certificates (a TLS-intercepting proxy's CA) are passed to the build
# stage so npm can reach its registry; the runtime images do not keep them.
# Each image is labelled org.waldur-sim.inputs = a hash of its inputs (the build context as .dockerignore
# leaves it, the Dockerfile, the base image's id, the extra arguments); an image whose label matches is not
# rebuilt. WALDUR_SIM_IMAGE_REBUILD=1 builds anyway.
# Usage: infra/docker/build-images.sh [--help] [extra docker build arguments...]
set -euo pipefail
case "${1:-}" in -h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${WALDUR_SIM_IMAGE_TAG:-local}"
LABEL=org.waldur-sim.inputs
extra_ca=""
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && extra_ca+="$(cat "$crt")"$'\n'
done

# The files `COPY . .` sends: what git sees (tracked and untracked, not ignored) minus .dockerignore's
# patterns that .gitignore does not already cover.
context_files() {
  (cd "$ROOT" && git ls-files -co --exclude-standard -z) | tr '\0' '\n' |
    grep -vE '(^|/)[^/]*\.md$|^\.ci/|^infra/|^\.dockerignore$|^bench/(results|src)/|^coverage/|^\.data/|^e2e/(src|test)/|^reliability/(src|test)/|^docs/' | LC_ALL=C sort
}

inputs_hash() {
  local base
  base="$(docker image inspect -f '{{.Id}}' "$(sed -n 's/^ARG NODE_IMAGE=//p' "$ROOT/infra/docker/Dockerfile")" 2>/dev/null || true)"
  {
    printf '%s\n' "$base" "$extra_ca" "$*"
    sha256sum "$ROOT/infra/docker/Dockerfile" "$ROOT/.dockerignore" | awk '{print $1}'
    context_files | tr '\n' '\0' | (cd "$ROOT" && xargs -0 sha256sum 2>/dev/null || true)
  } | sha256sum | cut -c1-16
}

hash="$(inputs_hash "$@")"
for target in publisher agent; do
  image="waldur-sim/$target:$TAG"
  if [ "${WALDUR_SIM_IMAGE_REBUILD:-0}" != 1 ] &&
    [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$image" 2>/dev/null || true)" = "$hash" ]; then
    echo "build-images: $image is up to date ($hash)" >&2
    continue
  fi
  started=$SECONDS
  docker build -q -f "$ROOT/infra/docker/Dockerfile" --target "$target" --build-arg "EXTRA_CA_CERTS=$extra_ca" \
    --label "$LABEL=$hash" -t "$image" "$@" "$ROOT" >/dev/null
  echo "build-images: $image built in $((SECONDS - started)) s ($hash)" >&2
done
