// RESOURCE_PERIODIC_LIMITS messages (docs/protocol.md#resource_periodic_limits): apply SLURM periodic settings and ALWAYS report the
// result to Waldur (`report-command-result`), failures included.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function periodicLimitsHandler(deps: HandlerDeps): MessageHandler<'resource_periodic_limits'> {
  return async (message) => {
    const log = deps.ctx.log.child({ resource: message.resource_uuid, policy: message.policy_uuid });
    const backend = deps.ctx.orderBackend ?? deps.ctx.membershipBackend;
    let result: { success: boolean; error_message: string; commands_executed: string[] };
    if (backend === null) {
      result = {
        success: false,
        error_message: 'No backend configured for periodic limits',
        commands_executed: [],
      };
    } else if (message.backend_id === '') {
      result = {
        success: false,
        error_message: 'Missing backend_id in periodic limits message',
        commands_executed: [],
      };
    } else {
      try {
        const applied = await backend.applyPeriodicSettings(message.backend_id, message.settings);
        result = {
          success: applied.success,
          error_message: applied.errorMessage,
          commands_executed: applied.commandsExecuted,
        };
      } catch (err) {
        log.error({ err }, 'Applying periodic settings failed');
        result = {
          success: false,
          error_message: err instanceof Error ? err.message : String(err),
          commands_executed: [],
        };
      }
    }
    await deps.ctx.api.reportPeriodicCommandResult(message.policy_uuid, {
      resource_uuid: message.resource_uuid,
      ...result,
    });
    log.info({ success: result.success }, 'Periodic settings result reported');
  };
}
