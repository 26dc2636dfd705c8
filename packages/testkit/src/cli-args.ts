// Argument parsing and help text for the `waldur-sim-broker` CLI (kept apart from cli.ts so it is testable).
import { parseArgs } from 'node:util';
import {
  LOCAL_BROKER_DEFAULTS,
  LOCAL_BROKER_ENV_VARS,
  parseIntegerOption,
  type LocalBrokerOptions,
} from './local-broker-config.js';
import { TestkitError } from './testkit-error.js';

export const COMMANDS = ['start', 'stop', 'status', 'env'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: Command | 'help';
  readonly options: LocalBrokerOptions;
  readonly json: boolean;
}

const d = LOCAL_BROKER_DEFAULTS;
const e = LOCAL_BROKER_ENV_VARS;

export const USAGE = `Usage: waldur-sim-broker <command> [options]

A private RabbitMQ node (management, stomp, web_stomp plugins) for tests and development, run from the
installed rabbitmq-server as the current user, with its own node name, ports, cookie and data folder.
A system broker on the standard ports is never touched. Nothing is installed automatically.

Commands:
  start    start the node (reuses a running one) and wait until AMQP, management and Web-STOMP answer
  stop     stop the node and its private epmd
  status   print the state; exit 0 running, 3 stopped, 4 started but not answering
  env      print the RABBITMQ_* variables for this node as shell lines: eval "$(waldur-sim-broker env)"

Options (each also settable through the environment variable shown):
  --data-dir <dir>          data folder (default <repo>/.data/rabbitmq)              ${e.dataDir}
  --templates-dir <dir>     config templates (default <repo>/infra/rabbitmq)          ${e.templatesDir}
  --rabbitmq-bin-dir <dir>  RabbitMQ's scripts (default ${d.rabbitmqBinDir})          ${e.rabbitmqBinDir}
  --node-name <name@host>   Erlang node name (default ${d.nodeName})           ${e.nodeName}
  --amqp-port <port>        AMQP (default ${d.amqpPort})                                  ${e.amqpPort}
  --management-port <port>  management HTTP API (default ${d.managementPort})                ${e.managementPort}
  --stomp-port <port>       STOMP over TCP (default ${d.stompPort})                      ${e.stompPort}
  --web-stomp-port <port>   Web-STOMP, ws://127.0.0.1:<port>/ws (default ${d.webStompPort})     ${e.webStompPort}
  --dist-port <port>        Erlang distribution (default ${d.distPort})                  ${e.distPort}
  --epmd-port <port>        private epmd (default ${d.epmdPort})                           ${e.epmdPort}
  --timeout <ms>            how long start waits (default ${d.startTimeoutMs})                 ${e.startTimeoutMs}
  --json                    status/env: print JSON instead
  -h, --help                this text

Admin: user ${d.adminUser} (${e.adminUser}) with a password generated once per data folder and kept in
<data dir>/admin-password (0600), or ${e.adminPassword}; \`env\` prints both in RABBITMQ_URL. The node has no
guest user (a data folder that still has one is converted on \`start\`).
If rabbitmq-server is missing: \`apt-get install rabbitmq-server\` (Debian/Ubuntu), or use Docker:
\`docker compose -f infra/docker-compose.yml up -d\` (same ports; see infra/README.md).`;

function isCommand(value: string | undefined): value is Command {
  return (COMMANDS as readonly (string | undefined)[]).includes(value);
}

function usageError(message: string): TestkitError {
  return new TestkitError('INVALID_OPTION', `${message}\nRun \`waldur-sim-broker --help\` for usage.`);
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        'templates-dir': { type: 'string' },
        'rabbitmq-bin-dir': { type: 'string' },
        'node-name': { type: 'string' },
        'amqp-port': { type: 'string' },
        'management-port': { type: 'string' },
        'stomp-port': { type: 'string' },
        'web-stomp-port': { type: 'string' },
        'dist-port': { type: 'string' },
        'epmd-port': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help')
    return { command: 'help', options: {}, json: false };
  const [command, ...rest] = positionals;
  if (!isCommand(command)) throw usageError(`unknown command ${JSON.stringify(command)}`);
  if (rest.length > 0) throw usageError(`unexpected argument ${JSON.stringify(rest[0])}`);

  const options: Record<string, string | number> = {};
  const text = {
    dataDir: 'data-dir',
    templatesDir: 'templates-dir',
    rabbitmqBinDir: 'rabbitmq-bin-dir',
    nodeName: 'node-name',
  } as const;
  for (const [key, flag] of Object.entries(text)) {
    const value = values[flag];
    if (value !== undefined) options[key] = value;
  }
  const numeric = {
    amqpPort: 'amqp-port',
    managementPort: 'management-port',
    stompPort: 'stomp-port',
    webStompPort: 'web-stomp-port',
    distPort: 'dist-port',
    epmdPort: 'epmd-port',
    startTimeoutMs: 'timeout',
  } as const;
  for (const [key, flag] of Object.entries(numeric)) {
    const value = values[flag];
    if (value !== undefined) options[key] = parseIntegerOption(`--${flag}`, value);
  }
  return { command, options, json: values.json };
}

/** `export NAME='value'` lines, single-quoted for any POSIX shell. */
export function shellExports(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`)
    .join('\n');
}
