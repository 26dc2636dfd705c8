// Routing table object type -> handler (real `OBJECT_TYPE_TO_HANDLER_STOMP`, docs/protocol.md#dispatch).
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { MessageHandler } from '../stomp/delivery-processor.js';
import { accountHandler } from './account-handler.js';
import { apiKeyRotationHandler } from './api-key-rotation-handler.js';
import type { HandlerDeps } from './handler-deps.js';
import { importableResourcesHandler } from './importable-resources-handler.js';
import { offeringResourcesSyncHandler } from './offering-resources-sync-handler.js';
import { offeringUserHandler } from './offering-user-handler.js';
import { orderHandler } from './order-handler.js';
import { periodicLimitsHandler } from './periodic-limits-handler.js';
import { resourceHandler } from './resource-handler.js';
import { userRoleHandler } from './user-role-handler.js';

export type HandlerTable = { [T in ObservableObjectType]: MessageHandler<T> };

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  return {
    order: orderHandler(deps),
    user_role: userRoleHandler(deps),
    resource: resourceHandler(deps),
    service_account: accountHandler(deps),
    course_account: accountHandler(deps),
    offering_user: offeringUserHandler(deps),
    offering_resources_sync: offeringResourcesSyncHandler(deps),
    resource_periodic_limits: periodicLimitsHandler(deps),
    importable_resources: importableResourcesHandler(deps),
    resource_api_key_rotation: apiKeyRotationHandler(deps),
    resource_end_date_change_request: (message) => {
      deps.ctx.log.info(
        { resource: message.resource_uuid },
        'End date change requests are not handled by the site agent; ignoring',
      );
      return Promise.resolve();
    },
  };
}

/** The handler of one object type, typed for a payload already validated against that type's schema. */
export function handlerFor(table: HandlerTable, objectType: ObservableObjectType): MessageHandler {
  const handler: unknown = table[objectType];
  return handler as MessageHandler;
}
