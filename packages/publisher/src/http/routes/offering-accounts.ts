// The provider's view of accounts (docs/protocol.md#service_account-and-course_account): an offering's
// list_project_service_accounts and list_course_accounts hold the accounts of every project with a resource of the
// offering, closed ones included (the agent removes those). The agent lists them whole and matches usernames itself.
import type { FastifyPluginCallback } from 'fastify';
import { sendAccountList, type AccountKind } from '../account-lists.js';
import { found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { offeringWhere } from '../visibility.js';

const ACTIONS: readonly (readonly [string, AccountKind, string])[] = [
  ['list_project_service_accounts', 'service_account', "Service accounts of the offering's projects"],
  ['list_course_accounts', 'course_account', "Course accounts of the offering's projects"],
];

export const offeringAccountRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  for (const [action, kind, summary] of ACTIONS) {
    app.get(
      `/api/marketplace-provider-offerings/:uuid/${action}/`,
      { schema: doc('marketplace-provider-offerings', summary) },
      async (request, reply) => {
        // An offering the caller cannot see is a 404.
        const offering = found(
          await prisma.offering.findFirst({
            where: { id: uuidParam(request), ...offeringWhere(authOf(request).access) },
            select: { id: true },
          }),
        );
        const served = { resources: { some: { offeringId: offering.id } } };
        return sendAccountList(request, reply, { prisma, urls }, kind, served);
      },
    );
  }
  done();
};
