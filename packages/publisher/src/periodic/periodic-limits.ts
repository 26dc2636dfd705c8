// resource_periodic_limits producer (docs/protocol.md#resource_periodic_limits): Waldur's
// SlurmPeriodicUsagePolicy._send_settings_to_site_agent, one message per resource of the policy's offering with
// the settings computed for it. Sent when a policy is created or changed (always) and by the periodic sync (only
// when the content changed or the last one is older than the tracker's TTL: a new period always changes it).
// Written through the outbox in the caller's transaction, on both delivery paths (record-event.ts).
import type { Logger } from 'pino';
import type { Tx } from '../events/recipients.js';
import { recordEvent } from '../events/record-event.js';
import type { SlurmPeriodicUsagePolicy } from '../generated/prisma/client.js';
import {
  isPolicyPeriod,
  periodDateRange,
  periodKey,
  previousPeriodKey,
} from '../domain/slurm-policy-period.js';
import { calculateSlurmSettings, type PolicyConfig } from '../domain/slurm-policy-settings.js';
import { shouldSendMessage } from './message-state-tracker.js';
import type { PeriodicTaskDeps } from './pending-order-resend.js';

/** A policy's messages go out in one transaction: room for an offering with many resources. */
export const POLICY_TX = { timeout: 60_000, maxWait: 10_000 } as const;

/** Resources a policy leaves alone: gone, or never created on the backend (the agent could not apply). */
const SKIPPED_STATES = ['Terminating', 'Terminated'];

/** Python's naive `datetime.now().isoformat()` (UTC here): microseconds only when not zero. */
export function naiveIsoTimestamp(now: Date): string {
  const iso = now.toISOString().slice(0, -1);
  return iso.endsWith('.000') ? iso.slice(0, -4) : `${iso}000`;
}

function numberRecord(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
    ),
  );
}

export function policyConfig(p: SlurmPeriodicUsagePolicy): PolicyConfig {
  return {
    limitType: p.limitType,
    tresBillingEnabled: p.tresBillingEnabled,
    tresBillingWeights: numberRecord(p.tresBillingWeights),
    carryoverFactor: p.carryoverFactor,
    graceRatio: p.graceRatio,
    carryoverEnabled: p.carryoverEnabled,
    rawUsageReset: p.rawUsageReset,
  };
}

async function usageIn(tx: Tx, resourceId: string, period: string | null): Promise<Record<string, number>> {
  const range = period === null ? null : periodDateRange(period);
  if (range === null) return {};
  const rows = await tx.componentUsage.groupBy({
    by: ['type'],
    where: { resourceId, billingPeriod: { gte: range.start, lte: range.end } },
    _sum: { amount: true },
  });
  return Object.fromEntries(rows.map((r) => [r.type, Number(r._sum.amount ?? 0)]));
}

export interface SendSettingsOptions {
  /** Send even when the tracker saw the same content within its TTL (policy created or changed). */
  readonly force: boolean;
  readonly log?: Logger;
}

/** Returns the number of outbox rows written for the policy's resources. */
export async function sendPolicySettings(
  tx: Tx,
  policyId: string,
  now: Date,
  opts: SendSettingsOptions,
): Promise<number> {
  const policy = await tx.slurmPeriodicUsagePolicy.findUnique({ where: { id: policyId } });
  if (policy === null) return 0;
  const period = isPolicyPeriod(policy.period) ? policy.period : 2;
  const currentPeriod = periodKey(period, now);
  const previousPeriod = previousPeriodKey(currentPeriod);
  const resources = await tx.resource.findMany({
    where: {
      offeringId: policy.offeringId,
      state: { notIn: SKIPPED_STATES },
      AND: [{ backendId: { not: null } }, { backendId: { not: '' } }],
    },
    select: { id: true, backendId: true, projectId: true, limits: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  let rows = 0;
  for (const r of resources) {
    const synced = await tx.slurmPolicySyncedPeriod.findUnique({
      where: { policyId_resourceId: { policyId, resourceId: r.id } },
    });
    const settings = calculateSlurmSettings({
      config: policyConfig(policy),
      limits: numberRecord(r.limits),
      currentPeriod,
      previousPeriod,
      previousUsage: await usageIn(tx, r.id, previousPeriod),
      lastSyncedPeriod: synced?.period ?? null,
    });
    const payload = {
      resource_uuid: r.id,
      backend_id: r.backendId ?? '',
      offering_uuid: policy.offeringId,
      policy_uuid: policy.id,
      action: 'apply_periodic_settings',
      settings,
      timestamp: naiveIsoTimestamp(now),
    };
    const changed = await shouldSendMessage(
      tx,
      { objectType: 'resource_periodic_limits', objectId: r.id },
      payload,
      now,
    );
    if (!changed && !opts.force) continue;
    const written = await recordEvent(
      tx,
      {
        offeringId: policy.offeringId,
        objectType: 'resource_periodic_limits',
        payload,
        consumerProjectIds: [r.projectId],
      },
      opts.log,
    );
    if (written === 0) {
      opts.log?.warn(
        { resource: r.id, policy: policy.id },
        'No STOMP messages prepared: no agent registered a queue for object_type=resource_periodic_limits',
      );
      continue;
    }
    rows += written;
    await tx.slurmPolicySyncedPeriod.upsert({
      where: { policyId_resourceId: { policyId, resourceId: r.id } },
      create: { policyId, resourceId: r.id, period: currentPeriod, modified: now },
      update: { period: currentPeriod, modified: now },
    });
  }
  return rows;
}

/** The periodic sync: every policy's settings, each policy in a transaction of its own. */
export async function syncPeriodicLimits(deps: PeriodicTaskDeps): Promise<number> {
  const now = deps.clock();
  const policies = await deps.prisma.slurmPeriodicUsagePolicy.findMany({
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  let rows = 0;
  for (const { id } of policies) {
    rows += await deps.prisma.$transaction(
      (tx) => sendPolicySettings(tx, id, now, { force: false, ...(deps.log ? { log: deps.log } : {}) }),
      POLICY_TX,
    );
  }
  deps.log?.info({ policies: policies.length, messages: rows }, 'periodic limits sync done');
  return rows;
}
