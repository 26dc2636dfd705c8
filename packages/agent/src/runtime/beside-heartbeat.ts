// event_process renews the agent's service registration in Waldur on its messages (register_service and
// register_processor, throttled to once a minute by ServiceRegistry.touch). The renewal runs beside the message, not
// before it: it is two REST round trips plus a backend version probe (a process spawn for SLURM), which held up the
// message, its ACK and every message queued behind it (the first message after start-up waited 0.3–0.5 s in the
// consumer bench, docs/agent.md#consumer-hot-path). Nothing in a message's handling depends on it, and
// ServiceRegistry.touch never rejects: a failed renewal is logged and retried on a later message.
import type { MessageHandler } from '../stomp/delivery-processor.js';

/** `inner`, with `heartbeat` started (not awaited) at each message; it returns undefined when nothing is due. */
export function besideHeartbeat(
  heartbeat: () => Promise<void> | undefined,
  inner: MessageHandler,
): MessageHandler {
  return (message, context) => {
    heartbeat()?.catch(() => undefined);
    return inner(message, context);
  };
}
