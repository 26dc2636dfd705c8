// Component usages: the agent's `report` mode posts usage per resource and billing month (upserted per
// resource, component and month) and per-user usage (replaced per component usage and username).
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type UserUsageInput, replaceUserUsages } from '../../domain/component-user-usages.js';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryDate, queryOne, queryUuid, type RawQuery } from '../query.js';
import { storableDateSchema, storableDateTimeSchema, usageAmountSchema } from '../input-limits.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  componentUsageInclude,
  serializeComponentUsage,
  type ComponentUsageWithRelations,
} from '../serializers/component-usage.js';
import { uuidFromReference } from '../serializers/urls.js';
import { parseBody } from '../validation.js';
import { componentUsageWhere, providerResourceWhere } from '../visibility.js';

const amountSchema = usageAmountSchema;

const setUsageSchema = z.looseObject({
  resource: z.string().min(1),
  usages: z
    .array(
      z.looseObject({
        type: z.string().min(1),
        amount: amountSchema,
        description: z.string().optional(),
        missing_usage_policy: z.string().optional(),
      }),
    )
    .min(1),
  plan_period: z.string().nullable().optional(),
  date: storableDateTimeSchema.or(storableDateSchema).optional(),
});

const userUsageSchema = z.looseObject({
  username: z.string().min(1),
  usage: amountSchema,
  user: z.string().nullable().optional(),
  date: z.string().optional(),
});
const userUsagesSchema = z.looseObject({ usages: z.array(userUsageSchema) });

/** First day (UTC) of the month of `date`. */
export function billingPeriodOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** Visibility plus the resource / offering / project / customer / type filters both usage lists share. */
export function componentUsageFilters(
  query: RawQuery,
  visible: Prisma.ComponentUsageWhereInput,
): Prisma.ComponentUsageWhereInput[] {
  const and: Prisma.ComponentUsageWhereInput[] = [visible];
  const resource = queryUuid(query, 'resource_uuid');
  if (resource !== undefined) and.push({ resourceId: resource });
  const offering = queryUuid(query, 'offering_uuid');
  if (offering !== undefined) and.push({ resource: { offeringId: offering } });
  const project = queryUuid(query, 'project_uuid');
  if (project !== undefined) and.push({ resource: { projectId: project } });
  const customer = queryUuid(query, 'customer_uuid');
  if (customer !== undefined) and.push({ resource: { project: { customerId: customer } } });
  const type = queryOne(query, 'type');
  if (type !== undefined) and.push({ type });
  return and;
}

type UserUsageBody = z.infer<typeof userUsageSchema>;

/** Body entry → stored input; a `user` that is not a user URL/UUID is a 400 naming the field. */
function userUsageInput(body: UserUsageBody): UserUsageInput {
  let userId: string | null = null;
  if (body.user !== undefined && body.user !== null && body.user !== '') {
    try {
      userId = toHex(uuidFromReference(body.user));
    } catch (cause) {
      throw new FieldValidationError({ user: ['Invalid hyperlink - Object does not exist.'] }, { cause });
    }
  }
  const date = body.date === undefined ? undefined : new Date(body.date);
  if (date !== undefined && Number.isNaN(date.getTime()))
    throw FieldValidationError.field('date', 'Datetime has wrong format.');
  return { username: body.username, usage: body.usage, userId, ...(date === undefined ? {} : { date }) };
}

export const componentUsageRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-component-usages';

  async function visibleUsage(request: FastifyRequest): Promise<ComponentUsageWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.componentUsage.findFirst({
        where: { id: uuidParam(request), ...componentUsageWhere(access) },
        include: componentUsageInclude,
      }),
    );
  }

  app.get(
    '/api/marketplace-component-usages/',
    { schema: doc(tag, 'List component usages') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and = componentUsageFilters(query, componentUsageWhere(access));
      const period = queryDate(query, 'billing_period');
      if (period !== undefined) and.push({ billingPeriod: period });
      const where: Prisma.ComponentUsageWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.componentUsage.count({ where }),
        fetch: (page) =>
          prisma.componentUsage.findMany({
            where,
            include: componentUsageInclude,
            orderBy: [{ billingPeriod: 'desc' }, { type: 'asc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: serializeComponentUsage,
      });
    },
  );

  app.get(
    '/api/marketplace-component-usages/:uuid/',
    { schema: doc(tag, 'Retrieve a component usage') },
    async (request) => sendOne(request, serializeComponentUsage(await visibleUsage(request))),
  );

  app.post(
    '/api/marketplace-component-usages/set_usage/',
    { schema: doc(tag, 'Report usage of a resource for a billing period', { body: setUsageSchema }) },
    async (request, reply) => {
      const { access } = authOf(request);
      const body = parseBody(setUsageSchema, request.body);
      let resourceId: string;
      try {
        resourceId = toHex(uuidFromReference(body.resource));
      } catch (cause) {
        throw new FieldValidationError({ resource: ['Must be a valid UUID.'] }, { cause });
      }
      const resource = await prisma.resource.findFirst({
        where: { id: resourceId, ...providerResourceWhere(access) },
        include: { offering: { include: { components: true } } },
      });
      if (resource === null) throw FieldValidationError.field('resource', 'Object does not exist.');
      allow(canManageOffering(access, resource.offering.customerId));
      const known = new Set(resource.offering.components.map((c) => c.type));
      const unknown = body.usages.map((u) => u.type).filter((t) => !known.has(t));
      if (unknown.length > 0)
        throw FieldValidationError.field('usages', `Component ${unknown.join(', ')} is not found.`);
      const date = body.date === undefined ? services.clock() : new Date(body.date);
      const billingPeriod = billingPeriodOf(date);
      await prisma.$transaction(async (tx) => {
        for (const usage of body.usages) {
          const existing = await tx.componentUsage.findFirst({
            where: { resourceId: resource.id, type: usage.type, billingPeriod },
          });
          const data = { amount: String(usage.amount), description: usage.description ?? '', date };
          if (existing === null) {
            await tx.componentUsage.create({
              data: {
                id: services.newId(),
                resourceId: resource.id,
                type: usage.type,
                billingPeriod,
                ...data,
              },
            });
          } else {
            await tx.componentUsage.update({ where: { id: existing.id }, data });
          }
        }
      });
      return reply.status(201).send();
    },
  );

  app.post(
    '/api/marketplace-component-usages/:uuid/set_user_usage/',
    { schema: doc(tag, "Report one user's share of a component usage", { body: userUsageSchema }) },
    async (request, reply) => {
      const usage = await visibleUsage(request);
      allow(canManageOffering(authOf(request).access, usage.resource.offering.customerId));
      const body = parseBody(userUsageSchema, request.body);
      await replaceUserUsages(services, usage.id, [userUsageInput(body)]);
      return reply.status(201).send();
    },
  );

  app.post(
    '/api/marketplace-component-usages/:uuid/set_user_usages/',
    { schema: doc(tag, 'Report per-user shares of a component usage', { body: userUsagesSchema }) },
    async (request, reply) => {
      const usage = await visibleUsage(request);
      allow(canManageOffering(authOf(request).access, usage.resource.offering.customerId));
      const body = parseBody(userUsagesSchema, request.body);
      await replaceUserUsages(services, usage.id, body.usages.map(userUsageInput));
      return reply.status(201).send();
    },
  );
  done();
};
