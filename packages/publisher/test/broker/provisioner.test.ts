// BrokerProvisioner against the real management API: the exact objects Waldur creates (docs/protocol.md#broker-provisioning), clean-up, and
// the typed error on broker failures.
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { DEAD_LETTER_QUEUE, SUBSCRIPTION_QUEUE_ARGUMENTS } from '@waldur-sim/protocol';
import { afterEach, describe, expect, test } from 'vitest';
import { ManagementApiProvisioner } from '../../src/broker/broker-provisioner.js';
import { BrokerProvisioningError } from '../../src/broker/broker-provisioning-error.js';
import { adminProvisioner, testBroker } from '../support/broker.js';

const hex = (): string => randomUUID().replaceAll('-', '');
const broker = testBroker();
const admin = adminProvisioner(broker);
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

function amqpUrlFor(user: string, password: string, vhost: string): string {
  const u = new URL(broker.amqpUrl);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  u.pathname = `/${encodeURIComponent(vhost)}`;
  return u.toString();
}

describe('ManagementApiProvisioner', () => {
  test('creates vhost, user and permissions limited to that vhost; deletes them again', async () => {
    const vhost = hex();
    const other = hex();
    const user = hex();
    const password = hex() + hex().slice(0, 8);
    cleanup.push(
      () => admin.deleteVhost(vhost),
      () => admin.deleteVhost(other),
      () => admin.deleteUser(user),
    );

    await admin.ensureVhost(vhost);
    await admin.ensureVhost(vhost); // 204 "already exists" is fine
    await admin.ensureVhost(other);
    await admin.upsertUser(user, 'first-password');
    await admin.upsertUser(user, password); // upsert rotates the password
    await admin.grantVhost(user, vhost);

    expect(await admin.userHasVhostAccess(user, vhost)).toBe(true);
    expect(await admin.userHasVhostAccess(user, other)).toBe(false);
    expect(await admin.userHasVhostAccess(hex(), vhost)).toBe(false);
    expect(await admin.listVhostPermissions(vhost)).toContainEqual({
      user,
      vhost,
      configure: '.*',
      write: '.*',
      read: '.*',
    });

    const conn = await amqp.connect(amqpUrlFor(user, password, vhost));
    await conn.close();
    await expect(amqp.connect(amqpUrlFor(user, password, other))).rejects.toThrow();
    await expect(amqp.connect(amqpUrlFor(user, 'first-password', vhost))).rejects.toThrow(
      /ACCESS_REFUSED|403/,
    );

    await admin.deleteUser(user);
    await admin.deleteUser(user); // 404 counts as done
    expect(await admin.userExists(user)).toBe(false);
    await admin.deleteVhost(vhost);
    await admin.deleteVhost(vhost);
    expect(await admin.vhostExists(vhost)).toBe(false);
  });

  test('subscriber queues are durable, not auto-delete, with exactly SUBSCRIPTION_QUEUE_ARGUMENTS, plus the DLQ', async () => {
    const vhost = hex();
    const queue = `subscription_${hex()}_offering_${hex()}_order`;
    cleanup.push(() => admin.deleteVhost(vhost));
    await admin.ensureVhost(vhost);
    await admin.ensureSubscriptionQueue(vhost, queue);
    await admin.ensureSubscriptionQueue(vhost, queue); // idempotent re-declare (create_queue 200 path)

    const q = await admin.getQueue(vhost, queue);
    expect(q).toMatchObject({ name: queue, vhost, durable: true, auto_delete: false });
    expect(q?.arguments).toEqual({ ...SUBSCRIPTION_QUEUE_ARGUMENTS });
    const dlq = await admin.getQueue(vhost, DEAD_LETTER_QUEUE);
    expect(dlq).toMatchObject({ durable: true, auto_delete: false, arguments: {} });

    await admin.deleteQueue(vhost, queue);
    await admin.deleteQueue(vhost, queue);
    expect(await admin.getQueue(vhost, queue)).toBeNull();
  });

  test('names are URL-encoded as one path segment', async () => {
    const vhost = `odd/vhost ${hex().slice(0, 6)}`;
    cleanup.push(() => admin.deleteVhost(vhost));
    await admin.ensureVhost(vhost);
    expect(await admin.vhostExists(vhost)).toBe(true);
    await admin.ensureSubscriptionQueue(vhost, 'q/with space');
    expect((await admin.getQueue(vhost, 'q/with space'))?.name).toBe('q/with space');
  });

  test('broker failures raise BrokerProvisioningError with the HTTP status', async () => {
    const wrong = new ManagementApiProvisioner({
      managementUrl: broker.managementUrl,
      username: broker.adminUser,
      password: 'wrong',
    });
    const e1 = await wrong.ensureVhost(hex()).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(BrokerProvisioningError);
    expect(e1).toMatchObject({
      code: 'ERR_BROKER_PROVISIONING',
      details: { operation: 'ensureVhost', method: 'PUT', status: 401 },
    });

    // Re-declaring a subscriber queue with other arguments is refused by RabbitMQ.
    const vhost = hex();
    cleanup.push(() => admin.deleteVhost(vhost));
    await admin.ensureVhost(vhost);
    const conn = await amqp.connect(amqpUrlFor(broker.adminUser, broker.adminPassword, vhost));
    const ch = await conn.createChannel();
    await ch.assertQueue('taken', { durable: false });
    await conn.close();
    const e2 = await admin.ensureSubscriptionQueue(vhost, 'taken').catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(BrokerProvisioningError);
    expect((e2 as BrokerProvisioningError).details.status).toBe(400);

    // Nothing listening: no status, the network error is the cause.
    const down = new ManagementApiProvisioner({ managementUrl: 'http://adm:pw@127.0.0.1:9/' });
    const e3 = await down.upsertUser('x', 'y').catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(BrokerProvisioningError);
    expect((e3 as BrokerProvisioningError).details.status).toBeUndefined();
    expect((e3 as BrokerProvisioningError).cause).toBeDefined();
  });
});
