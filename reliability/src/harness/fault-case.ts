// Runs one fault case on a FaultStack: a fresh stream (workload.ts) with the fault injected while it runs, then
// the lost/duplicated checker until the pair has recovered. Also creates the resources the streams need.
import { checkUntilConverged, type ConvergedResult } from './checker.js';
import type { FaultStack } from './fault-stack.js';
import { ReliabilityError } from './reliability-error.js';
import type { SummaryRow } from './summary-table.js';
import { waitFor } from './wait-for.js';
import { Workload, type WorkloadPlan, type WorkloadResult } from './workload.js';

/**
 * Events per case: RELIABILITY_EVENTS (default 530 planned, >= 500 confirmed), split over Create (8 %), Update (22 %), Terminate (3 %) orders
 * and role changes (the rest). Creates cost the agent ~7 SLURM commands each, role changes ~3, so the mix keeps a
 * case near 40 s of agent work on 2 cores.
 */
/** 530 planned, so that a row still confirms at least 500 when its fault leaves a few requests unanswered. */
export const DEFAULT_EVENTS = 530;

export function planFor(label: string, env: NodeJS.ProcessEnv = process.env): WorkloadPlan {
  const raw = Number(env.RELIABILITY_EVENTS);
  const events = Number.isFinite(raw) && raw >= 20 ? raw : DEFAULT_EVENTS;
  const creates = Math.round(events * 0.08);
  const updates = Math.round(events * 0.22);
  const terminates = Math.round(events * 0.03);
  return {
    label,
    creates,
    updates,
    terminates,
    roleChanges: events - creates - updates - terminates,
    spreadMs: 20_000,
  };
}

export interface SuiteResources {
  /** Resources (main project) the Update lanes change. */
  readonly updatePool: readonly string[];
  /** The team project's resource whose users follow the role changes. */
  readonly teamResource: string;
}

interface CreatedOrder {
  readonly uuid: string;
  readonly marketplace_resource_uuid: string;
}

/** Creates `pool` resources in the main project and one in the team project, and waits until they are OK. */
export async function createSuiteResources(stack: FaultStack, pool: number): Promise<SuiteResources> {
  const c = stack.consumer;
  const submit = async (projectId: string, name: string): Promise<CreatedOrder> => {
    const order = (await c.ok('POST', '/marketplace-orders/', {
      offering: c.url('marketplace-public-offerings', stack.world.offeringId),
      project: c.url('projects', projectId),
      type: 'Create',
      limits: { cpu: 1, mem: 1 },
      attributes: { name },
    })) as CreatedOrder;
    await c.ok('POST', `/marketplace-orders/${order.uuid}/approve_by_consumer/`, {});
    return order;
  };
  const orders: CreatedOrder[] = [];
  for (let i = 0; i < pool; i += 1) orders.push(await submit(stack.world.projectId, `pool ${i}`));
  const team = await submit(stack.world.teamProjectId, 'team allocation');
  for (const o of [...orders, team]) {
    await waitFor(
      `set-up order ${o.uuid} to be done`,
      async () => {
        const state = ((await c.ok('GET', `/marketplace-orders/${o.uuid}/`)) as { state: string }).state;
        if (state === 'erred') throw new ReliabilityError('START_FAILED', `set-up order ${o.uuid} erred`);
        return state === 'done';
      },
      { timeoutMs: 120_000 },
    );
  }
  return {
    updatePool: orders.map((o) => o.marketplace_resource_uuid),
    teamResource: team.marketplace_resource_uuid,
  };
}

export interface CaseOutcome {
  readonly result: ConvergedResult;
  readonly workload: WorkloadResult;
  readonly row: SummaryRow;
}

export interface CaseOptions {
  readonly fault: string;
  /** Injects the fault while `workload` runs; resolves when the fault is over (restored/restarted). */
  readonly inject: (workload: Workload) => Promise<string | undefined>;
  /** Runs before the stream starts (e.g. stop the consumer). */
  readonly before?: () => Promise<void>;
  readonly convergeTimeoutMs?: number;
}

export async function runFaultCase(
  stack: FaultStack,
  resources: SuiteResources,
  options: CaseOptions,
): Promise<CaseOutcome> {
  const offset = (await stack.slurm.commands()).length;
  const granted = new Map<string, boolean>();
  const active = await stack.db.prisma.projectPermission.findMany({
    where: { projectId: stack.world.teamProjectId, isActive: true },
  });
  for (const m of stack.world.members)
    granted.set(
      m.id,
      active.some((p) => p.userId === m.id),
    );
  await options.before?.();
  const workload = new Workload(planFor(options.fault), {
    consumer: stack.consumer,
    staff: stack.staff,
    offeringId: stack.world.offeringId,
    projectId: stack.world.projectId,
    teamProjectId: stack.world.teamProjectId,
    updatePool: resources.updatePool,
    members: stack.world.members,
    granted,
    isGranted: async (memberId) =>
      (await stack.db.prisma.projectPermission.count({
        where: { projectId: stack.world.teamProjectId, userId: memberId, isActive: true },
      })) > 0,
  });
  const running = workload.run();
  let note: string | undefined;
  try {
    note = await options.inject(workload);
  } catch (error) {
    await running.catch(() => undefined);
    throw error;
  }
  const faultOver = Date.now();
  const result = await running;
  // The agent must be processing again (it may have been restarted by the case).
  if (!stack.agent.running)
    throw new ReliabilityError(
      'PROCESS_EXITED',
      `agent is not running after ${options.fault}:\n${stack.agent.process.tail()}`,
    );
  const checked = await checkUntilConverged(
    {
      db: stack.db,
      slurm: stack.slurm,
      workload: result,
      commandLogOffset: offset,
      members: stack.world.members,
      teamProjectId: stack.world.teamProjectId,
      updatePool: resources.updatePool,
      unitFactors: { cpu: 60_000, mem: 61_440 },
    },
    faultOver,
    options.convergeTimeoutMs ?? 300_000,
    { stableMs: 15_000 },
  );
  const row: SummaryRow = {
    fault: options.fault,
    events: checked.events,
    lost: checked.lost,
    duplicated: checked.duplicated,
    recoverySeconds: checked.converged ? checked.recoveryMs / 1000 : null,
    ...(note === undefined ? {} : { note }),
  };
  return { result: checked, workload: result, row };
}
