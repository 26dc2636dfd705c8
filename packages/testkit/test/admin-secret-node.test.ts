// A real private node on ports of its own (never the shared one): a data folder made with guest as its admin
// (as before the secret existed) is converted on the next start: the generated admin (kept 0600 in the folder)
// gets every vhost and guest is deleted. A fresh folder never has guest (rabbitmq.conf's default_user, see
// local-broker.test.ts). Fails if the node kept a fixed guest/guest administrator, or if an older data folder
// became unusable.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createManagementClient, LocalBroker, type LocalBrokerOptions } from '../src/index.js';
import { findRepoRoot } from '../src/repo-root.js';

const dataRoot = mkdtempSync(join(findRepoRoot(), '.data', 'testkit-admin-'));
const running: LocalBroker[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

async function nodeOptions(dataDir: string): Promise<LocalBrokerOptions> {
  const ports: number[] = [];
  while (ports.length < 6) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const port = (i: number): number => ports[i] ?? 0;
  return {
    dataDir,
    nodeName: `tkadmin${String(port(0))}@localhost`,
    amqpPort: port(0),
    managementPort: port(1),
    stompPort: port(2),
    webStompPort: port(3),
    distPort: port(4),
    epmdPort: port(5),
    startTimeoutMs: 180_000,
  };
}

function node(options: LocalBrokerOptions): LocalBroker {
  const broker = new LocalBroker(options, { logger: pino({ level: 'silent' }) });
  running.push(broker);
  return broker;
}

async function amqpLogin(url: string): Promise<boolean> {
  try {
    const connection = await connect(url);
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const broker of running) await broker.stop().catch(() => undefined);
  rmSync(dataRoot, { recursive: true, force: true });
}, 120_000);

describe('private node admin secret (real RabbitMQ)', () => {
  it('an older data folder with guest as its admin is converted on start', async () => {
    const dataDir = join(dataRoot, 'legacy');
    const options = await nodeOptions(dataDir);
    // As nodes were made before the secret: guest/guest as the admin, no secret file, no marker.
    const legacy = node({ ...options, adminUser: 'guest', adminPassword: 'guest' });
    await legacy.start();
    const vhost = 'made-by-guest';
    await createManagementClient(legacy.endpoints).putVhost(vhost);
    await legacy.stop();
    rmSync(join(dataDir, 'admin-applied'));

    const broker = node(options);
    await broker.start();
    const { adminPassword } = broker.endpoints;
    expect(readFileSync(join(dataDir, 'admin-password'), 'utf8').trim()).toBe(adminPassword);
    expect(statSync(join(dataDir, 'admin-password')).mode & 0o777).toBe(0o600);
    expect(await amqpLogin(broker.endpoints.amqpUrl)).toBe(true);
    expect(await amqpLogin(legacy.endpoints.amqpUrl), 'guest/guest after the conversion').toBe(false);
    const management = createManagementClient(broker.endpoints);
    expect(await management.getUser('guest')).toBeUndefined();
    expect((await management.getUser('waldursim-admin'))?.tags).toEqual(['administrator']);
    for (const v of ['/', vhost])
      expect(await management.getPermissions(v, 'waldursim-admin'), v).toEqual({
        configure: '.*',
        write: '.*',
        read: '.*',
      });
  }, 400_000);
});
