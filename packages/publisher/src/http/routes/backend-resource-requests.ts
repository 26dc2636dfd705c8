// /api/backend-resource-requests/: Waldur asks the site agents of an offering to report the resources of their
// backend (an `importable_resources` event naming the request); the agent moves the request through
// Sent -> Processing -> Done, or Erred with the error, and reports what it found to /api/backend-resources/.
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import type { BackendResourceRequest, Offering, Prisma } from '../../generated/prisma/client.js';
import { ConflictError } from '../errors.js';
import { sendList } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { listWhere, offeringUuid, stateIn } from '../list-filters.js';
import { authOf } from '../plugins/auth.js';
import { type RawQuery } from '../query.js';
import { missingReference, referenceUuid } from '../reference.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { isoDateTime, isoDateTimeOrNull } from '../serializers/format.js';
import type { Urls } from '../serializers/urls.js';
import { parseBody } from '../validation.js';
import { offeringWhere } from '../visibility.js';

const createSchema = z.looseObject({ offering: z.string().min(1) });
const erredSchema = z.looseObject({
  error_message: z.string().optional(),
  error_traceback: z.string().optional(),
});

/** Source states of each agent action (Waldur's BackendResourceRequest FSM). */
const TRANSITIONS = {
  start_processing: { from: ['Sent'], to: 'Processing' },
  set_done: { from: ['Processing'], to: 'Done' },
  set_erred: { from: ['Sent', 'Processing'], to: 'Erred' },
} as const;
type Action = keyof typeof TRANSITIONS;

type Row = BackendResourceRequest & { offering: Offering };

function serialize(row: Row, urls: Urls) {
  return {
    url: `${urls.base}/api/backend-resource-requests/${row.id}/`,
    uuid: row.id,
    created: isoDateTime(row.createdAt),
    modified: isoDateTime(row.modified),
    started: isoDateTimeOrNull(row.startedAt),
    finished: isoDateTimeOrNull(row.finishedAt),
    state: row.state,
    offering: row.offeringId,
    offering_name: row.offering.name,
    offering_url: urls.offering(row.offeringId),
    error_message: row.errorMessage,
    error_traceback: row.errorTraceback,
  };
}

export const backendResourceRequestRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { services, urls },
  done,
) => {
  const { prisma } = services;
  const tag = 'backend-resource-requests';
  const include = { offering: true } satisfies Prisma.BackendResourceRequestInclude;

  async function visibleRequest(request: FastifyRequest): Promise<Row> {
    const { access } = authOf(request);
    return found(
      await prisma.backendResourceRequest.findFirst({
        where: { id: uuidParam(request), offering: offeringWhere(access) },
        include,
      }),
    );
  }

  app.get(
    '/api/backend-resource-requests/',
    { schema: doc(tag, "Backend resource requests of the caller's offerings") },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where = listWhere<Prisma.BackendResourceRequestWhereInput>(
        query,
        { offering: offeringWhere(access) },
        { offering_uuid: offeringUuid, state: stateIn },
      );
      return sendList(request, reply, urls.base, {
        count: () => prisma.backendResourceRequest.count({ where }),
        fetch: (page) =>
          prisma.backendResourceRequest.findMany({
            where,
            include,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (row) => serialize(row, urls),
      });
    },
  );

  app.get(
    '/api/backend-resource-requests/:uuid/',
    { schema: doc(tag, 'Retrieve a backend resource request') },
    async (request) => serialize(await visibleRequest(request), urls),
  );

  app.post(
    '/api/backend-resource-requests/',
    {
      schema: doc(tag, "Ask the offering's site agents for their backend resources (importable_resources)", {
        body: createSchema,
      }),
    },
    async (request, reply) => {
      const { access } = authOf(request);
      const body = parseBody(createSchema, request.body);
      const offering = await prisma.offering.findFirst({
        where: { id: referenceUuid('offering', body.offering), ...offeringWhere(access) },
      });
      if (offering === null) throw missingReference('offering', body.offering);
      allow(canManageOffering(access, offering.customerId));
      const now = services.clock();
      const row = await prisma.$transaction(async (tx) => {
        const created = await tx.backendResourceRequest.create({
          data: { id: services.newId(), offeringId: offering.id, createdAt: now, modified: now },
          include,
        });
        await services.events.backendResourcesRequested(tx, offering.id, created.id);
        return created;
      });
      return reply.status(201).send(serialize(row, urls));
    },
  );

  for (const action of Object.keys(TRANSITIONS) as Action[]) {
    const transition = TRANSITIONS[action];
    app.post(
      `/api/backend-resource-requests/:uuid/${action}/`,
      { schema: doc(tag, `The agent's progress: ${transition.from.join('/')} -> ${transition.to}`) },
      async (request) => {
        const row = await visibleRequest(request);
        allow(canManageOffering(authOf(request).access, row.offering.customerId));
        if (!(transition.from as readonly string[]).includes(row.state)) {
          throw new ConflictError(`Request in state ${row.state} cannot move to ${transition.to}.`);
        }
        const now = services.clock();
        const errors = action === 'set_erred' ? parseBody(erredSchema, request.body ?? {}) : {};
        await prisma.backendResourceRequest.update({
          where: { id: row.id },
          data: {
            state: transition.to,
            modified: now,
            ...(action === 'start_processing' ? { startedAt: now } : { finishedAt: now }),
            ...(errors.error_message === undefined ? {} : { errorMessage: errors.error_message }),
            ...(errors.error_traceback === undefined ? {} : { errorTraceback: errors.error_traceback }),
          },
        });
        return { status: `Backend resource request has been moved to ${transition.to}.` };
      },
    );
  }
  done();
};
