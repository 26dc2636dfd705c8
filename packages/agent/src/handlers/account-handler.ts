// SERVICE_ACCOUNT / COURSE_ACCOUNT messages (docs/protocol.md#service_account-and-course_account). The real agent derives the account type from
// the MESSAGE destination suffix; we know it from the queue we subscribed to. A create is looked up by username in the
// offering's accounts of that type (its project comes from there); a delete names the project itself.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function accountHandler(deps: HandlerDeps): MessageHandler<'service_account' | 'course_account'> {
  return async (message, context) => {
    if (deps.ctx.membershipBackend === null) {
      deps.ctx.log.warn(
        { objectType: context.objectType },
        'Membership sync backend is not configured; ignoring account message',
      );
      return;
    }
    // As the real agent: course_account is a course account, anything else a service account.
    const type = context.objectType === 'course_account' ? 'course_account' : 'service_account';
    if (message.action === 'create')
      await deps.membership.processAccountCreation(type, message.account_username);
    else await deps.membership.processAccountRemoval(message.project_uuid, message.account_username);
  };
}
