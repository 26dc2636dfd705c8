// GET marketplace-provider-offerings/{uuid}/user-attribute-config/: what user attributes the provider may see.
// No config is ever saved here, so Waldur's answer for an unconfigured offering: its default, `is_default`.
import type { FastifyPluginCallback } from 'fastify';
import { defaultUserAttributeExposure } from '../../domain/user-attribute-config.js';
import { found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { isoDateTime } from '../serializers/format.js';
import { offeringWhere } from '../visibility.js';

export const userAttributeConfigRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  app.get(
    '/api/marketplace-provider-offerings/:uuid/user-attribute-config/',
    {
      schema: doc(
        'marketplace-provider-offerings',
        "The offering's user attribute config (Waldur's default)",
      ),
    },
    async (request) => {
      const { access } = authOf(request);
      const offering = found(
        await services.prisma.offering.findFirst({
          where: { id: uuidParam(request), ...offeringWhere(access) },
        }),
      );
      const exposure = defaultUserAttributeExposure();
      return {
        // An unsaved default has no row of its own; it is identified by its offering.
        uuid: offering.id,
        created: isoDateTime(offering.createdAt),
        modified: isoDateTime(offering.modified),
        offering_uuid: offering.id,
        offering_name: offering.name,
        is_default: true,
        exposed_fields: exposure.exposedFields,
        ...exposure.flags,
      };
    },
  );
  done();
};
