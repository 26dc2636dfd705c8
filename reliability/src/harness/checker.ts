// The Jepsen-style checker of one fault case, over Waldur's database and slurm-mock's state and command log.
//   lost       = confirmed by the publisher (2xx) but never applied: a Create/Update/Terminate order that did
//                not end `done` with its effect in SLURM, or a role grant/revoke whose association is missing /
//                still there once the stream is over.
//   duplicated = an effect applied twice: two SLURM allocation accounts for one Create order, or a write the
//                mock answered with "already there" (" Data has not changed …" for an add, " Nothing deleted"
//                for a remove), i.e. the agent re-ran an effect it had already applied.
// The checker waits until nothing is lost or the deadline passes; the wait is the recovery time.
import type { OpenedDatabase } from '@waldur-sim/publisher';
import type { MockState } from '@waldur-sim/slurm-mock';
import type { SlurmCluster } from './slurm-cluster.js';
import type { LoggedCommand } from './slurm-shim.js';
import type { WorkloadResult } from './workload.js';
import type { Member } from './world.js';

export interface CheckInput {
  readonly db: OpenedDatabase;
  readonly slurm: SlurmCluster;
  readonly workload: WorkloadResult;
  /** Command-log entries before the case started (they belong to earlier cases). */
  readonly commandLogOffset: number;
  readonly members: readonly Member[];
  readonly teamProjectId: string;
  /** Resources the Update lanes changed. */
  readonly updatePool: readonly string[];
  /** Waldur limit -> SLURM GrpTRESMins factor per component (offering unit_factor). */
  readonly unitFactors: Readonly<Record<string, number>>;
}

export interface CheckResult {
  readonly events: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Confirmed orders not in a terminal state yet (still moving: a wait may help). */
  readonly pending: number;
  /** One line per lost or duplicated effect (first 20 kept in failure messages). */
  readonly details: readonly string[];
}

const DONE = 'done';
const TERMINAL = new Set(['done', 'erred', 'canceled', 'rejected']);

/** Account association (user '') of `account` on the local cluster. */
function accountAssoc(state: MockState, account: string): MockState['associations'][number] | undefined {
  return state.associations.find(
    (a) => a.account === account && a.user === '' && a.cluster === state.localCluster,
  );
}

function usersOf(state: MockState, account: string): Set<string> {
  return new Set(state.associations.filter((a) => a.account === account && a.user !== '').map((a) => a.user));
}

function grpTresMinsByName(state: MockState, account: string): Record<string, number> {
  const assoc = accountAssoc(state, account);
  if (assoc === undefined) return {};
  const names = new Map(
    state.tres.map((t) => [String(t.id), t.name === '' ? t.type : `${t.type}/${t.name}`]),
  );
  return Object.fromEntries(Object.entries(assoc.grpTresMins).map(([id, v]) => [names.get(id) ?? id, v]));
}

/** Writes answered with "already there": the effect was applied before. */
export function repeatedWrites(commands: readonly LoggedCommand[]): LoggedCommand[] {
  return commands.filter((c) => {
    if (c.tool !== 'sacctmgr') return false;
    const verb = c.argv.find((a) => ['add', 'create', 'remove', 'delete'].includes(a.toLowerCase()));
    if (verb === undefined) return false;
    if (
      (verb === 'add' || verb === 'create') &&
      c.exitCode === 0 &&
      c.stdout.startsWith(' Data has not changed')
    )
      return true;
    return (verb === 'remove' || verb === 'delete') && c.stdout.startsWith(' Nothing deleted');
  });
}

export async function checkOnce(input: CheckInput): Promise<CheckResult> {
  const { prisma } = input.db;
  const state = input.slurm.state();
  const details: string[] = [];
  let lost = 0;
  let duplicated = 0;

  const confirmed = input.workload.orders.filter((o) => o.confirmed);
  const rows = await prisma.order.findMany({
    where: { id: { in: confirmed.map((o) => o.uuid) } },
    include: { resource: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const accounts = new Set(state.accounts.map((a) => a.name));
  const pending = confirmed.filter((o) => !TERMINAL.has(byId.get(o.uuid)?.state ?? '')).length;

  for (const o of confirmed) {
    const row = byId.get(o.uuid);
    if (row?.state !== DONE) {
      lost += 1;
      details.push(
        `lost: ${o.kind} order ${o.uuid} is ${row?.state ?? 'missing'}${row?.errorMessage ? ` (${row.errorMessage.slice(0, 160)})` : ''}`,
      );
      continue;
    }
    const backendId = row.resource?.backendId ?? '';
    // A Create whose resource a later Terminate of the stream removed is checked by that Terminate.
    const terminated = row.resource?.state === 'Terminated';
    if (o.kind === 'Create' && !terminated && (backendId === '' || !accounts.has(backendId))) {
      lost += 1;
      details.push(`lost: Create order ${o.uuid} is done but allocation "${backendId}" is not in SLURM`);
    }
    if (o.kind === 'Terminate' && backendId !== '' && accounts.has(backendId)) {
      lost += 1;
      details.push(`lost: Terminate order ${o.uuid} is done but allocation "${backendId}" is still in SLURM`);
    }
  }

  // Updates: the last done Update of each pool resource is what SLURM must hold.
  for (const resourceId of input.updatePool) {
    const updates = confirmed.filter(
      (o) => o.kind === 'Update' && o.resourceUuid === resourceId && byId.get(o.uuid)?.state === DONE,
    );
    const last = updates
      .sort(
        (a, b) =>
          (byId.get(a.uuid)?.completedAt?.getTime() ?? 0) - (byId.get(b.uuid)?.completedAt?.getTime() ?? 0),
      )
      .at(-1);
    if (last === undefined) continue;
    const backendId = byId.get(last.uuid)?.resource?.backendId ?? '';
    const actual = grpTresMinsByName(state, backendId);
    for (const [component, value] of Object.entries(last.limits)) {
      const want = value * (input.unitFactors[component] ?? 1);
      if (actual[component] !== want) {
        lost += 1;
        details.push(
          `lost: Update ${last.uuid} of ${backendId}: SLURM ${component}=${actual[component] ?? 'unset'}, expected ${want}`,
        );
      }
    }
  }

  // Roles: every member's final grant on the team project, on every live allocation of that project.
  const team = await prisma.resource.findMany({
    where: { projectId: input.teamProjectId, state: 'OK', backendId: { not: null } },
  });
  const grants = await prisma.projectPermission.findMany({
    where: { projectId: input.teamProjectId, isActive: true },
  });
  const grantedUsers = new Set(grants.map((g) => g.userId));
  for (const resource of team) {
    const present = usersOf(state, resource.backendId ?? '');
    for (const m of input.members) {
      const want = grantedUsers.has(m.id);
      if (want !== present.has(m.offeringUsername)) {
        lost += 1;
        details.push(
          `lost: ${m.offeringUsername} ${want ? 'granted but missing from' : 'revoked but still in'} ${resource.backendId ?? ''}`,
        );
      }
    }
  }

  // Duplicates: two allocations for one Create (same description), repeated writes in this case's commands.
  const names = new Map<string, number>();
  for (const o of input.workload.orders) if (o.kind === 'Create') names.set(o.name.toLowerCase(), 0);
  for (const a of state.accounts) {
    const count = names.get(a.description);
    if (count !== undefined) names.set(a.description, count + 1);
  }
  for (const [name, count] of names) {
    if (count > 1) {
      duplicated += count - 1;
      details.push(`duplicated: ${count} SLURM allocations for the Create named "${name}"`);
    }
  }
  const commands = (await input.slurm.commands()).slice(input.commandLogOffset);
  for (const c of repeatedWrites(commands)) {
    duplicated += 1;
    details.push(
      `duplicated: ${c.argv.filter((a) => !a.startsWith('--')).join(' ')} -> ${c.stdout.trim().slice(0, 60)}`,
    );
  }

  const events = confirmed.length + input.workload.roles.length;
  return { events, lost, duplicated, pending, details };
}

export interface ConvergedResult extends CheckResult {
  /** ms from `since` until nothing was lost (or until the deadline). */
  readonly recoveryMs: number;
  readonly converged: boolean;
}

/**
 * Re-checks until lost = 0 (then once more after `settleMs`, to catch late duplicates) or `timeoutMs`. Gives up
 * early when every confirmed order is terminal and the lost count has not moved for `stableMs`: nothing is in
 * flight that could still repair it.
 */
export async function checkUntilConverged(
  input: CheckInput,
  since: number,
  timeoutMs: number,
  options: { settleMs?: number; stableMs?: number } = {},
): Promise<ConvergedResult> {
  const settleMs = options.settleMs ?? 3000;
  const stableMs = options.stableMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let result = await checkOnce(input);
  let lastChange = Date.now();
  while (result.lost > 0 && Date.now() < deadline) {
    if (result.pending === 0 && Date.now() - lastChange >= stableMs) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const next = await checkOnce(input);
    if (next.lost !== result.lost || next.pending !== result.pending) lastChange = Date.now();
    result = next;
  }
  const converged = result.lost === 0;
  const recoveryMs = Date.now() - since;
  if (converged) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    result = await checkOnce(input);
  }
  return { ...result, recoveryMs, converged };
}
