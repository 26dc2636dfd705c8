#!/usr/bin/env bash
# Runs infra/docker-compose.yml (project `waldur-sim`) with `docker compose` (v2) or `docker-compose` (v1).
#   compose.sh up        build the pair's images if missing, start everything, wait until all are healthy
#   compose.sh env       shell lines for the host: RABBITMQ_URL (admin) and friends, PUBLISHER_URL, the seeded
#                        world's tokens (WALDUR_SIM_CONSUMER_TOKEN, ...) and its offering/project UUIDs
#   compose.sh broker    start only RabbitMQ (what `pnpm demo` uses when a Docker engine runs)
#   compose.sh down      stop and remove the containers and volumes
#   compose.sh <any>     passed to compose as is (ps, logs, exec, ...)
# Secrets: the broker admin's and PostgreSQL's passwords are generated once into .data/compose/secrets.env
# (mode 600) and passed with --env-file; delete that file after `down` for new ones.
# Environment: WALDUR_SIM_RABBITMQ_IMAGE, WALDUR_SIM_POSTGRES_IMAGE, WALDUR_SIM_*_PORT (see the compose file),
# WALDUR_SIM_COMPOSE_PROJECT (default waldur-sim), WALDUR_SIM_COMPOSE_TIMEOUT (seconds, default 600).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FILE="$ROOT/infra/docker-compose.yml"
PROJECT="${WALDUR_SIM_COMPOSE_PROJECT:-waldur-sim}"
SECRETS="$ROOT/.data/compose/secrets.env"
TIMEOUT="${WALDUR_SIM_COMPOSE_TIMEOUT:-600}"

say() { echo "compose: $*" >&2; }

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

ensure_secrets() {
  if [ ! -f "$SECRETS" ]; then
    mkdir -p "$(dirname "$SECRETS")"
    (
      umask 077
      printf 'WALDUR_SIM_RABBITMQ_ADMIN_PASSWORD=%s\nWALDUR_SIM_POSTGRES_PASSWORD=%s\n' "$(secret)" "$(secret)" >"$SECRETS"
    )
  fi
  set -a
  # shellcheck disable=SC1090 # generated above
  . "$SECRETS"
  set +a
}

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -p "$PROJECT" -f "$FILE" --env-file "$SECRETS" "$@"
  elif command -v docker-compose >/dev/null; then
    docker-compose -p "$PROJECT" -f "$FILE" --env-file "$SECRETS" "$@"
  else
    say "neither \`docker compose\` nor \`docker-compose\` is installed"
    return 1
  fi
}

health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null; }

wait_healthy() {
  local deadline=$((SECONDS + TIMEOUT)) service id state all
  while :; do
    all=1
    for service in rabbitmq postgres publisher agent; do
      id="$(compose ps -q "$service" 2>/dev/null || true)"
      state="$( [ -n "$id" ] && health "$id" || echo missing)"
      [ "$state" = healthy ] || all=0
    done
    [ "$all" = 1 ] && return 0
    id="$(compose ps -q seed 2>/dev/null || true)"
    if [ -n "$id" ] && [ "$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$id")" != "exited 0" ] &&
      [ "$(docker inspect -f '{{.State.Status}}' "$id")" = exited ]; then
      say "seed failed:"; compose logs seed >&2; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "not healthy within $TIMEOUT s:"; compose ps >&2; return 1
    fi
    sleep 3
  done
}

# The seeded world: tokens and ids from the seed's `seeded` log record, the owner's token from the agent YAML.
world_env() {
  local owner
  owner="$(compose exec -T agent cat /config/agent.yaml 2>/dev/null | sed -n "s/^ *waldur_api_token: *['\"]\{0,1\}\([0-9a-zA-Z]*\).*/\1/p" | head -n 1)"
  [ -n "$owner" ] && echo "export WALDUR_SIM_OWNER_TOKEN=$owner"
  local tokens
  tokens="$(compose exec -T agent cat /config/tokens.json 2>/dev/null || true)"
  compose logs --no-color seed 2>/dev/null | sed -n 's/^[^{]*\({.*"seeded".*}\)[[:space:]]*$/\1/p' | tail -n 1 |
    TOKENS="$tokens" node -e '
      let s = "";
      process.stdin.on("data", (d) => (s += d)).on("end", () => {
        if (s.trim() === "") return;
        const w = JSON.parse(s);
        let t = {};
        try { t = JSON.parse(process.env.TOKENS || "{}"); } catch {}
        const lines = {
          WALDUR_SIM_STAFF_TOKEN: t.staff,
          WALDUR_SIM_CONSUMER_TOKEN: t.consumer,
          WALDUR_SIM_OFFERING_UUID: w.offering,
          WALDUR_SIM_PROJECT_UUID: w.project,
        };
        for (const [k, v] of Object.entries(lines))
          if (typeof v === "string" && /^[\w-]+$/.test(v)) console.log(`export ${k}=${v}`);
      });'
}

print_env() {
  local user="${WALDUR_SIM_RABBITMQ_ADMIN_USER:-waldur-sim-admin}"
  echo "export RABBITMQ_URL=amqp://$user:$WALDUR_SIM_RABBITMQ_ADMIN_PASSWORD@127.0.0.1:${WALDUR_SIM_AMQP_PORT:-5682}"
  echo "export RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:${WALDUR_SIM_MANAGEMENT_PORT:-15682}"
  echo "export RABBITMQ_WEB_STOMP_URL=ws://127.0.0.1:${WALDUR_SIM_WEB_STOMP_PORT:-15684}/ws"
  echo "export RABBITMQ_STOMP_HOST=127.0.0.1 RABBITMQ_STOMP_PORT=${WALDUR_SIM_STOMP_PORT:-61623}"
  echo "export PUBLISHER_URL=http://127.0.0.1:${WALDUR_SIM_PUBLISHER_PORT:-8000}"
  echo "export DATABASE_URL=postgresql://postgres:$WALDUR_SIM_POSTGRES_PASSWORD@127.0.0.1:${WALDUR_SIM_POSTGRES_PORT:-5433}/waldur_sim"
  world_env
}

case "${1:-}" in
  '' | -h | --help) usage ;;
  up)
    ensure_secrets
    tag="${WALDUR_SIM_IMAGE_TAG:-local}"
    if ! docker image inspect "waldur-sim/publisher:$tag" "waldur-sim/agent:$tag" >/dev/null 2>&1; then
      "$ROOT/infra/docker/build-images.sh"
    fi
    compose up -d --no-build
    wait_healthy
    say "all services healthy"
    ;;
  broker) ensure_secrets; compose up -d rabbitmq ;;
  env) ensure_secrets; print_env ;;
  down) ensure_secrets; compose down -v --remove-orphans ;;
  *) ensure_secrets; compose "$@" ;;
esac
