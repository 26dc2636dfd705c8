#!/usr/bin/env bash
# Builds stand-ins for the official images this project uses, for a machine whose Docker engine cannot pull
# from Docker Hub (a CI box behind a mirror of Debian's archive and npm only). Every image is made from
# Debian bookworm (debootstrap) and this machine's Node.js binary; nothing is pulled from an image registry:
#
#   waldur-sim-local/debian:bookworm          debootstrap --variant=minbase, the parent of the others
#   waldur-sim-local/rabbitmq:3-management    Debian's rabbitmq-server + management, stomp, web_stomp
#   waldur-sim-local/postgres:15              Debian's PostgreSQL, the official image's POSTGRES_* contract
#   node:20-bookworm-slim                     this machine's node, npm and corepack, under the official name
#                                             (only when that name is not already a real, pulled image)
#
# Each image carries the label org.waldur-sim.inputs = a hash of everything it is built from (this script,
# its folder under standins/, its parent's hash, the node binary) and is also tagged :in-<hash>; a build is
# skipped when that tag exists, so a second run on the same machine takes about a second.
# Usage: infra/images/build-local-images.sh [--help] [--print-env]
#   --print-env  after building, print `export WALDUR_SIM_RABBITMQ_IMAGE=... WALDUR_SIM_POSTGRES_IMAGE=...`
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STANDINS="$HERE/standins"
SUITE=bookworm
PREFIX=waldur-sim-local
LABEL=org.waldur-sim.inputs
CACHE_DIR="${WALDUR_SIM_IMAGE_CACHE:-/var/cache/waldur-sim-images}"
print_env=0

for arg in "$@"; do
  case "$arg" in
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    --print-env) print_env=1 ;;
    *) echo "build-local-images: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "build-local-images: $*" >&2; }

# The Debian mirror apt is configured with (deb822 or one-line sources), so debootstrap uses the same.
debian_mirror() {
  local url
  url="$(grep -hsE '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')"
  if [ -z "$url" ]; then
    url="$(grep -hsE '^deb .*/debian/? ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      head -n 1 | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}')"
  fi
  echo "${url:-http://deb.debian.org/debian}"
}

# hash_of <files or folders...>: one sha256 over the paths' contents (sorted, names included).
hash_of() {
  local path
  for path in "$@"; do
    if [ -d "$path" ]; then
      (cd "$path" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    else
      sha256sum "$path" | awk '{print $1}'
    fi
  done | sha256sum | cut -c1-16
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# base: debootstrap once, import, tag.
build_base() {
  local mirror hash rootfs
  mirror="$(debian_mirror)"
  hash="$(printf '%s\n%s\n%s\n' "$SUITE" "$mirror" "$(hash_of "$STANDINS/debian")" | sha256sum | cut -c1-16)"
  BASE_IMAGE="$PREFIX/debian:in-$hash"
  if have_image "$BASE_IMAGE"; then
    say "$PREFIX/debian:$SUITE is up to date ($hash)"
  else
    rootfs="$(mktemp -d "${TMPDIR:-/tmp}/waldur-sim-rootfs.XXXXXX")"
    say "debootstrap --variant=minbase $SUITE from $mirror (about a minute)"
    local started=$SECONDS
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
      { say "debootstrap failed, see $rootfs.log"; tail -n 20 "$rootfs.log" >&2; exit 1; }
    cp -a "$STANDINS/debian/." "$rootfs/"
    chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >/dev/null
    rm -rf "$rootfs" "$rootfs.log"
    say "built $PREFIX/debian:$SUITE in $((SECONDS - started)) s"
  fi
  docker tag "$BASE_IMAGE" "$PREFIX/debian:$SUITE"
  BASE_HASH="$hash"
}

# build_standin <name> <tag...>: docker build standins/<name> FROM the base, skipped when unchanged.
build_standin() {
  local name="$1" context="$2"
  shift 2
  local hash
  hash="$(printf '%s\n%s\n%s\n' "$BASE_HASH" "$(hash_of "$STANDINS/$name")" "$(hash_of "$context")" | sha256sum | cut -c1-16)"
  local image="$PREFIX/$name:in-$hash"
  if have_image "$image"; then
    say "$name stand-in is up to date ($hash)"
  else
    say "building the $name stand-in"
    local started=$SECONDS
    docker build -q --build-arg "BASE=$BASE_IMAGE" --label "$LABEL=$hash" -t "$image" \
      -f "$STANDINS/$name/Dockerfile" "$context" >/dev/null
    say "built the $name stand-in in $((SECONDS - started)) s"
  fi
  local tag
  for tag in "$@"; do docker tag "$image" "$tag"; done
}

# The node stand-in's build context: this machine's node, npm and corepack, laid out like the official image.
node_context() {
  local node_bin modules ctx="$CACHE_DIR/node-context"
  node_bin="$(command -v node)"
  node_bin="$(readlink -f "$node_bin")"
  modules="$(dirname "$(dirname "$node_bin")")/lib/node_modules"
  mkdir -p "$ctx"
  local stamp
  stamp="$(sha256sum "$node_bin" | cut -c1-16)"
  if [ "$(cat "$ctx/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
    rm -rf "$ctx" && mkdir -p "$ctx/lib"
    cp "$node_bin" "$ctx/node"
    for m in npm corepack; do [ -d "$modules/$m" ] && cp -a "$modules/$m" "$ctx/lib/$m"; done
    echo "$stamp" >"$ctx/.stamp"
  fi
  NODE_CONTEXT="$ctx"
  NODE_VERSION="$("$node_bin" --version)"
}

command -v docker >/dev/null || { say "docker is not installed"; exit 1; }
docker info >/dev/null 2>&1 || { say "no Docker engine answers"; exit 1; }
command -v debootstrap >/dev/null || { say "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
mkdir -p "$CACHE_DIR"

build_base
build_standin rabbitmq "$STANDINS/rabbitmq" "$PREFIX/rabbitmq:3-management"
build_standin postgres "$STANDINS/postgres" "$PREFIX/postgres:15"

node_context
if have_image node:20-bookworm-slim &&
  [ -z "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" node:20-bookworm-slim 2>/dev/null)" ]; then
  say "node:20-bookworm-slim is a real image here; not replaced"
else
  case "$NODE_VERSION" in
    v20.*) ;;
    *) say "node on PATH is $NODE_VERSION, the node:20 stand-in needs Node 20"; exit 1 ;;
  esac
  build_standin node "$NODE_CONTEXT" "$PREFIX/node:20-bookworm-slim" node:20-bookworm-slim
fi

if [ "$print_env" = 1 ]; then
  echo "export WALDUR_SIM_RABBITMQ_IMAGE=$PREFIX/rabbitmq:3-management"
  echo "export WALDUR_SIM_POSTGRES_IMAGE=$PREFIX/postgres:15"
fi
