// The contract check every scenario file ends with: each request its agents made (recorded by the stack's proxy)
// validates against Waldur's contract, the answers parse in the real agent's client, and the recorder saw the
// operations the file exercises, so the check cannot pass on no traffic.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { checkAgentTraffic } from '../../src/harness/contract-check.js';
import { eventPath, type Stack } from '../../src/harness/stack.js';

/**
 * What every event_process agent calls at start-up: identity, services, processors, and per object type a
 * subscription and its queue — or, on the unified path, one register_queue (an extension of the contract).
 */
export const STARTUP_OPERATIONS: readonly string[] = [
  'marketplace_site_agent_identities_list',
  ...(eventPath() === 'unified'
    ? []
    : ['marketplace_site_agent_identities_register_event_subscription', 'event_subscriptions_create_queue']),
  'marketplace_site_agent_identities_register_service',
  'marketplace_site_agent_services_register_processor',
];

/** What an agent calls for each order it processes (re-read, approve as provider, report done). */
export const ORDER_OPERATIONS = [
  'marketplace_orders_retrieve',
  'marketplace_orders_approve_by_provider',
  'marketplace_orders_set_state_done',
] as const;

/** Asserts the stack's agent traffic; `exercised` are contract operation names the file's scenarios reach. */
export function expectAgentTrafficValid(stack: Stack, exercised: readonly string[]): void {
  const exchanges = stack.agentTraffic.exchanges();
  const report = checkAgentTraffic(exchanges);
  // Kept next to the process logs for diagnosis: every exchange, then the operations seen.
  writeFileSync(
    join(stack.workDir, 'agent-traffic.json'),
    JSON.stringify({ operations: Object.fromEntries(report.operations), exchanges }, null, 1),
  );
  const seen = [...report.operations.entries()].map(([name, n]) => `${name} x${String(n)}`).join('\n  ');
  expect
    .soft(
      exercised.filter((name) => !report.operations.has(name)),
      `operations the scenarios exercise that the recorder never saw; it saw ${String(exchanges.length)} requests:\n  ${seen}`,
    )
    .toEqual([]);
  expect(exchanges.length).toBeGreaterThanOrEqual(exercised.length);
  expect
    .soft(
      report.requestViolations,
      `requests of our agent that Waldur's contract refuses:\n${report.requestViolations.join('\n')}`,
    )
    .toEqual([]);
  expect
    .soft(
      report.answerViolations,
      `answers of the publisher the real agent's client would not parse:\n${report.answerViolations.join('\n')}`,
    )
    .toEqual([]);
}
