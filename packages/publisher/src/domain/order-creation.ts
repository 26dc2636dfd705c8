// Creating an order (Create, Update, Terminate, Restore) the way Waldur validates it (marketplace/serializers.py):
// the offering must be active, the plan available, the limits name known components and the target resource must
// be in a state the order type allows. A Create order makes its resource (state Creating) and the project's
// offering users in the same transaction as the order and its outbox event.
import { toHex, type OrderType } from '@waldur-sim/protocol';
import type { EventRecorder } from '../events/event-recorder.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { FieldValidationError, IncorrectStateError, PermissionDeniedError } from '../http/errors.js';
import { slugFor } from '../http/serializers/format.js';
import { uuidFromReference } from '../http/serializers/urls.js';
import { canOrderInProject, canSeeProject, type AccessContext } from './permissions.js';
import { ensureOfferingUsers } from './offering-user-provisioning.js';

export interface OrderCreationDeps {
  readonly prisma: PrismaClient;
  readonly events: EventRecorder;
  readonly clock: () => Date;
  readonly newId: () => string;
}

export interface OrderRequest {
  readonly offering: string;
  readonly project: string;
  readonly plan?: string | null | undefined;
  readonly resource?: string | undefined;
  readonly type?: OrderType | undefined;
  readonly limits?: Record<string, number> | undefined;
  readonly attributes?: Record<string, unknown> | undefined;
}

const INVALID_HYPERLINK = 'Invalid hyperlink - Object does not exist.';

const VALID_RESOURCE_STATES: Record<Exclude<OrderType, 'Create'>, readonly string[]> = {
  Update: ['OK'],
  Terminate: ['OK', 'Erred'],
  Restore: ['Terminated', 'Erred'],
};

function referenceId(field: string, value: string): string {
  try {
    return toHex(uuidFromReference(value));
  } catch (cause) {
    throw new FieldValidationError({ [field]: [INVALID_HYPERLINK] }, { cause });
  }
}

/** Validates the request and creates the order (and a Create order's resource); returns the order id. */
export async function createOrder(
  deps: OrderCreationDeps,
  caller: { readonly access: AccessContext; readonly userId: string },
  body: OrderRequest,
): Promise<string> {
  const { prisma } = deps;
  const type: OrderType = body.type ?? 'Create';
  const offering = await prisma.offering.findUnique({
    where: { id: referenceId('offering', body.offering) },
    include: { components: true, plans: true },
  });
  if (offering === null) throw FieldValidationError.field('offering', INVALID_HYPERLINK);
  const project = await prisma.project.findUnique({ where: { id: referenceId('project', body.project) } });
  if (project === null || !canSeeProject(caller.access, project)) {
    throw FieldValidationError.field('project', INVALID_HYPERLINK);
  }
  if (!canOrderInProject(caller.access, project)) throw new PermissionDeniedError();
  if (offering.state !== 'Active') throw FieldValidationError.field('offering', 'Offering is not available.');

  let planId: string | null = null;
  if (body.plan !== undefined && body.plan !== null) {
    const id = referenceId('plan', body.plan);
    const plan = offering.plans.find((p) => p.id === id);
    if (plan === undefined)
      throw FieldValidationError.field('plan', 'This plan is not available for selected offering.');
    if (plan.archived) throw FieldValidationError.field('plan', 'Plan is archived.');
    planId = plan.id;
  }
  const limits = body.limits ?? {};
  const known = new Set(offering.components.map((c) => c.type));
  const unknown = Object.keys(limits).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw FieldValidationError.field('limits', `Invalid components: ${unknown.join(', ')}.`);
  }
  const attributes = body.attributes ?? {};

  let resourceId: string | null = null;
  if (type !== 'Create') {
    if (body.resource === undefined) throw FieldValidationError.field('resource', 'This field is required.');
    const resource = await prisma.resource.findUnique({
      where: { id: referenceId('resource', body.resource) },
    });
    if (resource?.offeringId !== offering.id || resource.projectId !== project.id) {
      throw FieldValidationError.field('resource', INVALID_HYPERLINK);
    }
    const valid = VALID_RESOURCE_STATES[type];
    if (!valid.includes(resource.state))
      throw new IncorrectStateError(`Valid states for operation: ${valid.join(', ')}.`);
    resourceId = resource.id;
    planId ??= resource.planId;
  }

  const now = deps.clock();
  const orderId = deps.newId();
  await prisma.$transaction(async (tx) => {
    if (type === 'Create') {
      resourceId = deps.newId();
      const name =
        typeof attributes.name === 'string' && attributes.name !== ''
          ? attributes.name
          : `resource-${resourceId.slice(0, 6)}`;
      await tx.resource.create({
        data: {
          id: resourceId,
          name,
          slug: slugFor(name, resourceId),
          offeringId: offering.id,
          projectId: project.id,
          planId,
          state: 'Creating',
          limits,
          attributes: attributes as Prisma.InputJsonObject,
          createdAt: now,
          modified: now,
        },
      });
    }
    await tx.order.create({
      data: {
        id: orderId,
        type,
        state: 'pending-consumer',
        offeringId: offering.id,
        projectId: project.id,
        resourceId,
        planId,
        limits: type === 'Terminate' ? {} : limits,
        attributes: attributes as Prisma.InputJsonObject,
        createdById: caller.userId,
        createdAt: now,
        modified: now,
      },
    });
    if (type === 'Create')
      await ensureOfferingUsers(tx, deps, { projectId: project.id, offeringId: offering.id });
    await deps.events.orderStateChanged(tx, orderId);
  });
  return orderId;
}
