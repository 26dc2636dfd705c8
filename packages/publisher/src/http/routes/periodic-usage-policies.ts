// POST /api/marketplace-slurm-periodic-usage-policies/{uuid}/report-command-result/: the agent reports how
// applying periodic SLURM limits went. The emulator has no policy model; the report is validated and logged.
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import { FieldValidationError } from '../errors.js';
import { allow, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { parseBody } from '../validation.js';
import { providerResourceWhere } from '../visibility.js';

const reportSchema = z.looseObject({
  resource_uuid: z.string().min(1),
  success: z.boolean(),
  error_message: z.string().optional(),
  commands_executed: z.array(z.string()).optional(),
});

export const periodicUsagePolicyRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  app.post(
    '/api/marketplace-slurm-periodic-usage-policies/:uuid/report-command-result/',
    {
      schema: doc(
        'marketplace-slurm-periodic-usage-policies',
        'Record the result of applying periodic limits (logged)',
        { body: reportSchema },
      ),
    },
    async (request) => {
      const policy = uuidParam(request);
      const { access } = authOf(request);
      const body = parseBody(reportSchema, request.body);
      let resourceId: string;
      try {
        resourceId = toHex(body.resource_uuid);
      } catch (cause) {
        throw new FieldValidationError({ resource_uuid: ['Must be a valid UUID.'] }, { cause });
      }
      const resource = await services.prisma.resource.findFirst({
        where: { id: resourceId, ...providerResourceWhere(access) },
        include: { offering: true },
      });
      if (resource === null) throw FieldValidationError.field('resource_uuid', 'Resource not found.');
      allow(canManageOffering(access, resource.offering.customerId));
      request.log.info(
        {
          policy,
          resource: resource.id,
          success: body.success,
          error: body.error_message,
          commands: body.commands_executed,
        },
        'periodic limits command result',
      );
      return { detail: 'Command result has been recorded.' };
    },
  );
  done();
};
