// Makes sure the private node's administrator is the generated one and that guest is gone. A fresh data folder
// gets the admin from rabbitmq.conf (default_user) and never has guest. A data folder made before the secret
// existed still has guest: its admin is created through the management API while guest can still log in (from
// loopback only), given every vhost's permissions, and guest is deleted. A marker file records that it is done.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { createManagementClient, type ManagementClient } from './management-client.js';
import { probeManagement } from './readiness.js';
import { TestkitError } from './testkit-error.js';

/** The account older data folders were made with; only ever used to replace it. */
const LEGACY_ADMIN = 'guest';

export interface EnsureAdminOptions {
  readonly endpoints: BrokerEndpoints;
  /** Guest is only ever replaced on this node (the management API's node name), never on another one. */
  readonly nodeName: string;
  /** Written once the admin works and guest is gone. */
  readonly markerFile: string;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Throws (or returns a reason) when the node died meanwhile. */
  readonly abortReason: () => Promise<string | undefined>;
}

export type EnsureAdminResult = 'already' | 'fresh' | 'migrated';

async function grantEverywhere(legacy: ManagementClient, user: string): Promise<void> {
  for (const vhost of await legacy.listVhosts()) await legacy.setPermissions(vhost, user);
}

export async function ensureAdminUser(options: EnsureAdminOptions): Promise<EnsureAdminResult> {
  if (existsSync(options.markerFile)) return 'already';
  const e = options.endpoints;
  const deadline = options.now() + options.timeoutMs;
  let result: EnsureAdminResult | undefined;
  let last = '';
  while (result === undefined) {
    const admin = await probeManagement(e.managementUrl, e.adminUser, e.adminPassword);
    if (admin.ok) {
      result = 'fresh';
      break;
    }
    last = admin.detail;
    if (admin.detail.includes('HTTP 401')) {
      const legacy = await probeManagement(e.managementUrl, LEGACY_ADMIN, LEGACY_ADMIN);
      if (legacy.ok && legacy.node === options.nodeName) {
        const client = createManagementClient({
          url: e.managementUrl,
          user: LEGACY_ADMIN,
          password: LEGACY_ADMIN,
        });
        await client.putUser(e.adminUser, e.adminPassword, ['administrator']);
        await grantEverywhere(client, e.adminUser);
        result = 'migrated';
        break;
      }
    }
    const abort = await options.abortReason();
    if (abort !== undefined) throw new TestkitError('BROKER_START_FAILED', abort);
    if (options.now() >= deadline)
      throw new TestkitError(
        'BROKER_NOT_READY',
        `the admin ${e.adminUser} cannot log in to the management API (${last}); if this data folder was made ` +
          'with other admin credentials, stop the node and remove the folder',
      );
    await options.sleep(500);
  }
  if (e.adminUser !== LEGACY_ADMIN) await createManagementClient(e).deleteUser(LEGACY_ADMIN);
  await writeFile(options.markerFile, `${result}\n`, { mode: 0o600 });
  return result;
}
