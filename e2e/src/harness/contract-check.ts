// Checks what our agent sent (and what it was answered) against Waldur's REST contract, request by request: a
// request Waldur would refuse, or to an operation Waldur does not have, is a violation unless it is one of our
// agent's documented extensions below. Checked against the contract, never against the publisher.
import {
  findOperation,
  formatViolations,
  loadContract,
  validateRequest,
  validateResponse,
  type Contract,
} from '@waldur-sim/contract';
import type { RecordedExchange } from './recording-proxy.js';

/** A request our agent makes that Waldur's client contract does not list, and why it is acceptable. */
export interface AgentExtension {
  readonly method: string;
  readonly path: RegExp;
  readonly why: string;
}

/**
 * Our agent's extensions to the real agent's calls. Keep this short: every entry is a call the real
 * `waldur-site-agent` does not make, so Waldur's contract does not promise it.
 */
export const AGENT_EXTENSIONS: readonly AgentExtension[] = [
  {
    method: 'POST',
    path: /^\/api\/marketplace-site-agent-identities\/[0-9a-f]{32}\/register_queue\/$/,
    why: "Waldur's unified consumer path, opt-in (stomp_unified_queue); the real agent still registers per type",
  },
];

export interface TrafficReport {
  /** One entry per request Waldur would refuse or does not have: `METHOD /path?query body -> status`, then why. */
  readonly requestViolations: readonly string[];
  /** One entry per answer the real agent's client would not parse (the publisher's side), same form. */
  readonly answerViolations: readonly string[];
  /** Requests per contract operation name (`operation` of the fixture), extensions under `METHOD path`. */
  readonly operations: ReadonlyMap<string, number>;
}

function describe(exchange: RecordedExchange): string {
  const query = Object.entries(exchange.query)
    .flatMap(([name, values]) => values.map((v) => `${name}=${v}`))
    .join('&');
  const body = exchange.body === undefined ? '' : ` ${JSON.stringify(exchange.body)}`;
  return `${exchange.method} ${exchange.path}${query === '' ? '' : `?${query}`}${body} -> ${exchange.status}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Validates every recorded request (and, as a second check, every answer) against the contract. */
export function checkAgentTraffic(
  exchanges: readonly RecordedExchange[],
  contract: Contract = loadContract(),
): TrafficReport {
  const requestViolations: string[] = [];
  const answerViolations: string[] = [];
  const operations = new Map<string, number>();
  const count = (name: string): void => {
    operations.set(name, (operations.get(name) ?? 0) + 1);
  };
  for (const exchange of exchanges) {
    const match = findOperation(contract, exchange.method, exchange.path);
    if (match === undefined) {
      const extension = AGENT_EXTENSIONS.find(
        (e) => e.method === exchange.method && e.path.test(exchange.path),
      );
      if (extension === undefined) {
        requestViolations.push(`${describe(exchange)}\n    Waldur's contract has no such operation`);
      } else count(`${exchange.method} ${extension.path.source}`);
      continue;
    }
    count(match.operation.operation);
    const request = validateRequest(contract, match.operation, {
      query: exchange.query,
      ...(exchange.body === undefined ? {} : { body: exchange.body }),
    });
    if (request.length > 0)
      requestViolations.push(`${describe(exchange)}\n${indent(formatViolations(request))}`);
    const answer = validateResponse(contract, match.operation, exchange.status, exchange.response);
    if (answer.length > 0)
      answerViolations.push(`${describe(exchange)}\n${indent(formatViolations(answer))}`);
  }
  return { requestViolations, answerViolations, operations };
}
