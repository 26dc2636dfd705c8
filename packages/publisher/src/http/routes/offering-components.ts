// create_offering_component / update_offering_component on a provider offering: the agent's
// `waldur_site_load_components` CLI loads its backend's components into Waldur. Stored on OfferingComponent; the
// billing fields the emulator does not model (prepaid durations, min/max) are validated and not kept.
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import { FieldValidationError } from '../errors.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { pathUuid } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { serializeComponent } from '../serializers/offering.js';
import { parseBody } from '../validation.js';
import { offeringWhere } from '../visibility.js';

const optionalInt = z.int().nullable().optional();
const componentSchema = z.looseObject({
  billing_type: z.enum(['few', 'fixed', 'limit', 'one', 'usage']),
  type: z.string().min(1).max(50),
  name: z.string().min(1).max(150),
  description: z.string().optional(),
  measured_unit: z.string().max(30).optional(),
  unit_factor: z.int().optional(),
  limit_period: z.enum(['annual', 'month', 'quarterly', 'total']).nullable().optional(),
  limit_amount: optionalInt,
  article_code: z.string().optional(),
  max_value: optionalInt,
  min_value: optionalInt,
  max_available_limit: optionalInt,
  is_boolean: z.boolean().optional(),
  default_limit: optionalInt,
  is_prepaid: z.boolean().optional(),
});
const updateSchema = componentSchema.extend({ uuid: z.string().min(1) });
type ComponentBody = z.output<typeof componentSchema>;

function columns(body: ComponentBody) {
  return {
    type: body.type,
    name: body.name,
    billingType: body.billing_type,
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.measured_unit === undefined ? {} : { measuredUnit: body.measured_unit }),
    ...(body.unit_factor === undefined ? {} : { unitFactor: body.unit_factor }),
    ...(body.limit_amount === undefined ? {} : { limitAmount: body.limit_amount }),
    ...(body.article_code === undefined ? {} : { articleCode: body.article_code }),
  };
}

export const offeringComponentRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-provider-offerings';

  async function managedOffering(request: FastifyRequest) {
    const { access } = authOf(request);
    const offering = found(
      await prisma.offering.findFirst({ where: { id: uuidParam(request), ...offeringWhere(access) } }),
    );
    allow(canManageOffering(access, offering.customerId));
    return offering;
  }

  async function typeTaken(offeringId: string, type: string, exceptId?: string): Promise<boolean> {
    const other = await prisma.offeringComponent.findUnique({
      where: { offeringId_type: { offeringId, type } },
    });
    return other !== null && other.id !== exceptId;
  }

  app.post(
    '/api/marketplace-provider-offerings/:uuid/create_offering_component/',
    { schema: doc(tag, 'Add a component to the offering', { body: componentSchema }) },
    async (request, reply) => {
      const offering = await managedOffering(request);
      const body = parseBody(componentSchema, request.body);
      if (await typeTaken(offering.id, body.type)) {
        throw FieldValidationError.field('type', 'Component with this type already exists in the offering.');
      }
      const component = await prisma.offeringComponent.create({
        data: { id: services.newId(), offeringId: offering.id, ...columns(body) },
      });
      return reply.status(201).send(serializeComponent(component));
    },
  );

  app.post(
    '/api/marketplace-provider-offerings/:uuid/update_offering_component/',
    { schema: doc(tag, 'Update a component of the offering', { body: updateSchema }) },
    async (request) => {
      const offering = await managedOffering(request);
      const body = parseBody(updateSchema, request.body);
      const component = found(
        await prisma.offeringComponent.findFirst({
          where: { id: pathUuid(body.uuid), offeringId: offering.id },
        }),
      );
      if (await typeTaken(offering.id, body.type, component.id)) {
        throw FieldValidationError.field('type', 'Component with this type already exists in the offering.');
      }
      const updated = await prisma.offeringComponent.update({
        where: { id: component.id },
        data: columns(body),
      });
      return serializeComponent(updated);
    },
  );
  done();
};
