import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/backend.js';
import { FakeWaldur, makeOfferingUser } from '../testing/fake-waldur.js';
import { silentLog, testOffering } from '../testing/test-context.js';
import { WaldurApiError } from '../waldur/waldur-errors.js';
import { updateOfferingUsers } from './update-offering-users.js';

const SP = {
  username_generation_policy: 'service_provider',
  service_provider_can_create_offering_user: true,
};

function rig(backend: string, pluginOptions: Record<string, unknown> = SP) {
  const waldur = new FakeWaldur();
  waldur.pluginOptions = pluginOptions;
  const deps = {
    offering: testOffering({ username_management_backend: backend }),
    api: waldur.asApi(),
    log: silentLog,
  };
  return { waldur, deps };
}

const methods = (w: FakeWaldur) => w.calls.map((c) => c.method);

describe('updateOfferingUsers (docs/agent.md#username-management)', () => {
  it('makes no REST call for an empty list', async () => {
    const { waldur, deps } = rig('waldur-username');
    expect(await updateOfferingUsers(deps, [])).toBe(false);
    expect(waldur.calls).toEqual([]);
  });

  it.each([
    ['another policy', { username_generation_policy: 'waldur_username' }],
    ['no policy at all', {}],
    ['service_provider without the creation flag', { username_generation_policy: 'service_provider' }],
  ])('does nothing but read plugin_options under %s', async (_what, options) => {
    const { waldur, deps } = rig('waldur-username', options);
    waldur.offeringUsers = [makeOfferingUser('1'.repeat(32), null, { state: 'Requested' })];
    expect(await updateOfferingUsers(deps, waldur.offeringUsers)).toBe(false);
    expect(methods(waldur)).toEqual(['getOfferingPluginOptions']);
  });

  it('base: begins creating a Requested user and sets no username, as the real plugin does', async () => {
    const { waldur, deps } = rig('base');
    const ou = makeOfferingUser('1'.repeat(32), null, { state: 'Requested' });
    waldur.offeringUsers = [ou];
    expect(await updateOfferingUsers(deps, waldur.offeringUsers)).toBe(false);
    expect(methods(waldur)).toEqual(['getOfferingPluginOptions', 'offeringUserAction']);
    expect(waldur.offeringUsers[0]).toMatchObject({ state: 'Creating', username: null });
  });

  it('waldur-username: Requested -> begin_creating -> PATCH a sanitised, unique name; OK users untouched', async () => {
    const { waldur, deps } = rig('waldur-username');
    const taken = makeOfferingUser('2'.repeat(32), 'jane_doe');
    const jane = makeOfferingUser('1'.repeat(32), null, { state: 'Requested', user_username: 'Jane.Doe' });
    const jane2 = makeOfferingUser('3'.repeat(32), null, { state: 'Requested', user_username: 'jane doe' });
    waldur.offeringUsers = [taken, jane, jane2];
    expect(await updateOfferingUsers(deps, waldur.offeringUsers)).toBe(true);
    expect(waldur.offeringUsers.map((u) => [u.username, u.state])).toEqual([
      ['jane_doe', 'OK'],
      ['jane_doe_01', 'OK'],
      ['jane_doe_02', 'OK'],
    ]);
    expect(waldur.callsOf('listOfferingUsernames')).toHaveLength(1);
    expect(waldur.callsOf('offeringUserAction').map((c) => c.args[1])).toEqual([
      'begin_creating',
      'begin_creating',
    ]);
  });

  it('retries stuck users: Error creating goes back to Creating, a pending one is released first', async () => {
    const { waldur, deps } = rig('waldur-username');
    const erred = makeOfferingUser('1'.repeat(32), null, { state: 'Error creating', user_username: 'ann' });
    const pending = makeOfferingUser('2'.repeat(32), null, {
      state: 'Pending additional validation',
      user_username: 'bob',
    });
    const creating = makeOfferingUser('3'.repeat(32), null, { state: 'Creating', user_username: 'cy' });
    waldur.offeringUsers = [erred, pending, creating];
    expect(await updateOfferingUsers(deps, waldur.offeringUsers)).toBe(true);
    expect(waldur.calls.filter((c) => c.method !== 'getOfferingPluginOptions').map((c) => c.args)).toEqual([
      [erred.uuid, 'begin_creating'],
      [waldur.offeringUsers[0]?.offering_uuid],
      [erred.uuid, 'ann'],
      [pending.uuid, 'set_validation_complete'],
      [pending.uuid, 'bob'],
      [creating.uuid, 'cy'],
    ]);
    expect(waldur.offeringUsers.every((u) => u.state === 'OK')).toBe(true);
  });

  it('waldur-anonymized: prefix + the next 5-digit number of the offering', async () => {
    const { waldur, deps } = rig('waldur-anonymized', { ...SP, username_anonymized_prefix: 'anon_' });
    const old = makeOfferingUser('2'.repeat(32), 'anon_00041');
    const a = makeOfferingUser('1'.repeat(32), null, { state: 'Requested' });
    const b = makeOfferingUser('3'.repeat(32), null, { state: 'Requested' });
    waldur.offeringUsers = [old, a, b];
    await updateOfferingUsers(deps, waldur.offeringUsers);
    expect(waldur.offeringUsers.map((u) => u.username)).toEqual(['anon_00041', 'anon_00042', 'anon_00043']);
  });

  it('a backend failure sets Error creating; a transient Waldur error is re-raised', async () => {
    const { waldur, deps } = rig('waldur-username');
    const ou = makeOfferingUser('1'.repeat(32), null, { state: 'Requested', user_username: 'dee' });
    waldur.offeringUsers = [ou];
    waldur.failOnce('listOfferingUsernames', new BackendError('identity provider down'));
    expect(await updateOfferingUsers(deps, waldur.offeringUsers)).toBe(false);
    expect(waldur.offeringUsers[0]?.state).toBe('Error creating');

    waldur.failOnce('setOfferingUserUsername', new WaldurApiError('PATCH', 'x', 503, 'busy'));
    await expect(updateOfferingUsers(deps, waldur.offeringUsers)).rejects.toThrow(WaldurApiError);
    await updateOfferingUsers(deps, waldur.offeringUsers);
    expect(waldur.offeringUsers[0]).toMatchObject({ username: 'dee', state: 'OK' });
  });
});
