// Report mode end to end: usage injected into slurm-mock for an allocation the agent created is read by
// `waldur-site-agent -m report` with sacct, converted with the offering's unit factors and reported to the
// publisher, which lists it back; a second run of the report mode (a restart) does not add to it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { createAllocation } from './support/scenario.js';

const U = 'use-';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ name: 'usage', worlds: [U] });
});

afterAll(async () => {
  await stack.stop();
});

interface UsageRow {
  readonly uuid: string;
  readonly type: string;
  readonly usage: number;
  readonly billing_period: string;
}
interface UserUsageRow {
  readonly username: string;
  readonly component_type: string;
  readonly usage: number;
}

const ALICE = [
  ['cpu', 'alice', 0],
  ['mem', 'alice', 1024],
];

/** Per-user usages of a resource as [component, username, usage], sorted. */
async function userUsages(resourceUuid: string): Promise<unknown[]> {
  const rows = (await stack
    .owner(U)
    .get(`/marketplace-component-user-usages/?resource_uuid=${resourceUuid}`)) as UserUsageRow[];
  return rows.map((u) => [u.component_type, u.username, u.usage]).sort();
}

async function reportPass(slurm: SlurmMock, label: string): Promise<Record<string, unknown>> {
  const agent: AgentHandle = await stack.agent({
    label,
    mode: 'report',
    worlds: [U],
    slurm,
    overrides: { reporting_backend: 'slurm' },
  });
  try {
    const line = await agent.process.waitForLine(
      (l) => l.json?.msg === 'Usage reporting pass finished',
      60_000,
      'a usage reporting pass',
    );
    return line.json ?? {};
  } finally {
    await agent.stop();
  }
}

describe('report mode', () => {
  test('reports sacct usage per component and user; a second run does not add to it', async () => {
    const slurm = await stack.slurm('usage');
    const creator = await stack.agent({ label: 'usage-creator', worlds: [U], slurm });
    const resource = await createAllocation(stack, U, 'Usage One', { cpu: 1, mem: 1 });
    await creator.stop();
    await slurm.ok('slurm-mock', [
      'usage',
      'inject',
      '--account',
      resource.backend_id,
      '--user',
      'alice',
      '--node-hours',
      '2',
    ]);

    const first = await reportPass(slurm, 'usage-report-1');
    expect(first).toMatchObject({ reported: 1, failed: 0 });
    const owner = stack.owner(U);
    const usages = (await owner.get(
      `/marketplace-component-usages/?resource_uuid=${resource.uuid}`,
    )) as UsageRow[];
    // 2 node-hours = 64 CPUs × 120 min and 512 GB × 120 min; unit factors 60000 (k-Hours) and 61440 (GB-Hours).
    expect(usages.map((u) => [u.type, u.usage]).sort()).toEqual([
      ['cpu', 0],
      ['mem', 1024],
    ]);
    expect(await userUsages(resource.uuid)).toEqual(ALICE);

    const second = await reportPass(slurm, 'usage-report-2');
    // Waldur lists usage as an integer, so a fractional total (cpu 0.13) may be sent again: replaced, never added.
    expect(second).toMatchObject({ failed: 0 });
    const again = (await owner.get(
      `/marketplace-component-usages/?resource_uuid=${resource.uuid}`,
    )) as UsageRow[];
    // Same rows (same UUIDs, same amounts); only `date`, the time of the latest report, moves.
    const key = (rows: UsageRow[]): unknown[] =>
      rows.map((u) => [u.uuid, u.type, u.usage, u.billing_period]).sort();
    expect(key(again)).toEqual(key(usages));
    expect(await userUsages(resource.uuid)).toEqual(ALICE);
  });
});
