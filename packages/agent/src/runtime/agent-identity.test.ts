import { describe, expect, it, vi } from 'vitest';
import type { OfferingConfig } from '../config/config-schema.js';
import { silentLog } from '../testing/test-context.js';
import type { WaldurApi } from '../waldur/waldur-api.js';
import { ServiceRegistry } from './agent-identity.js';

function setup() {
  const api = {
    listIdentities: vi.fn(() => Promise.resolve([{ uuid: 'i1', name: 'agent-o1' }])),
    registerService: vi.fn(() => Promise.resolve({ uuid: 's1' })),
    registerProcessor: vi.fn(() => Promise.resolve({})),
  };
  let now = 1_000;
  const registry = new ServiceRegistry(
    api as unknown as WaldurApi,
    { waldur_offering_uuid: 'o1' } as OfferingConfig,
    silentLog,
    60_000,
    () => now,
  );
  return { api, registry, advance: (ms: number) => (now += ms) };
}

describe('ServiceRegistry.touch', () => {
  it('renews once per throttle window and returns nothing (no promise) inside it', async () => {
    const { api, registry, advance } = setup();
    await registry.touch('event_process-order', 'event_process', 'P', null);
    expect(api.registerService).toHaveBeenCalledTimes(1);
    advance(59_999);
    expect(registry.touch('event_process-order', 'event_process', 'P', null)).toBeUndefined();
    advance(1);
    const renewal = registry.touch('event_process-order', 'event_process', 'P', null);
    expect(renewal).toBeInstanceOf(Promise);
    await renewal;
    expect(api.registerService).toHaveBeenCalledTimes(2);
  });

  it('retries on the next call after a failed renewal, and the renewal never rejects', async () => {
    const { api, registry } = setup();
    api.registerService.mockImplementationOnce(() => Promise.reject(new Error('503')));
    await expect(registry.touch('svc', 'event_process', 'P', null)).resolves.toBeUndefined();
    await registry.touch('svc', 'event_process', 'P', null);
    expect(api.registerService).toHaveBeenCalledTimes(2);
  });
});
