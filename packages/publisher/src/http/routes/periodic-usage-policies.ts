// /api/marketplace-slurm-periodic-usage-policies/ (docs/protocol.md#resource_periodic_limits): Waldur's SLURM
// periodic usage policies, one per offering. Staff and the offering's owners/managers create and change them;
// every save sends the policy's settings to the agents (resource_periodic_limits, same transaction), and agents
// report how applying them went through report-command-result, which is stored and listed in command-results/.
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  canManageOffering,
  customersWithRole,
  isGlobalReader,
  type AccessContext,
} from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { POLICY_TX, sendPolicySettings } from '../../periodic/periodic-limits.js';
import { FieldValidationError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { missingReference, referenceUuid } from '../reference.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  serializeCommandResult,
  serializePolicy,
  type PolicyRow,
} from '../serializers/slurm-periodic-usage-policy.js';
import { parseBody } from '../validation.js';
import { offeringWhere, providerResourceWhere } from '../visibility.js';

const tag = 'marketplace-slurm-periodic-usage-policies';
const BASE = '/api/marketplace-slurm-periodic-usage-policies';

const reportSchema = z.looseObject({
  resource_uuid: z.string().min(1),
  success: z.boolean(),
  error_message: z.string().optional(),
  mode: z.enum(['emulator', 'production']).optional(),
  commands_executed: z.array(z.string()).optional(),
});

const policyFields = {
  actions: z.string().max(255),
  component_limits_set: z.array(z.looseObject({ type: z.string().min(1), limit: z.number().int() })).max(64),
  period: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  limit_type: z.enum(['GrpTRESMins', 'MaxTRESMins', 'GrpTRES']),
  tres_billing_enabled: z.boolean(),
  tres_billing_weights: z.record(z.string().max(64), z.number()),
  carryover_factor: z.number().int().min(0).max(100),
  grace_ratio: z.number().min(0),
  carryover_enabled: z.boolean(),
  raw_usage_reset: z.boolean(),
  qos_strategy: z.enum(['threshold', 'progressive']),
  apply_to_all: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  organization_groups: z.array(z.string()).max(0, 'Organization groups are not kept by the emulator.'),
};
const updateSchema = z.looseObject(policyFields).partial();
const createSchema = updateSchema.extend({ scope: z.string().min(1) });

type PolicyInput = z.output<typeof updateSchema>;

function policyData(body: PolicyInput) {
  return {
    ...(body.actions === undefined ? {} : { actions: body.actions }),
    ...(body.component_limits_set === undefined
      ? {}
      : { componentLimits: body.component_limits_set.map((c) => ({ type: c.type, limit: c.limit })) }),
    ...(body.period === undefined ? {} : { period: body.period }),
    ...(body.limit_type === undefined ? {} : { limitType: body.limit_type }),
    ...(body.tres_billing_enabled === undefined ? {} : { tresBillingEnabled: body.tres_billing_enabled }),
    ...(body.tres_billing_weights === undefined ? {} : { tresBillingWeights: body.tres_billing_weights }),
    ...(body.carryover_factor === undefined ? {} : { carryoverFactor: body.carryover_factor }),
    ...(body.grace_ratio === undefined ? {} : { graceRatio: body.grace_ratio }),
    ...(body.carryover_enabled === undefined ? {} : { carryoverEnabled: body.carryover_enabled }),
    ...(body.raw_usage_reset === undefined ? {} : { rawUsageReset: body.raw_usage_reset }),
    ...(body.qos_strategy === undefined ? {} : { qosStrategy: body.qos_strategy }),
    ...(body.apply_to_all === undefined ? {} : { applyToAll: body.apply_to_all }),
    ...(body.options === undefined ? {} : { options: body.options as Prisma.InputJsonObject }),
  };
}

function policyWhere(access: AccessContext): Prisma.SlurmPeriodicUsagePolicyWhereInput {
  return isGlobalReader(access) ? {} : { offering: { customerId: { in: customersWithRole(access) } } };
}

export const periodicUsagePolicyRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { services, urls },
  done,
) => {
  const { prisma } = services;

  async function serialize(row: PolicyRow) {
    const [creator, affectedResources] = await Promise.all([
      row.createdById === null ? null : prisma.user.findUnique({ where: { id: row.createdById } }),
      prisma.resource.count({
        where: { offeringId: row.offeringId, state: { notIn: ['Terminating', 'Terminated'] } },
      }),
    ]);
    return serializePolicy(urls, row, { creator, affectedResources });
  }

  async function visiblePolicy(request: FastifyRequest): Promise<PolicyRow> {
    const { access } = authOf(request);
    return found(
      await prisma.slurmPeriodicUsagePolicy.findFirst({
        where: { id: uuidParam(request), ...policyWhere(access) },
        include: { offering: true },
      }),
    );
  }

  /** Component types named in component_limits_set must be the offering's. */
  async function checkComponents(offeringId: string, body: PolicyInput): Promise<void> {
    if (body.component_limits_set === undefined) return;
    const types = new Set(
      (await prisma.offeringComponent.findMany({ where: { offeringId }, select: { type: true } })).map(
        (c) => c.type,
      ),
    );
    const unknown = body.component_limits_set.filter((c) => !types.has(c.type));
    if (unknown.length > 0)
      throw FieldValidationError.field(
        'component_limits_set',
        'The selected component does not match the offering.',
      );
  }

  /** Saves a policy and sends its settings in the same transaction (the outbox pattern of every event). */
  async function save(write: (tx: Prisma.TransactionClient) => Promise<{ id: string }>): Promise<PolicyRow> {
    const now = services.clock();
    const id = await prisma.$transaction(async (tx) => {
      const { id: policyId } = await write(tx);
      await sendPolicySettings(tx, policyId, now, { force: true, log: services.log });
      return policyId;
    }, POLICY_TX);
    return prisma.slurmPeriodicUsagePolicy.findUniqueOrThrow({ where: { id }, include: { offering: true } });
  }

  app.get(`${BASE}/`, { schema: doc(tag, 'SLURM periodic usage policies') }, async (request, reply) => {
    const { access } = authOf(request);
    const query = request.query as RawQuery;
    const and: Prisma.SlurmPeriodicUsagePolicyWhereInput[] = [policyWhere(access)];
    const scopeUuid = queryUuid(query, 'scope_uuid');
    if (scopeUuid !== undefined) and.push({ offeringId: scopeUuid });
    const scope = typeof query.scope === 'string' && query.scope !== '' ? query.scope : undefined;
    if (scope !== undefined) and.push({ offeringId: referenceUuid('scope', scope) });
    const where: Prisma.SlurmPeriodicUsagePolicyWhereInput = { AND: and };
    return sendList(request, reply, urls.base, {
      count: () => prisma.slurmPeriodicUsagePolicy.count({ where }),
      fetch: async (page) =>
        Promise.all(
          (
            await prisma.slurmPeriodicUsagePolicy.findMany({
              where,
              include: { offering: true },
              orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
              ...page,
            })
          ).map(serialize),
        ),
      serialize: (item) => item,
    });
  });

  app.get(`${BASE}/:uuid/`, { schema: doc(tag, 'One SLURM periodic usage policy') }, async (request) =>
    sendOne(request, await serialize(await visiblePolicy(request))),
  );

  app.post(
    `${BASE}/`,
    { schema: doc(tag, 'Create a policy for an offering (sends its settings)', { body: createSchema }) },
    async (request, reply) => {
      const { access, user } = authOf(request);
      const body = parseBody(createSchema, request.body);
      const offering = await prisma.offering.findFirst({
        where: { id: referenceUuid('scope', body.scope), ...offeringWhere(access) },
      });
      if (offering === null) throw missingReference('scope', body.scope);
      allow(canManageOffering(access, offering.customerId));
      await checkComponents(offering.id, body);
      const exists = () =>
        new FieldValidationError({
          non_field_errors: ['A SLURM Periodic Usage Policy already exists for this offering.'],
        });
      if ((await prisma.slurmPeriodicUsagePolicy.count({ where: { offeringId: offering.id } })) > 0)
        throw exists();
      const now = services.clock();
      // A concurrent create for the same offering loses on the unique offering id: the same 400.
      const uniqueViolation = (err: unknown): never => {
        throw (err as { code?: unknown }).code === 'P2002' ? exists() : err;
      };
      const row = await save((tx) =>
        tx.slurmPeriodicUsagePolicy.create({
          data: {
            id: services.newId(),
            offeringId: offering.id,
            createdById: user.id,
            createdAt: now,
            modified: now,
            ...policyData(body),
          },
          select: { id: true },
        }),
      ).catch(uniqueViolation);
      return reply.status(201).send(await serialize(row));
    },
  );

  const update = async (request: FastifyRequest) => {
    const { access } = authOf(request);
    const policy = await visiblePolicy(request);
    allow(canManageOffering(access, policy.offering.customerId));
    const body = parseBody(updateSchema, request.body);
    await checkComponents(policy.offeringId, body);
    const row = await save((tx) =>
      tx.slurmPeriodicUsagePolicy.update({
        where: { id: policy.id },
        data: { ...policyData(body), modified: services.clock() },
        select: { id: true },
      }),
    );
    return serialize(row);
  };
  app.patch(
    `${BASE}/:uuid/`,
    { schema: doc(tag, 'Change a policy (sends its settings)', { body: updateSchema }) },
    update,
  );
  app.put(
    `${BASE}/:uuid/`,
    { schema: doc(tag, 'Change a policy (sends its settings)', { body: updateSchema }) },
    update,
  );

  app.delete(`${BASE}/:uuid/`, { schema: doc(tag, 'Delete a policy') }, async (request, reply) => {
    const { access } = authOf(request);
    const policy = await visiblePolicy(request);
    allow(canManageOffering(access, policy.offering.customerId));
    await prisma.slurmPeriodicUsagePolicy.delete({ where: { id: policy.id } });
    return reply.status(204).send();
  });

  app.post(
    `${BASE}/:uuid/report-command-result/`,
    { schema: doc(tag, 'Record the result of applying periodic limits', { body: reportSchema }) },
    async (request) => {
      const { access } = authOf(request);
      const policy = await visiblePolicy(request);
      const body = parseBody(reportSchema, request.body);
      let resourceId: string;
      try {
        resourceId = toHex(body.resource_uuid);
      } catch (cause) {
        throw new FieldValidationError({ resource_uuid: ['Must be a valid UUID.'] }, { cause });
      }
      const resource = await prisma.resource.findFirst({
        where: { id: resourceId, offeringId: policy.offeringId, ...providerResourceWhere(access) },
      });
      if (resource === null) throw FieldValidationError.field('resource_uuid', 'Resource not found.');
      allow(canManageOffering(access, policy.offering.customerId));
      await prisma.slurmCommandResult.create({
        data: {
          id: services.newId(),
          policyId: policy.id,
          resourceId: resource.id,
          success: body.success,
          errorMessage: body.error_message ?? '',
          mode: body.mode ?? 'production',
          commandsExecuted: body.commands_executed ?? [],
          createdAt: services.clock(),
        },
      });
      request.log.info(
        { policy: policy.id, resource: resource.id, success: body.success, error: body.error_message },
        'periodic limits command result',
      );
      return { detail: 'Command result has been recorded.' };
    },
  );

  // Not in Waldur's contract: the stored reports, newest first, so tests and the demo can read them back.
  app.get(
    `${BASE}/:uuid/command-results/`,
    { schema: doc(tag, 'Command results reported for a policy (emulator extension)') },
    async (request, reply) => {
      const policy = await visiblePolicy(request);
      const query = request.query as RawQuery;
      const resource = queryUuid(query, 'resource_uuid');
      const where: Prisma.SlurmCommandResultWhereInput = {
        policyId: policy.id,
        ...(resource === undefined ? {} : { resourceId: resource }),
      };
      return sendList(request, reply, urls.base, {
        count: () => prisma.slurmCommandResult.count({ where }),
        fetch: (page) =>
          prisma.slurmCommandResult.findMany({
            where,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: serializeCommandResult,
      });
    },
  );
  done();
};
