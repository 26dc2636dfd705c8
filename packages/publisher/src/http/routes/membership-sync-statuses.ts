// POST marketplace-provider-resources/{uuid}/set_membership_sync_statuses/: membership sync reports how each
// member's account on the backend stands. Kept per (resource, scope, role, member); a later report replaces it.
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import {
  MEMBER_SYNC_SCOPES,
  MEMBER_SYNC_STATES,
  planMemberSyncReport,
} from '../../domain/membership-sync-status.js';
import { canManageOffering } from '../../domain/permissions.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { parseBody } from '../validation.js';
import { providerResourceWhere } from '../visibility.js';

const hexUuid = z.string().transform((value, ctx) => {
  try {
    return toHex(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Must be a valid UUID.' });
    return z.NEVER;
  }
});
const reportSchema = z.looseObject({
  statuses: z.array(
    z.looseObject({
      scope_type: z.enum(MEMBER_SYNC_SCOPES),
      role_name: z.string().min(1),
      state: z.enum(MEMBER_SYNC_STATES),
      username: z.string().min(1).optional(),
      user_uuid: hexUuid.optional(),
      resource_project_uuid: hexUuid.optional(),
      message: z.string().optional(),
    }),
  ),
});

export const membershipSyncStatusRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  const { prisma } = services;
  app.post(
    '/api/marketplace-provider-resources/:uuid/set_membership_sync_statuses/',
    {
      schema: doc('marketplace-provider-resources', 'Record per-member sync states of a resource', {
        body: reportSchema,
      }),
    },
    async (request) => {
      const { access } = authOf(request);
      const resource = found(
        await prisma.resource.findFirst({
          where: { id: uuidParam(request), ...providerResourceWhere(access) },
          include: { offering: true },
        }),
      );
      allow(canManageOffering(access, resource.offering.customerId));
      const body = parseBody(reportSchema, request.body);
      const named = body.statuses.flatMap((s) => (s.user_uuid === undefined ? [] : [s.user_uuid]));
      const known = await prisma.user.findMany({ where: { id: { in: named } }, select: { id: true } });
      const plan = planMemberSyncReport(body.statuses, new Set(known.map((u) => u.id)));
      const now = services.clock();
      await prisma.$transaction(
        plan.rows.map(({ key, entry }) => {
          const data = {
            scopeType: entry.scope_type,
            roleName: entry.role_name,
            state: entry.state,
            username: entry.username ?? '',
            userId: entry.user_uuid ?? null,
            resourceProjectId: entry.resource_project_uuid ?? null,
            message: entry.message ?? '',
            modified: now,
          };
          return prisma.memberSyncStatus.upsert({
            where: { resourceId_key: { resourceId: resource.id, key } },
            create: { id: services.newId(), resourceId: resource.id, key, ...data },
            update: data,
          });
        }),
      );
      return { stored: plan.rows.length, skipped: plan.skipped };
    },
  );
  done();
};
