// SlurmPeriodicUsagePolicy as Waldur's policy serializer renders it (contract model SlurmPeriodicUsagePolicy,
// docs/protocol.md#resource_periodic_limits), and the command results agents reported for it.
import { POLICY_PERIODS, isPolicyPeriod } from '../../domain/slurm-policy-period.js';
import type {
  Offering,
  SlurmCommandResult,
  SlurmPeriodicUsagePolicy,
  User,
} from '../../generated/prisma/client.js';
import { isoDateTime, jsonArray, jsonObject } from './format.js';
import type { Urls } from './urls.js';

export type PolicyRow = SlurmPeriodicUsagePolicy & { offering: Offering };

export function policyUrl(urls: Urls, id: string): string {
  return `${urls.base}/api/marketplace-slurm-periodic-usage-policies/${id}/`;
}

export function serializePolicy(
  urls: Urls,
  row: PolicyRow,
  extra: { readonly creator: User | null; readonly affectedResources: number },
): Record<string, unknown> {
  return {
    uuid: row.id,
    url: policyUrl(urls, row.id),
    scope: urls.offering(row.offeringId),
    scope_name: row.offering.name,
    scope_uuid: row.offeringId,
    actions: row.actions,
    created: isoDateTime(row.createdAt),
    created_by_full_name:
      extra.creator === null ? '' : `${extra.creator.firstName} ${extra.creator.lastName}`.trim(),
    created_by_username: extra.creator?.username ?? '',
    has_fired: row.hasFired,
    // Waldur's column is nullable but the contract's client parses it as a required date-time: a policy that
    // never fired reports its creation time.
    fired_datetime: isoDateTime(row.firedDatetime ?? row.createdAt),
    affected_resources_count: extra.affectedResources,
    component_limits_set: jsonArray(row.componentLimits),
    period: row.period,
    period_name: isPolicyPeriod(row.period) ? POLICY_PERIODS[row.period] : '',
    warnings: [],
    options: jsonObject(row.options),
    organization_groups: [],
    apply_to_all: row.applyToAll,
    limit_type: row.limitType,
    tres_billing_enabled: row.tresBillingEnabled,
    tres_billing_weights: jsonObject(row.tresBillingWeights),
    carryover_factor: row.carryoverFactor,
    grace_ratio: row.graceRatio,
    carryover_enabled: row.carryoverEnabled,
    raw_usage_reset: row.rawUsageReset,
    qos_strategy: row.qosStrategy,
  };
}

export function serializeCommandResult(row: SlurmCommandResult): Record<string, unknown> {
  return {
    uuid: row.id,
    policy_uuid: row.policyId,
    resource_uuid: row.resourceId,
    success: row.success,
    error_message: row.errorMessage,
    mode: row.mode,
    commands_executed: jsonArray(row.commandsExecuted),
    created: isoDateTime(row.createdAt),
  };
}
