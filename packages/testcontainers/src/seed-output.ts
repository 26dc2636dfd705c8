// Reads what `waldur-publisher seed --format json --tokens-file F` leaves: the agent configuration on stdout, on
// stderr the pino record `seeded` with the world's ids, and the tokens in F (never in a log).
import { EmulatorError } from './emulator-error.js';

export interface SeededWorld {
  readonly staffToken: string;
  /** The service provider owner's token (the one the agent configuration uses). */
  readonly ownerToken: string;
  readonly consumerToken: string;
  readonly offeringUuid: string;
  readonly projectUuid: string;
}

/** The real agent's YAML as an object (`offerings[0]` holds the REST and STOMP settings). */
export interface AgentConfig {
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  readonly [key: string]: unknown;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new EmulatorError('SEED_FAILED', `seed output has no ${what}`);
  return value;
}

export function parseSeedOutput(
  stdout: string,
  stderr: string,
  tokensJson: string,
): { world: SeededWorld; agentConfig: AgentConfig } {
  let tokens: Record<string, unknown>;
  try {
    tokens = JSON.parse(tokensJson) as Record<string, unknown>;
  } catch (error) {
    throw new EmulatorError('SEED_FAILED', 'seed wrote no JSON tokens file', { cause: error });
  }
  let agentConfig: AgentConfig;
  try {
    agentConfig = JSON.parse(stdout) as AgentConfig;
  } catch (error) {
    throw new EmulatorError(
      'SEED_FAILED',
      `seed printed no JSON agent configuration: ${stdout.slice(0, 200)}`,
      {
        cause: error,
      },
    );
  }
  const offering = agentConfig.offerings[0];
  if (offering === undefined)
    throw new EmulatorError('SEED_FAILED', 'the agent configuration has no offering');
  const seeded = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((record) => record.msg === 'seeded');
  if (seeded === undefined)
    throw new EmulatorError('SEED_FAILED', `seed logged no "seeded" record: ${stderr.slice(-500)}`);
  return {
    agentConfig,
    world: {
      staffToken: text(tokens.staff, 'staff token'),
      consumerToken: text(tokens.consumer, 'consumer token'),
      ownerToken: text(offering.waldur_api_token, 'owner token'),
      offeringUuid: text(seeded.offering, 'offering'),
      projectUuid: text(seeded.project, 'project'),
    },
  };
}

/** The same configuration for an agent that reaches the publisher and Web-STOMP at other addresses. */
export function agentConfigFor(
  config: AgentConfig,
  where: { readonly apiUrl: string; readonly stompHost: string; readonly stompPort: number },
): AgentConfig {
  return {
    ...config,
    offerings: config.offerings.map((o) => ({
      ...o,
      waldur_api_url: where.apiUrl,
      stomp_ws_host: where.stompHost,
      stomp_ws_port: where.stompPort,
    })),
  };
}
