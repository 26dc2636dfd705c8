#!/usr/bin/env bash
# CI's container runs, in addition to the normal ones (.ci/run calls this after `pnpm test`): installs a
# Docker engine, docker-compose and debootstrap with apt if missing, starts dockerd if none answers, removes
# containers a crashed earlier run left (by label), gets a RabbitMQ image (the official one where it can be
# pulled, else the local stand-ins of infra/images/build-local-images.sh, cached by content hash), then
#   1. runs the e2e and testkit suites with their broker started by testcontainers (RABBITMQ_URL unset);
#   2. builds the pair's images (infra/docker/build-images.sh) and runs the @waldur-sim/testcontainers
#      fixture's test (one order to done through the agent's container);
#   3. brings up infra/docker-compose.yml (broker, PostgreSQL, publisher, agent), places one order through
#      the compose publisher and waits for `done`, plays the demo's story on the same stack
#      (`demo --compose`: every end state reached), then removes it all (2 checks, each passed or failed).
# Times every step. Ends with the plain line `N passed, N failed` (the sum of its runs), which .ci/run adds to
# its own count. Where no engine can start it says so, prints `0 passed, 0 failed` and exits 0.
# CONTAINERS_STEPS (default "e2e fixture compose") selects the runs, e.g. to repeat only one by hand.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_DIR="$ROOT/.data/ci"
mkdir -p "$LOG_DIR"

OFFICIAL_RABBITMQ=rabbitmq:3.13-management
TESTKIT_LABEL=org.waldur-sim.testkit

passed=0
failed=0
skipped=0
rc=0
dockerd_pid=""
timings=()

say() { echo "ci-containers: $*" >&2; }

# timed <name> <command...>: runs it, remembers how long it took.
timed() {
  local name="$1" started=$SECONDS status
  shift
  "$@"
  status=$?
  timings+=("$(printf '%-42s %4d s%s' "$name" $((SECONDS - started)) "$([ "$status" = 0 ] || echo " (exit $status)")")")
  return "$status"
}

finish() {
  if [ -n "$dockerd_pid" ]; then
    say "stopping the dockerd this script started (pid $dockerd_pid)"
    kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null
  fi
  if [ "${#timings[@]}" -gt 0 ]; then
    say "timings:"
    printf '  %s\n' "${timings[@]}" >&2
  fi
  echo "$passed passed, $failed failed$([ "$skipped" = 0 ] || echo ", $skipped skipped")"
  exit "$rc"
}
trap finish EXIT

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root to run: $*"; return 1
  fi
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || missing+=(docker-compose)
  [ "${#missing[@]}" = 0 ] && return 0
  say "installing ${missing[*]} with apt-get"
  as_root apt-get update -q >>"$LOG_DIR/containers-apt.log" 2>&1 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$LOG_DIR/containers-apt.log" 2>&1
}

start_engine() {
  docker info >/dev/null 2>&1 && { say "a Docker engine already answers"; return 0; }
  command -v dockerd >/dev/null || return 1
  say "starting dockerd (log: $LOG_DIR/dockerd.log)"
  if [ "$(id -u)" = 0 ]; then
    dockerd --storage-driver=overlay2 >"$LOG_DIR/dockerd.log" 2>&1 &
  else
    sudo dockerd --storage-driver=overlay2 >"$LOG_DIR/dockerd.log" 2>&1 &
  fi
  dockerd_pid=$!
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || { dockerd_pid=""; tail -n 5 "$LOG_DIR/dockerd.log" >&2; return 1; }
    sleep 0.5
  done
  return 1
}

remove_leftovers() {
  local ids
  WALDUR_SIM_COMPOSE_PROJECT=waldur-sim-ci infra/scripts/compose.sh down >/dev/null 2>&1 || true
  ids="$(docker ps -aq --filter "label=$TESTKIT_LABEL")"
  if [ -n "$ids" ]; then
    say "removing $(echo "$ids" | wc -l) container(s) left by an earlier run"
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $ids >/dev/null
  fi
}

choose_images() {
  if [ -n "${WALDUR_SIM_RABBITMQ_IMAGE:-}" ]; then
    say "RabbitMQ image from WALDUR_SIM_RABBITMQ_IMAGE: $WALDUR_SIM_RABBITMQ_IMAGE"
    return 0
  fi
  if docker image inspect "$OFFICIAL_RABBITMQ" >/dev/null 2>&1 || docker pull -q "$OFFICIAL_RABBITMQ" >/dev/null 2>&1; then
    say "using the official $OFFICIAL_RABBITMQ"
    return 0
  fi
  say "$OFFICIAL_RABBITMQ cannot be pulled: building the local stand-in images"
  local exports
  exports="$(infra/images/build-local-images.sh --print-env)" || return 1
  eval "$exports"
  export WALDUR_SIM_RABBITMQ_IMAGE WALDUR_SIM_POSTGRES_IMAGE
  say "RabbitMQ image: $WALDUR_SIM_RABBITMQ_IMAGE"
}

# run_suite <name> <run-tests arguments...>: broker from testcontainers; adds the suite's count line.
run_suite() {
  local name="$1" log="$LOG_DIR/containers-$1.log" line
  shift
  say "running $name with its broker from testcontainers (log: $log)"
  env -u RABBITMQ_URL -u RABBITMQ_MANAGEMENT_URL -u RABBITMQ_WEB_STOMP_URL -u RABBITMQ_STOMP_HOST \
    -u RABBITMQ_STOMP_PORT WALDUR_SIM_BROKER_SOURCE=testcontainers \
    node scripts/run-tests.mjs "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    say "$name printed no count line (exit $status)"
    failed=$((failed + 1))
  else
    passed=$((passed + $(echo "$line" | awk '{print $1}')))
    failed=$((failed + $(echo "$line" | awk '{print $3}')))
    skipped=$((skipped + $(echo "$line" | awk '{print $5 + 0}')))
  fi
  [ "$status" = 0 ] || rc=1
  return "$status"
}

if ! timed "install docker.io / debootstrap (if missing)" install_missing; then
  say "could not install a Docker engine: the container runs are skipped"
  exit 0
fi
if ! timed "start the Docker engine" start_engine; then
  say "no Docker engine could start here: the container runs are skipped"
  exit 0
fi
timed "remove leftover containers" remove_leftovers
if ! timed "RabbitMQ image (pull or build stand-ins)" choose_images; then
  say "no RabbitMQ image: the container runs are skipped"
  rc=1
  failed=$((failed + 1))
  exit
fi
STEPS=" ${CONTAINERS_STEPS:-e2e fixture compose} "
step() { [[ "$STEPS" == *" $1 "* ]]; }

if step e2e; then
  timed "e2e + testkit suites on testcontainers" run_suite e2e --project e2e --project testkit
fi
step fixture || step compose || exit

if ! timed "build the publisher and agent images" infra/docker/build-images.sh; then
  say "the pair's images did not build: the fixture and compose runs are skipped"
  rc=1
  failed=$((failed + 1))
  exit
fi
if step fixture; then
  timed "fixture test (@waldur-sim/testcontainers)" run_suite fixture \
    --config packages/testcontainers/vitest.containers.config.ts
fi

# Compose on ports of its own (a developer's private node may hold the default ones). One stack serves both
# checks: one order to `done` (compose-order.mjs), then the demo's whole story (`pnpm demo --compose`, which
# reuses the running stack and leaves it to us); each counts as one pass or failure.
compose_story() {
  export WALDUR_SIM_COMPOSE_PROJECT=waldur-sim-ci WALDUR_SIM_AMQP_PORT=5722 WALDUR_SIM_MANAGEMENT_PORT=15722 \
    WALDUR_SIM_STOMP_PORT=61663 WALDUR_SIM_WEB_STOMP_PORT=15724 WALDUR_SIM_PUBLISHER_PORT=8722 \
    WALDUR_SIM_POSTGRES_PORT=5735
  local log="$LOG_DIR/containers-compose.log" demo_log="$LOG_DIR/containers-compose-demo.log" up=0 order=1 demo=1
  timed "compose up (4 services + seed)" infra/scripts/compose.sh up >"$log" 2>&1 || up=$?
  if [ "$up" = 0 ]; then
    # The stack's URLs and tokens (the last step: nothing after it reads these).
    eval "$(infra/scripts/compose.sh env 2>>"$log")"
    timed "compose: one order to done" node infra/scripts/compose-order.mjs >>"$log" 2>&1 && order=0
    say "compose: the demo's story (log: $demo_log)"
    timed "compose: the demo story (demo --compose)" \
      env -u RABBITMQ_URL node e2e/dist/demo/main.js --compose >"$demo_log" 2>&1 && demo=0
    cat "$demo_log" >&2
  fi
  infra/scripts/compose.sh ps >>"$log" 2>&1
  [ "$up$order$demo" = 000 ] || infra/scripts/compose.sh logs --no-color >>"$log" 2>&1
  timed "compose down" infra/scripts/compose.sh down >>"$log" 2>&1
  cat "$log" >&2
  for status in "$order" "$demo"; do
    if [ "$status" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); rc=1; fi
  done
  [ "$order$demo" = 00 ]
}
if step compose; then
  compose_story
fi
