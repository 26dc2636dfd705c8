// Offering users: the provider (agent) lists them, sets usernames (PATCH, emits `offering_user` username_set and
// update events; a username completes a user still being created, as Waldur's `OfferingUser.save()` does) and
// drives their account state with actions (emits update events).
import { OFFERING_USER_STATES } from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  OFFERING_USER_ACTIONS,
  offeringUserStateMessage,
  offeringUserTarget,
  USERNAME_COMPLETES_STATES,
  type OfferingUserAction,
} from '../../domain/offering-user-state-machine.js';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { IncorrectStateError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, queryBoolean, queryOne, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  offeringUserInclude,
  serializeOfferingUser,
  type OfferingUserWithRelations,
} from '../serializers/offering-user.js';
import { parseBody } from '../validation.js';
import { offeringUserWhere } from '../visibility.js';

const patchSchema = z.looseObject({ username: z.string().min(1).nullable().optional() });
const commentSchema = z.looseObject({ comment: z.string().optional(), comment_url: z.string().optional() });
const ACTIONS_WITH_COMMENT: readonly OfferingUserAction[] = [
  'set_pending_account_linking',
  'set_pending_additional_validation',
];

export const offeringUserRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-offering-users';

  async function visible(request: FastifyRequest): Promise<OfferingUserWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.offeringUser.findFirst({
        where: { id: uuidParam(request), ...offeringUserWhere(access) },
        include: offeringUserInclude,
      }),
    );
  }

  async function managed(request: FastifyRequest): Promise<OfferingUserWithRelations> {
    const ou = await visible(request);
    allow(canManageOffering(authOf(request).access, ou.offering.customerId));
    return ou;
  }

  async function reload(id: string): Promise<OfferingUserWithRelations> {
    return found(await prisma.offeringUser.findUnique({ where: { id }, include: offeringUserInclude }));
  }

  app.get(
    '/api/marketplace-offering-users/',
    { schema: doc(tag, 'List offering users') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and: Prisma.OfferingUserWhereInput[] = [offeringUserWhere(access)];
      const offering = queryUuid(query, 'offering_uuid');
      if (offering !== undefined) and.push({ offeringId: offering });
      const user = queryUuid(query, 'user_uuid');
      if (user !== undefined) and.push({ userId: user });
      const restricted = queryBoolean(query, 'is_restricted');
      if (restricted !== undefined) and.push({ isRestricted: restricted });
      const states = queryAll(query, 'state').filter((s) =>
        (OFFERING_USER_STATES as readonly string[]).includes(s),
      );
      if (queryAll(query, 'state').length > 0) and.push({ state: { in: states } });
      const username = queryOne(query, 'user_username');
      if (username !== undefined) and.push({ user: { username } });
      const where: Prisma.OfferingUserWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.offeringUser.count({ where }),
        fetch: (page) =>
          prisma.offeringUser.findMany({
            where,
            include: offeringUserInclude,
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (ou) => serializeOfferingUser(ou, urls),
      });
    },
  );

  app.get(
    '/api/marketplace-offering-users/:uuid/',
    { schema: doc(tag, 'Retrieve an offering user') },
    async (request) => sendOne(request, serializeOfferingUser(await visible(request), urls)),
  );

  const patch = async (request: FastifyRequest) => {
    const ou = await managed(request);
    const body = parseBody(patchSchema, request.body);
    if (body.username !== undefined && body.username !== ou.username) {
      const username = body.username;
      await prisma.$transaction(async (tx) => {
        const current = found(await tx.offeringUser.findUnique({ where: { id: ou.id } }));
        const completes =
          username !== null && (USERNAME_COMPLETES_STATES as readonly string[]).includes(current.state);
        await tx.offeringUser.update({
          where: { id: ou.id },
          data: { username, modified: services.clock(), ...(completes ? { state: 'OK' } : {}) },
        });
        if (username !== null) await services.events.offeringUserUsernameSet(tx, ou.id);
        await services.events.offeringUserUpdated(
          tx,
          ou.id,
          completes ? ['username', 'state'] : ['username'],
        );
      });
    }
    return serializeOfferingUser(await reload(ou.id), urls);
  };
  app.patch(
    '/api/marketplace-offering-users/:uuid/',
    { schema: doc(tag, 'Set the username (emits offering_user events)', { body: patchSchema }) },
    patch,
  );
  app.put(
    '/api/marketplace-offering-users/:uuid/',
    { schema: doc(tag, 'Set the username (emits offering_user events)', { body: patchSchema }) },
    patch,
  );

  for (const action of OFFERING_USER_ACTIONS) {
    const withComment = ACTIONS_WITH_COMMENT.includes(action);
    app.post(
      `/api/marketplace-offering-users/:uuid/${action}/`,
      {
        schema: doc(tag, `Offering user state action ${action}`, withComment ? { body: commentSchema } : {}),
      },
      async (request) => {
        const ou = await managed(request);
        const body = withComment ? parseBody(commentSchema, request.body) : {};
        const now = services.clock();
        await prisma.$transaction(async (tx) => {
          const current = found(await tx.offeringUser.findUnique({ where: { id: ou.id } }));
          const to = offeringUserTarget(action, current.state);
          if (to === null) throw new IncorrectStateError(offeringUserStateMessage(action));
          const updated = await tx.offeringUser.updateMany({
            where: { id: current.id, state: current.state },
            data: {
              state: to,
              modified: now,
              ...(action === 'set_validation_complete' ? { comment: '', commentUrl: '' } : {}),
              ...(body.comment === undefined ? {} : { comment: body.comment }),
              ...(body.comment_url === undefined ? {} : { commentUrl: body.comment_url }),
            },
          });
          if (updated.count !== 1) throw new IncorrectStateError(offeringUserStateMessage(action));
          const changed = ['state', ...(body.comment === undefined ? [] : ['service_provider_comment'])];
          if (to !== current.state) await services.events.offeringUserUpdated(tx, current.id, changed);
        });
        return { status: `Offering user state has been changed by ${action}.` };
      },
    );
  }
  done();
};
