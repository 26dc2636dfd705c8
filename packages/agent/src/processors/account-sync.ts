// Service and course accounts on the backend (docs/protocol.md#service_account-and-course_account, real
// `_sync_resource_service_accounts` / `_sync_resource_course_accounts`): a resource's backend users include the
// usernames of its project's OK accounts and exclude those of its Closed ones. Run after an order's
// post-processing and in the full per-resource sync; best effort, so a failure here never errs a resource.
import { toHex } from '@waldur-sim/protocol';
import type { ProviderResource } from '@waldur-sim/protocol';
import type { Backend } from '../backend/backend.js';
import type { AccountRow, WaldurApi } from '../waldur/waldur-api.js';
import type { OfferingContext } from './offering-context.js';

export type AccountType = 'service_account' | 'course_account';
export const ACCOUNT_TYPES: readonly AccountType[] = ['service_account', 'course_account'];

/** An offering's account listings, fetched at most once per unit of work (the real agent caches them per processor). */
export class OfferingAccounts {
  private readonly lists = new Map<AccountType, Promise<AccountRow[]>>();

  constructor(
    private readonly api: WaldurApi,
    private readonly offeringUuid: string,
  ) {}

  list(type: AccountType): Promise<AccountRow[]> {
    let list = this.lists.get(type);
    if (list === undefined) {
      list =
        type === 'service_account'
          ? this.api.listProjectServiceAccounts(this.offeringUuid)
          : this.api.listCourseAccounts(this.offeringUuid);
      this.lists.set(type, list);
    }
    return list;
  }

  /** The first account of this type with that username (create events name accounts by username). */
  async findByUsername(type: AccountType, username: string): Promise<AccountRow | undefined> {
    return (await this.list(type)).find((a) => a.username === username);
  }
}

function sameUuid(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  try {
    return toHex(a) === toHex(b);
  } catch {
    return false;
  }
}

function usernamesIn(rows: readonly AccountRow[], state: string): string[] {
  return rows
    .filter((a) => a.state === state)
    .map((a) => a.username ?? '')
    .filter((u) => u !== '');
}

/** Adds the project's OK account usernames to the resource and removes the Closed ones; logs and goes on on failure. */
export async function syncResourceAccounts(
  ctx: OfferingContext,
  backend: Backend,
  resource: ProviderResource,
  accounts: OfferingAccounts,
): Promise<void> {
  for (const type of ACCOUNT_TYPES) {
    try {
      const rows = (await accounts.list(type)).filter((a) => sameUuid(a.project_uuid, resource.project_uuid));
      if (rows.length === 0) continue;
      const present = new Set(await backend.listResourceUsers(resource.backend_id));
      for (const username of usernamesIn(rows, 'OK')) {
        if (!present.has(username)) await backend.addUser(resource.backend_id, username);
      }
      for (const username of usernamesIn(rows, 'Closed')) {
        if (present.has(username)) await backend.removeUser(resource.backend_id, username);
      }
    } catch (err) {
      ctx.log.warn(
        { resource: resource.uuid, backendId: resource.backend_id, accountType: type, err },
        'Account sync failed for the resource; going on',
      );
    }
  }
}
