import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../testing/fake-backend.js';
import { makeCourseAccount, makeServiceAccount } from '../testing/fake-accounts.js';
import { FakeWaldur, makeOfferingUser, makeResource, OFFERING_UUID } from '../testing/fake-waldur.js';
import { testOffering, testRig } from '../testing/test-context.js';
import { PartialFailureError } from './membership-processor.js';

const USER = 'e'.repeat(32);
const PROJECT = 'b'.repeat(32);

function world() {
  const waldur = new FakeWaldur();
  const backend = new FakeBackend();
  const r1 = waldur.addResource(makeResource({ backend_id: 'hpc_a', slug: 'a' }));
  const r2 = waldur.addResource(
    makeResource({ backend_id: 'hpc_b', slug: 'b', restrict_member_access: true }),
  );
  const other = waldur.addResource(
    makeResource({ backend_id: 'hpc_c', slug: 'c', project_uuid: 'f'.repeat(32) }),
  );
  waldur.addResource(makeResource({ backend_id: 'hpc_gone', slug: 'd', state: 'Terminated' }));
  for (const id of ['hpc_a', 'hpc_b', 'hpc_c'])
    backend.accounts.set(id, { limits: {}, users: new Set(), qos: 'normal' });
  waldur.offeringUsers = [makeOfferingUser(USER, 'alice')];
  return { waldur, backend, r1, r2, other, ...testRig(waldur, backend) };
}

describe('MembershipProcessor: role changes (docs/agent.md#role-change)', () => {
  it('grant adds the username to the project resources, skipping restricted ones; a repeat adds nothing', async () => {
    const { waldur, backend, r1, r2, membership } = world();
    for (const r of [r1, r2]) waldur.setTeam(r.uuid, ['alice']);
    await membership.processUserRoleChanged(USER, PROJECT, true);
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])]).toEqual(['alice']);
    expect(backend.accounts.get('hpc_b')?.users.size).toBe(0);
    expect(backend.accounts.get('hpc_c')?.users.size).toBe(0);
    await membership.processUserRoleChanged(USER, PROJECT, true);
    expect(backend.count('addUser')).toBe(1);
  });

  it('revoke removes the association; a repeat removes nothing', async () => {
    const { backend, membership } = world();
    backend.accounts.get('hpc_a')?.users.add('alice');
    await membership.processUserRoleChanged(USER, PROJECT, false);
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(false);
    await membership.processUserRoleChanged(USER, PROJECT, false);
    expect(backend.count('removeUser')).toBe(1);
  });

  it('follows the resource team, not the message: a grant without a role or a revoke of a member does nothing', async () => {
    const { waldur, backend, r1, membership } = world();
    await membership.processUserRoleChanged(USER, PROJECT, true);
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(false);
    waldur.setTeam(r1.uuid, ['alice']);
    backend.accounts.get('hpc_a')?.users.add('alice');
    await membership.processUserRoleChanged(USER, PROJECT, false);
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(true);
    expect(backend.count('addUser') + backend.count('removeUser')).toBe(0);
  });

  it('ignores a resource of another offering named by a message', async () => {
    const { waldur, backend, membership } = world();
    const foreign = waldur.addResource(
      makeResource({ backend_id: 'hpc_a', slug: 'foreign', offering_uuid: '9'.repeat(32) }),
    );
    waldur.setTeam(foreign.uuid, []);
    backend.accounts.get('hpc_a')?.users.add('alice');
    await membership.processResourceByUuid(foreign.uuid);
    await membership.processResourceUserSync(foreign.uuid);
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(true);
    expect(backend.count('removeUser')).toBe(0);
  });

  it('does nothing for a user without an offering user or username', async () => {
    const { waldur, backend, membership } = world();
    waldur.offeringUsers = [makeOfferingUser(USER, null)];
    await membership.processUserRoleChanged(USER, PROJECT, true);
    await membership.processUserRoleChanged('1'.repeat(32), PROJECT, true);
    expect(backend.count('addUser')).toBe(0);
  });

  it('processes the other resources when one fails, then reports the failure', async () => {
    const { waldur, backend, membership } = world();
    const e = waldur.addResource(makeResource({ backend_id: 'hpc_e', slug: 'e' }));
    backend.accounts.set('hpc_e', { limits: {}, users: new Set(), qos: 'normal' });
    waldur.setTeam(e.uuid, ['alice']);
    backend.failOnce('listResourceUsers');
    await expect(membership.processUserRoleChanged(USER, PROJECT, true)).rejects.toBeInstanceOf(
      PartialFailureError,
    );
    expect(backend.accounts.get('hpc_e')?.users.has('alice')).toBe(true);
  });
});

describe('MembershipProcessor: resyncs (docs/agent.md#project-and-resource-resync)', () => {
  it('project sync makes backend users equal to the team usernames', async () => {
    const { waldur, backend, r1, membership } = world();
    waldur.setTeam(r1.uuid, ['alice', 'bob', null]);
    backend.accounts.get('hpc_a')?.users.add('mallory');
    await membership.processProjectUserSync(PROJECT);
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])].sort()).toEqual(['alice', 'bob']);
  });

  it('restricted member access removes everyone, even team members', async () => {
    const { waldur, backend, r2, membership } = world();
    backend.accounts.get('hpc_b')?.users.add('alice');
    waldur.setTeam(r2.uuid, ['alice']);
    await membership.processResourceUserSync(r2.uuid);
    expect(backend.accounts.get('hpc_b')?.users.size).toBe(0);
  });

  it('preserve_unmanaged_backend_users keeps accounts Waldur never knew', async () => {
    const waldur = new FakeWaldur();
    const backend = new FakeBackend();
    const r = waldur.addResource(makeResource({ backend_id: 'hpc_a' }));
    backend.accounts.set('hpc_a', { limits: {}, users: new Set(['root-admin', 'olduser']), qos: 'normal' });
    waldur.offeringUsers = [makeOfferingUser(USER, 'olduser')];
    waldur.setTeam(r.uuid, ['alice']);
    const { membership } = testRig(waldur, backend, {
      offering: testOffering({ preserve_unmanaged_backend_users: true }),
    });
    await membership.processResourceUserSync(r.uuid);
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])].sort()).toEqual(['alice', 'root-admin']);
  });
});

describe('MembershipProcessor: full resource sync (docs/agent.md#full-resource-sync)', () => {
  it('applies pause/downscale/restore, pushes metadata and backend limits to Waldur, refreshes last sync', async () => {
    const { waldur, backend, r1, membership } = world();
    waldur.resources.set(r1.uuid, { ...r1, paused: true, limits: { cpu: 1 } });
    backend.accounts.set('hpc_a', { limits: { cpu: 7 }, users: new Set(), qos: 'normal' });
    await membership.processResourceByUuid(r1.uuid);
    expect(backend.accounts.get('hpc_a')?.qos).toBe('paused');
    expect(waldur.callsOf('setResourceBackendMetadata')[0]?.args).toEqual([r1.uuid, { qos: 'paused' }]);
    expect(waldur.callsOf('setResourceLimits')[0]?.args).toEqual([r1.uuid, { cpu: 7 }]);
    expect(waldur.callsOf('refreshResourceLastSync')).toHaveLength(1);
    // Second run: nothing changed, so no metadata or limits writes.
    await membership.processResourceByUuid(r1.uuid);
    expect(waldur.callsOf('setResourceBackendMetadata')).toHaveLength(1);
    expect(waldur.callsOf('setResourceLimits')).toHaveLength(1);
  });

  it('downscales when not paused, restores otherwise, and sets an erred resource back to OK', async () => {
    const { waldur, backend, r1, membership } = world();
    waldur.resources.set(r1.uuid, { ...r1, downscaled: true, state: 'Erred' });
    await membership.processResourceByUuid(r1.uuid);
    expect(backend.accounts.get('hpc_a')?.qos).toBe('slowdown');
    expect(waldur.resources.get(r1.uuid)?.state).toBe('OK');
    waldur.resources.set(r1.uuid, { ...(waldur.resources.get(r1.uuid) ?? r1), downscaled: false });
    await membership.processResourceByUuid(r1.uuid);
    expect(backend.accounts.get('hpc_a')?.qos).toBe('normal');
  });

  it('skips resources the backend does not handle', async () => {
    const { waldur, backend, membership } = world();
    const creating = waldur.addResource(makeResource({ backend_id: 'hpc_a', state: 'Creating' }));
    await membership.processResourceByUuid(creating.uuid);
    expect(backend.count('pullResource')).toBe(0);
  });

  it('marks the resource erred when the sync fails, and re-raises', async () => {
    const { waldur, backend, r1, membership } = world();
    backend.failOnce('restoreResource');
    await expect(membership.processResourceByUuid(r1.uuid)).rejects.toThrow('restoreResource failed');
    expect(waldur.callsOf('setResourceErred')[0]?.args[1]).toMatchObject({
      error_message: 'restoreResource failed',
    });
  });

  it('offering sync with recreateMissing re-creates a deleted account with the same backend id', async () => {
    const { backend, membership } = world();
    backend.accounts.delete('hpc_c');
    await membership.processOffering({ recreateMissing: true });
    expect(backend.calls.filter((c) => c.method === 'createResourceWithId').map((c) => c.args[1])).toEqual([
      'hpc_c',
    ]);
    expect(backend.accounts.has('hpc_c')).toBe(true);
  });

  it('offering sync without recreateMissing leaves a missing account alone', async () => {
    const { backend, membership } = world();
    backend.accounts.delete('hpc_c');
    await membership.processOffering({ recreateMissing: false });
    expect(backend.count('createResourceWithId')).toBe(0);
  });
});

describe('MembershipProcessor: accounts and usernames', () => {
  it('username_set adds the user to the listed, unrestricted resources only', async () => {
    const { backend, membership } = world();
    await membership.processUsernameSet('carol', ['hpc_a', 'hpc_b', 'hpc_missing']);
    expect(backend.accounts.get('hpc_a')?.users.has('carol')).toBe(true);
    expect(backend.accounts.get('hpc_b')?.users.has('carol')).toBe(false);
    expect(backend.accounts.get('hpc_c')?.users.has('carol')).toBe(false);
  });

  it("a created account is found by username in its type's listing and added to its project resources", async () => {
    const { waldur, backend, membership } = world();
    waldur.serviceAccounts = [makeServiceAccount(PROJECT, 'svc-1')];
    await membership.processAccountCreation('service_account', 'svc-1');
    expect(waldur.callsOf('listProjectServiceAccounts')[0]?.args).toEqual([OFFERING_UUID]);
    expect(backend.accounts.get('hpc_a')?.users.has('svc-1')).toBe(true);
    expect(backend.accounts.get('hpc_b')?.users.has('svc-1')).toBe(true);
    expect(backend.accounts.get('hpc_c')?.users.has('svc-1')).toBe(false);
    await membership.processAccountRemoval(PROJECT, 'svc-1');
    expect(backend.accounts.get('hpc_a')?.users.has('svc-1')).toBe(false);
  });

  it('an account missing from the listing (or listed under the other type) changes nothing', async () => {
    const { waldur, backend, membership } = world();
    waldur.serviceAccounts = [makeServiceAccount(PROJECT, 'svc-1')];
    await membership.processAccountCreation('course_account', 'svc-1');
    await membership.processAccountCreation('service_account', 'nobody');
    expect(waldur.callsOf('listCourseAccounts')).toHaveLength(1);
    expect(backend.count('addUser')).toBe(0);
  });

  it("a course account lands in the account's project, not the message's", async () => {
    const { waldur, backend, membership } = world();
    waldur.courseAccounts = [makeCourseAccount('f'.repeat(32), 'student1')];
    await membership.processAccountCreation('course_account', 'student1');
    expect(backend.accounts.get('hpc_c')?.users.has('student1')).toBe(true);
    expect(backend.accounts.get('hpc_a')?.users.has('student1')).toBe(false);
  });

  it('the full resource sync adds OK accounts, removes closed ones, and survives a failing listing', async () => {
    const { waldur, backend, r1, membership } = world();
    waldur.setTeam(r1.uuid, ['alice']);
    waldur.serviceAccounts = [
      makeServiceAccount(PROJECT, 'svc-ok'),
      makeServiceAccount(PROJECT, 'svc-closed', 'Closed'),
      makeServiceAccount('f'.repeat(32), 'svc-elsewhere'),
    ];
    waldur.courseAccounts = [makeCourseAccount(PROJECT, 'student1')];
    await membership.processResourceByUuid(r1.uuid);
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])].sort()).toEqual(['alice', 'student1', 'svc-ok']);

    waldur.failOnce('listProjectServiceAccounts', new Error('listing down'));
    backend.accounts.get('hpc_a')?.users.add('svc-closed');
    await membership.processResourceByUuid(r1.uuid);
    // Best effort: the service accounts were skipped (the user sync removed both), course accounts still synced.
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])].sort()).toEqual(['alice', 'student1']);
    expect(waldur.callsOf('setResourceErred')).toHaveLength(0);
  });

  it('one offering-wide sync lists each account type once', async () => {
    const { waldur, membership } = world();
    await membership.processOffering({ recreateMissing: false });
    expect(waldur.callsOf('listProjectServiceAccounts')).toHaveLength(1);
    expect(waldur.callsOf('listCourseAccounts')).toHaveLength(1);
  });
});
