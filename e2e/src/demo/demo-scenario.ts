// The demo's scripted story, told only through Waldur's REST API: two allocations are ordered, a colleague
// joins the project, one allocation is paused and the other terminated. Each step acts, then waits for the
// end state it promises (REST and slurm-mock) and returns a one-line description of what it found.
import type { ProviderResource } from '@waldur-sim/protocol';
import type { SeededWorld } from '../harness/publisher.js';
import { SlurmSnapshot, type SlurmMock } from '../harness/slurm-mock.js';
import type { WaldurClient } from '../harness/waldur-client.js';
import { waitFor } from '../harness/wait-for.js';

/** What the story acts on: the same for processes the demo starts and for the Docker Compose stack. */
export interface DemoContext {
  readonly world: Pick<SeededWorld, 'offeringUuid' | 'projectUuid'>;
  /** The agent's slurm-mock (its tools run where its state file is: here, or in the agent's container). */
  readonly slurm: SlurmMock;
  readonly consumer: WaldurClient;
  readonly owner: WaldurClient;
  /** Filled in as the story goes. */
  readonly resources: Map<string, string>;
}

export interface DemoStep {
  readonly title: string;
  /** What has to be true at the end (shown when it is not reached). */
  readonly expected: string;
  run(ctx: DemoContext): Promise<string>;
}

export const PAUSED_QOS = 'paused';
export const DOWNSCALED_QOS = 'slowdown';
const WAIT = { timeoutMs: 60_000, intervalMs: 100 } as const;

async function orderDone(ctx: DemoContext, orderUuid: string): Promise<void> {
  await waitFor(
    `order ${orderUuid} done`,
    async () => {
      const order = await ctx.consumer.order(orderUuid);
      if (order.state === 'erred' || order.state === 'rejected' || order.state === 'canceled') {
        throw new Error(`order ${order.state}: ${order.error_message ?? ''}`);
      }
      return order.state === 'done';
    },
    WAIT,
  );
}

function limitsText(limits: Readonly<Record<string, number>>): string {
  return Object.entries(limits)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function resource(ctx: DemoContext, name: string): Promise<ProviderResource> {
  const uuid = ctx.resources.get(name);
  if (uuid === undefined) throw new Error(`no resource "${name}" yet (an earlier step failed)`);
  return ctx.owner.resource(uuid);
}

function createStep(name: string, limits: Record<string, number>): DemoStep {
  return {
    title: `Consumer orders allocation "${name}" (${limitsText(limits)}) and approves the order`,
    expected: `order done, resource OK with a backend_id, SLURM account with GrpTRESMins for ${limitsText(limits)}`,
    async run(ctx) {
      const order = await ctx.consumer.submitOrder({
        offeringUuid: ctx.world.offeringUuid,
        projectUuid: ctx.world.projectUuid,
        limits,
        name,
      });
      ctx.resources.set(name, order.marketplace_resource_uuid);
      await orderDone(ctx, order.uuid);
      const r = await resource(ctx, name);
      if (r.state !== 'OK' || r.backend_id === '')
        throw new Error(`resource is ${r.state} with backend_id "${r.backend_id}"`);
      const snap = await SlurmSnapshot.of(ctx.slurm);
      const tres = snap.grpTresMins(r.backend_id);
      if (!snap.hasAccount(r.backend_id) || Object.keys(tres).length === 0)
        throw new Error(`no SLURM account ${r.backend_id} with limits`);
      return `order done; resource OK, backend_id ${r.backend_id}; SLURM ${r.backend_id} (parent ${snap.parentOf(r.backend_id) ?? '?'}) GrpTRESMins ${limitsText(tres)}`;
    },
  };
}

const joinStep: DemoStep = {
  title: 'A colleague (the provider owner) is granted PROJECT.MEMBER in the project',
  expected: 'an offering user for the colleague and a SLURM association on every allocation of the project',
  async run(ctx) {
    const colleague = await ctx.owner.me();
    await ctx.consumer.grantProjectRole(ctx.world.projectUuid, colleague.uuid, 'PROJECT.MEMBER');
    const [offeringUser] = await ctx.owner.offeringUsers({
      offering_uuid: ctx.world.offeringUuid,
      user_uuid: colleague.uuid,
    });
    const username = offeringUser?.username ?? '';
    if (username === '') throw new Error('Waldur created no offering user with a username for the colleague');
    const accounts = await Promise.all(
      [...ctx.resources.keys()].map(async (n) => (await resource(ctx, n)).backend_id),
    );
    await waitFor(
      `association ${username} on ${accounts.join(', ')}`,
      async () => {
        const snap = await SlurmSnapshot.of(ctx.slurm);
        return accounts.every((a) => snap.users(a).includes(username));
      },
      WAIT,
    );
    return `offering user ${username}; SLURM associations ${accounts.map((a) => `${username}@${a}`).join(', ')}`;
  },
};

function pauseStep(name: string): DemoStep {
  return {
    title: `Provider pauses allocation "${name}"`,
    expected: `QOS ${PAUSED_QOS} on the SLURM account; Waldur resource paused with backend_metadata.qos=${PAUSED_QOS}`,
    async run(ctx) {
      const r = await resource(ctx, name);
      await ctx.owner.setResourceFlag(r.uuid, 'paused', true);
      await waitFor(
        `QOS ${PAUSED_QOS} on ${r.backend_id}`,
        async () => {
          const [snap, again] = await Promise.all([SlurmSnapshot.of(ctx.slurm), ctx.owner.resource(r.uuid)]);
          return (
            (snap.qos(r.backend_id)?.qos ?? []).includes(PAUSED_QOS) &&
            again.backend_metadata.qos === PAUSED_QOS
          );
        },
        WAIT,
      );
      return `SLURM ${r.backend_id} QOS=${PAUSED_QOS}; Waldur paused=true, backend_metadata.qos=${PAUSED_QOS}`;
    },
  };
}

function terminateStep(name: string): DemoStep {
  return {
    title: `Consumer terminates allocation "${name}"`,
    expected: 'order done, resource Terminated, SLURM account removed',
    async run(ctx) {
      const r = await resource(ctx, name);
      const order = await ctx.consumer.submitOrder({
        offeringUuid: ctx.world.offeringUuid,
        projectUuid: ctx.world.projectUuid,
        type: 'Terminate',
        resourceUuid: r.uuid,
      });
      await orderDone(ctx, order.uuid);
      const after = await ctx.owner.resource(r.uuid);
      if (after.state !== 'Terminated') throw new Error(`resource is ${after.state}`);
      const snap = await SlurmSnapshot.of(ctx.slurm);
      if (snap.hasAccount(r.backend_id)) throw new Error(`SLURM account ${r.backend_id} still exists`);
      return `order done; resource Terminated; SLURM account ${r.backend_id} removed`;
    },
  };
}

export const DEMO_STEPS: readonly DemoStep[] = [
  createStep('Genomics', { cpu: 10, mem: 8 }),
  createStep('Climate', { cpu: 4, mem: 2 }),
  joinStep,
  pauseStep('Genomics'),
  terminateStep('Climate'),
];

/** The final picture, one line per resource of the offering (Waldur, SLURM, reported usage). */
export async function finalStates(ctx: DemoContext): Promise<string[]> {
  const snap = await SlurmSnapshot.of(ctx.slurm);
  const lines: string[] = [];
  for (const [name, uuid] of ctx.resources) {
    const r = await ctx.owner.resource(uuid);
    const onSlurm = snap.hasAccount(r.backend_id)
      ? `SLURM ${r.backend_id}: users [${snap.users(r.backend_id).join(', ')}], QOS ${(snap.qos(r.backend_id)?.qos ?? ['(inherited)']).join(',')}, GrpTRESMins ${limitsText(snap.grpTresMins(r.backend_id))}`
      : `SLURM ${r.backend_id}: (no account)`;
    const usages = (await ctx.owner.get(`/marketplace-component-usages/?resource_uuid=${uuid}`)) as {
      type: string;
      usage: number;
      billing_period: string;
    }[];
    const usageText =
      usages.length === 0
        ? 'usage (none reported)'
        : `usage ${usages.map((u) => `${u.billing_period} ${u.type}=${u.usage}`).join(', ')}`;
    lines.push(
      `${name.padEnd(10)} Waldur ${r.state.padEnd(10)} limits ${limitsText(r.limits).padEnd(12)} paused=${String(r.paused).padEnd(5)}  ${onSlurm}  ${usageText}`,
    );
  }
  lines.push(`SLURM accounts: ${snap.accountNames().join(', ')}`);
  return lines;
}
