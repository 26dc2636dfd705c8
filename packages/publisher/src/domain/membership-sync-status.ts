// Membership sync statuses a site agent reports per resource: which entries can be kept and under what key.
// An entry names its member by user UUID or username; a `resource_project` entry also names its resource
// project. Entries that name no member, an unknown user, or miss their project are skipped, not failed.

export const MEMBER_SYNC_SCOPES = ['resource', 'resource_project'] as const;
export const MEMBER_SYNC_STATES = ['error', 'missing_in_idp', 'pending', 'synced'] as const;

export interface MemberSyncEntry {
  readonly scope_type: (typeof MEMBER_SYNC_SCOPES)[number];
  readonly role_name: string;
  readonly state: (typeof MEMBER_SYNC_STATES)[number];
  readonly username?: string | undefined;
  /** 32-hex. */
  readonly user_uuid?: string | undefined;
  /** 32-hex. */
  readonly resource_project_uuid?: string | undefined;
  readonly message?: string | undefined;
}

export interface MemberSyncRow {
  readonly key: string;
  readonly entry: MemberSyncEntry;
}

export interface MemberSyncPlan {
  readonly rows: readonly MemberSyncRow[];
  /** Human-readable names of the skipped entries, in input order. */
  readonly skipped: readonly string[];
}

function label(entry: MemberSyncEntry, index: number): string {
  return entry.username ?? entry.user_uuid ?? `entry ${index}`;
}

/** Splits a report into rows to keep (later duplicates win) and skipped entries. */
export function planMemberSyncReport(
  entries: readonly MemberSyncEntry[],
  knownUserIds: ReadonlySet<string>,
): MemberSyncPlan {
  const rows = new Map<string, MemberSyncRow>();
  const skipped: string[] = [];
  entries.forEach((entry, index) => {
    const member =
      entry.user_uuid ?? (entry.username === undefined ? undefined : `username:${entry.username}`);
    const unknownUser = entry.user_uuid !== undefined && !knownUserIds.has(entry.user_uuid);
    const missingProject =
      entry.scope_type === 'resource_project' && entry.resource_project_uuid === undefined;
    if (member === undefined || unknownUser || missingProject) {
      skipped.push(label(entry, index));
      return;
    }
    const key = [entry.scope_type, entry.resource_project_uuid ?? '', entry.role_name, member].join('|');
    rows.set(key, { key, entry });
  });
  return { rows: [...rows.values()], skipped };
}
