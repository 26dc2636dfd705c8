// Command-line parsing for `waldur-site-agent` (real flags: -m/--mode, -c/--config-file) plus the `healthz`
// sub-command (real `waldur_site_healthz`). Pure: returns what to do, never exits, so it is unit-tested.
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE } from '../config/load-config.js';
import { DEFAULT_MAX_AGE_SECONDS } from '../runtime/heartbeat-file.js';

export const AGENT_MODES = ['order_process', 'report', 'membership_sync', 'event_process'] as const;
export type CliMode = (typeof AGENT_MODES)[number];

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'run'; mode: CliMode; configFile: string }
  | {
      kind: 'healthz';
      configFile: string;
      maxAgeSeconds: number;
      livenessOnly: boolean;
      readinessTimeoutSeconds: number;
    }
  | { kind: 'error'; message: string };

export const MAIN_HELP = `Usage: waldur-site-agent [-m MODE] [-c CONFIG_FILE]
       waldur-site-agent healthz [-c CONFIG_FILE] [--max-age N] [--liveness-only] [--readiness-timeout S]

Waldur site agent: processes Waldur marketplace orders and memberships on a SLURM cluster.

Options:
  -m, --mode MODE          event_process | order_process | membership_sync | report (default: order_process)
  -c, --config-file FILE   agent configuration YAML (default: ${DEFAULT_CONFIG_FILE})
  -h, --help               show this help
  -v, --version            print the version

Environment:
  WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES     order_process period (float, default 5)
  WALDUR_SITE_AGENT_MEMBERSHIP_SYNC_PERIOD_MINUTES   membership_sync period (default 5)
  WALDUR_SITE_AGENT_RECONCILIATION_PERIOD_MINUTES    event_process reconciliation period (default 60)
  WALDUR_SITE_AGENT_REPORT_PERIOD_MINUTES            report period (default 30)
  WALDUR_SITE_AGENT_TICK_SECONDS                     main-loop tick (default 60)
  WALDUR_SITE_AGENT_HEARTBEAT_FILE                   liveness file (default /tmp/waldur-site-agent-heartbeat)
  WALDUR_SITE_AGENT_LOG_LEVEL                        overrides log_level (pino level names)
`;

export const HEALTHZ_HELP = `Usage: waldur-site-agent healthz [-c CONFIG_FILE] [--max-age N] [--liveness-only] [--readiness-timeout S]

Exit 0 when the agent's heartbeat file is fresher than --max-age seconds (default ${String(DEFAULT_MAX_AGE_SECONDS)}) and,
unless --liveness-only, GET /api/users/me/?field=uuid succeeds for at least one configured offering.
`;

function positive(name: string, raw: string | undefined, fallback: number): number | string {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : `${name} must be a positive number, got "${raw}"`;
}

export function parseCli(argv: readonly string[]): CliCommand {
  if (argv[0] === 'healthz') {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv.slice(1),
        options: {
          'config-file': { type: 'string', short: 'c' },
          'max-age': { type: 'string' },
          'liveness-only': { type: 'boolean' },
          'readiness-timeout': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      });
    } catch (err) {
      return { kind: 'error', message: `${(err as Error).message}\n\n${HEALTHZ_HELP}` };
    }
    const v = parsed.values;
    if (v.help === true) return { kind: 'help', text: HEALTHZ_HELP };
    const maxAge = positive('--max-age', v['max-age'], DEFAULT_MAX_AGE_SECONDS);
    if (typeof maxAge === 'string') return { kind: 'error', message: maxAge };
    const timeout = positive('--readiness-timeout', v['readiness-timeout'], 5);
    if (typeof timeout === 'string') return { kind: 'error', message: timeout };
    return {
      kind: 'healthz',
      configFile: v['config-file'] ?? DEFAULT_CONFIG_FILE,
      maxAgeSeconds: maxAge,
      livenessOnly: v['liveness-only'] === true,
      readinessTimeoutSeconds: timeout,
    };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        mode: { type: 'string', short: 'm' },
        'config-file': { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message}\n\n${MAIN_HELP}` };
  }
  const v = parsed.values;
  if (v.help === true) return { kind: 'help', text: MAIN_HELP };
  if (v.version === true) return { kind: 'version' };
  const mode = v.mode ?? 'order_process';
  if (!(AGENT_MODES as readonly string[]).includes(mode)) {
    return {
      kind: 'error',
      message: `--mode: invalid choice "${mode}" (choose from ${AGENT_MODES.join(', ')})`,
    };
  }
  return { kind: 'run', mode: mode as CliMode, configFile: v['config-file'] ?? DEFAULT_CONFIG_FILE };
}
