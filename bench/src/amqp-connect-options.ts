// amqplib connect options for one vhost from the broker's admin URL (amqp://user:pass@host:port).
import type { Options } from 'amqplib';

export function amqpConnectOptions(amqpUrl: string, vhost: string): Options.Connect {
  const base = new URL(amqpUrl);
  return {
    protocol: base.protocol.replace(':', ''),
    hostname: base.hostname,
    port: base.port === '' ? 5672 : Number(base.port),
    username: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
    vhost,
  };
}
