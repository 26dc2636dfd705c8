// Username generation where the real agent runs it (docs/agent.md#username-management): a role grant, an order's
// post-processing and a resync, plus the config check of username_management_backend.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { FakeBackend } from '../testing/fake-backend.js';
import {
  FakeWaldur,
  makeOfferingUser,
  makeOrder,
  makeResource,
  makeTeamMember,
} from '../testing/fake-waldur.js';
import { testOffering, testRig } from '../testing/test-context.js';

const USER = 'e'.repeat(32);
const PROJECT = 'b'.repeat(32);
const SP = {
  username_generation_policy: 'service_provider',
  service_provider_can_create_offering_user: true,
};

function world(backendName: string) {
  const waldur = new FakeWaldur();
  waldur.pluginOptions = SP;
  const backend = new FakeBackend();
  const resource = waldur.addResource(makeResource({ backend_id: 'hpc_a', project_uuid: PROJECT }));
  backend.accounts.set('hpc_a', { limits: {}, users: new Set(), qos: 'normal' });
  waldur.offeringUsers = [makeOfferingUser(USER, null, { state: 'Requested', user_username: 'Carol' })];
  // The new member is on the team, without an offering username yet.
  waldur.teams.set(resource.uuid, [{ ...makeTeamMember(null), uuid: USER }]);
  const rig = testRig(waldur, backend, {
    offering: testOffering({ username_management_backend: backendName }),
  });
  return { waldur, backend, resource, ...rig };
}

describe('username generation in the processors (docs/agent.md#username-management)', () => {
  it('a granted role gives the user a username, then the SLURM association', async () => {
    const { waldur, backend, membership } = world('waldur-username');
    await membership.processUserRoleChanged(USER, PROJECT, true);
    expect(waldur.offeringUsers[0]).toMatchObject({ username: 'carol', state: 'OK' });
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])]).toEqual(['carol']);
  });

  it('with base the user stays without a username (Creating) and nothing reaches SLURM', async () => {
    const { waldur, backend, membership } = world('base');
    await membership.processUserRoleChanged(USER, PROJECT, true);
    expect(waldur.offeringUsers[0]).toMatchObject({ username: null, state: 'Creating' });
    expect(backend.count('addUser')).toBe(0);
  });

  it("an order's post-processing names the team's new members and adds them", async () => {
    const { waldur, backend, resource, orders } = world('waldur-username');
    const creating = waldur.addResource(makeResource({ state: 'Creating', project_uuid: PROJECT }));
    waldur.teams.set(creating.uuid, waldur.teams.get(resource.uuid) ?? []);
    const order = waldur.addOrder(makeOrder(creating));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect(waldur.offeringUsers[0]).toMatchObject({ username: 'carol', state: 'OK' });
    const backendId = waldur.resources.get(creating.uuid)?.backend_id ?? '';
    expect([...(backend.accounts.get(backendId)?.users ?? [])]).toContain('carol');
  });

  it('a project resync names waiting users first', async () => {
    const { waldur, backend, membership } = world('waldur-anonymized');
    await membership.processProjectUserSync(PROJECT);
    expect(waldur.offeringUsers[0]?.username).toBe('walduruser_00000');
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])]).toEqual(['walduruser_00000']);
  });

  it('refuses an unknown username_management_backend at config load', () => {
    const offering = { ...testOffering(), username_management_backend: 'ldap' };
    expect(() => parseConfig({ offerings: [offering] })).toThrow(
      'offerings[0].username_management_backend: must be one of base, waldur-username, waldur-anonymized',
    );
  });
});
