#!/usr/bin/env bash
# Runs the testkit CLI `waldur-sim-broker` (private RabbitMQ node: start|stop|status|env) from anywhere,
# building @waldur-sim/testkit first when its dist/ is missing or older than its sources.
# Usage: infra/scripts/local-broker.sh start|stop|status|env [--help] [options]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pkg="$root/packages/testkit"
cli="$pkg/dist/cli.js"

if [ ! -f "$cli" ] || [ -n "$(find "$pkg/src" -newer "$cli" -print -quit)" ]; then
  echo "local-broker: building @waldur-sim/testkit" >&2
  (cd "$root" && pnpm --filter @waldur-sim/testkit build >&2)
fi

# The CLI needs no public CA bundle; skipping NODE_EXTRA_CA_CERTS saves ~100 ms per start.
exec env -u NODE_EXTRA_CA_CERTS node "$cli" "$@"
