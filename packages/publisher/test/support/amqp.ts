// Reading what actually arrived in a queue (admin AMQP connection into the vhost).
import amqp, { type GetMessage } from 'amqplib';
import type { BrokerEndpoints } from '@waldur-sim/testkit';

export function vhostUrl(b: BrokerEndpoints, vhost: string): string {
  const u = new URL(b.amqpUrl);
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

/** Removes and returns every message currently in the queue. */
export async function drainQueue(b: BrokerEndpoints, vhost: string, queue: string): Promise<GetMessage[]> {
  const conn = await amqp.connect(vhostUrl(b, vhost));
  try {
    const ch = await conn.createChannel();
    const out: GetMessage[] = [];
    for (;;) {
      const m = await ch.get(queue, { noAck: true });
      if (m === false) break;
      out.push(m);
    }
    return out;
  } finally {
    await conn.close();
  }
}
